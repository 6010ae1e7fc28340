"""Connection records' Community IDs, checked two independent ways.

On real captures from shared/pcaps, every Connection record's community_id
must equal what this file computes from the record's own addresses, protocol
and ports with Python's hashlib and base64 (an implementation of the public
v1 spec written apart from netcap's C++), and the set of IDs netcap writes
must equal the set tshark's Community ID post-dissector gives the same
packets. ICMP error messages are left out of the comparison with tshark
(not out of the first check): tshark 4.0 hashes some of them (a time
exceeded with an RFC 4884 extension) with the type of the ICMP message they
quote instead of their own, which the spec does not do.
"""

import base64
import hashlib
import importlib
import ipaddress
import os
import struct
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.getcwd())  # the runfiles root, holding proto/*_pb2.py
# tests/pylib, found from this file's place in a checkout and in runfiles.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import record_files  # noqa: E402

NETCAP = os.path.join(os.getcwd(), "tools", "netcap")

# TCP, UDP, ICMP and ICMPv6 over IPv4 and IPv6, with VLAN tags, a Linux
# cooked capture and a larger application mix; none holds IP fragments,
# which tshark reassembles and netcap does not.
CAPTURES = [
    "chrissanders-packets_http_google.pcapng",
    "chrissanders-packets_http_ip4and6.pcapng",
    "chrissanders-packets_icmp_echo.pcapng",
    "chrissanders-packets_icmp_traceroute.pcapng",
    "chrissanders-packets_icmpv6_neighbor_solicitation.pcapng",
    "chrissanders-packets_dns_tcp.pcapng",
    "suricata-verify_eve-flow-vlan-02_input.pcap",
    "ndpi-tests_1kxun.pcap",
]

# RFC 792 and RFC 4443 error messages: unreachable, source quench, redirect,
# time exceeded, parameter problem; packet too big.
ICMP4_ERRORS = {3, 4, 5, 11, 12}
ICMP6_ERRORS = {1, 2, 3, 4}
NOT_ICMP_ERROR = "!(%s)" % " || ".join(
    ["icmp.type == %d" % t for t in sorted(ICMP4_ERRORS)] +
    ["icmpv6.type == %d" % t for t in sorted(ICMP6_ERRORS)])

PROTOCOLS = {"TCP": 6, "UDP": 17, "SCTP": 132, "ICMPv4": 1, "ICMPv6": 58}

# The spec's ICMP type pairs (RFC 792, RFC 4443).
ICMP4_PAIRS = {8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17}
ICMP6_PAIRS = {128: 129, 129: 128, 130: 131, 131: 130, 133: 134, 134: 133,
               135: 136, 136: 135, 139: 140, 140: 139, 144: 145, 145: 144}


def community_id(src, dst, proto, sport, dport, seed=0):
    """Community ID v1 of a flow seen from its originator."""
    one_way = False
    if proto in (1, 58):
        pairs = ICMP4_PAIRS if proto == 1 else ICMP6_PAIRS
        if sport in pairs:
            dport = pairs[sport]
        else:
            one_way = True
    if not (one_way or src < dst or (src == dst and sport < dport)):
        src, dst, sport, dport = dst, src, dport, sport
    data = struct.pack("!H", seed) + src + dst + struct.pack("!BB", proto, 0)
    if proto in (1, 6, 17, 58, 132):
        data += struct.pack("!HH", sport, dport)
    return "1:" + base64.b64encode(hashlib.sha1(data).digest()).decode()


def connections(path):
    connection_pb2 = importlib.import_module("proto.connection_pb2")
    return record_files.read_messages(path, connection_pb2.Connection)


def shared_pcaps():
    script = os.path.realpath(os.path.join(os.getcwd(), "tests", "python", "community_id_test.py"))
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(script)))
    return os.path.join(os.path.dirname(checkout), "shared", "pcaps")


class CommunityIdTest(unittest.TestCase):

    def test_published_vectors(self):
        # The spec's own examples, as Elasticsearch's ingest tests use them:
        # they check this file's implementation before it checks netcap's.
        ip = lambda a: ipaddress.ip_address(a).packed
        self.assertEqual(community_id(ip("128.232.110.120"), ip("66.35.250.204"), 6, 34855, 80),
                         "1:LQU9qZlK+B5F3KDmev6m5PMibrg=")
        self.assertEqual(community_id(ip("8.8.8.8"), ip("192.168.1.52"), 17, 53, 54585),
                         "1:d/FP5EW3wiY1vCndhwleRRKHowQ=")
        self.assertEqual(community_id(ip("192.168.0.89"), ip("192.168.0.1"), 1, 8, 0),
                         "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=")
        self.assertEqual(community_id(ip("fe80::260:97ff:fe07:69ea"), ip("ff02::1"), 58, 134, 0),
                         "1:pkvHqCL88/tg1k4cPigmZXUtL00=")

    def test_connections_of_real_captures(self):
        pcaps = shared_pcaps()
        total = 0
        with tempfile.TemporaryDirectory() as tmp:
            for capture in CAPTURES:
                with self.subTest(capture=capture):
                    path = os.path.join(pcaps, capture)
                    out = os.path.join(tmp, capture)
                    subprocess.run([NETCAP, "-r", path, "-out", out, "-include", "Connection",
                                    "-workers", "2"], check=True, capture_output=True)
                    records = connections(os.path.join(out, "Connection.ncap.gz"))
                    self.assertTrue(records, capture)
                    mine = set()
                    for c in records:
                        proto = PROTOCOLS.get(c.transport_proto) or int(c.transport_proto)
                        want = community_id(c.src_ip, c.dst_ip, proto, c.src_port, c.dst_port)
                        self.assertEqual(c.community_id, want, str(c))
                        error = ((proto == 1 and c.src_port in ICMP4_ERRORS) or
                                 (proto == 58 and c.src_port in ICMP6_ERRORS))
                        if not error:
                            mine.add(c.community_id)
                    tshark = subprocess.run(
                        ["tshark", "-n", "-r", path, "--enable-protocol", "communityid",
                         "-Y", NOT_ICMP_ERROR, "-T", "fields", "-e", "communityid"],
                        check=True, capture_output=True, text=True).stdout.split()
                    self.assertEqual(mine, set(tshark), capture)
                    total += len(records)
        print("%d connections in %d captures agree" % (total, len(CAPTURES)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
