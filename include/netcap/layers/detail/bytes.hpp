// Internal: bounds-checked big-endian reads for netcap's own decoders
// (netcap/layers), so that no decoder reads a byte it was not given.
#ifndef NETCAP_LAYERS_DETAIL_BYTES_HPP_
#define NETCAP_LAYERS_DETAIL_BYTES_HPP_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace netcap::layers::detail {

// A view of a message's bytes whose reads past the end return 0, so a
// decoder checks `fits` once per structure and cannot read out of bounds
// when it forgets to.
class bytes {
 public:
  constexpr bytes() = default;
  constexpr bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  constexpr std::size_t size() const { return size_; }
  constexpr const std::uint8_t* data() const { return data_; }
  constexpr bool fits(std::size_t at, std::size_t n) const {
    return at <= size_ && n <= size_ - at;
  }
  constexpr std::uint8_t u8(std::size_t at) const { return fits(at, 1) ? data_[at] : 0; }
  constexpr std::uint16_t be16(std::size_t at) const {
    return fits(at, 2) ? static_cast<std::uint16_t>(data_[at] << 8 | data_[at + 1]) : 0;
  }
  constexpr std::uint32_t be24(std::size_t at) const {
    return fits(at, 3) ? static_cast<std::uint32_t>(data_[at]) << 16 |
                             static_cast<std::uint32_t>(data_[at + 1]) << 8 | data_[at + 2]
                       : 0;
  }
  constexpr std::uint32_t be32(std::size_t at) const {
    return fits(at, 4) ? static_cast<std::uint32_t>(data_[at]) << 24 |
                             static_cast<std::uint32_t>(data_[at + 1]) << 16 |
                             static_cast<std::uint32_t>(data_[at + 2]) << 8 | data_[at + 3]
                       : 0;
  }
  constexpr std::uint64_t be64(std::size_t at) const {
    return fits(at, 8) ? static_cast<std::uint64_t>(be32(at)) << 32 | be32(at + 4) : 0;
  }
  // `n` bytes from `at`, or empty when they are not all there.
  std::string_view view(std::size_t at, std::size_t n) const {
    return fits(at, n) ? std::string_view(reinterpret_cast<const char*>(data_ + at), n)
                       : std::string_view();
  }
  // The bytes from `at` to the end, or empty.
  bytes from(std::size_t at) const {
    return at <= size_ ? bytes(data_ + at, size_ - at) : bytes();
  }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace netcap::layers::detail

#endif  // NETCAP_LAYERS_DETAIL_BYTES_HPP_
