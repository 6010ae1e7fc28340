#include "netcap/io/progress.hpp"

#include <pcap/dlt.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "netcap/io/pcap_source.hpp"
#include "netcap/io/pcap_writer.hpp"

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

// The numbers the line is made of: how far libpcap has read into the file,
// in bytes, and the file's size.
TEST(PcapSource, ReportsBytesReadAndFileSize) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/three.pcap";
  const std::vector<std::uint32_t> lengths = {60, 1514, 200};
  {
    pcap_writer writer(path, DLT_EN10MB, 65535);
    const std::vector<std::uint8_t> bytes(1514, 0xab);
    for (std::uint32_t length : lengths) writer.write(0, bytes.data(), length, length);
    ASSERT_TRUE(writer.close().ok());
  }
  auto source = pcap_source::open_file(path, "");
  ASSERT_TRUE(source.ok()) << source.status();
  // The 24-byte file header, then 16 bytes of record header per packet.
  const std::uint64_t size = 24 + (16 + 60) + (16 + 1514) + (16 + 200);
  EXPECT_EQ((*source)->file_size(), size);
  EXPECT_EQ((*source)->bytes_read(), std::optional<std::uint64_t>(24));
  std::uint64_t expected = 24;
  raw_packet packet;
  for (std::uint32_t length : lengths) {
    ASSERT_TRUE(*(*source)->next(packet));
    expected += 16 + length;
    EXPECT_EQ((*source)->bytes_read(), std::optional<std::uint64_t>(expected));
  }
  EXPECT_FALSE(*(*source)->next(packet));
  EXPECT_EQ((*source)->bytes_read(), std::optional<std::uint64_t>(size));
}

TEST(PcapSource, KnowsNeitherPositionNorSizeOfAPipe) {
  const std::string dir = std::getenv("TEST_TMPDIR");
  const std::string file = dir + "/one.pcap";
  const std::string fifo = dir + "/one.fifo";
  {
    pcap_writer writer(file, DLT_EN10MB, 65535);
    const std::vector<std::uint8_t> bytes(60, 0xab);
    writer.write(0, bytes.data(), 60, 60);
    ASSERT_TRUE(writer.close().ok());
  }
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // The capture's bytes, fed through the pipe as `tcpdump -w - |` would.
  std::thread feeder([&] {
    std::ifstream in(file, std::ios::binary);
    std::ofstream out(fifo, std::ios::binary);
    out << in.rdbuf();
  });
  auto source = pcap_source::open_file(fifo, "");
  ASSERT_TRUE(source.ok()) << source.status();
  raw_packet packet;
  EXPECT_TRUE(*(*source)->next(packet));
  EXPECT_EQ((*source)->bytes_read(), std::nullopt);
  EXPECT_EQ((*source)->file_size(), 0u);
  EXPECT_FALSE(*(*source)->next(packet));
  feeder.join();
}

}  // namespace
}  // namespace netcap::io
