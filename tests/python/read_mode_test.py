"""netcap's read mode (`netcap -r X.ncap.gz`) and -csv capture, flag by flag.

Records come from the repository's sample capture and, for the -csv
equality, from real captures in shared/pcaps. Every output form is read
back with an independent parser (Python's csv and json modules, protobuf's
text parser) and compared with the records read by the reader of
docs/format.md (format_reader_test.read_records).
"""

import base64
import csv
import datetime
import gzip
import io
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

from google.protobuf import json_format
from google.protobuf import text_format

sys.path.insert(0, os.getcwd())  # the runfiles root, holding proto/*_pb2.py
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from format_reader_test import read_records  # noqa: E402

NETCAP = os.path.join(os.getcwd(), "tools", "netcap")
SAMPLE = os.path.join(os.getcwd(), "tests", "data", "sample.pcap")
# Real captures, from shared/ beside the checkout (see tests/shared_pcaps.hpp).
CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
SHARED_PCAPS = os.path.join(os.path.dirname(CHECKOUT), "shared", "pcaps")
REAL_CAPTURES = ["chrissanders-packets_http_espn.pcapng", "chrissanders-packets_dns.pcap",
                 "ndpi-tests_http_ipv6.pcap"]


def netcap(*args, cwd=None):
    return subprocess.run([NETCAP, *args], capture_output=True, text=True, cwd=cwd)


def capture(pcap, out, *flags):
    result = netcap("-r", pcap, "-out", out, "-workers", "1", *flags)
    assert result.returncode == 0, result.stderr
    return result


def text_of(field, value, begin="(", end=")", sep="-"):
    """What netcap prints for one value, written from io/csv.hpp's comment."""
    if field.type == field.TYPE_MESSAGE:
        inner = [text_of_field(value, f, begin, end, sep) for f in value.DESCRIPTOR.fields]
        return begin + sep.join(inner) + end
    if field.type == field.TYPE_BYTES:
        if field.name.endswith(("ip", "address", "addresses", "addr")) and len(value) in (4, 16):
            return str(ipaddress.ip_address(value))
        if field.name.endswith(("mac", "hw_address")) and len(value) == 6:
            return ":".join("%02x" % b for b in value)
        return value.hex()
    if field.type == field.TYPE_BOOL:
        return "true" if value else "false"
    if field.type in (field.TYPE_DOUBLE, field.TYPE_FLOAT):
        return repr(value).removesuffix(".0")
    return str(value)


def text_of_field(record, field, begin="(", end=")", sep="-"):
    value = getattr(record, field.name)
    if field.label != field.LABEL_REPEATED:
        if field.type == field.TYPE_MESSAGE and not record.HasField(field.name):
            return ""
        return text_of(field, value, begin, end, sep)
    if field.type == field.TYPE_MESSAGE:
        return "".join(text_of(field, v, begin, end, sep) for v in value)
    if not value:
        return ""
    return begin + sep.join(text_of(field, v, begin, end, sep) for v in value) + end


def scalar_equal(field, text, value):
    """Whether a CSV cell holds the protobuf value itself, parsed back."""
    if field.type in (field.TYPE_DOUBLE, field.TYPE_FLOAT):
        return float(text) == value
    if field.type == field.TYPE_BOOL:
        return text == ("true" if value else "false")
    if field.type == field.TYPE_STRING:
        return text == value
    if field.type == field.TYPE_BYTES:
        # As netcap/io/csv.hpp reads the names: hardware addresses first,
        # since "hw_addr" also ends in "addr".
        mac_name = field.name.endswith(("mac", "hw_address", "hw_addr"))
        if mac_name and len(value) == 6:
            return bytes.fromhex(text.replace(":", "")) == value
        if (not mac_name and field.name.endswith(("ip", "address", "addresses", "addr"))
                and len(value) in (4, 16)):
            return ipaddress.ip_address(text).packed == value
        return bytes.fromhex(text) == value
    return int(text) == value


class ReadModeTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "out")
        capture(SAMPLE, cls.out)
        cls.files = sorted(f for f in os.listdir(cls.out) if f.endswith(".ncap.gz"))
        # Every record of the folder, counted by the reader written from
        # docs/format.md, which shares no code with netcap's merged reading.
        cls.total = sum(len(read_records(os.path.join(cls.out, f))[1]) for f in cls.files)
        assert len(cls.files) >= 8, cls.files

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.out, name)

    def read(self, *args):
        result = netcap(*args)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_csv_reads_back_as_the_protobuf_values(self):
        for name in self.files:
            header, records = read_records(self.path(name))
            rows = list(csv.reader(io.StringIO(self.read("-r", self.path(name)))))
            fields = records[0].DESCRIPTOR.fields
            self.assertEqual(rows[0], [f.name for f in fields], name)
            self.assertEqual(len(rows), 1 + len(records), name)
            for row, record in zip(rows[1:], records):
                self.assertEqual(len(row), len(fields), name)
                for text, field in zip(row, fields):
                    value = getattr(record, field.name)
                    if field.label == field.LABEL_REPEATED or field.type == field.TYPE_MESSAGE:
                        self.assertEqual(text, text_of_field(record, field), (name, field.name))
                    else:
                        self.assertTrue(scalar_equal(field, text, value),
                                        (name, field.name, text, value))

    def test_counts_go_to_stderr_and_stdout_is_plain_csv(self):
        result = netcap("-r", self.path("IPv4.ncap.gz"))
        self.assertEqual(result.returncode, 0)
        _, records = read_records(self.path("IPv4.ncap.gz"))
        self.assertGreater(len(records), 20)
        self.assertEqual(len(result.stdout.splitlines()), 1 + len(records))
        self.assertNotIn("records", result.stdout)
        self.assertEqual(result.stderr, "%d records\n" % len(records))

    def test_uncompressed_files_read_the_same(self):
        with tempfile.TemporaryDirectory() as raw:
            capture(SAMPLE, raw, "-comp=false")
            for name in self.files:
                self.assertEqual(self.read("-r", os.path.join(raw, name[:-3])),
                                 self.read("-r", self.path(name)), name)

    def test_tsv_and_other_separators(self):
        path = self.path("IPv6.ncap.gz")
        comma = list(csv.reader(io.StringIO(self.read("-r", path))))
        for flags in (["-tsv"], ["-sep", "\t"], ["-sep", "\\t"]):
            tabs = list(csv.reader(io.StringIO(self.read("-r", path, *flags)), delimiter="\t"))
            self.assertEqual(tabs, comma, flags)
        semi = list(csv.reader(io.StringIO(self.read("-r", path, "-sep", ";")), delimiter=";"))
        self.assertEqual(semi, comma)

    def test_select_and_fields(self):
        path = self.path("UDP.ncap.gz")
        _, records = read_records(path)
        rows = list(csv.reader(io.StringIO(self.read("-r", path, "-select", "dst_port,timestamp"))))
        self.assertEqual(rows[0], ["dst_port", "timestamp"])
        self.assertEqual(rows[1:], [[str(r.dst_port), str(r.timestamp)] for r in records])
        self.assertEqual(self.read("-r", path, "-select", "length,src_port", "-fields"),
                         "length,src_port\n")
        self.assertEqual(self.read("-r", path, "-fields", "-tsv").split("\t")[:2],
                         ["timestamp", "src_port"])
        result = netcap("-r", path, "-select", "timestamp,nope")
        self.assertEqual(result.returncode, 1)
        self.assertIn('invalid field "nope"', result.stderr)
        self.assertIn("dst_port", result.stderr)

    def test_nested_fields_use_begin_end_and_struct_sep(self):
        path = self.path("TCP.ncap.gz")
        _, records = read_records(path)
        options = records[0].DESCRIPTOR.fields_by_name["options"]
        lines = self.read("-r", path, "-select", "options", "-begin", "[", "-end", "]",
                          "-struct-sep", "|").splitlines()
        self.assertEqual(lines[1:], [text_of_field(r, options, "[", "]", "|") for r in records])
        self.assertIn("[2|4|05b4][4|2|][1|1|][1|1|]", lines)

    def test_utc(self):
        path = self.path("UDP.ncap.gz")
        _, records = read_records(path)
        rows = list(csv.reader(io.StringIO(self.read("-r", path, "-utc", "-select", "timestamp"))))
        for (text,), record in zip(rows[1:], records):
            self.assertRegex(text, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$")
            seconds = datetime.datetime.fromisoformat(text[:19]).replace(
                tzinfo=datetime.timezone.utc).timestamp()
            self.assertEqual(int(seconds) * 10**9 + int(text[20:29]), record.timestamp)
        self.assertEqual(rows[1], ["2023-11-14T22:13:20.010000123Z"])
        result = netcap("-r", path, "-utc", "-json")
        self.assertEqual(result.returncode, 1)
        self.assertIn("-utc applies to CSV and table output", result.stderr)

    def test_json_lines_read_back_as_the_records(self):
        for name in self.files:
            header, records = read_records(self.path(name))
            lines = self.read("-r", self.path(name), "-json").splitlines()
            self.assertEqual(len(lines), len(records))
            for line, record in zip(lines, records):
                parsed = json.loads(line)
                # Every field, in order, but a message field that is not set:
                # protobuf's JSON mapping leaves those out (BFD's auth_header).
                self.assertEqual(list(parsed), [
                    f.name for f in record.DESCRIPTOR.fields
                    if f.message_type is None or f.label == f.LABEL_REPEATED
                    or record.HasField(f.name)])
                self.assertEqual(parsed["timestamp"], str(record.timestamp))
                again = type(record)()
                json_format.ParseDict(parsed, again)
                self.assertEqual(again, record, name)
        ip = json.loads(self.read("-r", self.path("IPv4.ncap.gz"), "-json").splitlines()[0])
        self.assertEqual(str(ipaddress.ip_address(base64.b64decode(ip["src_ip"]))),
                         "192.168.1.10")

    def test_json_select(self):
        lines = self.read("-r", self.path("UDP.ncap.gz"), "-json", "-select",
                          "dst_port,length").splitlines()
        self.assertEqual(list(json.loads(lines[0])), ["dst_port", "length"])

    def test_struc_reads_back_as_the_records(self):
        _, records = read_records(self.path("TCP.ncap.gz"))
        text = self.read("-r", self.path("TCP.ncap.gz"), "-struc")
        blocks = re.findall(r"^TCP \{\n(.*?)^\}\n", text, re.M | re.S)
        self.assertEqual(len(blocks), len(records))
        for block, record in zip(blocks, records):
            self.assertEqual(text_format.Parse(block, type(record)()), record)

    def test_table_aligns_every_cell_in_its_column(self):
        _, records = read_records(self.path("TCP.ncap.gz"))
        lines = self.read("-r", self.path("TCP.ncap.gz"), "-table").splitlines()
        header, rule, rows = lines[0], lines[1], lines[2:]
        self.assertEqual(len(rows), len(records))
        spans = [m.span() for m in re.finditer(r"-+", rule)]
        self.assertEqual([header[a:b].strip() for a, b in spans],
                         [f.name for f in records[0].DESCRIPTOR.fields])
        for row, record in zip(rows, records):
            cells = [row[a:b].strip() for a, b in spans]
            gaps = "".join(row[b:a] for (_, b), (a, _) in zip(spans, spans[1:]))
            self.assertEqual(gaps.strip(), "", row)
            self.assertEqual(cells[0], str(record.timestamp))
            self.assertEqual(cells[1], str(record.src_port))
            self.assertTrue(all(len(c) <= 40 for c in cells), row)

    def test_table_starts_anew_every_100_records(self):
        lines = self.read("-r", self.out, "-table").split("\n\n")
        self.assertEqual(len(lines), (self.total + 99) // 100)  # a table per 100 records
        big = os.path.join(self.tmp.name, "big.pcap")
        with open(SAMPLE, "rb") as f:
            sample = f.read()
        with open(big, "wb") as f:
            f.write(sample + sample[24:] * 9)
        with tempfile.TemporaryDirectory() as out:
            capture(big, out)
            tables = self.read("-r", os.path.join(out, "Ethernet.ncap.gz"), "-table").split("\n\n")
            n = 10 * len(read_records(self.path("Ethernet.ncap.gz"))[1])
            expected = [100] * (n // 100) + ([n % 100] if n % 100 else [])
            self.assertEqual([len(t.strip().splitlines()) - 2 for t in tables], expected)

    def test_header(self):
        text = self.read("-r", self.path("TCP.ncap.gz"), "-header", "-utc")
        rows = dict(line.split(",", 1) for line in text.splitlines())
        self.assertEqual(list(rows), ["record_type", "version", "input_source", "created",
                                      "contains_payloads"])
        self.assertEqual(rows["record_type"], "TCP")
        self.assertEqual(rows["input_source"], SAMPLE)
        self.assertRegex(rows["created"], r"^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$")
        parsed = json.loads(self.read("-r", self.path("TCP.ncap.gz"), "-header", "-json"))
        self.assertEqual(parsed["record_type"], "TCP")
        self.assertIn("created", parsed)

    def test_check_good_files(self):
        for name in self.files:
            _, records = read_records(self.path(name))
            result = netcap("-r", self.path(name), "-check")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout, "%s: %d records\n" % (self.path(name), len(records)))
        result = netcap("-r", self.out, "-check")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(result.stdout.splitlines()), len(self.files))

    def damaged(self, name, change):
        folder = os.path.join(self.tmp.name, "damaged")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name)
        with open(self.path(name), "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(change(data))
        return path

    def assert_damaged(self, path, message):
        result = netcap("-r", path, "-check")
        self.assertEqual(result.returncode, 1, result)
        self.assertEqual(result.stdout, "")
        self.assertRegex(result.stderr, "^netcap: " + message, result.stderr)

    def test_check_truncated_files(self):
        self.assert_damaged(self.damaged("Ethernet.ncap.gz", lambda d: d[:-10]),
                            r".*Ethernet.ncap.gz is damaged after \d+ records: ")
        self.assert_damaged(self.damaged("Ethernet.ncap.gz", lambda d: d[:len(d) // 2]),
                            r".*Ethernet.ncap.gz is damaged after \d+ records: ")
        with tempfile.TemporaryDirectory() as raw:
            capture(SAMPLE, raw, "-comp=false")
            path = os.path.join(raw, "Ethernet.ncap")
            with open(path, "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(data[:-3])
            _, records = read_records(self.path("Ethernet.ncap.gz"))
            self.assert_damaged(path, r".*Ethernet.ncap is damaged after %d records: a record "
                                      r"is cut short" % (len(records) - 1))

    def test_check_corrupt_files(self):
        def flip(data):
            middle = len(data) * 2 // 3
            return data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 8]) + \
                data[middle + 8:]
        self.assert_damaged(self.damaged("Ethernet.ncap.gz", flip),
                            r".*Ethernet.ncap.gz is damaged after \d+ records: ")
        self.assert_damaged(self.damaged("Ethernet.ncap.gz", lambda d: b"garbage" + d),
                            r".*Ethernet.ncap.gz is not a netcap record file")

    def test_check_a_folder_reports_every_file(self):
        with tempfile.TemporaryDirectory() as folder:
            capture(SAMPLE, folder)
            path = os.path.join(folder, "TCP.ncap.gz")
            with open(path, "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(data[:-10])
            result = netcap("-r", folder, "-check")
            self.assertEqual(result.returncode, 1)
            self.assertEqual(len(result.stdout.splitlines()), len(self.files) - 1)
            self.assertIn("TCP.ncap.gz is damaged after", result.stderr)

    def test_check_refuses_a_capture(self):
        result = netcap("-r", SAMPLE, "-check")
        self.assertEqual(result.returncode, 1)
        self.assertIn("is not a netcap record file", result.stderr)

    def merged_rows(self, *args):
        return list(csv.DictReader(io.StringIO(self.read("-r", *args))))

    def test_merged_folder_is_every_record_in_timestamp_order(self):
        rows = self.merged_rows(self.out)
        self.assertEqual(len(rows), self.total)
        self.assertEqual(list(rows[0])[:2], ["record_type", "timestamp"])
        times = [int(r["timestamp"]) for r in rows]
        self.assertEqual(times, sorted(times))
        # Each record type's rows are that file's rows, column for column.
        for name in self.files:
            kind = name[:-len(".ncap.gz")]
            single = list(csv.DictReader(io.StringIO(self.read("-r", self.path(name)))))
            mine = [{k: r[k] for k in single[0]} for r in rows if r["record_type"] == kind]
            key = lambda r: sorted(r.items())
            self.assertEqual(sorted(mine, key=key), sorted(single, key=key), kind)
            for r in rows:
                if r["record_type"] == kind:
                    others = {v for k, v in r.items() if k not in single[0] and k != "record_type"}
                    self.assertLessEqual(others, {""}, kind)  # columns of other types stay empty
        # One packet's records come outside in, then the flows it starts
        # (stamped with their first packet), in the order of the encoders.
        first = [r["record_type"] for r in rows if r["timestamp"] == "1700000000010000123"]
        self.assertEqual(first, ["Ethernet", "IPv4", "UDP", "DNS", "NetworkFlow",
                                 "TransportFlow", "Flow", "Connection"])

    def test_merged_list_of_files(self):
        paths = self.path("UDP.ncap.gz") + "," + self.path("IPv4.ncap.gz")
        rows = self.merged_rows(paths, "-select", "timestamp,src_ip,src_port")
        self.assertEqual(list(rows[0]), ["record_type", "timestamp", "src_ip", "src_port"])
        self.assertEqual(len(rows), len(read_records(self.path("UDP.ncap.gz"))[1]) +
                         len(read_records(self.path("IPv4.ncap.gz"))[1]))
        self.assertEqual(rows[0], {"record_type": "IPv4", "timestamp": "1700000000010000123",
                                   "src_ip": "192.168.1.10", "src_port": ""})
        self.assertEqual(rows[1]["record_type"], "UDP")
        self.assertEqual(rows[1]["src_port"], "51000")

    def test_merged_json(self):
        _, udp = read_records(self.path("UDP.ncap.gz"))
        lines = [json.loads(line) for line in self.read("-r", self.out, "-json").splitlines()]
        self.assertEqual(len(lines), self.total)
        self.assertTrue(all(list(obj)[0] == "record_type" for obj in lines))
        mine = [obj for obj in lines if obj["record_type"] == "UDP"]
        for obj in mine:
            del obj["record_type"]
        expected = [json_format.MessageToDict(r, preserving_proto_field_name=True,
                                              including_default_value_fields=True) for r in udp]
        key = lambda d: d["timestamp"]
        self.assertEqual(sorted(mine, key=key), sorted(expected, key=key))

    def test_merged_folder_needs_record_files(self):
        with tempfile.TemporaryDirectory() as empty:
            result = netcap("-r", empty)
            self.assertEqual(result.returncode, 1)
            self.assertIn("holds no record files", result.stderr)


class CsvCaptureTest(unittest.TestCase):
    """-csv writes what `netcap -r` prints for the record files, byte for byte."""

    def assert_same_as_dump(self, pcap, *flags):
        with tempfile.TemporaryDirectory() as tmp:
            records, text = os.path.join(tmp, "records"), os.path.join(tmp, "csv")
            capture(pcap, records, *flags)
            capture(pcap, text, "-csv", *flags)
            names = sorted(f[:-len(".ncap.gz")] for f in os.listdir(records)
                           if f.endswith(".ncap.gz"))
            self.assertEqual(names, sorted(f[:-len(".csv.gz")] for f in os.listdir(text)
                                           if f.endswith(".csv.gz")))
            self.assertFalse([f for f in os.listdir(text) if ".ncap" in f])
            lines = 0
            for name in names:
                with gzip.open(os.path.join(text, name + ".csv.gz"), "rt") as f:
                    written = f.read()
                printed = self.dump(os.path.join(records, name + ".ncap.gz"), *flags)
                self.assertEqual(written, printed, (pcap, name))
                lines += written.count("\n")
            return names, lines

    def dump(self, path, *flags):
        read_flags = [f for f in flags if f in ("-utc",)]
        result = netcap("-r", path, *read_flags)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_sample(self):
        names, _ = self.assert_same_as_dump(SAMPLE)
        self.assertIn("TCP", names)
        self.assert_same_as_dump(SAMPLE, "-utc")

    def test_real_captures(self):
        for name in REAL_CAPTURES:
            pcap = os.path.join(SHARED_PCAPS, name)
            self.assertTrue(os.path.exists(pcap), "shared/pcaps must lie beside the checkout")
            names, lines = self.assert_same_as_dump(pcap)
            self.assertGreater(lines, 2 * len(names), name)

    def test_uncompressed_and_many_workers(self):
        pcap = os.path.join(SHARED_PCAPS, REAL_CAPTURES[0])
        with tempfile.TemporaryDirectory() as tmp:
            records, text = os.path.join(tmp, "records"), os.path.join(tmp, "csv")
            capture(pcap, records)
            result = netcap("-r", pcap, "-out", text, "-csv", "-comp=false", "-workers", "3",
                            "-block-size", "4096")
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(os.path.join(text, "TCP.csv")) as f:
                written = f.read().splitlines()
            printed = self.dump(os.path.join(records, "TCP.ncap.gz")).splitlines()
            self.assertGreater(len(printed), 100)
            self.assertEqual(written[0], printed[0])
            self.assertEqual(sorted(written[1:]), sorted(printed[1:]))


if __name__ == "__main__":
    unittest.main()
