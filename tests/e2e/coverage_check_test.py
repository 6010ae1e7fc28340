#!/usr/bin/python3
"""Tests the coverage check of tshark_compare.py (--check-coverage) without
running tshark or netcap: a page written by write_coverage from a tally is
read back, and each way the run can fall short of the page fails the check.

Usage: coverage_check_test.py TSHARK_COMPARE_PY
"""

import importlib.util
import os
import sys
import tempfile
import unittest

SCRIPT = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "tshark_compare.py")
spec = importlib.util.spec_from_file_location("tshark_compare", SCRIPT)
tc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tc)

# The record types of a netcap build: every compared one and one that is
# not compared.
RECORD_TYPES = tc.TYPES + ["LCM"]


def make_tally(agreed_share=1.0):
    tally = tc.Tally()
    for t in tc.TYPES:
        tally.files[t] = 2
        tally.records[t] = 100
        tally.rows[t] = 100
        tally.compared[t] = 100_000
        tally.agreed[t] = 100_000
    tally.files["LCM"] = 1
    tally.records["LCM"] = 7
    tally.agreed["DNS"] = int(100_000 * agreed_share)
    tally.beyond["UDP"] = 3
    return tally


class CoverageCheck(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(
            dir=os.environ.get("TEST_TMPDIR"))
        cls.page = os.path.join(cls.dir.name, "coverage.md")
        # DNS agrees on 99.96789%: the page claims 99.967%, rounded down.
        tc.write_coverage(cls.page, make_tally(0.9996789), ["a.pcap"],
                          {"bad.pcap": "archaic pcap savefile format"},
                          "/bin/false", RECORD_TYPES)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_page_claims_each_type_rounded_down(self):
        claims = tc.read_coverage_claims(self.page)
        self.assertEqual(sorted(claims), sorted(RECORD_TYPES))
        self.assertEqual(claims["DNS"], 99.967)
        self.assertEqual(claims["TCP"], 100.0)
        self.assertIsNone(claims["LCM"])
        with open(self.page, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("do not edit", text)
        self.assertIn("bad.pcap", text)
        self.assertIn("| LCM | 1 | 7 |", text)

    def test_same_run_passes(self):
        self.assertEqual(tc.check_coverage(
            self.page, make_tally(0.9996789), RECORD_TYPES), [])

    def test_better_run_passes(self):
        self.assertEqual(tc.check_coverage(
            self.page, make_tally(1.0), RECORD_TYPES), [])

    def test_drop_below_claim_fails(self):
        problems = tc.check_coverage(self.page, make_tally(0.99966),
                                     RECORD_TYPES)
        self.assertEqual(len(problems), 1)
        self.assertIn("DNS agrees on 99.966%", problems[0])
        self.assertIn("below the 99.967%", problems[0])

    def test_type_without_values_fails(self):
        tally = make_tally(0.9996789)
        tally.compared["ARP"] = 0
        tally.agreed["ARP"] = 0
        problems = tc.check_coverage(self.page, tally, RECORD_TYPES)
        self.assertEqual(len(problems), 1)
        self.assertIn("ARP: no values compared", problems[0])

    def test_compared_type_without_values_on_the_page(self):
        # ModbusTCP is mapped, but no capture holds it: the page says
        # "none compared", which a run without values matches and a run
        # with values does not.
        tally = make_tally(1.0)
        tally.compared["ARP"] = 0
        tally.agreed["ARP"] = 0
        page = os.path.join(self.dir.name, "none.md")
        tc.write_coverage(page, tally, ["a.pcap"], {}, "/bin/false",
                          RECORD_TYPES)
        self.assertEqual(tc.read_coverage_claims(page)["ARP"],
                         tc.NONE_COMPARED)
        self.assertEqual(tc.check_coverage(page, tally, RECORD_TYPES), [])
        problems = tc.check_coverage(page, make_tally(1.0), RECORD_TYPES)
        self.assertEqual(len(problems), 1)
        self.assertIn("ARP: 100000 values compared in this run", problems[0])

    def test_new_record_type_without_row_fails(self):
        # A made-up type: Geneve, the example before, has a mapping now.
        self.assertNotIn("NewEncoder", tc.TYPES)
        problems = tc.check_coverage(self.page, make_tally(0.9996789),
                                     RECORD_TYPES + ["NewEncoder"])
        self.assertTrue(any("NewEncoder has no row" in p for p in problems),
                        problems)
        self.assertTrue(any("NewEncoder has neither a tshark mapping" in p
                            for p in problems), problems)

    def test_row_for_type_netcap_lacks_fails(self):
        problems = tc.check_coverage(
            self.page, make_tally(0.9996789),
            [t for t in RECORD_TYPES if t != "LCM"])
        self.assertEqual(len(problems), 1)
        self.assertIn("LCM, which netcap does not write",
                      problems[0])

    def test_page_lists_records_beyond_tshark(self):
        self.assertEqual(tc.read_coverage_claims(self.page)["UDP"], 100.0)
        beyond = tc.read_coverage_beyond(self.page)
        self.assertEqual(beyond["UDP"], 3)
        self.assertEqual(beyond["TCP"], 0)
        self.assertNotIn("LCM", beyond)

    def test_more_records_beyond_tshark_fail(self):
        # Not compared, so a new one could hide a netcap error: it needs
        # checking and the page regenerated.
        tally = make_tally(0.9996789)
        tally.beyond["UDP"] = 4
        problems = tc.check_coverage(self.page, tally, RECORD_TYPES)
        self.assertEqual(len(problems), 1)
        self.assertIn("UDP: 4 records beyond tshark", problems[0])
        tally.beyond["UDP"] = 2
        self.assertEqual(tc.check_coverage(self.page, tally, RECORD_TYPES),
                         [])

    def test_claim_above_measured_cannot_be_written(self):
        # 99.99999% is written as 99.999%, never rounded up to 100.000%.
        self.assertEqual(tc.floor_percent(9_999_999, 10_000_000), "99.999%")
        self.assertEqual(tc.floor_percent(5, 5), "100.000%")


def packet(protocols, **layers):
    """tshark's JSON layers of one packet."""
    layers["frame"] = {"frame.protocols": protocols, "frame.number": "1",
                       "frame.time_epoch": "1.0"}
    return layers


ERROR = {"_ws.expert": {"_ws.expert.message": "Bogus IP length",
                        "_ws.expert.severity": "8388608",
                        "_ws.expert.group": "33554432"}}
NOTE = {"_ws.expert": {"_ws.expert.message": "Checksum bad",
                       "_ws.expert.severity": "4194304"}}


class StopFault(unittest.TestCase):
    """tshark_stop_fault: where tshark stops at a header it finds faulty."""

    def stop(self, layers):
        return tc.tshark_stop_fault(tc.expected_layers(layers), layers)

    def test_error_on_the_last_layer(self):
        layers = packet("eth:ethertype:ip", eth={"eth.type": "0x0800"},
                        ip={"ip.version": "4", "ip.len": "19",
                            "ip.len_tree": ERROR})
        self.assertEqual(self.stop(layers), "ip: Bogus IP length")

    def test_exception_in_the_last_layer(self):
        layers = packet("eth:ethertype:ipv6:udp", eth={"eth.type": "0x86dd"},
                        ipv6={"ipv6.version": "6", "ipv6.nxt": "17"},
                        **{"_ws.malformed": ERROR})
        self.assertEqual(self.stop(layers), "udp: Bogus IP length")

    def test_no_stop(self):
        # A warning is no fault; an error on a layer tshark went past is
        # not where it stops; a capture cut short is no fault of the header.
        warned = packet("eth:ethertype:ip", eth={"eth.type": "0x0800"},
                        ip={"ip.version": "4", "ip.len_tree": NOTE})
        self.assertIsNone(self.stop(warned))
        went_on = packet("eth:ethertype:ip:udp", eth={"eth.type": "0x0800"},
                         ip={"ip.version": "4", "ip.proto": "17",
                             "ip.len_tree": ERROR},
                         udp={"udp.srcport": "1"})
        self.assertIsNone(self.stop(went_on))
        short = packet("eth:ethertype:ip", eth={"eth.type": "0x0800"},
                       ip={"ip.version": "4", "ip.len_tree": ERROR},
                       **{"_ws.short": {}})
        self.assertIsNone(self.stop(short))

    def test_unpaired_records_in_such_a_frame_are_beyond_tshark(self):
        tally = tc.Tally()
        record = {"src_port": 1, "dst_port": 53}
        tc.compare_group(tally, "a.pcap", "UDP", 1, [record], [], {1: [1]},
                         [], False, stop="ip: Bogus IP length")
        self.assertEqual(tally.beyond["UDP"], 1)
        self.assertEqual(tally.compared["UDP"], 0)
        self.assertEqual(list(tally.beyond_kinds),
                         [("UDP", "ip: Bogus IP length")])
        tc.compare_group(tally, "a.pcap", "UDP", 1, [record], [], {1: [1]},
                         [], False)
        self.assertEqual(tally.compared["UDP"], 1)
        self.assertEqual(tally.beyond["UDP"], 1)


if __name__ == "__main__":
    unittest.main()
