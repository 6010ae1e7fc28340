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

    def test_claim_above_measured_cannot_be_written(self):
        # 99.99999% is written as 99.999%, never rounded up to 100.000%.
        self.assertEqual(tc.floor_percent(9_999_999, 10_000_000), "99.999%")
        self.assertEqual(tc.floor_percent(5, 5), "100.000%")


if __name__ == "__main__":
    unittest.main()
