#!/usr/bin/env bash
# Runs syn_sensor on netcap's sample capture, as a user would, and reads its
# SYNPorts records back with the same binary: the sample holds one connection
# attempt to port 80 and three to port 443.
set -euo pipefail
sensor=$1
capture=$2
out="${TEST_TMPDIR}/out"
"$sensor" -r "$capture" -out "$out"
"$sensor" -r "$out/SYNPorts.ncap.gz" -select dst_port,syns | tee "$out/ports.csv"
expected=$'dst_port,syns\n80,1\n443,3'
if [[ "$(cat "$out/ports.csv")" != "$expected" ]]; then
  echo "FAIL: expected"
  echo "$expected"
  exit 1
fi
test -s "$out/TCP.ncap.gz" || { echo "FAIL: no TCP records"; exit 1; }
echo PASS
