#include "netcap/encoders/modbustcp.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using outcome = netcap::testing::packet_outcome<ModbusTCP>;

outcome run_tcp(const std::string& payload, std::uint16_t dport = 502,
                std::uint16_t sport = 40000) {
  return netcap::testing::run_payload<modbustcp, Tins::TCP>(payload, dport, sport);
}

// Read Holding Registers (function 3), 2 registers from address 0x006b, to
// unit 17: the specification's own example (Modbus Application Protocol
// V1.1b3, 6.3) in an MBAP header with transaction id 0x0001.
const std::string read_request("\x00\x01\x00\x00\x00\x06\x11\x03\x00\x6b\x00\x02", 12);

TEST(ModbusTcpEncoder, FillsRequest) {
  const outcome out = run_tcp(read_request);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const ModbusTCP& r = out.records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.transaction_identifier(), 1);
  EXPECT_EQ(r.protocol_identifier(), 0);
  EXPECT_EQ(r.length(), 6);
  EXPECT_EQ(r.unit_identifier(), 0x11);
  EXPECT_EQ(r.function_code(), 3);
  EXPECT_FALSE(r.exception());
  EXPECT_EQ(r.exception_code(), 0);
  EXPECT_EQ(r.data(), std::string("\x00\x6b\x00\x02", 4));
}

TEST(ModbusTcpEncoder, FillsExceptionResponse) {
  // Function 3 with the exception bit, code 2 (illegal data address).
  const outcome out =
      run_tcp(std::string("\x00\x01\x00\x00\x00\x03\x11\x83\x02", 9), 40000, 502);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].function_code(), 3);
  EXPECT_TRUE(out.records[0].exception());
  EXPECT_EQ(out.records[0].exception_code(), 2);
}

TEST(ModbusTcpEncoder, DecodesTheFirstOfSeveralAdus) {
  std::string second = read_request;
  second[1] = 2;
  const outcome out = run_tcp(read_request + second);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].transaction_identifier(), 1);
  EXPECT_EQ(out.records[0].data().size(), 4u);
}

TEST(ModbusTcpEncoder, ClaimsPort502Only) {
  EXPECT_EQ(run_tcp(read_request, 40001, 40000).records.size(), 0u);
}

TEST(ModbusTcpEncoder, MalformedAdusGiveErrorsAndNoRecord) {
  const struct {
    std::string adu;
    const char* error;
  } cases[] = {
      {read_request.substr(0, 1), "ModbusTCP: truncated header"},
      {read_request.substr(0, 7), "ModbusTCP: truncated header"},
      {std::string("\x00\x01\x00\x01\x00\x06\x11\x03\x00\x6b\x00\x02", 12),
       "ModbusTCP: bad protocol identifier"},
      {std::string("\x00\x01\x00\x00\x00\x01\x11\x03", 8), "ModbusTCP: bad length"},
      {read_request.substr(0, 11), "ModbusTCP: truncated message"},
      {std::string("\x00\x01\x00\x00\xff\xff\x11\x03", 8), "ModbusTCP: truncated message"},
  };
  for (const auto& c : cases) {
    const outcome out = run_tcp(c.adu);
    EXPECT_EQ(out.error, c.error) << c.adu.size();
    EXPECT_TRUE(out.records.empty()) << c.adu.size();
  }
}

}  // namespace
}  // namespace netcap::encoders
