// syn_sensor: netcap's whole command line over three of netcap's encoders
// and this project's SYNPorts.
//
//   syn_sensor -r capture.pcap -out records
//   syn_sensor -r records/SYNPorts.ncap.gz
#include "absl/flags/flag.h"
#include "netcap/encoders/ipv4.hpp"
#include "netcap/encoders/ipv6.hpp"
#include "netcap/encoders/tcp.hpp"
#include "netcap/pipeline.hpp"
#include "syn_ports.hpp"
#include "tools/netcap_main.hpp"

using syn_pipeline =
    netcap::pipeline<netcap::encoders::ipv4, netcap::encoders::ipv6,
                     netcap::encoders::tcp, example::syn_ports>;

int main(int argc, char** argv) {
  // Every worker thread runs a pipeline of its own, so with N workers a port
  // gets up to N records whose counts add up. One worker by default gives
  // one record per port; -workers still overrides it.
  absl::SetFlag(&FLAGS_workers, 1);
  return netcap::tools::run<syn_pipeline>(argc, argv);
}
