// Finds the captures of shared/pcaps for tests. CI lays a copy of shared/
// beside the repository checkout, and every developer's machine has one
// there too, so a test that needs a real capture finds it at
// <checkout>/../shared/pcaps/<name>.
//
// Bazel ships only files of the workspace as a test's data, and it runs a
// test inside its runfiles tree, far from the checkout. The runfiles are
// symlinks into the checkout, though, so resolving one of them (this header,
// which the "shared_pcaps" library lists as data) leads back to the real
// checkout, and shared/ lies beside it.
#ifndef NETCAP_TESTS_SHARED_PCAPS_HPP_
#define NETCAP_TESTS_SHARED_PCAPS_HPP_

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "gtest/gtest.h"

namespace netcap::testing {

// The folder shared/pcaps beside the checkout, or "" (with `why` saying
// where it looked) when it cannot be found. It records no test failure, so
// it may run before tests start, to list captures to instantiate tests with.
inline std::string shared_pcaps_folder(std::string* why = nullptr) {
  namespace fs = std::filesystem;
  const char* runfiles = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  const fs::path runfile =
      runfiles != nullptr && workspace != nullptr
          ? fs::path(runfiles) / workspace / "tests" / "shared_pcaps.hpp"
          : fs::path("tests") / "shared_pcaps.hpp";
  std::error_code error;
  const fs::path header = fs::canonical(runfile, error);
  if (error) {
    if (why != nullptr) {
      *why = "cannot resolve " + runfile.string() + " (" + error.message() +
             ") to find the repository checkout; run the test with bazel test, which puts "
             "it in the runfiles";
    }
    return {};
  }
  const fs::path checkout = header.parent_path().parent_path();
  const fs::path folder = checkout.parent_path() / "shared" / "pcaps";
  if (!fs::is_directory(folder, error)) {
    if (why != nullptr) {
      *why = "missing folder " + folder.string() +
             ": netcap's tests need the shared/ folder beside the repository checkout " +
             checkout.string() + ", as CI and every developer machine have it";
    }
    return {};
  }
  return folder.string();
}

// The path of shared/pcaps/<name>. When the file cannot be found it records
// a test failure (never a skip: CI always has shared/) that says where it
// looked, and returns "", so callers write
//
//   const std::string path = shared_pcap("dns.pcap");
//   ASSERT_FALSE(path.empty());
inline std::string shared_pcap(const std::string& name) {
  namespace fs = std::filesystem;
  std::string why;
  const std::string folder = shared_pcaps_folder(&why);
  if (folder.empty()) {
    ADD_FAILURE() << why;
    return {};
  }
  const fs::path pcap = fs::path(folder) / name;
  std::error_code error;
  if (!fs::is_regular_file(pcap, error)) {
    ADD_FAILURE() << "missing capture " << pcap << " in the shared/ folder beside the "
                  << "repository checkout, which CI and every developer machine have";
    return {};
  }
  return pcap.string();
}

}  // namespace netcap::testing

#endif  // NETCAP_TESTS_SHARED_PCAPS_HPP_
