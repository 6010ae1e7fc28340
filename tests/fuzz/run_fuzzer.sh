#!/usr/bin/env bash
# Runs one fuzz target for a bounded time (NETCAP_FUZZ_SECONDS, default 60)
# from a seed corpus made here: packets of every capture in shared/pcaps for
# the packet fuzzer; record files that netcap writes from the sample and a
# few shared captures for the record reader fuzzer. First it runs the
# target on each input in regressions/. A crash, a sanitizer report, a
# timeout or a memory blow-up fails the test; libFuzzer then leaves the
# input in the test's undeclared outputs (bazel-testlogs/.../outputs.zip).
#
#   run_fuzzer.sh FUZZER KIND NETCAP MAKE_CORPUS SAMPLE_PCAP [REGRESSION...]
set -euo pipefail
fuzzer=$1 kind=$2 netcap=$3 make_corpus=$4 sample=$5
shift 5
seconds=${NETCAP_FUZZ_SECONDS:-60}

# shared/ lies beside the checkout; this script's runfile is a symlink into
# the checkout, which leads there (as tests/shared_pcaps.hpp explains).
script=$(readlink -f "${TEST_SRCDIR}/${TEST_WORKSPACE}/tests/fuzz/run_fuzzer.sh")
pcaps=$(dirname "$(dirname "$(dirname "$(dirname "$script")")")")/shared/pcaps
if [[ ! -d $pcaps ]]; then
  echo "missing $pcaps: the fuzz corpus comes from the shared/ folder beside the checkout" >&2
  exit 1
fi

tmp=${TEST_TMPDIR:-$(mktemp -d)}
seeds=$tmp/seeds
work=$tmp/work
mkdir -p "$seeds" "$work"
case $kind in
  packet)
    "$make_corpus" "$pcaps" "$seeds" 8 2048
    ;;
  record_reader)
    # Record files as netcap writes them, small blocks so that files hold
    # several gzip members, compressed and not. Mode byte 0 feeds a file as
    # it is; mode 1 gzips an uncompressed one (record_reader_fuzzer.cc).
    n=0
    for capture in "$sample" "$pcaps"/chrissanders-packets_dns.pcap \
        "$pcaps"/chrissanders-packets_ipv6_fragments.pcapng "$pcaps"/tcpdump-tests_dns-zlip-1.pcap; do
      [[ -f $capture ]] || continue
      for comp in true false; do
        out=$tmp/records_$n
        n=$((n + 1))
        "$netcap" -r "$capture" -out "$out" -block-size 512 -comp="$comp" -payload > /dev/null
        for file in "$out"/*.ncap*; do
          [[ $(stat -c %s "$file") -le 65536 ]] || continue
          base=$seeds/$(basename "$out")_$(basename "$file")
          { printf '\000'; cat "$file"; } > "$base.0"
          if [[ $comp == false ]]; then
            { printf '\001'; cat "$file"; } > "$base.1"
            { printf '\002\200'; cat "$file"; } > "$base.2"
          fi
        done
      done
    done
    echo "record corpus: $(ls "$seeds" | wc -l) files"
    ;;
  *)
    echo "unknown fuzz target kind $kind" >&2
    exit 1
    ;;
esac

if (($# > 0)); then
  echo "regressions: $# inputs"
  "$fuzzer" "$@"
fi

artifacts=${TEST_UNDECLARED_OUTPUTS_DIR:-$tmp}/
log=$tmp/fuzz.log
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=4096 \
  -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "$seeds" > "$log" 2>&1 || status=$?
# libFuzzer's progress lines, without one line per new input found.
grep -vE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" || true
runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
echo "$kind fuzzer: $runs executions in $seconds s, exit status $status"
exit "$status"
