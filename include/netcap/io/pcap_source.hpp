// Reads packets from a capture file (pcap or pcapng) or live from a network
// interface, with nanosecond timestamps where the system gives them and an
// optional BPF filter; a packet source as netcap/io/packet_source.hpp
// defines them. Classic pcap files and live captures are read through
// libpcap; pcapng files (a regular file starting with a Section Header
// Block) through netcap's own reader (netcap/io/pcapng_reader.hpp), since
// libpcap 1.10 stops at the first interface whose link type or snapshot
// length differs from the first one's. Also lists the interfaces libpcap
// can capture on.
#ifndef NETCAP_IO_PCAP_SOURCE_HPP_
#define NETCAP_IO_PCAP_SOURCE_HPP_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "netcap/io/packet_source.hpp"
#include "netcap/io/pcapng_reader.hpp"

namespace netcap::io {

// How a live capture is opened.
struct live_options {
  // Bytes kept of each packet; 0 keeps libpcap's default (262144 bytes,
  // whole packets on every common link).
  int snapshot_length = 0;
  // Capture packets not addressed to this host too.
  bool promiscuous = true;
  // Bytes of kernel buffer that hold packets until netcap reads them; a
  // larger buffer rides out longer bursts before the kernel drops packets.
  int buffer_size = 16 << 20;
  // How long a read waits for packets before it reports the source idle.
  // It bounds how late a stop request is noticed on a quiet link.
  std::chrono::milliseconds timeout{100};
};

// A packet source (netcap/io/packet_source.hpp) reading a file or an
// interface through libpcap.
class pcap_source {
 public:
  // Opens a capture file and applies `filter` (BPF syntax) unless it is
  // empty. Fails with libpcap's own words when the file is missing, not a
  // capture, or the filter does not compile. A pcapng file goes to netcap's
  // own reader; a pipe or FIFO (which cannot be read twice, to look at its
  // first bytes first) and standard input ("-") stay with libpcap.
  static absl::StatusOr<std::unique_ptr<pcap_source>> open_file(
      const std::string& path, const std::string& filter) {
    if (path != "-" && pcap_is_pcapng(path)) return open_pcapng(path, filter);
    char error[PCAP_ERRBUF_SIZE] = {0};
    // libpcap reads a file through stdio, whose buffer is one file system
    // block (4 KiB): a read system call per few packets, which cost the
    // reading thread more than copying the packets (about 78,000 calls for
    // 300 MB). A buffer of our own, given to the stream before libpcap reads
    // from it, makes that a call per 1 MiB. Standard input ("-") is left to
    // libpcap, as is any file fopen cannot open, so its error is libpcap's.
    std::unique_ptr<char[]> buffer;
    std::FILE* file = path == "-" ? nullptr : std::fopen(path.c_str(), "rb");
    pcap_t* handle = nullptr;
    if (file != nullptr) {
      buffer.reset(new char[file_buffer_size]);
      std::setvbuf(file, buffer.get(), _IOFBF, file_buffer_size);
      handle = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, error);
      if (handle == nullptr) std::fclose(file);
    } else {
      handle = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO,
                                                       error);
    }
    if (handle == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read capture ", path, ": ", error));
    }
    std::unique_ptr<pcap_source> source(new pcap_source(handle, path, false));
    source->file_buffer_ = std::move(buffer);
    // A classic pcap file stores seconds as an unsigned 32-bit number, good
    // until 2106, but libpcap 1.10 sign-extends it into time_t, turning
    // times after 2038-01-19 negative.
    source->unsigned_seconds_ = true;
    if (!filter.empty()) {
      absl::Status status = source->set_filter(filter, PCAP_NETMASK_UNKNOWN);
      if (!status.ok()) return status;
    }
    return source;
  }

  // Starts capturing on the network interface `name` and applies `filter`
  // unless it is empty. Fails with a message meant for the user when the
  // interface does not exist or is down, when the process lacks the
  // privilege to capture (root, or the capabilities CAP_NET_RAW and
  // CAP_NET_ADMIN), or when the filter does not compile. What libpcap only
  // warns about (no promiscuous mode on this interface, say) is in
  // warning().
  static absl::StatusOr<std::unique_ptr<pcap_source>> open_live(
      const std::string& name, const std::string& filter,
      const live_options& options = {}) {
    char error[PCAP_ERRBUF_SIZE] = {0};
    pcap_t* handle = pcap_create(name.c_str(), error);
    if (handle == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot capture on ", name, ": ", error));
    }
    std::unique_ptr<pcap_source> source(new pcap_source(handle, name, true));
    if (options.snapshot_length > 0) pcap_set_snaplen(handle, options.snapshot_length);
    pcap_set_promisc(handle, options.promiscuous ? 1 : 0);
    pcap_set_timeout(handle, static_cast<int>(options.timeout.count()));
    if (options.buffer_size > 0) pcap_set_buffer_size(handle, options.buffer_size);
    // Where the system cannot stamp packets in nanoseconds, libpcap keeps
    // microseconds and read() converts them.
    pcap_set_tstamp_precision(handle, PCAP_TSTAMP_PRECISION_NANO);
    const int rc = pcap_activate(handle);
    if (rc < 0) return activation_error(name, rc, pcap_geterr(handle));
    if (rc > 0) source->warning_ = pcap_geterr(handle);
    // Known only now: before activation libpcap answers
    // PCAP_ERROR_NOT_ACTIVATED (-3).
    source->link_type_ = pcap_datalink(handle);
    source->nanoseconds_ =
        pcap_get_tstamp_precision(handle) == PCAP_TSTAMP_PRECISION_NANO;
    // libpcap's own timeout does not bound a wait: with Linux's TPACKET_V3
    // it blocks until the kernel hands over a block, which an idle link
    // never fills. So reads do not block, and read() waits on the socket
    // with the timeout itself. Where there is no socket to wait on, reads
    // block as libpcap does it.
    const int fd = pcap_get_selectable_fd(handle);
    if (fd >= 0 && pcap_setnonblock(handle, 1, error) == 0) {
      source->poll_fd_ = fd;
      source->timeout_ms_ = static_cast<int>(options.timeout.count());
    }
    if (!filter.empty()) {
      // The netmask matters only to filters such as "ip broadcast".
      bpf_u_int32 network = 0;
      bpf_u_int32 netmask = PCAP_NETMASK_UNKNOWN;
      if (pcap_lookupnet(name.c_str(), &network, &netmask, error) != 0) {
        netmask = PCAP_NETMASK_UNKNOWN;
      }
      absl::Status status = source->set_filter(filter, netmask);
      if (!status.ok()) return status;
    }
    return source;
  }

  ~pcap_source() {
    if (handle_ != nullptr) pcap_close(handle_);
    for (link_filter& f : filters_) pcap_freecode(&f.program);
    if (map_ != nullptr) ::munmap(map_, map_size_);
  }
  pcap_source(const pcap_source&) = delete;
  pcap_source& operator=(const pcap_source&) = delete;

  // The libpcap link type (DLT_*) every packet starts with; for a pcapng
  // file, whose interfaces may differ, that of its first interface
  // (DLT_EN10MB for a file without any, which has no packets either).
  int link_type() const { return link_type_; }
  // The most bytes kept of a packet: for a pcapng file, whose interfaces
  // may differ, the most netcap's reader returns of any packet.
  int snapshot_length() const {
    return handle_ != nullptr ? pcap_snapshot(handle_)
                              : static_cast<int>(pcapng_reader::max_captured_length);
  }
  // Whether this source captures from an interface.
  bool is_live() const { return live_; }
  // The capture file or interface name given when opening.
  const std::string& name() const { return name_; }
  // What libpcap warned about when starting a live capture; empty if
  // nothing.
  const std::string& warning() const { return warning_; }

  // Reads the next packet that passes the filter. A live source waits at
  // most its timeout and then returns idle; a file never is idle. Fails
  // when the file is damaged or the interface goes away.
  absl::StatusOr<read_result> read(raw_packet& packet) {
    if (pcapng_ != nullptr) return read_pcapng(packet);
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle_, &header, &data);
    if (rc == 0 && poll_fd_ >= 0) {
      // Nothing buffered: wait for the socket, at most the timeout. A
      // signal ends the wait early (EINTR), and the caller sees idle.
      pollfd fd{poll_fd_, POLLIN, 0};
      if (::poll(&fd, 1, timeout_ms_) > 0) rc = pcap_next_ex(handle_, &header, &data);
    }
    if (rc == 1) {
      // With nanosecond precision, libpcap puts nanoseconds in tv_usec.
      const std::int64_t seconds =
          unsigned_seconds_ ? static_cast<std::uint32_t>(header->ts.tv_sec)
                            : static_cast<std::int64_t>(header->ts.tv_sec);
      packet.timestamp_ns = seconds * 1'000'000'000 +
                            static_cast<std::int64_t>(header->ts.tv_usec) * (nanoseconds_ ? 1 : 1000);
      packet.captured_length = header->caplen;
      packet.original_length = header->len;
      packet.data = data;
      packet.link_type = link_type_;
      return read_result::packet;
    }
    if (rc == 0) return read_result::idle;
    if (rc == PCAP_ERROR_BREAK) return read_result::end;
    return absl::DataLossError(absl::StrCat(
        live_ ? "cannot capture on " : "cannot read ", name_, ": ", pcap_geterr(handle_)));
  }

  // Reads the next packet that passes the filter, waiting for one however
  // long a live capture takes. Returns false at the end of a file.
  absl::StatusOr<bool> next(raw_packet& packet) {
    while (true) {
      absl::StatusOr<read_result> result = read(packet);
      if (!result.ok()) return result.status();
      if (*result != read_result::idle) return *result == read_result::packet;
    }
  }

  // How many bytes of the capture file libpcap has read, for a progress
  // display; nothing for a live capture or a pipe. Cheap: a call to ftell.
  std::optional<std::uint64_t> bytes_read() const {
    if (pcapng_ != nullptr) return pcapng_->offset();
    std::FILE* file = live_ ? nullptr : pcap_file(handle_);
    if (file == nullptr) return std::nullopt;
    const long offset = std::ftell(file);
    if (offset < 0) return std::nullopt;
    return static_cast<std::uint64_t>(offset);
  }

  // The capture file's size in bytes; 0 for a live capture, a pipe, or
  // anything else that is not a regular file.
  std::uint64_t file_size() const {
    struct stat st;
    if (live_ || ::stat(name_.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    return static_cast<std::uint64_t>(st.st_size);
  }

  // libpcap's counters for a live capture; nothing for a file, or when the
  // system keeps none.
  std::optional<capture_stats> stats() const {
    if (!live_) return std::nullopt;
    pcap_stat s{};
    if (pcap_stats(handle_, &s) != 0) return std::nullopt;
    return capture_stats{s.ps_recv, s.ps_drop, s.ps_ifdrop};
  }

 private:
  pcap_source(pcap_t* handle, std::string name, bool live)
      : handle_(handle), name_(std::move(name)), live_(live),
        link_type_(handle != nullptr ? pcap_datalink(handle) : -1) {}

  // Maps the pcapng file at `path` into memory and reads it with
  // pcapng_reader. The filter is compiled for the first interface's link
  // type here (so that a filter that does not compile fails the open) and
  // for each other link type when its first packet comes.
  static absl::StatusOr<std::unique_ptr<pcap_source>> open_pcapng(const std::string& path,
                                                                  const std::string& filter) {
    std::unique_ptr<pcap_source> source(new pcap_source(nullptr, path, false));
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      const std::string why = std::strerror(errno);
      if (fd >= 0) ::close(fd);
      return absl::InvalidArgumentError(absl::StrCat("cannot read capture ", path, ": ", why));
    }
    // The file is not copied: packets point into the mapping. (A file cut
    // shorter by another program while netcap reads it would end the run
    // with SIGBUS; libpcap would see the end of the file.)
    source->map_size_ = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, source->map_size_, PROT_READ, MAP_PRIVATE, fd, 0);
    const int map_errno = errno;
    ::close(fd);
    if (map == MAP_FAILED) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read capture ", path, ": ", std::strerror(map_errno)));
    }
    source->map_ = map;
    ::madvise(map, source->map_size_, MADV_SEQUENTIAL);
    absl::StatusOr<pcapng_reader> reader =
        pcapng_reader::open(static_cast<const std::uint8_t*>(map), source->map_size_, path);
    if (!reader.ok()) return reader.status();
    source->pcapng_ = std::make_unique<pcapng_reader>(*std::move(reader));
    const int first = source->pcapng_->first_link_type();
    source->link_type_ = first >= 0 ? first : DLT_EN10MB;
    source->filter_ = filter;
    if (!filter.empty() && source->filter_for(source->link_type_) == nullptr) {
      return absl::InvalidArgumentError(source->filter_error_);
    }
    return source;
  }

  // The next packet of a pcapng file that passes the filter.
  absl::StatusOr<read_result> read_pcapng(raw_packet& packet) {
    while (true) {
      absl::StatusOr<read_result> r = pcapng_->read(packet);
      if (!r.ok() || *r != read_result::packet || filter_.empty()) return r;
      const bpf_program* program = filter_for(packet.link_type);
      if (program == nullptr) return absl::InvalidArgumentError(filter_error_);
      pcap_pkthdr header{};
      header.caplen = packet.captured_length;
      header.len = packet.original_length;
      if (pcap_offline_filter(program, &header, packet.data) != 0) return r;
    }
  }

  // The filter compiled for `link_type`: the last one used, or one from
  // the list, or one compiled now (once per link type in the file). Null,
  // with filter_error_ set, when it does not compile for that link type.
  const bpf_program* filter_for(int link_type) {
    if (last_filter_ < filters_.size() && filters_[last_filter_].link_type == link_type) {
      return &filters_[last_filter_].program;
    }
    for (std::size_t i = 0; i < filters_.size(); ++i) {
      if (filters_[i].link_type != link_type) continue;
      last_filter_ = i;
      return &filters_[i].program;
    }
    pcap_t* dead = pcap_open_dead(link_type, static_cast<int>(pcapng_reader::max_captured_length));
    if (dead == nullptr) {
      filter_error_ = absl::StrCat("cannot compile BPF filter \"", filter_, "\" for link type ",
                                   link_type);
      return nullptr;
    }
    link_filter f{link_type, {}};
    const int rc = pcap_compile(dead, &f.program, filter_.c_str(), 1, PCAP_NETMASK_UNKNOWN);
    if (rc != 0) {
      const char* name = pcap_datalink_val_to_name(link_type);
      filter_error_ = absl::StrCat(
          "invalid BPF filter \"", filter_, "\"",
          link_type == link_type_ ? "" : absl::StrCat(" for the packets of link type ",
                                                      name != nullptr ? name : "", " (",
                                                      link_type, ") in ", name_),
          ": ", pcap_geterr(dead));
      pcap_close(dead);
      return nullptr;
    }
    pcap_close(dead);
    filters_.push_back(f);
    last_filter_ = filters_.size() - 1;
    return &filters_.back().program;
  }

  static absl::Status activation_error(const std::string& name, int rc,
                                       const std::string& detail) {
    switch (rc) {
      case PCAP_ERROR_NO_SUCH_DEVICE:
        return absl::NotFoundError(absl::StrCat(
            "no such interface \"", name, "\" (", detail,
            "); netcap -interfaces lists those it can capture on"));
      case PCAP_ERROR_PERM_DENIED:
        return absl::PermissionDeniedError(absl::StrCat(
            "no permission to capture on ", name, " (", detail,
            "); capturing needs root, or the capabilities CAP_NET_RAW and CAP_NET_ADMIN "
            "(setcap cap_net_raw,cap_net_admin=eip on the netcap binary)"));
      case PCAP_ERROR_PROMISC_PERM_DENIED:
        return absl::PermissionDeniedError(absl::StrCat(
            "no permission to put ", name, " into promiscuous mode (", detail,
            "); run as root, or capture without it: -promisc=false"));
      case PCAP_ERROR_IFACE_NOT_UP:
        return absl::FailedPreconditionError(absl::StrCat(
            "interface ", name, " is down; bring it up first (ip link set ", name, " up)"));
      default:
        return absl::UnavailableError(absl::StrCat(
            "cannot capture on ", name, ": ", pcap_statustostr(rc),
            detail.empty() ? "" : absl::StrCat(" (", detail, ")")));
    }
  }

  // Whether a pcapng section header starts the file. Only a regular file
  // can be read again from its start: opening a pipe or FIFO a second time
  // would wait for bytes libpcap has already taken (forever, if the writer
  // waits too), so one counts as classic pcap, which `tcpdump -w -` writes.
  static bool pcap_is_pcapng(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return false;
    unsigned char magic[4] = {0, 0, 0, 0};
    const bool read = std::fread(magic, 1, 4, file) == 4;
    std::fclose(file);
    return read && magic[0] == 0x0a && magic[1] == 0x0d && magic[2] == 0x0d &&
           magic[3] == 0x0a;
  }

  absl::Status set_filter(const std::string& filter, bpf_u_int32 netmask) {
    bpf_program program;
    if (pcap_compile(handle_, &program, filter.c_str(), 1, netmask) != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid BPF filter \"", filter, "\": ", pcap_geterr(handle_)));
    }
    const int rc = pcap_setfilter(handle_, &program);
    pcap_freecode(&program);
    if (rc != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot apply BPF filter \"", filter, "\": ", pcap_geterr(handle_)));
    }
    return absl::OkStatus();
  }

  static constexpr std::size_t file_buffer_size = std::size_t{1} << 20;

  // Null for a pcapng file, which pcapng_ reads.
  pcap_t* handle_;
  // The stdio buffer of a file's stream; freed after pcap_close() closes it.
  std::unique_ptr<char[]> file_buffer_;
  std::string name_;
  bool live_;
  int link_type_;
  // A pcapng file: its mapping, its reader, and the filter compiled per
  // link type (pcap_offline_filter applies it).
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::unique_ptr<pcapng_reader> pcapng_;
  struct link_filter {
    int link_type;
    bpf_program program;
  };
  std::string filter_;
  std::vector<link_filter> filters_;
  std::size_t last_filter_ = 0;
  std::string filter_error_;
  // Whether libpcap's timestamps carry nanoseconds (files always do: libpcap
  // scales microsecond files up when they are opened).
  bool nanoseconds_ = true;
  // Whether the file's seconds are unsigned 32-bit (classic pcap); live
  // captures get the system's time_t.
  bool unsigned_seconds_ = false;
  std::string warning_;
  // The socket a live read waits on, and for how long; -1 where reads
  // block in libpcap.
  int poll_fd_ = -1;
  int timeout_ms_ = 0;
};

