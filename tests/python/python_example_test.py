"""Runs docs/python.md as a script, so the page stays true.

Every fenced block runs in order in one temporary folder: ```sh blocks with
bash (netcap on PATH, the sample capture as capture.pcap), ```python blocks
in one shared namespace. Two steps of the page are done by the build
instead: installing packages (python3-protobuf and python3-pandas are in
third_party/debian-packages.txt) and protoc (//proto:records_py made
proto/*_pb2.py, found on sys.path). The results are then checked against
the records the C++ reader prints.
"""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

RUNFILES = os.getcwd()
sys.path.insert(0, RUNFILES)  # proto/*_pb2.py
NETCAP = os.path.join(RUNFILES, "tools", "netcap")
SAMPLE = os.path.join(RUNFILES, "tests", "data", "sample.pcap")
PAGE = os.path.join(RUNFILES, "docs", "python.md")


def blocks(text):
    return re.findall(r"^```(\w+)\n(.*?)^```\n", text, re.M | re.S)


def skipped(line):
    return line.startswith(("sudo apt-get", "protoc "))


class PythonExampleTest(unittest.TestCase):

    def test_the_page_runs(self):
        with open(PAGE) as f:
            page = f.read()
        found = blocks(page)
        self.assertGreaterEqual(len([b for b in found if b[0] == "python"]), 5)
        with tempfile.TemporaryDirectory() as tmp:
            bin_dir = os.path.join(tmp, "bin")
            os.mkdir(bin_dir)
            os.symlink(NETCAP, os.path.join(bin_dir, "netcap"))
            work = os.path.join(tmp, "work")
            os.mkdir(work)
            shutil.copy(SAMPLE, os.path.join(work, "capture.pcap"))
            env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
            namespace = {"__name__": "docs_python"}
            old = os.getcwd()
            os.chdir(work)
            try:
                for language, code in found:
                    if language == "sh":
                        script = "\n".join(l for l in code.splitlines() if not skipped(l))
                        subprocess.run(["bash", "-euo", "pipefail", "-c", script], check=True,
                                       env=env, capture_output=True)
                    elif language == "python":
                        exec(compile(code, PAGE, "exec"), namespace)
                    else:
                        self.fail("a block in %s neither sh nor python" % language)
                self.check(namespace, work)
            finally:
                os.chdir(old)

    def check(self, ns, work):
        def netcap_rows(path):
            out = subprocess.run([NETCAP, "-r", path], check=True, capture_output=True,
                                 text=True).stdout
            return list(csv.DictReader(io.StringIO(out)))

        # The list of dicts holds the values netcap prints.
        printed = netcap_rows("out/TCP.ncap.gz")
        self.assertEqual(len(ns["rows"]), len(printed))
        for row, line in zip(ns["rows"], printed):
            self.assertEqual(str(row["timestamp"]), line["timestamp"])
            self.assertEqual(str(row["src_port"]), line["src_port"])
        self.assertEqual(ns["rows"][0]["options"][0],
                         {"option_type": 2, "option_length": 4, "option_data": "05b4"})
        # The DataFrames.
        tcp, ipv4 = ns["tcp"], ns["ipv4"]
        self.assertEqual(len(tcp), len(printed))
        self.assertEqual(str(tcp["time"].dtype), "datetime64[ns, UTC]")
        self.assertEqual(str(tcp["time"][0]), "2023-11-14 22:13:20.030000123+00:00")
        ipv4_printed = netcap_rows("out/IPv4.ncap.gz")
        self.assertEqual(list(ipv4["src_ip"]), [r["src_ip"] for r in ipv4_printed])
        self.assertEqual(int(ns["talkers"].sum()), len(ipv4_printed))
        # JSON lines: the addresses as netcap prints them.
        first = next(r for r in ipv4_printed if int(r["timestamp"]) ==
                     min(int(p["timestamp"]) for p in ipv4_printed))
        self.assertEqual(ns["address"](ns["first_ipv4"]["src_ip"]), first["src_ip"])
        self.assertEqual(len(ns["objects"]),
                         sum(len(netcap_rows(os.path.join("out", f)))
                             for f in os.listdir("out") if f.endswith(".ncap.gz")))
        # CSV capture read by pandas.
        udp_printed = netcap_rows("out/UDP.ncap.gz")
        self.assertEqual([str(p) for p in ns["udp"]["src_port"]],
                         [r["src_port"] for r in udp_printed])
        self.assertEqual([str(t) for t in ns["udp"]["timestamp"]],
                         [r["timestamp"] for r in udp_printed])


if __name__ == "__main__":
    unittest.main()
