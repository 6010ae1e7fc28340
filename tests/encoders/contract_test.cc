// The contract every encoder in encoders/all.hpp keeps, checked for each of
// them: a typed test over the one list, so a new encoder is covered by
// adding it to the list.
#include "netcap/encoders/all.hpp"

#include <pcap/pcap.h>

#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "netcap/core/dissect.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

template <class List>
struct as_gtest_types;
template <class... Ts>
struct as_gtest_types<type_list<Ts...>> {
  using type = ::testing::Types<Ts...>;
};

template <class E>
class EncoderContract : public ::testing::Test {};
TYPED_TEST_SUITE(EncoderContract, as_gtest_types<all_encoders>::type);

TYPED_TEST(EncoderContract, IsAnEncoder) {
  EXPECT_TRUE(is_encoder_v<TypeParam>);
  EXPECT_FALSE(TypeParam::name.empty());
}

TYPED_TEST(EncoderContract, NamesItsRecordTypeAndProtoFile) {
  const google::protobuf::Descriptor* d = TypeParam::record_type::descriptor();
  EXPECT_EQ(d->full_name(), "netcap." + std::string(TypeParam::name));
  std::string file = "proto/";
  for (char c : TypeParam::name) file += static_cast<char>(std::tolower(c));
  EXPECT_EQ(d->file()->name(), file + ".proto");
}

TYPED_TEST(EncoderContract, StartsRecordsWithTheTimestamp) {
  const google::protobuf::FieldDescriptor* f =
      TypeParam::record_type::descriptor()->FindFieldByNumber(1);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name(), "timestamp");
  EXPECT_EQ(f->type(), google::protobuf::FieldDescriptor::TYPE_INT64);
}

// Runs the encoder alone over the sample captures: every record it writes
// carries its packet's timestamp, and the samples have something for each.
// sample.pcap is Ethernet; link layers of other link types are in captures
// of their own beside it (tests/data/make_sample.cc). A stateful encoder
// (one with flush()) writes a record when a flow ends, stamped with the
// flow's first packet: one the encoder has seen, no later than the packet
// being encoded. It writes some before the end of input.
TYPED_TEST(EncoderContract, EncodesTheSampleCapture) {
  // As collect() does: layers netcap adds to libtins are known to it first.
  pipeline<TypeParam>::register_layers();
  pipeline<TypeParam> p;
  std::size_t records = 0;
  std::set<std::int64_t> seen;
  for (const char* path :
       {"tests/data/sample.pcap", "tests/data/sample_fddi.pcap", "tests/data/sample_sll.pcap",
        "tests/data/sample_null.pcap", "tests/data/sample_radiotap.pcap",
        "tests/data/sample_ppi.pcap", "tests/data/sample_sll2.pcap",
         "tests/data/sample_usb.pcap", "tests/data/sample_usb_mmapped.pcap"}) {
    char error[PCAP_ERRBUF_SIZE];
    pcap_t* pcap =
        pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, error);
    ASSERT_NE(pcap, nullptr) << error;
    pcap_pkthdr* header;
    const u_char* data;
    while (pcap_next_ex(pcap, &header, &data) == 1) {
      frame f;
      f.timestamp_ns = header->ts.tv_sec * 1'000'000'000LL + header->ts.tv_usec;
      f.data = data;
      f.captured_length = header->caplen;
      f.original_length = header->len;
      f.link_type = pcap_datalink(pcap);
      dissection d = dissect(f.link_type, f.data, f.captured_length);
      testing::memory_sink sink;
      p.process(d.root.get(), f, sink);
      seen.insert(f.timestamp_ns);
      for (const auto& record : sink.of<typename TypeParam::record_type>(0)) {
        if constexpr (has_flush_v<TypeParam>) {
          EXPECT_TRUE(seen.count(record.timestamp()) == 1) << record.ShortDebugString();
          EXPECT_LE(record.timestamp(), f.timestamp_ns);
        } else {
          EXPECT_EQ(record.timestamp(), f.timestamp_ns);
        }
        ++records;
      }
    }
    pcap_close(pcap);
  }
  testing::memory_sink rest;
  p.flush(rest);
  for (const auto& record : rest.of<typename TypeParam::record_type>(0)) {
    EXPECT_TRUE(seen.count(record.timestamp()) == 1) << record.ShortDebugString();
  }
  EXPECT_GT(records, 0u) << "the sample capture should exercise " << TypeParam::name;
}

}  // namespace
}  // namespace netcap::encoders
