"""Reads netcap's record files with nothing but docs/format.md in hand.

The reader below follows the page step by step: gzip detected by its magic
bytes and read across members, varint-framed messages (the varint is read
by tests/pylib/record_files.py), a Header first whose record_type names the
message of every later record. It must see exactly
the records the C++ reader sees: netcap -r FILE -json prints those, and the
two are compared value for value, for compressed and uncompressed files.
"""

import gzip
import importlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

from google.protobuf import json_format

sys.path.insert(0, os.getcwd())  # the runfiles root, holding proto/*_pb2.py
# tests/pylib, found from this file's place in a checkout and in runfiles.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from record_files import read_varint  # noqa: E402

NETCAP = os.path.join(os.getcwd(), "tools", "netcap")
SAMPLE = os.path.join(os.getcwd(), "tests", "data", "sample.pcap")


def read_records(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    header_pb2 = importlib.import_module("proto.header_pb2")
    size, pos = read_varint(data, 0)
    header = header_pb2.Header.FromString(data[pos:pos + size])
    pos += size
    module = importlib.import_module("proto." + header.record_type.lower() + "_pb2")
    record_class = getattr(module, header.record_type)
    records = []
    while pos < len(data):
        size, pos = read_varint(data, pos)
        if pos + size > len(data):
            raise ValueError(f"{path}: damaged after {len(records)} records")
        records.append(record_class.FromString(data[pos:pos + size]))
        pos += size
    return header, records


def netcap_json(path):
    out = subprocess.run([NETCAP, "-r", path, "-json"], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


class FormatReaderTest(unittest.TestCase):

    def check_folder(self, folder, extension):
        files = sorted(f for f in os.listdir(folder) if f.endswith(extension))
        self.assertGreaterEqual(len(files), 5, files)
        total = 0
        for name in files:
            path = os.path.join(folder, name)
            header, records = read_records(path)
            self.assertEqual(name, header.record_type + extension)
            self.assertEqual(header.input_source, SAMPLE)
            self.assertTrue(header.version)
            self.assertGreater(header.created, 1_600_000_000 * 10**9)
            ours = [json_format.MessageToDict(r, preserving_proto_field_name=True,
                                              including_default_value_fields=True)
                    for r in records]
            self.assertEqual(ours, netcap_json(path), name)
            total += len(records)
        return total

    def run_netcap(self, folder, *flags):
        subprocess.run([NETCAP, "-r", SAMPLE, "-out", folder, "-workers", "1", *flags],
                       check=True, capture_output=True)

    def test_reads_what_netcap_wrote(self):
        with tempfile.TemporaryDirectory() as gz, tempfile.TemporaryDirectory() as raw:
            self.run_netcap(gz)
            self.run_netcap(raw, "-comp=false")
            compressed = self.check_folder(gz, ".ncap.gz")
            plain = self.check_folder(raw, ".ncap")
            self.assertEqual(compressed, plain)

    def test_reads_many_gzip_members(self):
        # A block size that puts every record in its own gzip member.
        with tempfile.TemporaryDirectory() as folder:
            self.run_netcap(folder, "-block-size=1")
            path = os.path.join(folder, "UDP.ncap.gz")
            with open(path, "rb") as f:
                members = f.read().count(b"\x1f\x8b\x08")
            _, records = read_records(path)
            self.assertGreaterEqual(members, len(records) + 1)
            self.assertEqual(len(records), len(netcap_json(path)))


if __name__ == "__main__":
    unittest.main()
