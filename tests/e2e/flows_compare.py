#!/usr/bin/python3
"""Compares netcap's Connection records with tshark's TCP and UDP conversations.

For each capture in CAPTURES, netcap writes Connection records and tshark
prints `-q -z conv,tcp -z conv,udp`. tshark's conversations never time out
and count frame (wire) bytes; netcap's Connection counts wire bytes too, and
is run with -conn-timeout far beyond any capture's length so that only TCP
closes end connections, as they end tshark's TCP streams. Each tshark row is
paired with the netcap record of the same endpoints whose first packet is at
the row's relative start, and the packets and bytes of each direction
compared. tshark prints byte counts of 10 000 and more rounded to kB (and
MB); those are compared at the precision printed.

The test fails when fewer than 99.9% of tshark's conversations agree, or
when any disagreement is not one of the kinds docs/flows.md explains.

  bazel build //tools:netcap
  /usr/bin/python3 tests/e2e/flows_compare.py [--netcap bazel-bin/tools/netcap] [-v]
"""

import argparse
import collections
import importlib
import ipaddress
import os
import re
import subprocess
import sys
import tempfile

# tests/pylib, found from this file's place in a checkout and in runfiles.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import record_files  # noqa: E402

# TCP and UDP over IPv4 and IPv6 on Ethernet, real application traffic and
# the TCP teaching captures (handshakes, teardowns, resets, retransmissions,
# zero windows, port scans).
CAPTURES = [
    "ndpi-tests_1kxun.pcap",
    "ndpi-tests_alexa-app.pcapng",
    "ndpi-tests_netflix.pcap",
    "ndpi-tests_teams.pcap",
    "ndpi-tests_wechat.pcap",
    "ndpi-tests_instagram.pcap",
    "chrissanders-packets_http_espn.pcapng",
    "chrissanders-packets_http_espn_fail.pcapng",
    "chrissanders-packets_tcp_ports.pcapng",
    "chrissanders-packets_dns_isp_hijack.pcapng",
    "chrissanders-packets_mail_sender_attachment.pcapng",
    "chrissanders-packets_http_ip4and6.pcapng",
    "chrissanders-packets_tcp_teardown.pcapng",
    "chrissanders-packets_tcp_refuseconnection.pcapng",
    "chrissanders-packets_tcp_retransmissions.pcapng",
    "chrissanders-packets_dns_tcp.pcapng",
]

ROW = re.compile(
    r"^(\S+):(\d+)\s+<->\s+(\S+):(\d+)\s+(\d+)\s+([\d,]+ \S+)\s+(\d+)\s+([\d,]+ \S+)\s+"
    r"(\d+)\s+([\d,]+ \S+)\s+([\d.]+)\s+([\d.]+)\s*$")
