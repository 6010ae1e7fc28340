// libFuzzer target: any bytes as one captured packet, taken through what
// netcap does with a packet: dissection, every encoder, the records framed
// as record files hold them and rendered as CSV lines, and the errors.log
// entry. The packet path must never crash, hang or read out of bounds,
// whatever the bytes (docs/robustness.md).
//
// The first byte chooses the link type the packet was captured with, the
// second the run's options (-payload, -entropy, and one encoder to
// -exclude); the rest is the packet. make_corpus writes real packets from
// shared/pcaps in that form.
#include <pcap/dlt.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "netcap/core/dissect.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/all.hpp"
#include "netcap/io/csv.hpp"
#include "netcap/io/error_log.hpp"
#include "netcap/io/record_writer.hpp"
#include "netcap/pipeline.hpp"
#include "tests/fuzz/packet_input.hpp"

namespace netcap::fuzz {
namespace {

using full = encoders::full_pipeline;

// Frames each record as a record file would and renders its CSV line,
// then checks that the frame parses back.
class checking_sink {
 public:
  checking_sink() {
    const std::vector<const google::protobuf::Descriptor*> descriptors =
        collect_descriptors(full::encoder_list{});
    for (const auto* descriptor : descriptors) printers_.emplace_back(*descriptor, io::csv_options{});
  }

  template <class Record>
  void write(std::size_t index, const Record& record) {
    framed_.clear();
    io::append_framed(record, framed_);
    line_.clear();
    printers_[index].append_line(record, line_);
    Record back;
    google::protobuf::io::CodedInputStream in(
        reinterpret_cast<const std::uint8_t*>(framed_.data()), static_cast<int>(framed_.size()));
    std::uint32_t size = 0;
    if (!in.ReadVarint32(&size) || size != framed_.size() - in.CurrentPosition() ||
        !back.ParseFromArray(framed_.data() + in.CurrentPosition(), static_cast<int>(size))) {
      __builtin_trap();  // a record netcap wrote does not read back
    }
  }

 private:
  template <class... Encoders>
  static std::vector<const google::protobuf::Descriptor*> collect_descriptors(
      type_list<Encoders...>) {
    return {Encoders::record_type::descriptor()...};
  }

  std::vector<io::csv_printer> printers_;
  std::string framed_;
  std::string line_;
};

}  // namespace
}  // namespace netcap::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  netcap::fuzz::full::register_layers();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netcap;
  const fuzz::packet_input input = fuzz::parse_packet_input(data, size);
  fuzz::full::mask enabled;
  enabled.set();
  fuzz::full::mask stops;
  const std::size_t choice = fuzz::exclude_index(input, fuzz::full::size);
  if (choice < fuzz::full::size) stops.set(choice);
  // A pipeline per choice of excluded encoder, reused from input to input
  // as a worker reuses its pipeline from packet to packet.
  static std::array<std::unique_ptr<fuzz::full>, fuzz::full::size + 1> pipelines;
  if (pipelines[choice] == nullptr) pipelines[choice] = std::make_unique<fuzz::full>(enabled, stops);
  fuzz::full* pipeline = pipelines[choice].get();
  static fuzz::checking_sink sink;

  frame f;
  f.timestamp_ns = 1'700'000'000'123'456'789;
  f.data = input.packet;
  f.captured_length = input.packet_size;
  f.original_length = input.packet_size + input.cut;
  f.link_type = input.link_type;
  f.options.payloads = input.payloads;
  f.options.entropy = input.entropy;
  dissection d = dissect(f.link_type, f.data, f.captured_length);
  packet_result r = pipeline->process(d.root.get(), f, sink);
  const std::string_view error = !d.error.empty() ? d.error : r.error;
  const std::string entry =
      io::format_error_entry(f.timestamp_ns, error.empty() ? "none" : error, f.data,
                             f.captured_length, f.original_length, f.link_type, d.root.get());
  if (entry.empty()) __builtin_trap();
  if (r.unknown && describe(r.unknown).empty()) __builtin_trap();
  return 0;
}
