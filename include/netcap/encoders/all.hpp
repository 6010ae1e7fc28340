// The one list of every encoder netcap has. The full pipeline, the registry
// behind -encoders, -include and -exclude, the contract test and the
// benchmarks all come from `all_encoders`; adding an encoder means adding
// its header below and its name to the list.
#ifndef NETCAP_ENCODERS_ALL_HPP_
#define NETCAP_ENCODERS_ALL_HPP_

#include "netcap/core/type_list.hpp"
#include "netcap/encoders/arp.hpp"
#include "netcap/encoders/ciscodiscovery.hpp"
#include "netcap/encoders/ciscodiscoveryinfo.hpp"
#include "netcap/encoders/connection.hpp"
#include "netcap/encoders/dns.hpp"
#include "netcap/encoders/dot11.hpp"
#include "netcap/encoders/dot11assocrequest.hpp"
#include "netcap/encoders/dot11assocresponse.hpp"
#include "netcap/encoders/dot11authentication.hpp"
#include "netcap/encoders/dot11beacon.hpp"
#include "netcap/encoders/dot11control.hpp"
#include "netcap/encoders/dot11data.hpp"
#include "netcap/encoders/dot11deauthentication.hpp"
#include "netcap/encoders/dot11disassoc.hpp"
#include "netcap/encoders/dot11proberequest.hpp"
#include "netcap/encoders/dot11proberesponse.hpp"
#include "netcap/encoders/dot11reassocrequest.hpp"
#include "netcap/encoders/dot11reassocresponse.hpp"
#include "netcap/encoders/dot1q.hpp"
#include "netcap/encoders/eap.hpp"
#include "netcap/encoders/eapol.hpp"
#include "netcap/encoders/eapolkey.hpp"
#include "netcap/encoders/ethernet.hpp"
#include "netcap/encoders/ethernetctp.hpp"
#include "netcap/encoders/ethernetctpreply.hpp"
#include "netcap/encoders/fddi.hpp"
#include "netcap/encoders/flow.hpp"
#include "netcap/encoders/geneve.hpp"
#include "netcap/encoders/gre.hpp"
#include "netcap/encoders/http.hpp"
#include "netcap/encoders/icmpv4.hpp"
#include "netcap/encoders/icmpv6.hpp"
#include "netcap/encoders/icmpv6echo.hpp"
#include "netcap/encoders/icmpv6neighboradvertisement.hpp"
#include "netcap/encoders/icmpv6neighborsolicitation.hpp"
#include "netcap/encoders/icmpv6routeradvertisement.hpp"
#include "netcap/encoders/icmpv6routersolicitation.hpp"
#include "netcap/encoders/ieee802_3.hpp"
#include "netcap/encoders/igmp.hpp"
#include "netcap/encoders/ipsecah.hpp"
#include "netcap/encoders/ipsecesp.hpp"
#include "netcap/encoders/ipv4.hpp"
#include "netcap/encoders/ipv6.hpp"
#include "netcap/encoders/ipv6destinationoptions.hpp"
#include "netcap/encoders/ipv6fragment.hpp"
#include "netcap/encoders/ipv6hopbyhop.hpp"
#include "netcap/encoders/ipv6routing.hpp"
#include "netcap/encoders/linkflow.hpp"
#include "netcap/encoders/linklayerdiscovery.hpp"
#include "netcap/encoders/linklayerdiscoveryinfo.hpp"
#include "netcap/encoders/llc.hpp"
#include "netcap/encoders/loopback.hpp"
#include "netcap/encoders/mpls.hpp"
#include "netcap/encoders/networkflow.hpp"
#include "netcap/encoders/norteldiscovery.hpp"
#include "netcap/encoders/ospfv2.hpp"
#include "netcap/encoders/ospfv3.hpp"
#include "netcap/encoders/ppi.hpp"
#include "netcap/encoders/pppoe.hpp"
#include "netcap/encoders/radiotap.hpp"
#include "netcap/encoders/sctp.hpp"
#include "netcap/encoders/sll.hpp"
#include "netcap/encoders/sll2.hpp"
#include "netcap/encoders/snap.hpp"
#include "netcap/encoders/stp.hpp"
#include "netcap/encoders/tcp.hpp"
#include "netcap/encoders/tlsclienthello.hpp"
#include "netcap/encoders/tlsserverhello.hpp"
#include "netcap/encoders/transportflow.hpp"
#include "netcap/encoders/udp.hpp"
#include "netcap/encoders/usb.hpp"
#include "netcap/encoders/usbrequestblocksetup.hpp"
#include "netcap/encoders/vrrpv2.hpp"
#include "netcap/encoders/vxlan.hpp"
// Application protocols over UDP and TCP.
#include "netcap/encoders/bfd.hpp"
#include "netcap/encoders/dhcpv4.hpp"
#include "netcap/encoders/dhcpv6.hpp"
#include "netcap/encoders/lcm.hpp"
#include "netcap/encoders/modbustcp.hpp"
#include "netcap/encoders/ntp.hpp"
#include "netcap/encoders/sip.hpp"
#include "netcap/pipeline.hpp"

namespace netcap::encoders {

// Outermost layers first, as `-encoders` lists them.
using all_encoders = type_list<
    // Link layers, and what 802.2 frames carry.
    sll, sll2, loopback, radiotap, ppi, fddi,
    usb, usbrequestblocksetup,  // Linux usbmon link types, decoded by netcap
    dot11, dot11beacon, dot11proberequest, dot11proberesponse, dot11authentication,
    dot11deauthentication, dot11assocrequest, dot11assocresponse, dot11reassocrequest,
    dot11reassocresponse, dot11disassoc, dot11control, dot11data,
    ethernet,
    ieee802_3, llc, snap, stp,
    arp, dot1q,
    eapol, eapolkey,
    mpls, pppoe,
    ipv4, ipv6, ipv6hopbyhop, ipv6destinationoptions, ipv6routing,
    ipv6fragment,
    ipsecah, ipsecesp,
    icmpv4, icmpv6, icmpv6echo, icmpv6neighborsolicitation,
    icmpv6neighboradvertisement, icmpv6routersolicitation, icmpv6routeradvertisement,
    // IP protocols netcap adds to libtins.
    gre, igmp, vrrpv2, ospfv2, ospfv3, sctp,
    tcp, udp,
    // Tunnels over UDP, whose inner frames the walk goes on into.
    vxlan, geneve,
    dns,
    // Discovery and other protocols netcap decodes behind a link layer.
    linklayerdiscovery, linklayerdiscoveryinfo, ethernetctp, ethernetctpreply, ciscodiscovery,
    ciscodiscoveryinfo, eap,
    norteldiscovery,
    // Application protocols over UDP and TCP.
    dhcpv4, dhcpv6, ntp, sip, bfd, modbustcp, lcm,
    // Application protocols in reassembled TCP streams.
    http, tlsclienthello, tlsserverhello,
    // Flows and connections, over all the layers above.
    linkflow, networkflow, transportflow, flow, connection>;

using full_pipeline = apply_t<pipeline, all_encoders>;

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ALL_HPP_