static_assert(is_packet_source_v<pcap_source>,
              "pcap_source must meet the packet source concept of netcap/io/packet_source.hpp");

// A network interface libpcap can capture on.
struct interface_info {
  std::string name;
  // The system's description, where it gives one (often empty on Linux).
  std::string description;
  // Words for the interface's state: "up", "running", "loopback",
  // "wireless", "connected", "disconnected".
  std::vector<std::string> flags;
  // Its IPv4 and IPv6 addresses, as text.
  std::vector<std::string> addresses;
};

// The interfaces libpcap can capture on, in libpcap's order (the ones up and
// running first). Fails when libpcap cannot list them.
inline absl::StatusOr<std::vector<interface_info>> list_interfaces() {
  char error[PCAP_ERRBUF_SIZE] = {0};
  pcap_if_t* devices = nullptr;
  if (pcap_findalldevs(&devices, error) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot list interfaces: ", error));
  }
  std::vector<interface_info> out;
  for (const pcap_if_t* d = devices; d != nullptr; d = d->next) {
    interface_info info;
    info.name = d->name;
    if (d->description != nullptr) info.description = d->description;
    if (d->flags & PCAP_IF_UP) info.flags.push_back("up");
    if (d->flags & PCAP_IF_RUNNING) info.flags.push_back("running");
    if (d->flags & PCAP_IF_LOOPBACK) info.flags.push_back("loopback");
    if (d->flags & PCAP_IF_WIRELESS) info.flags.push_back("wireless");
    switch (d->flags & PCAP_IF_CONNECTION_STATUS) {
      case PCAP_IF_CONNECTION_STATUS_CONNECTED: info.flags.push_back("connected"); break;
      case PCAP_IF_CONNECTION_STATUS_DISCONNECTED: info.flags.push_back("disconnected"); break;
      default: break;
    }
    for (const pcap_addr_t* a = d->addresses; a != nullptr; a = a->next) {
      if (a->addr == nullptr) continue;
      char text[INET6_ADDRSTRLEN] = {0};
      const void* bytes = nullptr;
      if (a->addr->sa_family == AF_INET) {
        bytes = &reinterpret_cast<const sockaddr_in*>(a->addr)->sin_addr;
      } else if (a->addr->sa_family == AF_INET6) {
        bytes = &reinterpret_cast<const sockaddr_in6*>(a->addr)->sin6_addr;
      }
      if (bytes != nullptr && inet_ntop(a->addr->sa_family, bytes, text, sizeof text)) {
        info.addresses.push_back(text);
      }
    }
    out.push_back(std::move(info));
  }
  pcap_freealldevs(devices);
  return out;
}

}  // namespace netcap::io

#endif  // NETCAP_IO_PCAP_SOURCE_HPP_
