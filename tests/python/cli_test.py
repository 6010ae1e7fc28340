"""The netcap command line: flags, errors and the summary, run as a user would.

Every bad input must give a one-line error naming the problem and a
non-zero exit, never a crash; good input a summary and records.
"""

import gzip
import os
import re
import signal
import stat
import subprocess
import tempfile
import time
import unittest

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
        # make_sample.cc writes seven UDP datagrams: two DNS exchanges, the
        # VLAN one, and three behind IPv6 extension headers (the fragmented
        # one's UDP header is in its first fragment).
        self.assertRegex(result.stdout, r"UDP\s+7\s")
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

    def test_interrupt_closes_every_file_properly(self):
        # A capture large enough to still be running when interrupted: the
        # sample's packets repeated, as a pcap netcap reads in seconds.
        big = os.path.join(self.tmp.name, "big.pcap")
        with open(SAMPLE, "rb") as f:
            sample = f.read()
        header, packets = sample[:24], sample[24:]
        with open(big, "wb") as f:
            f.write(header)
            for _ in range(40000):
                f.write(packets)
        proc = subprocess.Popen([NETCAP, "-r", big, "-out", self.out, "-workers", "2"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not os.path.exists(os.path.join(self.out, "TCP.ncap.gz")):
            self.assertLess(time.time(), deadline, "netcap wrote nothing")
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 130, stderr)
        self.assertIn("interrupted", stdout)
        match = re.search(r"read (\d+) packets", stdout)
        self.assertIsNotNone(match, stdout)
        self.assertLess(int(match.group(1)), 40000 * SAMPLE_PACKETS)
        for name in os.listdir(self.out):
            if not name.endswith(".ncap.gz"):
                continue
            path = os.path.join(self.out, name)
            with gzip.open(path) as f:
                f.read()  # raises on a missing trailer
            result = netcap("-r", path)
            self.assertEqual(result.returncode, 0, result.stderr)
            row = re.search(r"^%s\s+(\d+)\s" % name[:-len(".ncap.gz")], stdout, re.M)
            self.assertIsNotNone(row, stdout)
            self.assertEqual(len(result.stdout.splitlines()) - 1, int(row.group(1)), name)

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
        self.assertIn("read 3 packets", result.stdout)

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
        self.assertEqual(len(lines), 1 + 7)
        self.assertIn("7 records", result.stderr)  # counts go to stderr, not the CSV

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
