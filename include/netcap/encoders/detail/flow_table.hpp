// Internal to netcap's flow encoders (Flow, Connection, LinkFlow,
// NetworkFlow, TransportFlow): the table of live flows and how they end.
//
// A flow_table maps a flow's key to its entry and ends entries four ways,
// handing each ended entry to the caller's `emit(key, entry)`:
//
// - idle: an entry whose last packet is more than the timeout older than the
//   newest packet time the table has seen. Entries marked closed (a TCP
//   close) have a shorter timeout of their own.
// - bound: starting an entry when `max_entries` are live first ends the one
//   idle the longest (closed entries before open ones). Nothing is dropped.
// - by the caller, with end() (a new TCP connection on a closed one's ports).
// - flush(), at the end of input.
//
// Expiry is amortised: each entry has one item in a first-in first-out ring
// (one ring for open entries, one for closed), stamped with its last packet
// time when pushed. expire() looks only at the front: an item younger than
// the timeout stops it; an older one whose entry has seen packets since goes
// to the back with the newer time; one whose entry is still idle ends it.
// So each call costs O(1) amortised, never a scan of the table, and memory
// is bounded by max_entries (rings are compacted when stale items, left by
// entries ended early, outnumber the live ones).
//
// Keys are plain structs without padding; they are hashed and compared as
// whole 64-bit words. Nothing is allocated per packet except when a new
// entry makes the hash map or a ring grow.
#ifndef NETCAP_ENCODERS_DETAIL_FLOW_TABLE_HPP_
#define NETCAP_ENCODERS_DETAIL_FLOW_TABLE_HPP_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "netcap/core/flow_tuple.hpp"

