"""The trimmed sensors (//tools:netcap_<set>, built by tools/sensor.bzl).

A sensor must write, record for record, what the full netcap writes with
-include of the same encoders, on real captures from shared/pcaps; and it
must refuse, listing what it has, any encoder it was not built with.
"""

import collections
import gzip
import os
import struct
import subprocess
import tempfile
import unittest

RUNFILES = os.getcwd()
NETCAP = os.path.join(RUNFILES, "tools", "netcap")
SENSORS = ["netcap_dns", "netcap_l3", "netcap_flow"]

# Captures chosen for what they hold: DNS over UDP and over TCP, IPv4 and
# IPv6, a VLAN tag, a raw-IP link type, fragments, malformed DNS and a
# larger mix of application traffic; TCP teardowns and ICMP for the flows.
CAPTURES = [
    "chrissanders-packets_dns.pcap",
    "chrissanders-packets_dns_tcp.pcapng",
    "chrissanders-packets_http_ip4and6.pcapng",
    "suricata-verify_eve-flow-vlan-02_input.pcap",
    "tcpdump-tests_LINKTYPE_RAW_ipv6.pcap",
    "ndpi-tests_dns_fragmented.pcap",
    "ndpi-tests_malformed_dns.pcap",
    "tcpdump-tests_dns-badlabel.pcap",
    "ndpi-tests_1kxun.pcap",
    "chrissanders-packets_tcp_teardown.pcapng",
    "chrissanders-packets_icmp_traceroute.pcapng",
]


def shared_pcaps():
    # The runfiles are symlinks into the checkout, and CI and every
    # developer machine have shared/ beside the checkout.
    script = os.path.realpath(os.path.join(RUNFILES, "tests", "python", "sensor_test.py"))
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(script)))
    return os.path.join(os.path.dirname(checkout), "shared", "pcaps")


def run(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True)


def encoders_of(binary):
    result = run(binary, "-encoders")
    assert result.returncode == 0, result.stderr
    return [line[2:] for line in result.stdout.splitlines()]


def read_varint(data, offset):
    value = shift = 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, offset


def records(path):
    """The serialised records of a record file, sorted, without its header."""
    with gzip.open(path) as f:
        data = f.read()
    messages = []
    offset = 0
    while offset < len(data):
        size, offset = read_varint(data, offset)
        messages.append(data[offset:offset + size])
        offset += size
    return sorted(messages[1:])


def pcap_packets(path):
    """The packet records (header and bytes) of a pcap file, sorted."""
    with open(path, "rb") as f:
        data = f.read()
    packets = []
    offset = 24
    while offset < len(data):
        captured = struct.unpack_from("<I", data, offset + 8)[0]
        packets.append(data[offset:offset + 16 + captured])
        offset += 16 + captured
    return sorted(packets)


def outputs(folder):
    """Everything a run wrote that does not depend on the order of workers."""
    result = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".ncap.gz"):
            result[name] = records(path)
        elif name.endswith(".pcap"):
            result[name] = pcap_packets(path)
        else:
            with open(path) as f:
                result[name] = sorted(f.read().splitlines())
    return result


def counts(summary):
    """The summary's lines about packets and errors, without times and paths."""
    lines = []
    for line in summary.splitlines():
        if line.startswith("read "):
            lines.append(line.split(" from ")[0])
        elif "packets with" in line:
            lines.append(line)
    return lines


class SensorTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_records_equal_those_of_netcap_include(self):
        pcaps = shared_pcaps()
        self.assertTrue(os.path.isdir(pcaps),
                        "missing %s: the tests need shared/ beside the checkout" % pcaps)
        for sensor in SENSORS:
            binary = os.path.join(RUNFILES, "tools", sensor)
            include = ",".join(encoders_of(binary))
            for capture in CAPTURES:
                with self.subTest(sensor=sensor, capture=capture):
                    path = os.path.join(pcaps, capture)
                    self.assertTrue(os.path.isfile(path), "missing capture " + path)
                    mine = os.path.join(self.tmp.name, sensor, capture, "sensor")
                    full = os.path.join(self.tmp.name, sensor, capture, "netcap")
                    os.makedirs(os.path.dirname(mine))
                    a = run(binary, "-r", path, "-out", mine, "-workers", "2")
                    b = run(NETCAP, "-r", path, "-out", full, "-workers", "2",
                            "-include", include)
                    self.assertEqual(a.returncode, 0, a.stderr)
                    self.assertEqual(b.returncode, 0, b.stderr)
                    self.assertEqual(counts(a.stdout), counts(b.stdout))
                    got, want = outputs(mine), outputs(full)
                    self.assertEqual(sorted(got), sorted(want))
                    for name in want:
                        self.assertEqual(len(got[name]), len(want[name]), name)
                        self.assertEqual(got[name], want[name], name)
                    print("%s %s: %s" % (sensor, capture, ", ".join(
                        "%s %d" % (n, len(r)) for n, r in want.items()
                        if n.endswith(".ncap.gz")) or "no records"))

    def test_has_the_command_line_of_netcap(self):
        # Every flag, with its help and default, live capture's included;
        # only the program's name in the first line differs.
        full = run(NETCAP, "--helpfull").stdout.split(":", 1)[1]
        for sensor in SENSORS:
            mine = run(os.path.join(RUNFILES, "tools", sensor), "--helpfull").stdout
            self.assertTrue(mine.startswith(sensor + ":"), mine[:80])
            self.assertIn("--iface", mine)
            self.assertEqual(mine.split(":", 1)[1], full, sensor)

    def test_lists_only_its_own_encoders(self):
        everything = encoders_of(NETCAP)
        for sensor in SENSORS:
            mine = encoders_of(os.path.join(RUNFILES, "tools", sensor))
            self.assertLess(set(mine), set(everything), sensor)

    def test_refuses_encoders_it_was_not_built_with(self):
        everything = encoders_of(NETCAP)
        for sensor in SENSORS:
            binary = os.path.join(RUNFILES, "tools", sensor)
            mine = encoders_of(binary)
            valid = ", ".join(sorted(mine, key=str.lower))
            missing = [e for e in everything if e not in mine][0]
            for flag in ("-include", "-exclude"):
                with self.subTest(sensor=sensor, flag=flag):
                    result = run(binary, "-r", os.path.join(RUNFILES, "tests", "data", "sample.pcap"),
                                 "-out", self.tmp.name, flag, missing)
                    self.assertEqual(result.returncode, 1)
                    self.assertEqual(result.stderr,
                                     'netcap: unknown encoder "%s"; valid encoders are: %s\n'
                                     % (missing, valid))
            result = run(binary, "-r", os.path.join(RUNFILES, "tests", "data", "sample.pcap"),
                         "-out", self.tmp.name, "-include", mine[-1].lower())
            self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
