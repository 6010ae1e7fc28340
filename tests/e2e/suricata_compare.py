#!/usr/bin/python3
"""Cross-checks netcap's JA3, JA3S and Community ID against Suricata 7.

For each capture of streams_compare.CAPTURES, Suricata writes eve.json with
`ja3-fingerprints: yes` and `community-id: true` (the configuration is
written below), and netcap writes its TLSClientHello and TLSServerHello
records (and Connection records, where netcap has that encoder). Both sides
become multisets: JA3 hashes of client hellos, JA3S hashes of server
hellos, and the Community IDs of connections; a value agrees when the other
side has it too. It exits non-zero when netcap fails or when a kind agrees
on fewer than THRESHOLD of the values either side found.

Suricata is not a Debian bookworm package; bookworm-backports has 7.0
(docs/streams.md says how to install it). Without `suricata` on the PATH
the script says so and exits 0 when --skip-missing is given.

  bazel build //tools:netcap //proto:records_py
  /usr/bin/python3 tests/e2e/suricata_compare.py [--files a.pcap,b.pcap] [-v]
"""

import argparse
import collections
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import streams_compare  # noqa: E402
import tshark_compare  # noqa: E402

THRESHOLD = 0.999
KINDS = ["JA3", "JA3S", "Community ID"]

SURICATA_YAML = """%YAML 1.1
---
outputs:
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve.json
      community-id: true
      types:
        - tls:
            extended: yes
            custom: [ja3, ja3s]
        - flow
app-layer:
  protocols:
    tls:
      enabled: yes
      detection-ports:
        dp: 443
      ja3-fingerprints: yes
    http:
      enabled: yes
stream:
  # Connections whose handshake the capture missed are reassembled too, as
  # netcap does.
  midstream: true
  memcap: 256mb
  reassembly:
    memcap: 512mb
    depth: 1mb
"""


def suricata_values(path, work_dir):
    config = os.path.join(work_dir, "suricata.yaml")
    with open(config, "w") as f:
        f.write(SURICATA_YAML)
    log_dir = os.path.join(work_dir, "suricata")
    os.mkdir(log_dir)
    proc = subprocess.run(
        ["suricata", "-c", config, "-r", path, "-l", log_dir, "-k", "none",
         "--runmode", "single"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if proc.returncode != 0:
        # Suricata 7 reads fewer link types than netcap (SLL2, 276); such a
        # capture is left out and said so.
        return None
    out = {kind: collections.Counter() for kind in KINDS}
    eve = os.path.join(log_dir, "eve.json")
    if not os.path.exists(eve):
        return out
    with open(eve) as f:
        for line in f:
            event = json.loads(line)
            if event.get("event_type") == "tls":
                tls = event.get("tls", {})
                if "ja3" in tls and tls["ja3"].get("hash"):
                    out["JA3"][tls["ja3"]["hash"]] += 1
                if "ja3s" in tls and tls["ja3s"].get("hash"):
                    out["JA3S"][tls["ja3s"]["hash"]] += 1
            elif event.get("event_type") == "flow" and event.get("proto") in ("TCP", "UDP"):
                if "community_id" in event:
                    out["Community ID"][event["community_id"]] += 1
    return out


def netcap_values(netcap, path, messages, work_dir, with_connections):
    out_dir = os.path.join(work_dir, "netcap")
    os.mkdir(out_dir)
    include = "TLSClientHello,TLSServerHello" + (",Connection" if with_connections else "")
    proc = subprocess.run([netcap, "-r", path, "-out", out_dir, "-workers", "1",
                           "-include", include],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError("netcap failed on %s: %s" % (
            path, proc.stderr.decode(errors="replace")[-500:]))
    out = {kind: collections.Counter() for kind in KINDS}

    def records(name):
        p = os.path.join(out_dir, name + ".ncap.gz")
        return tshark_compare.read_records(p, messages)[1] if os.path.exists(p) else []

    for r in records("TLSClientHello"):
        out["JA3"][r.ja3] += 1
    for r in records("TLSServerHello"):
        out["JA3S"][r.ja3s] += 1
    for r in records("Connection"):
        # Suricata gives Community IDs of TCP and UDP flows only.
        if getattr(r, "community_id", "") and str(getattr(r, "transport_proto", "TCP")) in (
                "TCP", "UDP", "6", "17"):
            out["Community ID"][r.community_id] += 1
    return out


def compare_capture(name, path, netcap, messages, with_connections):
    with tempfile.TemporaryDirectory() as work_dir:
        theirs = suricata_values(path, work_dir)
        if theirs is None:
            return name, None
        ours = netcap_values(netcap, path, messages, work_dir, with_connections)
    # A Community ID names a connection's endpoints, and either tool may
    # split one connection into several flows (timeouts differ): IDs are
    # compared as sets.
    for side in (ours, theirs):
        side["Community ID"] = collections.Counter(set(side["Community ID"]))
    result = {}
    for kind in KINDS:
        both = ours[kind] & theirs[kind]
        result[kind] = (sum(both.values()), ours[kind] - both, theirs[kind] - both)
    return name, result


def main():
    pcaps, netcap, proto_py = tshark_compare.default_paths()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pcaps", default=pcaps)
    parser.add_argument("--netcap", default=netcap)
    parser.add_argument("--proto-py", default=proto_py)
    parser.add_argument("--files", default="")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-missing", action="store_true",
                        help="exit 0 when suricata is not installed")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if shutil.which("suricata") is None:
        print("suricata is not installed (see docs/streams.md)")
        return 0 if args.skip_missing else 1
    messages = tshark_compare.load_messages(args.proto_py)
    encoders = subprocess.run([args.netcap, "-encoders"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE).stdout.decode()
    with_connections = "Connection" in encoders.split()
    kinds = KINDS if with_connections else KINDS[:2]
    if not with_connections:
        print("netcap has no Connection encoder: Community IDs not compared")
    names = args.files.split(",") if args.files else streams_compare.CAPTURES
    totals = {kind: [0, 0, 0] for kind in kinds}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(compare_capture, n, os.path.join(args.pcaps, n), args.netcap,
                               messages, with_connections) for n in names]
        for future in futures:
            name, result = future.result()
            if result is None:
                print("%-60s skipped: suricata cannot read it" % name)
                continue
            parts = []
            for kind in kinds:
                agreed, ours, theirs = result[kind]
                totals[kind][0] += agreed
                totals[kind][1] += sum(ours.values())
                totals[kind][2] += sum(theirs.values())
                if agreed or ours or theirs:
                    parts.append("%s %d/%d/%d" % (kind, agreed, sum(ours.values()),
                                                  sum(theirs.values())))
            print("%-60s %s" % (name, ", ".join(parts) or "-"))
            if args.verbose:
                for kind in kinds:
                    for key, n in result[kind][1].items():
                        print("    netcap only %s x%d: %s" % (kind, n, key))
                    for key, n in result[kind][2].items():
                        print("    suricata only %s x%d: %s" % (kind, n, key))
    print()
    print("| value | agreed | netcap only | Suricata only | agreement |")
    print("|---|---|---|---|---|")
    failed = False
    for kind in kinds:
        agreed, ours, theirs = totals[kind]
        total = agreed + ours + theirs
        share = agreed / total if total else 1.0
        print("| %s | %d | %d | %d | %.2f%% |" % (kind, agreed, ours, theirs, 100 * share))
        failed = failed or share < THRESHOLD
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