namespace netcap::detail {

// later - earlier, saturated: capture timestamps of damaged files can be
// anything, and an overflow must not wrap a long idle time into a short one.
inline std::int64_t elapsed_ns(std::int64_t later, std::int64_t earlier) {
  std::int64_t d;
  if (__builtin_sub_overflow(later, earlier, &d)) {
    return later > earlier ? std::numeric_limits<std::int64_t>::max()
                           : std::numeric_limits<std::int64_t>::min();
  }
  return d;
}

// Hashes a key as a sequence of 64-bit words.
struct word_hash {
  template <class Key>
  std::size_t operator()(const Key& key) const {
    static_assert(sizeof(Key) % 8 == 0 && std::has_unique_object_representations_v<Key>,
                  "flow keys are padding-free and a whole number of 64-bit words");
    const auto* p = reinterpret_cast<const std::uint8_t*>(&key);
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (std::size_t i = 0; i < sizeof(Key); i += 8) {
      h = netcap::detail::mix64(h ^ netcap::detail::load64(p + i));
    }
    return static_cast<std::size_t>(h);
  }
};

struct word_equal {
  template <class Key>
  bool operator()(const Key& a, const Key& b) const {
    return std::memcmp(&a, &b, sizeof(Key)) == 0;
  }
};

// A first-in first-out queue in one growing array.
template <class T>
class ring {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return items_.size(); }
  T& front() { return items_[head_]; }
  void pop() {
    head_ = head_ + 1 == items_.size() ? 0 : head_ + 1;
    --size_;
  }
  void push(const T& item) {
    if (size_ == items_.size()) grow();
    std::size_t tail = head_ + size_;
    if (tail >= items_.size()) tail -= items_.size();
    items_[tail] = item;
    ++size_;
  }
  // Keeps the items for which keep(item) is true, in order.
  template <class Keep>
  void filter(Keep&& keep) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      std::size_t at = head_ + i;
      if (at >= items_.size()) at -= items_.size();
      if (keep(items_[at])) {
        std::size_t to = head_ + kept;
        if (to >= items_.size()) to -= items_.size();
        items_[to] = items_[at];
        ++kept;
      }
    }
    size_ = kept;
  }
  void clear() { head_ = size_ = 0; }

 private:
  void grow() {
    std::vector<T> bigger(std::max<std::size_t>(16, items_.size() * 2));
    for (std::size_t i = 0; i < size_; ++i) {
      std::size_t at = head_ + i;
      if (at >= items_.size()) at -= items_.size();
      bigger[i] = items_[at];
    }
    items_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> items_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

template <class Key, class Value>
class flow_table {
 public:
  struct entry {
    Value value{};
    std::int64_t first_ns = 0;
    std::int64_t last_ns = 0;
    std::uint64_t serial = 0;
    bool closed = false;
  };

  // Sets the idle timeouts and the bound; called before each packet with
  // the run's options, so it is cheap when nothing changed.
  void configure(std::int64_t timeout_ns, std::int64_t closed_timeout_ns,
                 std::size_t max_entries) {
    timeout_ns_ = timeout_ns;
    closed_timeout_ns_ = std::min(closed_timeout_ns, timeout_ns);
    max_entries_ = std::max<std::size_t>(1, max_entries);
  }

  std::int64_t timeout_of(const entry& e) const {
    return e.closed ? closed_timeout_ns_ : timeout_ns_;
  }

  // Whether a packet at time t comes too late to belong to entry e.
  bool timed_out(const entry& e, std::int64_t t) const {
    return elapsed_ns(t, e.last_ns) > timeout_of(e);
  }

  // Ends every entry idle for longer than its timeout, taking `now_ns` as
  // the newest packet time if it is newer than any seen before.
  template <class Emit>
  void expire(std::int64_t now_ns, Emit&& emit) {
    now_ns_ = std::max(now_ns_, now_ns);
    drain(open_, timeout_ns_, false, emit);
    drain(closed_, closed_timeout_ns_, true, emit);
  }

  // The live entry of `key`, or null.
  entry* find(const Key& key) {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }

  // Ends the entry of `key`, if there is one.
  template <class Emit>
  void end(const Key& key, Emit&& emit) {
    auto it = map_.find(key);
    if (it == map_.end()) return;
    emit(it->first, it->second);
    map_.erase(it);
  }

  // Starts an entry for `key`, which has none, at packet time t; ends the
  // longest idle entry first when the table is full. The reference is valid
  // until the next call that starts or ends entries.
  template <class Emit>
  entry& start(const Key& key, std::int64_t t, Emit&& emit) {
    while (map_.size() >= max_entries_ && evict_one(emit)) {
    }
    if (map_.empty() && map_.capacity() == 0) map_.reserve(std::min<std::size_t>(max_entries_, 1024));
    auto [it, inserted] = map_.try_emplace(key);
    entry& e = it->second;
    e = entry{};
    e.first_ns = e.last_ns = t;
    e.serial = ++serial_;
    open_.push({key, t, e.serial});
    compact();
    return e;
  }

  // Records a packet at time t on e.
  void touch(entry& e, std::int64_t t) {
    e.last_ns = std::max(e.last_ns, t);
    e.first_ns = std::min(e.first_ns, t);
  }

  // Marks the entry of `key` closed: from now on it ends after the closed
  // timeout.
  void close(const Key& key, entry& e) {
    if (e.closed) return;
    e.closed = true;
    closed_.push({key, e.last_ns, e.serial});
  }

  // Ends every entry, in the order they started, so that a run's output is
  // the same every time (the hash map's order varies from run to run).
  template <class Emit>
  void flush(Emit&& emit) {
    std::vector<typename map_type::value_type*> live;
    live.reserve(map_.size());
    for (auto& slot : map_) live.push_back(&slot);
    std::sort(live.begin(), live.end(),
              [](const auto* a, const auto* b) { return a->second.serial < b->second.serial; });
    for (auto* slot : live) emit(slot->first, slot->second);
    map_.clear();
    open_.clear();
    closed_.clear();
  }

  std::size_t size() const { return map_.size(); }

  // The bytes the table holds now: the hash map's slots and the rings.
  std::size_t memory_bytes() const {
    return map_.capacity() * (sizeof(typename map_type::value_type) + 1) +
           (open_.capacity() + closed_.capacity()) * sizeof(item);
  }

 private:
  struct item {
    Key key;
    std::int64_t time;
    std::uint64_t serial;
  };
  using map_type = absl::flat_hash_map<Key, entry, word_hash, word_equal>;

  // Whether an item still stands for a live entry in the ring it is in.
  bool current(const item& it, bool closed_ring, entry** e) {
    auto found = map_.find(it.key);
    if (found == map_.end() || found->second.serial != it.serial ||
        found->second.closed != closed_ring) {
      return false;
    }
    *e = &found->second;
    return true;
  }

  template <class Emit>
  void drain(ring<item>& q, std::int64_t timeout, bool closed_ring, Emit& emit) {
    while (!q.empty()) {
      const item it = q.front();
      if (elapsed_ns(now_ns_, it.time) <= timeout) return;
      q.pop();
      entry* e;
      if (!current(it, closed_ring, &e)) continue;
      if (elapsed_ns(now_ns_, e->last_ns) <= timeout) {
        q.push({it.key, e->last_ns, it.serial});
        continue;
      }
      end(it.key, emit);
    }
  }

  // Ends the entry idle the longest: the first current item of the closed
  // ring, else of the open ring whose time is its entry's last packet.
  template <class Emit>
  bool evict_one(Emit& emit) {
    for (bool closed_ring : {true, false}) {
      ring<item>& q = closed_ring ? closed_ : open_;
      while (!q.empty()) {
        const item it = q.front();
        q.pop();
        entry* e;
        if (!current(it, closed_ring, &e)) continue;
        if (e->last_ns != it.time) {
          q.push({it.key, e->last_ns, it.serial});
          continue;
        }
        end(it.key, emit);
        return true;
      }
    }
    return false;
  }

  // Drops the items of entries ended early once they outnumber live ones.
  void compact() {
    for (bool closed_ring : {true, false}) {
      ring<item>& q = closed_ring ? closed_ : open_;
      if (q.size() <= 2 * map_.size() + 1024) continue;
      q.filter([&](const item& it) {
        entry* e;
        return current(it, closed_ring, &e);
      });
    }
  }

  map_type map_;
  ring<item> open_;
  ring<item> closed_;
  std::int64_t timeout_ns_ = 30'000'000'000;
  std::int64_t closed_timeout_ns_ = 5'000'000'000;
  std::size_t max_entries_ = 100'000;
  std::int64_t now_ns_ = std::numeric_limits<std::int64_t>::min();
  std::uint64_t serial_ = 0;
};

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_FLOW_TABLE_HPP_
