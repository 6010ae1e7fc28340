"""Golden tests of the read mode: each output form over the sample capture.

The records come from tests/data/sample.pcap (fixed content and timestamps,
one worker so the order within files is fixed too); each case's stdout is
compared with a baseline in tests/golden/<case>.txt. The header's `created`
differs on every run and is left out.

To regenerate every baseline after an intended change, set one variable:

    NETCAP_UPDATE_GOLDEN=1 ./bazelw run //tests/python:golden_test

(`bazel test --test_env=NETCAP_UPDATE_GOLDEN=1 //tests/python:golden_test`
works too.) Then review the change with `git diff tests/golden`.
"""

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

NETCAP = os.path.join(os.getcwd(), "tools", "netcap")
SAMPLE = os.path.join("tests", "data", "sample.pcap")  # relative: the header names it
UPDATE = os.environ.get("NETCAP_UPDATE_GOLDEN") == "1"
# Under `bazel run` netcap would take paths relative to where bazel was
# typed; here they are relative to the folders the test chooses.
ENV = {k: v for k, v in os.environ.items() if k != "BUILD_WORKING_DIRECTORY"}

CASES = {
    "csv_udp": ["-r", "out/UDP.ncap.gz"],
    "csv_tcp": ["-r", "out/TCP.ncap.gz"],
    "tsv_ipv6": ["-r", "out/IPv6.ncap.gz", "-tsv"],
    "select_ipv4": ["-r", "out/IPv4.ncap.gz", "-select", "timestamp,src_ip,dst_ip,protocol,ttl"],
    "fields_udp": ["-r", "out/UDP.ncap.gz", "-fields"],
    "delimiters_tcp": ["-r", "out/TCP.ncap.gz", "-select", "timestamp,options",
                       "-begin", "[", "-end", "]", "-struct-sep", "|"],
    "utc_arp": ["-r", "out/ARP.ncap.gz", "-utc"],
    "table_tcp": ["-r", "out/TCP.ncap.gz", "-table"],
    "json_tcp": ["-r", "out/TCP.ncap.gz", "-json"],
    "struc_tcp": ["-r", "out/TCP.ncap.gz", "-struc"],
    "header_tcp": ["-r", "out/TCP.ncap.gz", "-header"],
    "check": ["-r", "out", "-check"],
    "merged_csv": ["-r", "out"],
    "merged_json": ["-r", "out", "-json"],
    "merged_table": ["-r", "out", "-table", "-utc", "-select",
                     "timestamp,src_mac,src_ip,dst_ip,src_port,dst_port,payload_size"],
}


def source_baselines():
    """The tests/golden folder of the checkout, to write baselines into."""
    workspace = os.environ.get("BUILD_WORKSPACE_DIRECTORY")  # set by bazel run
    if workspace:
        return os.path.join(workspace, "tests", "golden")
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    return os.path.join(checkout, "tests", "golden")


def without_created(text):
    return "".join(line for line in text.splitlines(True) if not line.startswith("created,"))


class GoldenTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        runfiles = os.getcwd()
        out = os.path.join(cls.tmp, "out")
        subprocess.run([NETCAP, "-r", SAMPLE, "-out", out, "-workers", "1"], check=True,
                       capture_output=True, cwd=runfiles, env=ENV)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_cases(self):
        baselines = os.path.join(os.getcwd(), "tests", "golden")
        failures = []
        for name, args in CASES.items():
            result = subprocess.run([NETCAP, *args], capture_output=True, text=True,
                                    cwd=self.tmp, env=ENV)
            self.assertEqual(result.returncode, 0, (name, result.stderr))
            actual = without_created(result.stdout)
            if UPDATE:
                with open(os.path.join(source_baselines(), name + ".txt"), "w") as f:
                    f.write(actual)
                continue
            path = os.path.join(baselines, name + ".txt")
            self.assertTrue(os.path.exists(path), "no baseline %s; regenerate (see %s)"
                            % (path, __file__))
            with open(path) as f:
                expected = f.read()
            if actual != expected:
                diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            "tests/golden/" + name + ".txt", "netcap " +
                                            " ".join(args))
                failures.append("".join(list(diff)[:40]))
        if UPDATE:
            print("wrote %d baselines to %s" % (len(CASES), source_baselines()), file=sys.stderr)
        self.assertFalse(failures, "\n".join(failures) +
                         "\nIf the change is intended: NETCAP_UPDATE_GOLDEN=1 "
                         "./bazelw run //tests/python:golden_test")

    def test_every_baseline_has_a_case(self):
        if UPDATE:
            return
        stored = {f[:-4] for f in os.listdir(os.path.join(os.getcwd(), "tests", "golden"))
                  if f.endswith(".txt")}
        self.assertEqual(stored, set(CASES))


if __name__ == "__main__":
    unittest.main()
