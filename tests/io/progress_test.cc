#include "netcap/io/progress.hpp"

#include <chrono>
#include <sstream>

#include "gtest/gtest.h"

namespace netcap::io {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ProgressLine, ShowsShareOfTheFileRateAndTimeLeft) {
  progress_line line("big.pcap", false, 300'000'000, false);
  // A quarter of the file in 10 s: 30 s left at the same pace.
  EXPECT_EQ(line.format({40'000, 120'000, seconds(10), 75'000'000, std::nullopt}),
            "netcap: big.pcap: 25.0% of 300.0 MB, 40000 packets, 4000 packets/s, "
            "120000 records, 0:10 elapsed, 0:30 left");
  // The rate is over the last interval (30000 packets in 2 s), the time
  // left over the whole run (half in 12 s).
  EXPECT_EQ(line.format({70'000, 210'000, seconds(12), 150'000'000, std::nullopt}),
            "netcap: big.pcap: 50.0% of 300.0 MB, 70000 packets, 15000 packets/s, "
            "210000 records, 0:12 elapsed, 0:12 left");
}

TEST(ProgressLine, HoursAndTheEndOfTheFile) {
  progress_line line("x.pcap", false, 1'000, false);
  EXPECT_EQ(line.format({5, 9, seconds(3725), 1'000, std::nullopt}),
            "netcap: x.pcap: 100.0% of 0.0 MB, 5 packets, 0 packets/s, 9 records, "
            "1:02:05 elapsed, 0:00 left");
}

TEST(ProgressLine, WithoutAFileSizeShowsCountsOnly) {
  // A pipe: libpcap's position is unknown, and so is the size.
  progress_line pipe("-", false, 0, false);
  EXPECT_EQ(pipe.format({100, 300, milliseconds(500), std::nullopt, std::nullopt}),
            "netcap: -: 100 packets, 200 packets/s, 300 records, 0:00 elapsed");
  // Nothing read yet: no time left can be estimated.
  progress_line start("a.pcap", false, 1'000'000, false);
  EXPECT_EQ(start.format({0, 0, milliseconds(500), 0, std::nullopt}),
            "netcap: a.pcap: 0.0% of 1.0 MB, 0 packets, 0 packets/s, 0 records, 0:00 elapsed");
}

TEST(ProgressLine, LiveCapturesShowDrops) {
  progress_line line("eth0", true, 0, false);
  EXPECT_EQ(line.format({10, 20, seconds(1), std::nullopt, capture_stats{12, 1, 2}}),
            "netcap: eth0: 10 packets, 10 packets/s, 20 records, dropped 1 by the kernel, "
            "2 by the interface, 0:01 elapsed");
  EXPECT_EQ(line.format({10, 20, seconds(2), std::nullopt, std::nullopt}),
            "netcap: eth0: 10 packets, 0 packets/s, 20 records, drops unknown, 0:02 elapsed");
}

TEST(ProgressLine, RewritesInPlaceOnATerminalAndClearsAtTheEnd) {
  std::ostringstream terminal;
  progress_line on_terminal("a.pcap", false, 0, true);
  on_terminal.print({1, 2, seconds(1), std::nullopt, std::nullopt}, terminal);
  on_terminal.finish(terminal);
  EXPECT_EQ(terminal.str(),
            "\rnetcap: a.pcap: 1 packets, 1 packets/s, 2 records, 0:01 elapsed\33[K\r\33[K");
  std::ostringstream log;
  progress_line in_log("a.pcap", false, 0, false);
  in_log.print({1, 2, seconds(1), std::nullopt, std::nullopt}, log);
  in_log.finish(log);
  EXPECT_EQ(log.str(), "netcap: a.pcap: 1 packets, 1 packets/s, 2 records, 0:01 elapsed\n");
}

}  // namespace
}  // namespace netcap::io
