// Internal to bench/: captures loaded into memory for the benchmarks, so
// that a stage is timed without the disk or libpcap in it.
#ifndef NETCAP_BENCH_BENCH_CAPTURE_HPP_
#define NETCAP_BENCH_BENCH_CAPTURE_HPP_

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace netcap::bench {

struct packet {
  std::int64_t timestamp_ns;
  std::uint32_t original_length;
  std::vector<std::uint8_t> bytes;
};

struct capture {
  std::string name;
  std::string path;
  int link_type = 0;
  std::vector<packet> packets;
  std::uint64_t bytes = 0;
};

// Reads every packet of `path` into `c`; prints libpcap's error and returns
// false when it cannot.
inline bool load(const std::string& path, capture& c) {
  char error[PCAP_ERRBUF_SIZE];
  pcap_t* pcap =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
  if (pcap == nullptr) {
    std::cerr << "benchmark: " << error << "\n";
    return false;
  }
  c.name = std::filesystem::path(path).filename().string();
  c.path = path;
  c.link_type = pcap_datalink(pcap);
  pcap_pkthdr* header;
  const u_char* data;
  while (pcap_next_ex(pcap, &header, &data) == 1) {
    c.packets.push_back({header->ts.tv_sec * 1'000'000'000LL + header->ts.tv_usec, header->len,
                         std::vector<std::uint8_t>(data, data + header->caplen)});
    c.bytes += header->caplen;
  }
  pcap_close(pcap);
  return true;
}

// The captures named on the command line, or else `defaults` from
// shared/pcaps beside the checkout.
inline std::vector<std::string> capture_paths(int argc, char** argv,
                                              const std::vector<std::string>& defaults) {
  std::vector<std::string> paths(argv + 1, argv + argc);
  if (!paths.empty()) return paths;
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  const std::filesystem::path pcaps =
      std::filesystem::path(workspace != nullptr ? workspace : ".") / ".." / "shared" / "pcaps";
  for (const std::string& name : defaults) paths.push_back((pcaps / name).string());
  return paths;
}

}  // namespace netcap::bench

#endif  // NETCAP_BENCH_BENCH_CAPTURE_HPP_
