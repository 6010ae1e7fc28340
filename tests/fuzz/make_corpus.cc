// Writes the packet fuzzer's seed corpus: the first packets of every
// capture in a folder, each as one input file in packet_input.hpp's form,
// without duplicates. Captures libpcap refuses and link types the fuzzer
// does not pick are skipped.
//
//   make_corpus CAPTURE_FOLDER OUTPUT_FOLDER [PACKETS_PER_CAPTURE [MAX_BYTES]]
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "tests/fuzz/packet_input.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: make_corpus CAPTURE_FOLDER OUTPUT_FOLDER [PACKETS [MAX_BYTES]]\n";
    return 2;
  }
  namespace fs = std::filesystem;
  const fs::path captures = argv[1];
  const fs::path output = argv[2];
  const int per_capture = argc > 3 ? std::atoi(argv[3]) : 8;
  const std::size_t max_bytes = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 2048;
  fs::create_directories(output);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(captures)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::set<std::size_t> seen;
  int captures_used = 0;
  for (const fs::path& file : files) {
    char error[PCAP_ERRBUF_SIZE];
    pcap_t* handle = pcap_open_offline(file.c_str(), error);
    if (handle == nullptr) continue;
    const int link_type = pcap_datalink(handle);
    pcap_pkthdr* header;
    const u_char* data;
    int written = 0;
    for (int i = 0; i < per_capture && pcap_next_ex(handle, &header, &data) == 1; ++i) {
      const std::string input = netcap::fuzz::make_packet_input(
          link_type, data, std::min<std::size_t>(header->caplen, max_bytes));
      if (input.empty()) break;
      const std::size_t hash = std::hash<std::string>{}(input);
      if (!seen.insert(hash).second) continue;
      char name[32];
      std::snprintf(name, sizeof(name), "%016zx", hash);
      std::ofstream(output / name, std::ios::binary) << input;
      ++written;
    }
    captures_used += written > 0;
    pcap_close(handle);
  }
  std::cout << "make_corpus: " << seen.size() << " packets from " << captures_used
            << " captures\n";
  return seen.empty() ? 1 : 0;
}
