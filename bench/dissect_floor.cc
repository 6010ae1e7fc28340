// The floor bench/compare.sh measures netcap against: one thread reading a
// capture with libpcap and dissecting every packet with libtins (through
// netcap's dissect(), which is one libtins constructor for a well-formed
// packet), doing nothing with the result. No program that decodes every
// packet with libtins can be faster on one core.
//
//   dissect_floor capture.pcap
//
// Prints the packets and bytes read and the CPU time taken.
#include <pcap/pcap.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <iostream>

#include "netcap/core/dissect.hpp"

namespace {

double cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: dissect_floor capture.pcap\n";
    return 2;
  }
  char error[PCAP_ERRBUF_SIZE];
  pcap_t* pcap = pcap_open_offline(argv[1], error);
  if (pcap == nullptr) {
    std::cerr << "dissect_floor: " << error << "\n";
    return 1;
  }
  const int link_type = pcap_datalink(pcap);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t layers = 0;
  pcap_pkthdr* header;
  const u_char* data;
  while (pcap_next_ex(pcap, &header, &data) == 1) {
    netcap::dissection d = netcap::dissect(link_type, data, header->caplen);
    for (const Tins::PDU* p = d.root.get(); p != nullptr; p = p->inner_pdu()) ++layers;
    ++packets;
    bytes += header->caplen;
  }
  pcap_close(pcap);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "dissect_floor: " << packets << " packets, " << bytes << " bytes, " << layers
            << " layers in " << wall << " s wall, " << cpu_seconds() << " s CPU\n";
  return 0;
}