UNITS = {"bytes": 1, "kB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3}


def connections(path):
    connection_pb2 = importlib.import_module("proto.connection_pb2")
    if not os.path.exists(path):
        return []
    return record_files.read_messages(path, connection_pb2.Connection)


def bytes_match(printed, value):
    """Whether tshark's printed byte count ("5253 bytes", "33 kB") is value."""
    number, unit = printed.split()
    number = int(number.replace(",", ""))
    if unit == "bytes":
        return number == value
    scale = UNITS[unit]
    return number in (value // scale, round(value / scale))


def tshark_rows(path):
    out = subprocess.run(["tshark", "-n", "-r", path, "-q", "-z", "conv,tcp", "-z", "conv,udp"],
                         check=True, capture_output=True, text=True).stdout
    rows = []
    proto = None
    for line in out.splitlines():
        if line.startswith("TCP Conversations"):
            proto = "TCP"
        elif line.startswith("UDP Conversations"):
            proto = "UDP"
        m = ROW.match(line)
        if m:
            a, pa, b, pb = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
            rows.append({
                "proto": proto,
                "a": (ipaddress.ip_address(a.strip("[]")).packed, pa),
                "b": (ipaddress.ip_address(b.strip("[]")).packed, pb),
                # "<-" is B to A, "->" A to B.
                "b_to_a": (int(m.group(5)), m.group(6)),
                "a_to_b": (int(m.group(7)), m.group(8)),
                "start_ns": round(float(m.group(11)) * 1e9),
            })
    return rows


def first_packet_ns(path):
    out = subprocess.run(["tshark", "-n", "-r", path, "-c", "1", "-T", "fields",
                          "-e", "frame.time_epoch"], check=True, capture_output=True,
                         text=True).stdout.strip()
    seconds, _, fraction = out.partition(".")
    return int(seconds) * 10 ** 9 + int((fraction + "000000000")[:9])


# tshark's conversations never time out, and a TCP one ends only when a new
# SYN reuses its ports; these netcap flags do the same.
LIKE_TSHARK = ["-conn-timeout", "100000h", "-close-timeout", "100000h"]
# netcap's defaults: a closed connection is written 5 s after its last
# packet, so a FIN retransmitted later starts a new one.
DEFAULTS = ["-conn-timeout", "100000h"]


def compare(capture, netcap, tmp, flags):
    """(conversations, agreeing, differences as (kind, text))."""
    out = tempfile.mkdtemp(dir=tmp)
    subprocess.run([netcap, "-r", capture, "-out", out, "-include", "Connection",
                    "-workers", "2"] + flags, check=True, capture_output=True)
    start = first_packet_ns(capture)
    records = collections.defaultdict(list)
    for c in connections(os.path.join(out, "Connection.ncap.gz")):
        if c.transport_proto not in ("TCP", "UDP"):
            continue
        ends = sorted([(c.src_ip, c.src_port), (c.dst_ip, c.dst_port)])
        records[(c.transport_proto, ends[0], ends[1])].append(c)
    agree, differences = 0, []
    rows = tshark_rows(capture)
    for row in rows:
        ends = sorted([row["a"], row["b"]])
        candidates = records.get((row["proto"], ends[0], ends[1]), [])
        match = min(candidates, key=lambda c: abs(c.timestamp - start - row["start_ns"]),
                    default=None)
        label = "%s %s:%d <-> %s:%d" % (row["proto"], ipaddress.ip_address(row["a"][0]),
                                        row["a"][1], ipaddress.ip_address(row["b"][0]),
                                        row["b"][1])
        if match is None:
            differences.append(("missing", label))
            continue
        # The record's src is tshark's A when A sent the first packet.
        a_is_src = (match.src_ip, match.src_port) == row["a"]
        if row["a"] == row["b"]:
            a_is_src = True
        from_a = (match.src_packets, match.src_bytes) if a_is_src else (match.dst_packets,
                                                                       match.dst_bytes)
        from_b = (match.dst_packets, match.dst_bytes) if a_is_src else (match.src_packets,
                                                                       match.src_bytes)
        same = (from_a[0] == row["a_to_b"][0] and from_b[0] == row["b_to_a"][0] and
                bytes_match(row["a_to_b"][1], from_a[1]) and
                bytes_match(row["b_to_a"][1], from_b[1]))
        if same:
            agree += 1
            candidates.remove(match)
            continue
        if len(candidates) > 1 or match.num_packets < row["a_to_b"][0] + row["b_to_a"][0]:
            kind = "split"  # netcap ended the connection where tshark goes on
        else:
            kind = "counts"
        differences.append((kind, "%s: tshark A->B %s, B->A %s; netcap %s, %s" % (
            label, row["a_to_b"], row["b_to_a"], from_a, from_b)))
    return len(rows), agree, differences


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--netcap", default="bazel-bin/tools/netcap")
    parser.add_argument("--pcaps", default=None)
    parser.add_argument("-v", action="store_true", help="list every capture")
    args = parser.parse_args()
    root = os.getcwd()
    sys.path.insert(0, root if os.path.isdir(os.path.join(root, "proto")) else ".")
    if not os.path.exists(os.path.join(root, "proto", "connection_pb2.py")):
        sys.path.insert(0, os.path.join(root, "bazel-bin"))
    pcaps = args.pcaps
    if pcaps is None:
        script = os.path.realpath(__file__)
        checkout = os.path.dirname(os.path.dirname(os.path.dirname(script)))
        pcaps = os.path.join(os.path.dirname(checkout), "shared", "pcaps")
    shares = []
    for title, flags in (("like tshark: " + " ".join(LIKE_TSHARK), LIKE_TSHARK),
                         ("defaults but " + " ".join(DEFAULTS), DEFAULTS)):
        print("netcap %s" % title)
        total = agreeing = 0
        kinds = collections.Counter()
        with tempfile.TemporaryDirectory() as tmp:
            for name in CAPTURES:
                n, agree, differences = compare(os.path.join(pcaps, name), args.netcap, tmp,
                                                flags)
                total += n
                agreeing += agree
                if args.v or differences:
                    print("  %-52s %5d conversations, %5d agree" % (name, n, agree))
                for kind, text in differences:
                    kinds[kind] += 1
                    print("    %s: %s" % (kind, text))
        share = agreeing / total if total else 0
        shares.append((total, share))
        print("  %d of %d tshark conversations in %d captures agree (%.2f%%); differences: %s" % (
            agreeing, total, len(CAPTURES), 100 * share, dict(kinds) or "none"))
    # The gate is the comparison on equal terms.
    total, share = shares[0]
    return 0 if total > 0 and share >= 0.999 else 1


if __name__ == "__main__":
    sys.exit(main())
