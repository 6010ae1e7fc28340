// The one list of every encoder netcap has. The full pipeline, the registry
// behind -encoders, -include and -exclude, the contract test and the
// benchmarks all come from `all_encoders`; adding an encoder means adding
// its header below and its name to the list.
#ifndef NETCAP_ENCODERS_ALL_HPP_
#define NETCAP_ENCODERS_ALL_HPP_

#include "netcap/core/type_list.hpp"
#include "netcap/encoders/dns.hpp"
#include "netcap/encoders/udp.hpp"
#include "netcap/pipeline.hpp"

namespace netcap::encoders {

// Outermost layers first, as `-encoders` lists them.
using all_encoders = type_list<udp, dns>;

using full_pipeline = apply_t<pipeline, all_encoders>;

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ALL_HPP_
