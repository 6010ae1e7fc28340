#!/usr/bin/env bash
# Builds and tests examples/embedding, a workspace that uses netcap as an
# external repository and adds an encoder of its own (SYNPorts), then runs
# its syn_sensor on real captures from shared/pcaps and checks the SYN count
# of each destination port against tshark's.
#
# The nested Bazel keeps its output under the outer Bazel's output base, so
# a second run only re-analyses; it runs in batch mode, so no server is left
# behind.
set -euo pipefail

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# This script's runfile is a symlink into the checkout.
script=$(readlink -f "$0")
checkout=$(cd "$(dirname "$script")/../.." && pwd)
example="$checkout/examples/embedding"
pcaps="$checkout/../shared/pcaps"
[[ -f "$example/WORKSPACE" ]] || fail "no example workspace at $example"
[[ -d "$pcaps" ]] || fail "missing $pcaps: the tests need shared/ beside the checkout $checkout"
command -v bazel >/dev/null || fail "bazel is not on PATH"
command -v tshark >/dev/null || fail "tshark is not on PATH (third_party/debian-packages.txt)"

runfiles=$(readlink -f "${TEST_SRCDIR:-.}")
if [[ "$runfiles" == */execroot/* ]]; then
  root="${runfiles%%/execroot/*}/embedding_test"
else
  root="$TEST_TMPDIR/bazel"
fi
mkdir -p "$root"

start=$SECONDS
# The nested output is indented, so that its "//:target PASSED" lines are not
# taken for this workspace's own by .ci/run's count.
status=0
(
  cd "$example"
  bazel --batch --output_user_root="$root" --output_base="$root/base" \
    test //... --symlink_prefix=/ --color=no --curses=no 2>&1
) | sed 's/^/  | /' || status=$?
[[ $status -eq 0 ]] || fail "bazel test //... in examples/embedding failed"
echo "examples/embedding: built and tested in $((SECONDS - start)) s"

sensor="$root/base/execroot/netcap_embedding_example/bazel-out/k8-opt/bin/syn_sensor"
[[ -x "$sensor" ]] || fail "no syn_sensor at $sensor"

for name in chrissanders-packets_http_espn.pcapng \
            chrissanders-packets_http_ip4and6.pcapng \
            chrissanders-packets_activeosfingerprinting.pcapng; do
  capture="$pcaps/$name"
  [[ -f "$capture" ]] || fail "missing capture $capture"
  out="$TEST_TMPDIR/$name"
  "$sensor" -r "$capture" -out "$out" >/dev/null
  got=$("$sensor" -r "$out/SYNPorts.ncap.gz" -select dst_port,syns -tsv 2>/dev/null |
        tail -n +2 | awk -F'\t' '{print $1, $2}')
  want=$(tshark -n -r "$capture" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' \
           -T fields -e tcp.dstport 2>/dev/null | sort -n | uniq -c | awk '{print $2, $1}')
  if [[ "$got" != "$want" ]]; then
    fail "$name: syn_sensor counted (port syns)"$'\n'"$got"$'\n'"tshark counted"$'\n'"$want"
  fi
  echo "$name: $(echo "$got" | wc -l) ports, as tshark counts them"
done
echo PASS
