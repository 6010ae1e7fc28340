"""The netcap command line: flags, errors and the summary, run as a user would.

Every bad input must give a one-line error naming the problem and a
non-zero exit, never a crash; good input a summary and records.
"""

import gzip
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import unittest

# tests/pylib, found from this file's place in a checkout and in runfiles.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from inet_checksum import checksum  # noqa: E402

NETCAP = os.path.join(os.getcwd(), "tools", "netcap")
SAMPLE = os.path.join(os.getcwd(), "tests", "data", "sample.pcap")


def pcap_packets(path):
    """Counts the packets of a classic little-endian pcap file by walking its
    record headers (caplen is the third 32-bit field of each)."""
    with open(path, "rb") as f:
        data = f.read()
    count, pos = 0, 24
    while pos + 16 <= len(data):
        pos += 16 + int.from_bytes(data[pos + 8:pos + 12], "little")
        count += 1
    return count


SAMPLE_PACKETS = pcap_packets(SAMPLE)


def netcap(*args, cwd=None):
    return subprocess.run([NETCAP, *args], capture_output=True, text=True, cwd=cwd)


# Link types (LINKTYPE_* in pcap files, the same numbers as libpcap's DLT_*
# for these).
LINKTYPE_ETHERNET = 1
LINKTYPE_LINUX_SLL = 113
LINKTYPE_BLUETOOTH_HCI_H4 = 187


def write_pcap(path, link_type, packets):
    """Writes a nanosecond pcap; packets are (ns, bytes, original length)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b23c4d, 2, 4, 0, 0, 65535, link_type))
        for ns, data, length in packets:
            f.write(struct.pack("<IIII", ns // 10**9, ns % 10**9, len(data), length))
            f.write(data)


def pcapng_block(block_type, body):
    """One little-endian pcapng block, its body padded to 32 bits."""
    body += b"\0" * (-len(body) % 4)
    return struct.pack("<II", block_type, 12 + len(body)) + body + struct.pack("<I", 12 + len(body))


def write_pcapng(path, link_types, packets):
    """Writes a pcapng file with one interface per link type (microsecond
    timestamps); packets are (interface, ns, bytes)."""
    with open(path, "wb") as f:
        f.write(pcapng_block(0x0a0d0d0a, struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1)))
        for link_type in link_types:
            f.write(pcapng_block(1, struct.pack("<HHI", link_type, 0, 0)))
        for interface, ns, data in packets:
            us = ns // 1000
            f.write(pcapng_block(6, struct.pack("<IIIII", interface, us >> 32, us & 0xffffffff,
                                                len(data), len(data)) + data))


def read_pcap(path):
    """The link type and (ns, bytes, original length) packets of a nanosecond
    pcap as netcap writes them."""
    with open(path, "rb") as f:
        data = f.read()
    magic, _, _, _, _, _, link_type = struct.unpack("<IHHiIII", data[:24])
    assert magic == 0xa1b23c4d, hex(magic)
    packets, pos = [], 24
    while pos < len(data):
        sec, ns, caplen, length = struct.unpack("<IIII", data[pos:pos + 16])
        packets.append((sec * 10**9 + ns, data[pos + 16:pos + 16 + caplen], length))
        pos += 16 + caplen
    return link_type, packets


def ipv4(protocol, payload, fragment=0):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 7, fragment, 64,
                         protocol, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def udp(src, dst, payload):
    return struct.pack("!HHHH", src, dst, 8 + len(payload), 0) + payload


def ethernet(ether_type, payload):
    return bytes.fromhex("020000000002020000000001") + struct.pack("!H", ether_type) + payload


def sll(protocol, payload):
    # Linux cooked header: packet type, ARPHRD_ETHER, address length,
    # address (8 bytes), protocol.
    return struct.pack("!HHH8sH", 0, 1, 6, bytes.fromhex("020000000001"), protocol) + payload


def hex_dump_bytes(lines):
    """The bytes of errors.log's hex dump lines ("00000000  02 00 ...  |..|")."""
    data = b""
    for line in lines:
        hex_part = line[10:line.index("  |")]
        data += bytes.fromhex(hex_part.replace(" ", ""))
    return data


class CliTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "out")

    def tearDown(self):
        self.tmp.cleanup()

    def assert_fails(self, result, *words):
        self.assertNotEqual(result.returncode, 0, result)
        self.assertLess(result.returncode, 128, "killed by a signal: " + result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("netcap: "), lines[0])
        for word in words:
            self.assertIn(word, lines[0])

    def test_lists_encoders_as_the_seed_does(self):
        result = netcap("-encoders")
        self.assertEqual(result.returncode, 0)
        lines = result.stdout.splitlines()
        self.assertIn("+ UDP", lines)
        self.assertTrue(all(line.startswith("+ ") for line in lines), lines)

    def test_version(self):
        result = netcap("-version")
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^netcap \d+\.\d+\.\d+\n$")

    def test_help_with_h(self):
        result = netcap("-h")
        self.assertIn("-include", result.stdout + result.stderr)

    def test_writes_records_and_a_summary(self):
        result = netcap("-r", SAMPLE, "-out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("read %d packets" % SAMPLE_PACKETS, result.stdout)
        # make_sample.cc writes 24 UDP headers: two DNS exchanges, the
        # VLAN one, three behind IPv6 extension headers (the fragmented
        # one's UDP header is in its first fragment), the late one that
        # ends the flows, nine of application protocols (two DHCP, one
        # DHCPv6, two NTP, two SIP, one BFD, one LCM), four of tunnels
        # (the one inside GRE, VXLAN's, and Geneve's and the one inside it),
        # and three of link frames (behind SNAP in 802.3, MPLS and IPsec AH).
        self.assertRegex(result.stdout, r"UDP\s+24\s")
        self.assertIn("1 packets with error: TCP: malformed header", result.stdout)
        files = [f for f in os.listdir(self.out) if f.endswith(".ncap.gz")]
        self.assertIn("UDP.ncap.gz", files)
        for name in files:
            with gzip.open(os.path.join(self.out, name)) as f:
                self.assertGreater(len(f.read()), 0, name)

    def test_side_outputs(self):
        result = netcap("-r", SAMPLE, "-out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(self.out, "errors.log")) as f:
            log = f.read()
        self.assertRegex(log, r"^2023-11-14T22:13:20\.600000123Z\nError: TCP: malformed header\n")
        self.assertIn("Layer 2 IPv4: bytes 14-33\n", log)
        self.assertTrue(log.endswith("Summary:\nTCP: malformed header: 1\n"), log)
        for name, packets in (("errors.pcap", 1), ("unknown.pcap", 1)):
            with open(os.path.join(self.out, name), "rb") as f:
                data = f.read()
            # A nanosecond pcap of Ethernet frames: magic, then link type 1.
            self.assertEqual(data[:4], b"\x4d\x3c\xb2\xa1", name)
            self.assertEqual(data[20:24], b"\x01\x00\x00\x00", name)
        ignored = os.path.join(self.tmp.name, "ignored")
        result = netcap("-r", SAMPLE, "-out", ignored, "-ignore-unknown")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("unknown.pcap", os.listdir(ignored))

    def big_capture(self, copies=40000):
        """The sample's packets repeated: a capture netcap reads for seconds."""
        big = os.path.join(self.tmp.name, "big.pcap")
        with open(SAMPLE, "rb") as f:
            sample = f.read()
        header, packets = sample[:24], sample[24:]
        with open(big, "wb") as f:
            f.write(header)
            f.write(packets * copies)
        return big

    def interrupt(self, sig):
        big = self.big_capture()
        proc = subprocess.Popen([NETCAP, "-r", big, "-out", self.out, "-workers", "2"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not os.path.exists(os.path.join(self.out, "TCP.ncap.gz")):
            self.assertLess(time.time(), deadline, "netcap wrote nothing")
            time.sleep(0.02)
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 130, stderr)
        self.assertIn("interrupted", stdout)
        match = re.search(r"read (\d+) packets", stdout)
        self.assertIsNotNone(match, stdout)
        self.assertLess(int(match.group(1)), 40000 * SAMPLE_PACKETS)
        # Every file is whole: record files end in a gzip trailer and hold the
        # records the summary counts; the side outputs read back.
        for name in os.listdir(self.out):
            path = os.path.join(self.out, name)
            if name.endswith(".pcap"):
                link_type, packets = read_pcap(path)
                self.assertEqual(link_type, LINKTYPE_ETHERNET)
                row = re.search(r"^(\d+) packets written to .*/%s" % name, stdout, re.M)
                self.assertIsNotNone(row, stdout)
                self.assertEqual(len(packets), int(row.group(1)), name)
                continue
            if name == "errors.log":
                with open(path) as f:
                    log = f.read()
                self.assertRegex(log, r"\nSummary:\nTCP: malformed header: \d+\n$")
                continue
            self.assertTrue(name.endswith(".ncap.gz"), name)
            with gzip.open(path) as f:
                f.read()  # raises on a missing trailer
            result = netcap("-r", path, "-check")
            self.assertEqual(result.returncode, 0, result.stderr)
            row = re.search(r"^%s\s+(\d+)\s" % name[:-len(".ncap.gz")], stdout, re.M)
            self.assertIsNotNone(row, stdout)
            self.assertEqual(result.stdout, "%s: %s records\n" % (path, row.group(1)))

    def test_sigint_closes_every_file_properly(self):
        self.interrupt(signal.SIGINT)

    def test_sigterm_closes_every_file_properly(self):
        self.interrupt(signal.SIGTERM)

    def test_a_second_sigint_exits_at_once(self):
        # A FIFO in place of Ethernet.ncap.gz: opening it blocks until a
        # reader comes, which never does, so the run cannot end by itself.
        os.mkdir(self.out)
        os.mkfifo(os.path.join(self.out, "Ethernet.ncap.gz"))
        proc = subprocess.Popen([NETCAP, "-r", SAMPLE, "-out", self.out, "-workers", "1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            # errors.log appears while packets are encoded, after netcap has
            # installed its signal handlers.
            deadline = time.time() + 30
            while not os.path.exists(os.path.join(self.out, "errors.log")):
                self.assertLess(time.time(), deadline, "netcap wrote nothing")
                time.sleep(0.02)
            time.sleep(0.5)
            self.assertIsNone(proc.poll(), "netcap ended without writing to the FIFO")
            proc.send_signal(signal.SIGINT)
            time.sleep(1)
            # The first signal asks for a clean end, which waits for the files.
            self.assertIsNone(proc.poll(), "netcap ended at the first signal")
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=10)
        finally:
            proc.kill()
            proc.wait()
        self.assertEqual(proc.returncode, 130, stderr)
        self.assertIn("netcap: interrupted twice: exiting at once", stderr)

    def test_unknown_pcap_keeps_link_type_time_and_length(self):
        known = sll(0x0800, ipv4(17, udp(4000, 4001, b"data")))
        mystery = sll(0x88b5, b"a protocol of our own")
        # PIM (RFC 7761), an IP protocol netcap has no decoder for.
        pim = sll(0x0800, ipv4(103, b"\x20\x00\x00\x00 hello"))
        fragment = sll(0x0800, ipv4(17, b"the middle of a datagram", fragment=100))
        packets = [
            (1700000000_000000001, known, len(known)),
            (1700000000_123456789, mystery, 1000),  # cut by the capture's snapshot length
            (1700000001_987654321, pim, len(pim)),
            (1700000002_000000005, fragment, len(fragment)),
        ]
        capture = os.path.join(self.tmp.name, "cooked.pcap")
        write_pcap(capture, LINKTYPE_LINUX_SLL, packets)
        result = netcap("-r", capture, "-out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        link_type, unknown = read_pcap(os.path.join(self.out, "unknown.pcap"))
        self.assertEqual(link_type, LINKTYPE_LINUX_SLL)
        # Workers write unknown.pcap as they go, so packets of different
        # connections may come out of capture order (docs/robustness.md).
        self.assertEqual(sorted(unknown), [packets[1], packets[2]])
        self.assertIn("1 packets with an undecoded layer inside SLL (EtherType 0x88b5)\n",
                      result.stdout)
        self.assertIn("1 packets with an undecoded layer inside IPv4 (protocol 103)\n",
                      result.stdout)
        self.assertIn("2 packets written to %s/unknown.pcap\n" % self.out, result.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.out, "errors.log")))

    def test_unknown_link_type(self):
        packets = [(1700000000_000000000 + i, bytes(range(i, i + 48)), 48) for i in range(3)]
        capture = os.path.join(self.tmp.name, "bluetooth.pcap")
        write_pcap(capture, LINKTYPE_BLUETOOTH_HCI_H4, packets)
        result = netcap("-r", capture, "-out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("3 packets of link type BLUETOOTH_HCI_H4 (187), which netcap cannot "
                      "dissect\n",
                      result.stdout)
        self.assertEqual(read_pcap(os.path.join(self.out, "unknown.pcap")),
                         (LINKTYPE_BLUETOOTH_HCI_H4, packets))
        self.assertEqual(sorted(os.listdir(self.out)), ["unknown.pcap"])

    def test_errors_log_format_and_summary(self):
        tcp = ethernet(0x0800, ipv4(6, bytes(12)))  # 12 of TCP's 20 bytes
        dns = ethernet(0x0800, ipv4(17, udp(40000, 53, b"\x12\x34\x01")))  # 3 of 12
        good = ethernet(0x0800, ipv4(17, udp(4000, 4001, b"fine")))
        packets = [
            (1700000000_000000001, tcp, len(tcp)),
            (1700000000_500000000, good, len(good)),
            (1700000001_000000000, dns, len(dns)),
            (1700000002_999999999, tcp, len(tcp)),
        ]
        capture = os.path.join(self.tmp.name, "errors.pcap")
        write_pcap(capture, LINKTYPE_ETHERNET, packets)
        result = netcap("-r", capture, "-out", self.out, "-workers", "1")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2 packets with error: TCP: malformed header\n", result.stdout)
        self.assertIn("1 packets with error: DNS: truncated header\n", result.stdout)
        with open(os.path.join(self.out, "errors.log")) as f:
            log = f.read()
        entries, summary = log.split("\n\nSummary:\n")
        # The summary counts every error name, one per line, sorted.
        self.assertEqual(summary, "DNS: truncated header: 1\nTCP: malformed header: 2\n")
        entries = entries.split("\n\n")
        self.assertEqual(len(entries), 3)
        expected = [
            ("2023-11-14T22:13:20.000000001Z", "TCP: malformed header", tcp,
             ["Layer 1 Ethernet: bytes 0-13", "Layer 2 IPv4: bytes 14-33",
              "Not decoded: bytes 34-45"]),
            ("2023-11-14T22:13:21.000000000Z", "DNS: truncated header", dns,
             ["Layer 1 Ethernet: bytes 0-13", "Layer 2 IPv4: bytes 14-33",
              "Layer 3 UDP: bytes 34-41", "Not decoded: bytes 42-44"]),
            ("2023-11-14T22:13:22.999999999Z", "TCP: malformed header", tcp,
             ["Layer 1 Ethernet: bytes 0-13", "Layer 2 IPv4: bytes 14-33",
              "Not decoded: bytes 34-45"]),
        ]
        # Entries come in packet order with one worker.
        for entry, (time_text, error, data, layers) in zip(entries, expected):
            lines = entry.split("\n")
            self.assertEqual(lines[0], time_text)
            self.assertEqual(lines[1], "Error: " + error)
            self.assertEqual(lines[2], "Packet: %d bytes captured, %d on the wire, link type EN10MB"
                             % (len(data), len(data)))
            self.assertEqual(lines[3:3 + len(layers)], layers)
            dump = lines[3 + len(layers):]
            self.assertEqual(len(dump), (len(data) + 15) // 16)
            for line in dump:
                self.assertRegex(line, r"^[0-9a-f]{8}  [0-9a-f ]{48}  \|[\x20-\x7e]{1,16}\|$")
            self.assertEqual(hex_dump_bytes(dump), data)
        link_type, errors = read_pcap(os.path.join(self.out, "errors.pcap"))
        self.assertEqual(link_type, LINKTYPE_ETHERNET)
        self.assertEqual(errors, [packets[0], packets[2], packets[3]])

    def test_side_outputs_only_when_they_have_content(self):
        good = ethernet(0x0800, ipv4(17, udp(4000, 4001, b"fine")))
        capture = os.path.join(self.tmp.name, "good.pcap")
        write_pcap(capture, LINKTYPE_ETHERNET, [(1700000000_000000000, good, len(good))])
        result = netcap("-r", capture, "-out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(os.listdir(self.out)),
                         ["Connection.ncap.gz", "Ethernet.ncap.gz", "Flow.ncap.gz",
                          "IPv4.ncap.gz", "LinkFlow.ncap.gz", "NetworkFlow.ncap.gz",
                          "TransportFlow.ncap.gz", "UDP.ncap.gz"])
        self.assertNotIn("unknown.pcap", result.stdout)
        self.assertNotIn("errors", result.stdout)

    def test_full_disk(self):
        # A file of the output that is /dev/full, where every write fails
        # with ENOSPC, as on a full disk. The run must stop early and say so.
        os.mkdir(self.out)
        os.symlink("/dev/full", os.path.join(self.out, "Ethernet.ncap.gz"))
        big = self.big_capture()
        result = netcap("-r", big, "-out", self.out, "-block-size", "4096", "-workers", "2")
        self.assert_fails(result, "Ethernet.ncap.gz", "No space left on device",
                          "stopped after reading")
        read = int(re.search(r"stopped after reading (\d+) packets", result.stderr).group(1))
        self.assertLess(read, 40000 * SAMPLE_PACKETS // 2, "the run did not stop early")

    def in_private_mount(self, mount_options, args):
        """Runs netcap with -out on a tmpfs of its own (mounted with
        `mount_options`) in a private mount namespace: as root, or as any
        user where user namespaces are allowed. CI runs as root, so this
        fails, rather than skips, where neither is possible."""
        unshare = shutil.which("unshare")
        self.assertIsNotNone(unshare, "util-linux's unshare is needed")
        namespace = [unshare, "--mount"] if os.geteuid() == 0 else \
            [unshare, "--user", "--map-root-user", "--mount"]
        os.makedirs(self.out, exist_ok=True)
        script = 'mount -t tmpfs -o "$1" netcap-test "$2" && shift 2 && exec "$@"'
        return subprocess.run(namespace + ["sh", "-c", script, "sh", mount_options, self.out,
                                           NETCAP, *args, "-out", self.out],
                              capture_output=True, text=True)

    def test_full_filesystem(self):
        big = self.big_capture()
        result = self.in_private_mount("size=256k", ["-r", big, "-workers", "2"])
        self.assertNotIn("mount:", result.stderr, "cannot mount a tmpfs: need root or user "
                         "namespaces (CI runs as root)")
        self.assert_fails(result, "No space left on device", "stopped after reading")
        read = int(re.search(r"stopped after reading (\d+) packets", result.stderr).group(1))
        self.assertLess(read, 40000 * SAMPLE_PACKETS // 2, "the run did not stop early")

    def test_read_only_output_folder(self):
        result = self.in_private_mount("ro", ["-r", SAMPLE])
        self.assertNotIn("mount:", result.stderr, "cannot mount a tmpfs: need root or user "
                         "namespaces (CI runs as root)")
        self.assert_fails(result, "cannot write to output folder", "Read-only file system")

    def test_relative_paths_are_relative_to_the_working_directory(self):
        os.symlink(SAMPLE, os.path.join(self.tmp.name, "s.pcap"))
        result = netcap("-r", "s.pcap", "-out", "rel", cwd=self.tmp.name)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.tmp.name, "rel", "UDP.ncap.gz")))

    def test_uncompressed_output(self):
        result = netcap("-r", SAMPLE, "-out", self.out, "-comp=false")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("UDP.ncap", os.listdir(self.out))

    def test_bpf_filter_applies_to_files(self):
        result = netcap("-r", SAMPLE, "-out", self.out, "-bpf", "icmp or vlan")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("read 5 packets", result.stdout)

    def test_count_and_duration_bound_a_file_too(self):
        result = netcap("-r", SAMPLE, "-out", self.out, "-count", "5")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("read 5 packets", result.stdout)
        self.assertIn("stopped after -count 5 packets", result.stdout)
        self.assertNotIn("interrupted", result.stdout)
        whole = re.search(r"read (\d+) packets", netcap("-r", SAMPLE, "-out", self.out).stdout)
        self.assertGreater(int(whole.group(1)), 5)
        result = netcap("-r", SAMPLE, "-out", self.out, "-duration", "1h")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(whole.group(0) + " ", result.stdout)
        self.assertNotIn("stopped", result.stdout)

    def test_no_progress_line_off_a_terminal(self):
        # stderr is a pipe here; tests/live sees the line on a terminal.
        result = netcap("-r", SAMPLE, "-out", self.out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")

    def test_bad_limits_and_live_flags(self):
        self.assert_fails(netcap("-r", SAMPLE, "-out", self.out, "-count", "-1"), "-count")
        self.assert_fails(netcap("-r", SAMPLE, "-out", self.out, "-duration", "-5s"),
                          "-duration")
        self.assert_fails(netcap("-iface", "lo", "-buffer-size", "0"), "-buffer-size", "MiB")
        self.assert_fails(netcap("-iface", "lo", "-snaplen", "-1"), "-snaplen")
        self.assert_fails(netcap("-iface", "lo", "-r", SAMPLE), "-r", "-iface")

    def test_exclude_stops_the_layers_inside(self):
        result = netcap("-r", SAMPLE, "-out", self.out, "-exclude", "udp")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("UDP.ncap.gz", os.listdir(self.out) if os.path.exists(self.out) else [])

    def test_include_is_matched_without_regard_to_case(self):
        result = netcap("-r", SAMPLE, "-out", self.out, "-include", "uDp")
        self.assertEqual(result.returncode, 0, result.stderr)
        records = [f for f in os.listdir(self.out) if ".ncap" in f]
        self.assertEqual(records, ["UDP.ncap.gz"])

    def test_unknown_encoder_lists_the_valid_ones(self):
        self.assert_fails(netcap("-r", SAMPLE, "-out", self.out, "-include", "UDP,Bogus"),
                          "Bogus", "valid encoders are:", "UDP")

    def test_missing_file(self):
        self.assert_fails(netcap("-r", "/nonexistent.pcap"), "/nonexistent.pcap")

    def test_not_a_capture(self):
        path = os.path.join(self.tmp.name, "notes.txt")
        with open(path, "w") as f:
            f.write("hello, this is not a capture\n")
        self.assert_fails(netcap("-r", path, "-out", self.out), path)

    def test_pcapng_side_outputs_keep_each_packets_link_type(self):
        # Interfaces of two link types, each with a packet nothing decodes
        # (EtherType 0x88b5), and a UDP packet each.
        path = os.path.join(self.tmp.name, "mixed.pcapng")
        on_ethernet = ethernet(0x88b5, b"experimental")
        on_sll = sll(0x88b5, b"experimental")
        datagram = ipv4(17, udp(5000, 6000, b"hi"))
        write_pcapng(path, [LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL], [
            (0, 1_000_000_000, on_ethernet),
            (1, 2_000_000_000, on_sll),
            (0, 3_000_000_000, ethernet(0x0800, datagram)),
            (1, 4_000_000_000, sll(0x0800, datagram)),
        ])
        result = netcap("-r", path, "-out", self.out, "-workers", "1")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2 packets written to %s/unknown.pcap and %s/unknown.LINUX_SLL.pcap\n"
                      % (self.out, self.out), result.stdout)
        self.assertEqual(read_pcap(os.path.join(self.out, "unknown.pcap")),
                         (LINKTYPE_ETHERNET, [(1_000_000_000, on_ethernet, len(on_ethernet))]))
        self.assertEqual(read_pcap(os.path.join(self.out, "unknown.LINUX_SLL.pcap")),
                         (LINKTYPE_LINUX_SLL, [(2_000_000_000, on_sll, len(on_sll))]))
        with gzip.open(os.path.join(self.out, "UDP.ncap.gz")) as f:
            self.assertGreater(len(f.read()), 0)

    def test_pcapng_cut_short_reports_the_packets_before(self):
        path = os.path.join(self.tmp.name, "cut.pcapng")
        datagram = ethernet(0x0800, ipv4(17, udp(5000, 6000, b"hi")))
        write_pcapng(path, [LINKTYPE_ETHERNET], [(0, 10**9, datagram), (0, 2 * 10**9, datagram)])
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data[:-9])
        self.assert_fails(netcap("-r", path, "-out", self.out), path, "after 1 packets",
                          "cut short", "records of the 1 packets before the damage")
        self.assertTrue(os.path.exists(os.path.join(self.out, "UDP.ncap.gz")))

    def test_bad_filter(self):
        self.assert_fails(netcap("-r", SAMPLE, "-out", self.out, "-bpf", "port nonsense"),
                          "BPF filter")

    def test_bad_flag(self):
        result = netcap("-no-such-flag")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("no_such_flag", result.stderr)

    def test_no_input(self):
        self.assert_fails(netcap(), "-r", "-iface")

    def test_unwritable_output_folder(self):
        if os.geteuid() == 0:
            # root writes anywhere; a path under a file cannot be a folder.
            blocker = os.path.join(self.tmp.name, "file")
            open(blocker, "w").close()
            self.assert_fails(netcap("-r", SAMPLE, "-out", os.path.join(blocker, "out")),
                              "output folder")
        else:
            os.mkdir(self.out)
            os.chmod(self.out, stat.S_IRUSR | stat.S_IXUSR)
            self.assert_fails(netcap("-r", SAMPLE, "-out", self.out), "output folder")

    def test_dump_prints_csv_with_a_header_line(self):
        self.assertEqual(netcap("-r", SAMPLE, "-out", self.out).returncode, 0)
        result = netcap("-r", os.path.join(self.out, "UDP.ncap.gz"))
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertTrue(lines[0].startswith("timestamp,src_port,dst_port,"), lines[0])
        self.assertEqual(len(lines), 1 + 24)
        self.assertIn("24 records", result.stderr)  # counts go to stderr, not the CSV

    def test_dump_select_and_separators(self):
        self.assertEqual(netcap("-r", SAMPLE, "-out", self.out).returncode, 0)
        path = os.path.join(self.out, "UDP.ncap.gz")
        result = netcap("-r", path, "-select", "dst_port,src_port", "-tsv")
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "dst_port\tsrc_port")
        self.assertIn("53\t51000", lines)
        result = netcap("-r", path, "-select", "src_port", "-fields")
        self.assertEqual(result.stdout, "src_port\n")
        self.assert_fails(netcap("-r", path, "-select", "nope"), "nope", "valid fields")

    def test_dump_header(self):
        self.assertEqual(netcap("-r", SAMPLE, "-out", self.out).returncode, 0)
        result = netcap("-r", os.path.join(self.out, "UDP.ncap.gz"), "-header")
        self.assertIn("record_type,UDP", result.stdout)
        self.assertIn("input_source," + SAMPLE, result.stdout)

    def test_dump_reports_damage(self):
        self.assertEqual(netcap("-r", SAMPLE, "-out", self.out).returncode, 0)
        path = os.path.join(self.out, "UDP.ncap.gz")
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data[:-10])
        self.assert_fails(netcap("-r", path), "damaged after")


if __name__ == "__main__":
    unittest.main()
