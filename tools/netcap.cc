// The full netcap binary: every encoder, chosen at run time with -include
// and -exclude.
#include "netcap/encoders/all.hpp"
#include "tools/netcap_main.hpp"

int main(int argc, char** argv) {
  return netcap::tools::run<netcap::encoders::full_pipeline>(argc, argv);
}
