#!/usr/bin/python3
"""Cross-checks netcap's records against tshark's dissection of real captures.

For every capture in ../shared/pcaps that netcap opens (libpcap for classic
pcap, netcap's own reader for pcapng), netcap writes its
record files and tshark dissects the same packets (captures merged into
groups with mergecap, one tshark run per group); the records of each type
are paired with tshark's rows for that layer (by capture timestamp, then by
value) and their key fields compared. It fails when netcap exits non-zero or
crashes on a capture, or when any record type agrees with tshark on fewer
than 99.9% of the values compared. docs/tshark-comparison.md explains the
method; `--write-coverage docs/coverage.md` generates the coverage page and
`--check-coverage docs/coverage.md` (what the Bazel test runs) also fails
when the run falls short of that page's claims or netcap writes a record
type the page has no row for.

Run it by hand with the binaries Bazel built:

  bazel build //tools:netcap //proto:records_py
  /usr/bin/python3 tests/e2e/tshark_compare.py            # every capture
  /usr/bin/python3 tests/e2e/tshark_compare.py --files ndpi-tests_ocs.pcap -v
  /usr/bin/python3 tests/e2e/tshark_compare.py --write-coverage docs/coverage.md

It needs Debian's /usr/bin/python3 (google.protobuf), tshark and mergecap 4.0
and libpcap.
"""

import argparse
import calendar
import collections
import ctypes
import gzip
import importlib
import ipaddress
import json
import multiprocessing
import os
import re
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time

# Examples kept per disagreement category (--examples).
MAX_EXAMPLES = 3

# The record types compared, outermost layers first.
TYPES = ["Ethernet", "Dot1Q", "ARP", "IPv4", "IPv6", "TCP", "UDP", "ICMPv4",
         "ICMPv6", "DNS"]
# Application protocols netcap finds in UDP and TCP payloads. LCM is not
# here: tshark has no LCM dissector.
TYPES += ["DHCPv4", "DHCPv6", "NTP", "SIP", "BFD", "ModbusTCP"]
# Link layers and discovery protocols netcap decodes itself (l2misc).
TYPES += ["FDDI", "LinkLayerDiscovery", "LinkLayerDiscoveryInfo",
          "CiscoDiscovery", "CiscoDiscoveryInfo", "EthernetCTP",
          "EthernetCTPReply", "EAP"]
# Link layers libtins dissects (branch links) and SLL2, which netcap adds.
TYPES += ["SLL", "SLL2", "Loopback", "MPLS", "PPPoE"]
# IP protocols and tunnels netcap decodes itself.
TYPES += ["GRE", "IGMP", "VRRPv2", "OSPFv2", "OSPFv3", "SCTP", "VXLAN", "Geneve"]
# Radiotap, PPI, 802.11 and EAPOL (wifi).
TYPES += ["Radiotap", "PPI", "Dot11", "Dot11Beacon", "Dot11ProbeRequest",
          "Dot11ProbeResponse", "Dot11Authentication", "Dot11Deauthentication",
          "Dot11AssocRequest", "Dot11AssocResponse", "Dot11ReassocRequest",
          "Dot11ReassocResponse", "Dot11Disassoc", "Dot11Control", "Dot11Data",
          "EAPOL", "EAPOLKey"]
# 802.3, LLC, SNAP, STP, IPv6 extension headers, IPsec, ICMPv6 kinds (l2ip).
TYPES += ["IEEE802_3", "LLC", "SNAP", "STP", "IPv6HopByHop",
          "IPv6DestinationOptions", "IPv6Routing", "IPv6Fragment", "IPSecAH",
          "IPSecESP", "ICMPv6Echo", "ICMPv6NeighborSolicitation",
          "ICMPv6NeighborAdvertisement", "ICMPv6RouterSolicitation",
          "ICMPv6RouterAdvertisement"]

# Record types netcap writes that are not compared with tshark, and why.
# docs/coverage.md lists them with their counts. Every record type that
# `netcap -encoders` lists must be in TYPES (compared) or here, or the
# coverage check fails: a new encoder either gets a tshark mapping (TYPES,
# netcap_fields, tshark_fields, REQUIRED_FIELDS, TOKEN_TYPE and the walk in
# expected_layers) or a line here saying why it has none.
NOT_COMPARED = {
    "LCM": "tshark 4.0 has no LCM dissector",
    "NortelDiscovery": "no capture in shared/pcaps holds SONMP (tshark's "
                       "`ndp`); checked on crafted frames only",
    "USB": "no capture in shared/pcaps has a usbmon link type (189 or 220; "
           "tshark's `usb`); checked on crafted packets only",
    "USBRequestBlockSetup": "no capture in shared/pcaps has a usbmon link "
                            "type (tshark's `usb.setup`); checked on crafted "
                            "packets only",
    "HTTP": "built from reassembled TCP streams, which a packet-by-packet "
            "comparison cannot check; streams_compare.py compares it with "
            "tshark's own reassembly (streams.md)",
    "TLSClientHello": "built from reassembled TCP streams; streams_compare.py "
                      "compares JA3 with tshark's (streams.md)",
    "TLSServerHello": "built from reassembled TCP streams; streams_compare.py "
                      "compares JA3S with tshark's (streams.md)",
    "LinkFlow": "a record per flow, not per packet; flows_compare.py compares "
                "flows with tshark's conversations (flows.md)",
    "NetworkFlow": "a record per flow, not per packet; flows_compare.py "
                   "compares flows with tshark's conversations (flows.md)",
    "TransportFlow": "a record per flow, not per packet; flows_compare.py "
                     "compares flows with tshark's conversations (flows.md)",
    "Flow": "a record per flow, not per packet; flows_compare.py compares "
            "flows with tshark's conversations (flows.md)",
    "Connection": "a record per connection, not per packet; flows_compare.py "
                  "compares connections with tshark's TCP and UDP "
                  "conversations (flows.md)",
}

# Each record type must agree with tshark on at least this share of the values
# compared.
THRESHOLD = 0.999

# Ports netcap's DNS decoder claims, on either side (netcap/layers/dns.hpp:
# DNS on 53 over UDP and TCP, mDNS on 5353 over UDP), and the tshark
# protocols that dissect DNS messages there (mDNS uses the DNS dissector under
# its own name).
DNS_PORTS = {"udp": {53, 5353}, "tcp": {53}}
TSHARK_DNS_NAMES = {"dns", "mdns"}

# tshark preferences: no reassembly of any kind (netcap decodes one packet at a
# time), absolute TCP sequence numbers, no sequence analysis (faster, and it
# adds nothing we compare).
TSHARK_PREFS = [
    "tcp.desegment_tcp_streams:FALSE",
    "tcp.reassemble_out_of_order:FALSE",
    "tcp.analyze_sequence_numbers:FALSE",
    "tcp.relative_sequence_numbers:FALSE",
    "tcp.calculate_timestamps:FALSE",
    "tcp.track_bytes_in_flight:FALSE",
    "ip.defragment:FALSE",
    "ipv6.defragment:FALSE",
    "dns.desegment_dns_messages:FALSE",
    "udp.calculate_timestamps:FALSE",
    "sip.desegment_headers:FALSE",
    "sip.desegment_body:FALSE",
    "mbtcp.desegment:FALSE",
]

# The protocols tshark puts in its JSON output; everything else is left out,
# which keeps the output small and fast to parse.
TSHARK_PROTOCOLS = ("frame eth sll null vlan ieee8021ad arp ip ipv6 tcp udp "
                    "icmp icmpv6 dns mdns _ws.malformed _ws.short "
                    "_ws.unreassembled dhcp dhcpv6 ntp sip bfd bfd_echo mbtcp"
                    " modbus fddi llc lldp cdp loop eapol eap mpls pppoed "
                    "pppoes ppp gre erspan igmp sctp ospf vrrp vxlan geneve")
TSHARK_PROTOCOLS += " stp ah esp isl"  # l2ip


# --------------------------------------------------------------------------
# Value normalisation: both tools' values become the same canonical strings.

def _int(text, base=0):
    return int(text, base) if text is not None else None


def mac_text(raw):
    return ":".join("%02x" % b for b in raw)


def ip_text(raw):
    if len(raw) in (4, 16):
        return ipaddress.ip_address(raw).compressed
    return "bytes:" + raw.hex()


def canonical_ip(text):
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return text


def canonical_mac(text):
    return text.lower()


def dns_name_bytes_from_netcap(name):
    """Undoes RFC 1035 5.1 escaping (\\DDD in decimal, \\X) to the bytes of
    the name, its labels joined by dots."""
    raw = name.encode("utf-8")
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i] == 0x5C and i + 1 < len(raw):
            digits = raw[i + 1:i + 4]
            if len(digits) == 3 and digits.isdigit():
                out.append(int(digits) & 0xFF)
                i += 4
            else:
                out.append(raw[i + 1])
                i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


_TSHARK_C_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9,
                     "v": 11, "\\": 92, "\"": 34, "'": 39}


def dns_name_bytes_from_tshark(name):
    """Undoes tshark's format_text escaping (\\ooo octal, C escapes)."""
    out = bytearray()
    i = 0
    while i < len(name):
        c = name[i]
        if c == "\\" and i + 1 < len(name):
            nxt = name[i + 1]
            m = re.match(r"[0-7]{1,3}", name[i + 1:])
            if m:
                out.append(int(m.group(0), 8) & 0xFF)
                i += 1 + len(m.group(0))
                continue
            if nxt == "x" and re.match(r"[0-9a-fA-F]{2}", name[i + 2:i + 4]):
                out.append(int(name[i + 2:i + 4], 16))
                i += 4
                continue
            if nxt in _TSHARK_C_ESCAPES:
                out.append(_TSHARK_C_ESCAPES[nxt])
                i += 2
                continue
        out.extend(c.encode("utf-8"))
        i += 1
    return bytes(out)


def dns_name_key(raw):
    """A printable form of a name's bytes for reports and comparison."""
    return "".join(chr(b) if 0x21 <= b < 0x7F and b != 0x5C else "\\%03d" % b
                   for b in raw)


def netcap_dns_name(name):
    return dns_name_key(dns_name_bytes_from_netcap(name))


def tshark_dns_name(name):
    if name == "<Root>":
        return ""
    if name.startswith("<") and name.endswith(">"):
        # tshark could not decode the name ("<Name contains a pointer that
        # loops>", "<Name too long>"): not comparable.
        return None
    if "\ufffd" in name:
        # tshark replaced invalid UTF-8 with U+FFFD: the bytes are lost.
        return None
    return dns_name_key(dns_name_bytes_from_tshark(name))


# --------------------------------------------------------------------------
# netcap's records, as dicts of canonical field values.

def tcp_flag_bits(r):
    bits = 0
    for i, name in enumerate(["fin", "syn", "rst", "psh", "ack", "urg", "ece",
                              "cwr", "ns"]):
        if getattr(r, name):
            bits |= 1 << i
    return bits


def netcap_fields(record_type, r):
    f = {}
    if record_type == "Ethernet":
        f["src"] = mac_text(r.src_mac)
        f["dst"] = mac_text(r.dst_mac)
        f["type"] = r.ethernet_type
    elif record_type == "Dot1Q":
        f["priority"] = r.priority
        f["dei"] = int(r.drop_eligible)
        f["id"] = r.vlan_identifier
        f["type"] = r.type
    elif record_type == "ARP":
        f["hw_type"] = r.addr_type
        f["proto_type"] = r.protocol
        f["hw_size"] = r.hw_address_size
        f["proto_size"] = r.prot_address_size
        f["opcode"] = r.operation
        f["src_hw"] = mac_text(r.src_hw_address)
        # Protocol addresses as bytes: tshark shows them as IPv4 text only
        # for protocol type 0x0800 with size 4, as bytes otherwise.
        f["src_proto"] = r.src_prot_address.hex()
        f["dst_hw"] = mac_text(r.dst_hw_address)
        f["dst_proto"] = r.dst_prot_address.hex()
    elif record_type == "IPv4":
        f["version"] = r.version
        f["src"] = ip_text(r.src_ip)
        f["dst"] = ip_text(r.dst_ip)
        f["ttl"] = r.ttl
        f["protocol"] = r.protocol
        f["id"] = r.id
        f["length"] = r.length
        f["flags"] = r.flags
        f["frag_offset"] = r.frag_offset
        f["ihl"] = r.ihl
        f["tos"] = r.tos
        f["checksum"] = r.checksum
    elif record_type == "IPv6":
        f["version"] = r.version
        f["src"] = ip_text(r.src_ip)
        f["dst"] = ip_text(r.dst_ip)
        f["hop_limit"] = r.hop_limit
        f["next_header"] = r.next_header
        f["length"] = r.length
        f["traffic_class"] = r.traffic_class
        f["flow_label"] = r.flow_label
    elif record_type == "TCP":
        f["src_port"] = r.src_port
        f["dst_port"] = r.dst_port
        f["seq"] = r.seq_num
        f["ack"] = r.ack_num
        f["flags"] = tcp_flag_bits(r)
        f["window"] = r.window
        f["data_offset"] = r.data_offset
        f["checksum"] = r.checksum
        f["urgent"] = r.urgent
    elif record_type == "UDP":
        f["src_port"] = r.src_port
        f["dst_port"] = r.dst_port
        f["length"] = r.length
        f["checksum"] = r.checksum
    elif record_type == "ICMPv4":
        f["type"] = r.type
        f["code"] = r.code
        f["type_code"] = r.type_code
        f["checksum"] = r.checksum
        f["id"] = r.id
        f["seq"] = r.seq
    elif record_type == "ICMPv6":
        f["type"] = r.type
        f["code"] = r.code
        f["type_code"] = r.type_code
        f["checksum"] = r.checksum
    elif record_type == "DNS":
        f["id"] = r.id
        f["qr"] = int(r.qr)
        f["opcode"] = r.op_code
        f["aa"] = int(r.aa)
        f["tc"] = int(r.tc)
        f["rd"] = int(r.rd)
        f["ra"] = int(r.ra)
        f["z"] = r.z
        f["rcode"] = r.response_code
        f["qd_count"] = r.qd_count
        f["an_count"] = r.an_count
        f["ns_count"] = r.ns_count
        f["ar_count"] = r.ar_count
        f["questions"] = len(r.questions)
        f["answers"] = len(r.answers)
        f["authorities"] = len(r.authorities)
        f["additionals"] = len(r.additionals)
        f["qnames"] = "|".join(netcap_dns_name(q.name) for q in r.questions)
        f["qtypes"] = "|".join(str(q.type) for q in r.questions)
        f["answer_names"] = "|".join(
            sorted(netcap_dns_name(a.name) for a in r.answers))
        f["answer_types"] = "|".join(sorted(str(a.type) for a in r.answers))
        f["answer_addrs"] = "|".join(sorted(
            ip_text(a.ip) for a in r.answers if a.type in (1, 28) and a.ip))
    else:
        f.update(wifi_netcap_fields(record_type, r))
        f.update(netcap_app_fields(record_type, r))
        f.update(l2misc_netcap_fields(record_type, r))
        f.update(links_netcap_fields(record_type, r))
        f.update(ipproto_netcap_fields(record_type, r))
        f.update(l2ip_netcap_fields(record_type, r))
    return {k: (str(v) if not isinstance(v, str) else v) for k, v in f.items()}


def _bits(*flags):
    return sum(1 << i for i, flag in enumerate(flags) if flag)


def l2misc_netcap_fields(record_type, r):
    """netcap's values for the link and discovery protocols (l2misc)."""
    f = {}
    if record_type == "FDDI":
        f["fc"] = r.frame_control | r.priority
        f["src"] = r.src_mac
        f["dst"] = r.dst_mac
    elif record_type == "LinkLayerDiscovery":
        f["chassis_subtype"] = r.chassis_id.subtype
        if r.chassis_id.subtype == 4 and len(r.chassis_id.id) == 6:
            f["chassis_mac"] = mac_text(r.chassis_id.id)
        f["port_subtype"] = r.port_id.subtype
        if r.port_id.subtype == 3 and len(r.port_id.id) == 6:
            f["port_mac"] = mac_text(r.port_id.id)
        f["ttl"] = r.ttl
        f["values"] = len(r.values)
    elif record_type == "LinkLayerDiscoveryInfo":
        f["port_description"] = r.port_description
        f["sys_name"] = r.sys_name
        f["sys_description"] = r.sys_description
        if r.HasField("sys_capabilities"):
            for name, caps in (("system_cap", r.sys_capabilities.system_cap),
                               ("enabled_cap", r.sys_capabilities.enabled_cap)):
                f[name] = _bits(caps.other, caps.repeater, caps.bridge,
                                caps.wlanap, caps.router, caps.phone,
                                caps.docsis, caps.station_only, caps.cvlan,
                                caps.svlan, caps.tmpr)
        if r.HasField("mgmt_address") and r.mgmt_address.subtype == 1:
            f["mgmt_ipv4"] = ip_text(r.mgmt_address.address)
        f["org_tlvs"] = len(r.org_tlvs)
    elif record_type == "CiscoDiscovery":
        f["version"] = r.version
        f["ttl"] = r.ttl
        f["checksum"] = r.checksum
        f["tlvs"] = len(r.values)
    elif record_type == "CiscoDiscoveryInfo":
        f["device_id"] = r.device_id
        f["port_id"] = r.port_id
        f["platform"] = r.platform
        f["vtp_domain"] = r.vtp_domain
        f["native_vlan"] = r.native_vlan
        c = r.capabilities
        f["capabilities"] = _bits(c.l3_router, c.tb_bridge, c.sp_bridge,
                                  c.l2_switch, c.is_host, c.igmp_filter,
                                  c.l1_repeater, c.is_phone,
                                  c.remotely_managed)
        f["addresses"] = "|".join(r.addresses)
    elif record_type == "EthernetCTP":
        f["skip_count"] = r.skip_count
    elif record_type == "EthernetCTPReply":
        f["function"] = r.function
        f["receipt_number"] = r.receipt_number
    elif record_type == "EAP":
        f["code"] = r.code
        f["id"] = r.id
        f["length"] = r.length
        f["type"] = r.type
    return f


def links_netcap_fields(record_type, r):
    """netcap's values for the link layers of branch links and SLL2."""
    f = {}
    if record_type in ("SLL", "SLL2"):
        f["pkttype"] = r.packet_type
        f["hatype"] = r.address_type
        f["halen"] = r.address_length
        f["protocol"] = r.protocol
        if r.address_length == 6 and len(r.address) == 6:
            f["src_mac"] = mac_text(r.address)
        if record_type == "SLL2":
            f["ifindex"] = r.interface_index
    elif record_type == "Loopback":
        f["family"] = r.family
    elif record_type == "MPLS":
        f["label"] = r.label
        f["exp"] = r.traffic_class
        f["bottom"] = int(r.stack_bottom)
        f["ttl"] = r.ttl
    elif record_type == "PPPoE":
        f["version"] = r.version
        f["type"] = r.type
        f["code"] = r.code
        f["session_id"] = r.session_id
        f["length"] = r.length
    return f


# --------------------------------------------------------------------------
# tshark's layers, as dicts of canonical field values (None: not shown).

_PROTOCOL_KEY = re.compile(r"^[a-z][a-z0-9_\-]*$")


def find_field(layer, name):
    """The value of `name` in a tshark JSON layer, searching its subtrees
    breadth first but never entering a nested protocol (the packet an ICMP
    error quotes is such a protocol)."""
    queue = [layer]
    while queue:
        node = queue.pop(0)
        if isinstance(node, list):
            queue.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if name in node:
            value = node[name]
            return value[0] if isinstance(value, list) else value
        for key, value in node.items():
            if isinstance(value, (dict, list)) and not _PROTOCOL_KEY.match(key):
                queue.append(value)
    return None


def entries(section):
    """The entries of a DNS section ("Queries", "Answers"...)."""
    out = []
    if not isinstance(section, dict):
        return out
    for value in section.values():
        if isinstance(value, list):
            out.extend(v for v in value if isinstance(v, dict))
        elif isinstance(value, dict):
            out.append(value)
    return out


def rr_name(rr):
    """A resource record's owner name; tshark splits that of an SRV record
    into service, protocol and name (RFC 2782 _service._proto.name)."""
    if "dns.resp.name" in rr:
        return rr["dns.resp.name"]
    parts = [rr.get(k) for k in ("dns.srv.service", "dns.srv.proto",
                                 "dns.srv.name")]
    return ".".join(p for p in parts if p)


def tshark_fields(record_type, layer):
    g = lambda name: find_field(layer, name)
    f = {}
    if record_type == "Ethernet":
        f["src"] = g("eth.src") and canonical_mac(g("eth.src"))
        f["dst"] = g("eth.dst") and canonical_mac(g("eth.dst"))
        f["type"] = _int(g("eth.type"))
    elif record_type == "Dot1Q":
        if g("ieee8021ad.id") is not None:
            f["priority"] = _int(g("ieee8021ad.priority"))
            f["dei"] = _int(g("ieee8021ad.dei"))
            f["id"] = _int(g("ieee8021ad.id"))
            f["type"] = _int(g("ieee8021ah.etype"))
        else:
            f["priority"] = _int(g("vlan.priority"))
            f["dei"] = _int(g("vlan.dei") or g("vlan.cfi"))
            f["id"] = _int(g("vlan.id"))
            f["type"] = _int(g("vlan.etype") or g("vlan.len"))
    elif record_type == "ARP":
        f["hw_type"] = _int(g("arp.hw.type"))
        f["proto_type"] = _int(g("arp.proto.type"))
        f["hw_size"] = _int(g("arp.hw.size"))
        f["proto_size"] = _int(g("arp.proto.size"))
        f["opcode"] = _int(g("arp.opcode"))
        for side in ("src", "dst"):
            hw = g("arp.%s.hw_mac" % side) or g("arp.%s.hw" % side)
            proto = (g("arp.%s.proto_ipv4" % side) or
                     g("arp.%s.proto" % side))
            f[side + "_hw"] = hw and canonical_mac(hw)
            f[side + "_proto"] = proto and (
                ipaddress.ip_address(proto).packed.hex()
                if re.match(r"^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$", proto)
                else proto.replace(":", "").lower())
    elif record_type == "IPv4":
        f["version"] = _int(g("ip.version"))
        f["src"] = g("ip.src") and canonical_ip(g("ip.src"))
        f["dst"] = g("ip.dst") and canonical_ip(g("ip.dst"))
        f["ttl"] = _int(g("ip.ttl"))
        f["protocol"] = _int(g("ip.proto"))
        f["id"] = _int(g("ip.id"))
        f["length"] = _int(g("ip.len"))
        f["flags"] = _int(g("ip.flags"))
        f["frag_offset"] = _int(g("ip.frag_offset"))
        hdr_len = _int(g("ip.hdr_len"))
        f["ihl"] = hdr_len // 4 if hdr_len is not None else None
        f["tos"] = _int(g("ip.dsfield") or g("ip.tos"))
        f["checksum"] = _int(g("ip.checksum"))
    elif record_type == "IPv6":
        f["version"] = _int(g("ipv6.version"))
        f["src"] = g("ipv6.src") and canonical_ip(g("ipv6.src"))
        f["dst"] = g("ipv6.dst") and canonical_ip(g("ipv6.dst"))
        f["hop_limit"] = _int(g("ipv6.hlim"))
        f["next_header"] = _int(g("ipv6.nxt"))
        f["length"] = _int(g("ipv6.plen"))
        f["traffic_class"] = _int(g("ipv6.tclass"))
        f["flow_label"] = _int(g("ipv6.flow"))
    elif record_type == "TCP":
        f["src_port"] = _int(g("tcp.srcport"))
        f["dst_port"] = _int(g("tcp.dstport"))
        f["seq"] = _int(g("tcp.seq_raw"))
        f["ack"] = _int(g("tcp.ack_raw"))
        flags = _int(g("tcp.flags"))
        f["flags"] = flags & 0x1FF if flags is not None else None
        f["window"] = _int(g("tcp.window_size_value"))
        hdr_len = _int(g("tcp.hdr_len"))
        f["data_offset"] = hdr_len // 4 if hdr_len is not None else None
        f["checksum"] = _int(g("tcp.checksum"))
        f["urgent"] = _int(g("tcp.urgent_pointer"))
    elif record_type == "UDP":
        f["src_port"] = _int(g("udp.srcport"))
        f["dst_port"] = _int(g("udp.dstport"))
        f["length"] = _int(g("udp.length"))
        f["checksum"] = _int(g("udp.checksum"))
    elif record_type == "ICMPv4":
        f["type"] = _int(g("icmp.type"))
        f["code"] = _int(g("icmp.code"))
        if f["type"] is not None and f["code"] is not None:
            f["type_code"] = f["type"] << 8 | f["code"]
        f["checksum"] = _int(g("icmp.checksum"))
        # netcap fills id and seq for echo, timestamp and information
        # messages only (proto/icmpv4.proto), 0 for the others.
        if f["type"] in (0, 8, 13, 14, 15, 16):
            f["id"] = _int(g("icmp.ident"))
            f["seq"] = _int(g("icmp.seq"))
        elif f["type"] is not None:
            f["id"] = 0
            f["seq"] = 0
    elif record_type == "ICMPv6":
        f["type"] = _int(g("icmpv6.type"))
        f["code"] = _int(g("icmpv6.code"))
        if f["type"] is not None and f["code"] is not None:
            f["type_code"] = f["type"] << 8 | f["code"]
        f["checksum"] = _int(g("icmpv6.checksum"))
    elif record_type == "DNS":
        f["id"] = _int(g("dns.id"))
        flags = _int(g("dns.flags"))
        if flags is not None:
            f["qr"] = flags >> 15 & 1
            f["opcode"] = flags >> 11 & 0xF
            f["aa"] = flags >> 10 & 1
            f["tc"] = flags >> 9 & 1
            f["rd"] = flags >> 8 & 1
            f["ra"] = flags >> 7 & 1
            f["z"] = flags >> 4 & 7
            f["rcode"] = flags & 0xF
        # An UPDATE message (RFC 2136 2.2) has the same four sections under
        # other names, which tshark uses: zone, prerequisites, updates and
        # additional records. netcap keeps them as questions, answers,
        # authorities and additionals.
        update = "dns.count.zones" in layer
        f["qd_count"] = _int(g("dns.count.zones" if update else
                               "dns.count.queries"))
        f["an_count"] = _int(g("dns.count.prerequisites" if update else
                               "dns.count.answers"))
        f["ns_count"] = _int(g("dns.count.updates" if update else
                               "dns.count.auth_rr"))
        f["ar_count"] = _int(g("dns.count.add_rr"))
        queries = entries(layer.get("Zone" if update else "Queries"))
        answers = entries(layer.get("Prerequisites" if update else "Answers"))
        f["questions"] = len(queries)
        f["answers"] = len(answers)
        f["authorities"] = len(entries(layer.get(
            "Updates" if update else "Authoritative nameservers")))
        f["additionals"] = len(entries(layer.get("Additional records")))
        qnames = [tshark_dns_name(q.get("dns.qry.name", "")) for q in queries]
        if None not in qnames:
            f["qnames"] = "|".join(qnames)
        f["qtypes"] = "|".join(q.get("dns.qry.type", "?") for q in queries)
        anames = [tshark_dns_name(rr_name(a)) for a in answers]
        if None not in anames:
            f["answer_names"] = "|".join(sorted(anames))
        f["answer_types"] = "|".join(
            sorted(a.get("dns.resp.type", "?") for a in answers))
        f["answer_addrs"] = "|".join(sorted(
            canonical_ip(a.get("dns.a") or a.get("dns.aaaa"))
            for a in answers if a.get("dns.a") or a.get("dns.aaaa")))
    else:
        f.update(wifi_tshark_fields(record_type, layer))
        f.update(tshark_app_fields(record_type, layer))
        f.update(l2misc_tshark_fields(record_type, layer))
        f.update(links_tshark_fields(record_type, layer))
        f.update(ipproto_tshark_fields(record_type, layer))
        f.update(l2ip_tshark_fields(record_type, layer))
    return {k: (str(v) if v is not None and not isinstance(v, str) else v)
            for k, v in f.items()}


# --------------------------------------------------------------------------
# Application protocols over UDP and TCP (netcap/layers/: dhcpv4, dhcpv6,
# ntp, sip, bfd, modbustcp): both tools' values, and the tshark protocols
# netcap is expected to record after a UDP or TCP header.

# tshark's protocol name -> netcap's record type.
APP_TOKENS = {"dhcp": "DHCPv4", "dhcpv6": "DHCPv6", "ntp": "NTP", "sip": "SIP",
              "bfd": "BFD", "bfd_echo": "BFD", "mbtcp": "ModbusTCP"}


# The highest DHCPv6 message type IANA has assigned; netcap claims a payload
# on ports 546/547 only when it starts with one (netcap/layers/dhcpv6.hpp).
DHCPV6_LAST_MESSAGE_TYPE = 37


# Captures whose SIP is not compared: a SIP capture fuzzed byte by byte,
# where damaged header lines (a stray CR, a NUL, a "%s" spliced in) are split
# and cut differently by the two tools; docs/tshark-comparison.md shows the
# kinds. Its SIP still goes through netcap (and the sweep) for robustness.
APP_NOT_COMPARED = {("SIP", "ndpi-tests_fuzz-2006-06-26-2594.pcap"):
                    "fuzzed SIP text: damaged header lines split differently"}


def app_tokens(transport, src_port, dst_port):
    """The application protocols netcap claims in this transport's payload,
    by tshark's names: by port as netcap/layers/ claims them. SIP is claimed
    on any port by its start line, as tshark's heuristic does."""
    ports = {src_port, dst_port}
    out = {"sip"}
    if transport == "udp":
        if ports & {67, 68}:
            out.add("dhcp")
        if ports & {546, 547}:
            out.add("dhcpv6")
        if 123 in ports:
            out.add("ntp")
        if dst_port in (3784, 4784, 6784):
            out.add("bfd")
        if dst_port == 3785:
            out.add("bfd_echo")
    elif 502 in ports:
        out.add("mbtcp")
    return out


def ntp_time_text(value):
    """An NTP timestamp as tshark prints it: RFC 4330 3's eras (a value
    whose top bit is clear is after 2036), nanoseconds truncated."""
    if value == 0:
        return "NULL"
    seconds, fraction = value >> 32, value & 0xFFFFFFFF
    unix = seconds - 2208988800 if seconds & 0x80000000 else (
        seconds + (1 << 32) - 2208988800)
    return "%s.%09d UTC" % (time.strftime("%b %e, %Y %H:%M:%S",
                                          time.gmtime(unix)),
                            fraction * 1000000000 >> 32)


def _listed(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def netcap_app_fields(record_type, r):
    f = {}
    if record_type == "DHCPv4":
        f["op"] = r.operation
        f["htype"] = r.hardware_type
        f["hlen"] = r.hardware_len
        f["hops"] = r.hardware_opts
        f["xid"] = r.xid
        f["secs"] = r.secs
        f["flags"] = r.flags
        f["ciaddr"] = ip_text(r.client_ip)
        f["yiaddr"] = ip_text(r.your_client_ip)
        f["siaddr"] = ip_text(r.next_server_ip)
        f["giaddr"] = ip_text(r.relay_agent_ip)
        if r.hardware_type == 1 and r.hardware_len == 6:
            f["chaddr"] = mac_text(r.client_hw_addr)
        f["cookie"] = int(r.magic_cookie)
        f["options"] = "|".join(str(o.type) for o in r.options)
    elif record_type == "DHCPv6":
        f["msg_type"] = r.msg_type
        if r.msg_type in (12, 13):
            f["hop_count"] = r.hop_count
            f["link_addr"] = ip_text(r.link_addr)
            f["peer_addr"] = ip_text(r.peer_addr)
        else:
            f["xid"] = int.from_bytes(r.transaction_id, "big")
        f["options"] = "|".join(str(o.code) for o in r.options)
    elif record_type == "NTP":
        f["li"] = r.leap_indicator
        f["version"] = r.version
        f["mode"] = r.mode
        if r.mode < 6:
            f["stratum"] = r.stratum
            f["poll"] = r.poll & 0xFF
            f["precision"] = r.precision & 0xFF
            f["root_delay"] = r.root_delay
            f["root_dispersion"] = r.root_dispersion
            f["reference_id"] = r.reference_id
            f["reftime"] = ntp_time_text(r.reference_timestamp)
            f["org"] = ntp_time_text(r.origin_timestamp)
            f["rec"] = ntp_time_text(r.receive_timestamp)
            f["xmt"] = ntp_time_text(r.transmit_timestamp)
    elif record_type == "SIP":
        f["start"] = "response" if r.is_response else "request"
        if r.is_response:
            f["status_code"] = r.response_code
        else:
            f["method"] = r.method_name
            f["request_uri"] = r.request_uri
        f["call_id"] = getattr(r, "call_id")
        f["from"] = getattr(r, "from")
        f["to"] = r.to
        f["cseq"] = r.cseq
        f["via"] = r.via
        f["content_length"] = r.content_length
        f["headers"] = len(r.headers)
    elif record_type == "BFD" and r.echo:
        # An echo packet (RFC 5881 4): only the sender's bytes are known.
        f["echo_data"] = r.echo_data.hex()
    elif record_type == "BFD":
        f["version"] = r.version
        f["diag"] = r.diagnostic
        f["state"] = r.state
        f["flags"] = (r.poll << 5 | r.final << 4 | r.control_plane_independent
                      << 3 | r.auth_present << 2 | r.demand << 1 |
                      r.multipoint)
        f["detect_mult"] = r.detect_multiplier
        f["length"] = r.length
        f["my_disc"] = r.my_discriminator
        f["your_disc"] = r.your_discriminator
        f["desired_min_tx"] = r.desired_min_tx_interval
        f["required_min_rx"] = r.required_min_rx_interval
        f["required_min_echo_rx"] = r.required_min_echo_rx_interval
        if r.auth_present:
            f["auth_type"] = r.auth_header.auth_type
            f["auth_len"] = r.auth_header.auth_length
            f["auth_key"] = r.auth_header.key_id
            if 2 <= r.auth_header.auth_type <= 5:
                f["auth_seq"] = r.auth_header.sequence_number
    elif record_type == "ModbusTCP":
        f["transaction_id"] = r.transaction_identifier
        f["protocol_id"] = r.protocol_identifier
        f["length"] = r.length
        f["unit_id"] = r.unit_identifier
    return f


def tshark_app_fields(record_type, layer):
    g = lambda name: find_field(layer, name)
    f = {}
    if record_type == "DHCPv4":
        f["op"] = _int(g("dhcp.type"))
        f["htype"] = _int(g("dhcp.hw.type"))
        f["hlen"] = _int(g("dhcp.hw.len"))
        f["hops"] = _int(g("dhcp.hops"))
        f["xid"] = _int(g("dhcp.id"))
        f["secs"] = _int(g("dhcp.secs"))
        f["flags"] = _int(g("dhcp.flags"))
        for ours, theirs in (("ciaddr", "client"), ("yiaddr", "your"),
                             ("siaddr", "server"), ("giaddr", "relay")):
            value = g("dhcp.ip." + theirs)
            f[ours] = value and canonical_ip(value)
        mac = g("dhcp.hw.mac_addr")
        f["chaddr"] = mac and canonical_mac(mac)
        f["cookie"] = 1 if g("dhcp.cookie") is not None else None
        if f["cookie"]:
            types = _listed(layer.get("dhcp.option.type"))
            trees = _listed(layer.get("dhcp.option.type_tree"))
            if len(types) == len(trees):
                # Pad and End have no length; netcap leaves them out.
                f["options"] = "|".join(
                    t for t, tree in zip(types, trees)
                    if isinstance(tree, dict) and "dhcp.option.length" in tree)
    elif record_type == "DHCPv6":
        f["msg_type"] = _int(g("dhcpv6.msgtype"))
        if f["msg_type"] in (12, 13):
            f["hop_count"] = _int(g("dhcpv6.hopcount"))
            for side in ("link", "peer"):
                value = g("dhcpv6.%saddr" % side)
                f[side + "_addr"] = value and canonical_ip(value)
        else:
            f["xid"] = _int(g("dhcpv6.xid"))
        trees = _listed(layer.get("dhcpv6.option.type_str_tree"))
        f["options"] = "|".join(str(t.get("dhcpv6.option.type"))
                                for t in trees if isinstance(t, dict))
    elif record_type == "NTP":
        flags = _int(g("ntp.flags"))
        if flags is not None:
            f["li"] = flags >> 6
            f["version"] = flags >> 3 & 7
            f["mode"] = flags & 7
        if f.get("mode") is not None and f["mode"] < 6:
            f["stratum"] = _int(g("ntp.stratum"))
            f["poll"] = _int(g("ntp.ppoll"))
            f["precision"] = _int(g("ntp.precision"))
            f["root_delay"] = _int(g("ntp.rootdelay"))
            f["root_dispersion"] = _int(g("ntp.rootdispersion"))
            refid = (g("ntp.refid") or "").replace(":", "")
            f["reference_id"] = (int(refid, 16)
                                 if re.match(r"^[0-9a-fA-F]{8}$", refid)
                                 else None)
            for name in ("reftime", "org", "rec", "xmt"):
                f[name] = g("ntp." + name)
    elif record_type == "SIP":
        if g("sip.Status-Line") is not None:
            f["start"] = "response"
            f["status_code"] = _int(g("sip.Status-Code"))
        elif g("sip.Request-Line") is not None:
            f["start"] = "request"
            f["method"] = g("sip.Method")
            f["request_uri"] = g("sip.r-uri")
        for ours, theirs in (("call_id", "Call-ID"), ("from", "From"),
                             ("to", "To"), ("cseq", "CSeq"), ("via", "Via")):
            value = g("sip." + theirs)
            f[ours] = value if value is not None else ""
        length = g("sip.Content-Length")
        f["content_length"] = _int(length) if length is not None else -1
        if g("sip.content_length.invalid") is not None:
            # A value that is not a number (`Content-Length: bad`): tshark
            # shows 0 with this expert note and marks the packet malformed;
            # netcap records -1, its value for a length it cannot read.
            f["content_length"] = -1
        headers = g("sip.msg_hdr")
        if headers is not None:
            # Up to the empty line: without reassembly tshark's msg_hdr may
            # run on into the body.
            lines = re.split(r"\r?\n", headers)
            if "" in lines:
                lines = lines[:lines.index("")]
            f["headers"] = sum(1 for line in lines if line[0] not in " \t")
    elif record_type == "BFD" and g("bfd_echo.packet") is not None:
        f["echo_data"] = g("bfd_echo.packet").replace(":", "").lower()
    elif record_type == "BFD":
        f["version"] = _int(g("bfd.version"))
        f["diag"] = _int(g("bfd.diag"))
        f["state"] = _int(g("bfd.sta"))
        flags = _int(g("bfd.flags"))
        f["flags"] = flags & 0x3F if flags is not None else None
        f["detect_mult"] = _int(g("bfd.detect_time_multiplier"))
        f["length"] = _int(g("bfd.message_length"))
        f["my_disc"] = _int(g("bfd.my_discriminator"))
        f["your_disc"] = _int(g("bfd.your_discriminator"))
        f["desired_min_tx"] = _int(g("bfd.desired_min_tx_interval"))
        f["required_min_rx"] = _int(g("bfd.required_min_rx_interval"))
        f["required_min_echo_rx"] = _int(g("bfd.required_min_echo_interval"))
        if flags is not None and flags & 0x04:
            f["auth_type"] = _int(g("bfd.auth.type"))
            f["auth_len"] = _int(g("bfd.auth.len"))
            f["auth_key"] = _int(g("bfd.auth.key"))
            if f["auth_type"] is not None and 2 <= f["auth_type"] <= 5:
                f["auth_seq"] = _int(g("bfd.auth.seq_num"))
    elif record_type == "ModbusTCP":
        f["transaction_id"] = _int(g("mbtcp.trans_id"))
        f["protocol_id"] = _int(g("mbtcp.prot_id"))
        f["length"] = _int(g("mbtcp.len"))
        f["unit_id"] = _int(g("mbtcp.unit_id"))
    return f


def bit_reversed_mac(text):
    """An FDDI address as tshark shows it, with each byte's bits reversed
    back into the order of the captured bytes: tshark assumes DLT_FDDI
    captures hold addresses in FDDI's bit order and swaps them, while
    netcap (like gopacket) keeps the bytes (docs/tshark-comparison.md)."""
    return ":".join("%02x" % int("{:08b}".format(int(b, 16))[::-1], 2)
                    for b in text.split(":"))


def _count(layer, name):
    """How often `name` occurs in a tshark layer (TLV lists)."""
    return json.dumps(layer).count('"%s":' % name)


def l2misc_tshark_fields(record_type, layer):
    """tshark's values for the link and discovery protocols (l2misc)."""
    g = lambda name: find_field(layer, name)
    f = {}
    if record_type == "FDDI":
        f["fc"] = _int(g("fddi.fc"))
        f["src"] = g("fddi.src") and bit_reversed_mac(g("fddi.src"))
        f["dst"] = g("fddi.dst") and bit_reversed_mac(g("fddi.dst"))
    elif record_type == "LinkLayerDiscovery":
        f["chassis_subtype"] = _int(g("lldp.chassis.subtype"))
        if f["chassis_subtype"] == 4 and g("lldp.chassis.id.mac"):
            f["chassis_mac"] = canonical_mac(g("lldp.chassis.id.mac"))
        f["port_subtype"] = _int(g("lldp.port.subtype"))
        if f["port_subtype"] == 3 and g("lldp.port.id.mac"):
            f["port_mac"] = canonical_mac(g("lldp.port.id.mac"))
        f["ttl"] = _int(g("lldp.time_to_live"))
        # Every TLV but the three mandatory ones and End.
        tlvs = _count(layer, "lldp.tlv.type")
        f["values"] = tlvs - 4 if tlvs >= 4 else None
    elif record_type == "LinkLayerDiscoveryInfo":
        f["port_description"] = g("lldp.port.desc") or ""
        f["sys_name"] = g("lldp.tlv.system.name") or ""
        f["sys_description"] = g("lldp.tlv.system.desc") or ""
        f["system_cap"] = _int(g("lldp.tlv.system_cap"))
        f["enabled_cap"] = _int(g("lldp.tlv.enable_system_cap"))
        f["mgmt_ipv4"] = g("lldp.mgn.addr.ip4")
        f["org_tlvs"] = _count(layer, "lldp.orgtlv.oui")
    elif record_type == "CiscoDiscovery":
        f["version"] = _int(g("cdp.version"))
        f["ttl"] = _int(g("cdp.ttl"))
        f["checksum"] = _int(g("cdp.checksum"))
        f["tlvs"] = _count(layer, "cdp.tlv.type")
    elif record_type == "CiscoDiscoveryInfo":
        f["device_id"] = g("cdp.deviceid") or ""
        f["port_id"] = g("cdp.portid") or ""
        f["platform"] = g("cdp.platform") or ""
        f["vtp_domain"] = g("cdp.vtp_management_domain") or ""
        f["native_vlan"] = _int(g("cdp.native_vlan")) or 0
        f["capabilities"] = _int(g("cdp.capabilities")) or 0
    elif record_type == "EthernetCTP":
        f["skip_count"] = _int(g("loop.skipcount"))
    elif record_type == "EthernetCTPReply":
        f["function"] = 1
        f["receipt_number"] = _int(g("loop.receipt_number"))
    elif record_type == "EAP":
        f["code"] = _int(g("eap.code"))
        f["id"] = _int(g("eap.id"))
        f["length"] = _int(g("eap.len"))
        f["type"] = _int(g("eap.type")) or 0
    return f


def links_tshark_fields(record_type, layer):
    """tshark's values for the link layers of branch links and SLL2."""
    g = lambda name: find_field(layer, name)
    f = {}
    if record_type in ("SLL", "SLL2"):
        f["pkttype"] = _int(g("sll.pkttype"))
        f["hatype"] = _int(g("sll.hatype"))
        f["halen"] = _int(g("sll.halen"))
        # An EtherType, or for frames without one the Linux protocol
        # (sll.ltype: 0x0004 for 802.2 LLC).
        f["protocol"] = _int(g("sll.etype") or g("sll.ltype"))
        if f["halen"] == 6 and g("sll.src.eth"):
            f["src_mac"] = canonical_mac(g("sll.src.eth"))
        if record_type == "SLL2":
            f["ifindex"] = _int(g("sll.ifindex"))
    elif record_type == "Loopback":
        f["family"] = _int(g("null.family"))
    elif record_type == "MPLS":
        f["label"] = _int(g("mpls.label"))
        f["exp"] = _int(g("mpls.exp"))
        f["bottom"] = _int(g("mpls.bottom"))
        f["ttl"] = _int(g("mpls.ttl"))
    elif record_type == "PPPoE":
        f["version"] = _int(g("pppoe.version"))
        f["type"] = _int(g("pppoe.type"))
        f["code"] = _int(g("pppoe.code"))
        f["session_id"] = _int(g("pppoe.session_id"))
        f["length"] = _int(g("pppoe.payload_length"))
    return f


# --------------------------------------------------------------------------
# IP protocols and tunnels netcap adds to libtins (netcap/layers/: gre, igmp,
# vrrp, ospf, sctp, vxlan, geneve): both tools' values. A field a header
# does not have (GRE's key without its flag) is left out on netcap's side
# and read as missing on tshark's.

def ipproto_netcap_fields(record_type, r):
    """netcap's values for the IP protocols and tunnels (ipproto)."""
    f = {}
    if record_type == "GRE":
        f["flags_and_version"] = (
            int(r.checksum_present) << 15 | int(r.routing_present) << 14 |
            int(r.key_present) << 13 | int(r.seq_present) << 12 |
            int(r.strict_source_route) << 11 | r.recursion_control << 8 |
            int(r.ack_present) << 7 | r.flags << 3 | r.version)
        f["protocol"] = r.protocol
        if r.checksum_present:
            f["checksum"] = r.checksum
        if r.key_present and r.version == 0:
            f["key"] = r.key
        if r.key_present and r.version == 1:
            f["call_id"] = r.key & 0xFFFF
        if r.seq_present:
            f["seq"] = r.seq
        if r.ack_present:
            f["ack"] = r.ack
    elif record_type == "IGMP":
        f["type"] = r.type
        f["checksum"] = r.checksum
        if r.version:
            f["version"] = r.version
        # Queries, v1/v2 reports, leaves and mtrace queries and responses
        # (0x1f, 0x1e) carry their group in bytes 4 to 7.
        if r.type in (0x11, 0x12, 0x16, 0x17, 0x1e, 0x1f):
            f["group"] = ip_text(r.group_address)
        if r.version == 3 and r.type == 0x11:
            f["num_src"] = r.number_of_sources
            f["qrv"] = r.robustness_value
            f["s"] = int(r.supress_router_processing)
        if r.type == 0x22:
            f["num_grp_recs"] = r.number_of_group_records
            # tshark's first igmp.maddr and igmp.num_src in a version 3
            # report are those of its first group record.
            if r.group_records:
                f["group"] = ip_text(r.group_records[0].multicast_address)
                f["num_src"] = r.group_records[0].number_of_sources
    elif record_type == "VRRPv2":
        f["version"] = r.version
        f["type"] = r.type
        f["vrid"] = r.virtual_rtr_id
        f["priority"] = r.priority
        f["count"] = r.count_ip_addr
        f["checksum"] = r.checksum
        if r.version != 3:  # RFC 3768's layout, for tshark as for netcap
            f["adver_int"] = r.adver_int
        if r.ip_address and len(r.ip_address[0]) == 4:
            f["first_addr"] = ip_text(r.ip_address[0])
    elif record_type in ("OSPFv2", "OSPFv3"):
        f["version"] = r.version
        f["type"] = r.type
        f["length"] = r.packet_length
        f["router"] = str(ipaddress.IPv4Address(r.router_id))
        f["area"] = str(ipaddress.IPv4Address(r.area_id))
        f["checksum"] = r.checksum
        if record_type == "OSPFv2":
            f["auth_type"] = r.au_type
        else:
            f["instance"] = r.instance
    elif record_type == "SCTP":
        f["src_port"] = r.src_port
        f["dst_port"] = r.dst_port
        f["vtag"] = r.verification_tag
        f["checksum"] = r.checksum
        f["first_chunk"] = r.chunks[0].type if r.chunks else None
    elif record_type == "VXLAN":
        f["vni"] = r.vni
        f["i_flag"] = int(r.valid_id_flag)
    elif record_type == "Geneve":
        f["version"] = r.version
        f["protocol"] = r.protocol
        f["vni"] = r.vni
        f["oam"] = int(r.oam_packet)
        f["critical"] = int(r.critical_option)
    return {k: v for k, v in f.items() if v is not None}


def ipproto_tshark_fields(record_type, layer):
    """tshark's values for the IP protocols and tunnels (ipproto)."""
    g = lambda name: find_field(layer, name)
    f = {}
    if record_type == "GRE":
        f["flags_and_version"] = _int(g("gre.flags_and_version"))
        f["protocol"] = _int(g("gre.proto"))
        f["checksum"] = _int(g("gre.checksum"))
        f["key"] = _int(g("gre.key"))
        f["call_id"] = _int(g("gre.key.call_id"))
        f["seq"] = _int(g("gre.sequence_number"))
        f["ack"] = _int(g("gre.ack_number"))
    elif record_type == "IGMP":
        f["type"] = _int(g("igmp.type"))
        f["checksum"] = _int(g("igmp.checksum"))
        f["version"] = _int(g("igmp.version"))
        f["group"] = g("igmp.maddr")
        f["num_src"] = _int(g("igmp.num_src"))
        f["qrv"] = _int(g("igmp.qrv"))
        f["s"] = _int(g("igmp.s"))
        f["num_grp_recs"] = _int(g("igmp.num_grp_recs"))
    elif record_type == "VRRPv2":
        f["version"] = _int(g("vrrp.version"))
        f["type"] = _int(g("vrrp.type"))
        f["vrid"] = _int(g("vrrp.virt_rtr_id"))
        f["priority"] = _int(g("vrrp.prio"))
        f["count"] = _int(g("vrrp.addr_count"))
        f["checksum"] = _int(g("vrrp.checksum"))
        f["adver_int"] = _int(g("vrrp.adver_int"))
        f["first_addr"] = g("vrrp.ip_addr")
    elif record_type in ("OSPFv2", "OSPFv3"):
        f["version"] = _int(g("ospf.version"))
        f["type"] = _int(g("ospf.msg"))
        f["length"] = _int(g("ospf.packet_length"))
        f["router"] = g("ospf.srcrouter")
        f["area"] = g("ospf.area_id")
        f["checksum"] = _int(g("ospf.checksum"))
        f["auth_type"] = _int(g("ospf.auth.type"))
        f["instance"] = _int(g("ospf.instance_id"))
    elif record_type == "SCTP":
        f["src_port"] = _int(g("sctp.srcport"))
        f["dst_port"] = _int(g("sctp.dstport"))
        f["vtag"] = _int(g("sctp.verification_tag"))
        f["checksum"] = _int(g("sctp.checksum"))
        f["first_chunk"] = _int(g("sctp.chunk_type"))
    elif record_type == "VXLAN":
        f["vni"] = _int(g("vxlan.vni"))
        flags = _int(g("vxlan.flags"))
        f["i_flag"] = None if flags is None else flags >> 11 & 1
    elif record_type == "Geneve":
        f["version"] = _int(g("geneve.version"))
        f["protocol"] = _int(g("geneve.proto_type"))
        f["vni"] = _int(g("geneve.vni"))
        f["oam"] = _int(g("geneve.flags.oam"))
        f["critical"] = _int(g("geneve.flags.critical"))
    return f


# --------------------------------------------------------------------------
# IEEE 802.3, LLC, SNAP and STP, the IPv6 extension headers, IPsec and the
# ICMPv6 message kinds (l2ip): both tools' values. tshark shows the IPv6
# extension headers inside its ipv6 layer and the ICMPv6 kinds inside its
# icmpv6 layer; the walk hands these functions the header's subtree
# (`ipv6.hopopts`, ...) or the whole icmpv6 layer.

# tshark's subtree of an IPv6 extension header, by netcap's record type.
IPV6_EXTENSIONS = {"IPv6HopByHop": "ipv6.hopopts",
                   "IPv6DestinationOptions": "ipv6.dstopts",
                   "IPv6Routing": "ipv6.routing",
                   "IPv6Fragment": "ipv6.fraghdr"}
# The ICMPv6 message types netcap writes a record of its own for.
ICMPV6_KINDS = {128: "ICMPv6Echo", 129: "ICMPv6Echo",
                133: "ICMPv6RouterSolicitation",
                134: "ICMPv6RouterAdvertisement",
                135: "ICMPv6NeighborSolicitation",
                136: "ICMPv6NeighborAdvertisement"}


def _seconds(value):
    """An STP timer in seconds, as both tools' values are compared."""
    return None if value is None else "%g" % float(value)


def _ipv6_options_netcap(options):
    """A hop-by-hop or destination options header's options as type:length
    (Pad1, which has no length, as its type) and the header's length field,
    in 8-byte units less one (RFC 8200, 4.3)."""
    parts = []
    size = 2
    for o in options:
        if o.option_type == 0:
            parts.append("0")
            size += 1
        else:
            parts.append("%d:%d" % (o.option_type, o.option_length))
            size += 2 + o.actual_length
    # Rounded down: a last option cut short by the header's end may have
    # been counted with a length byte it does not have.
    return "|".join(parts), size // 8 - 1


def _icmpv6_options_netcap(options):
    """ND options as type:length (in 8-byte units, RFC 4861 4.6), and the
    first link-layer address option's address."""
    parts = ["%d:%d" % (o.type, (len(o.data) + 2) // 8) for o in options]
    linkaddr = next((mac_text(o.data) for o in options
                     if o.type in (1, 2) and len(o.data) == 6), None)
    return "|".join(parts), linkaddr


def l2ip_netcap_fields(record_type, r):
    """netcap's values for 802.3, LLC, SNAP, STP, the IPv6 extension
    headers, AH, ESP and the ICMPv6 message kinds (l2ip)."""
    f = {}
    if record_type == "IEEE802_3":
        f["src"] = mac_text(r.src_mac)
        f["dst"] = mac_text(r.dst_mac)
        f["length"] = r.length
    elif record_type == "LLC":
        f["dsap"] = r.dsap
        f["ssap"] = r.ssap
        f["control"] = r.control
    elif record_type == "SNAP":
        f["oui"] = int.from_bytes(r.organizational_code, "big")
        f["pid"] = r.type
    elif record_type == "STP":
        f["protocol"] = r.protocol_id
        f["version"] = r.version
        f["bpdu_type"] = r.bpdu_type
        if r.bpdu_type != 0x80:  # a topology change notification ends there
            f["flags"] = r.flags
            f["root_prio"] = r.root_priority
            f["root_ext"] = r.root_system_id_extension
            f["root_hw"] = mac_text(r.root_mac)
            f["root_cost"] = r.root_path_cost & 0xFFFFFFFF
            f["bridge_prio"] = r.bridge_priority
            f["bridge_ext"] = r.bridge_system_id_extension
            f["bridge_hw"] = mac_text(r.bridge_mac)
            f["port"] = r.port_id
            f["msg_age"] = _seconds(r.message_age)
            f["max_age"] = _seconds(r.max_age)
            f["hello"] = _seconds(r.hello_time)
            f["forward"] = _seconds(r.forward_delay)
    elif record_type in ("IPv6HopByHop", "IPv6DestinationOptions"):
        f["next_header"] = r.next_header
        f["options"], f["length"] = _ipv6_options_netcap(r.options)
    elif record_type == "IPv6Routing":
        f["next_header"] = r.next_header
        f["length"] = (len(r.data) + 4) // 8 - 1
        f["type"] = r.routing_type
        f["segments_left"] = r.segments_left
        if r.routing_type in (0, 2, 4):
            f["addresses"] = "|".join(ip_text(a) for a in r.addresses)
    elif record_type == "IPv6Fragment":
        f["next_header"] = r.next_header
        f["reserved_octet"] = r.reserved1
        f["offset"] = r.fragment_offset
        f["reserved_bits"] = r.reserved2
        f["more"] = int(r.more_fragments)
        f["ident"] = r.identification
    elif record_type == "IPSecAH":
        f["next_header"] = r.next_header
        f["length"] = r.payload_length
        f["reserved"] = r.reserved
        f["spi"] = r.spi & 0xFFFFFFFF
        f["seq"] = r.seq & 0xFFFFFFFF
        f["icv"] = r.authentication_data.hex()
    elif record_type == "IPSecESP":
        f["spi"] = r.spi & 0xFFFFFFFF
        f["seq"] = r.seq & 0xFFFFFFFF
    elif record_type == "ICMPv6Echo":
        f["reply"] = int(r.reply)
        f["id"] = r.identifier
        f["seq"] = r.seq_number
    elif record_type in ("ICMPv6NeighborSolicitation",
                         "ICMPv6NeighborAdvertisement"):
        f["target"] = ip_text(r.target_address)
        if record_type == "ICMPv6NeighborAdvertisement":
            f["flags"] = r.flags
        f["options"], f["linkaddr"] = _icmpv6_options_netcap(r.options)
    elif record_type == "ICMPv6RouterSolicitation":
        f["options"], f["linkaddr"] = _icmpv6_options_netcap(r.options)
    elif record_type == "ICMPv6RouterAdvertisement":
        f["hop_limit"] = r.hop_limit
        f["flags"] = r.flags
        f["router_lifetime"] = r.router_lifetime
        f["reachable"] = r.reachable_time
        f["retrans"] = r.retrans_timer
        f["options"], f["linkaddr"] = _icmpv6_options_netcap(r.options)
    return {k: v for k, v in f.items() if v is not None}


def _hex_bytes(text):
    return None if text is None else text.replace(":", "").lower()


def _ipv6_options_tshark(layer):
    """A hop-by-hop or destination options subtree's options as in
    `_ipv6_options_netcap`, or None when tshark finds one malformed: it
    then stops, where netcap goes on by the option lengths (RFC 8200 4.2)."""
    if '"_ws.malformed"' in json.dumps(layer):
        return None
    parts = []
    for o in _listed(layer.get("ipv6.opt")):
        if not isinstance(o, dict) or o.get("ipv6.opt.type") is None:
            return None
        kind = _int(o["ipv6.opt.type"])
        parts.append(str(kind) if kind == 0 else
                     "%d:%s" % (kind, o.get("ipv6.opt.length")))
    return "|".join(parts)


def _icmpv6_options_tshark(layer):
    options = _listed(layer.get("icmpv6.opt"))
    if not all(isinstance(o, dict) and "icmpv6.opt.type" in o
               for o in options):
        return None, None
    parts = ["%s:%s" % (o["icmpv6.opt.type"], o.get("icmpv6.opt.length"))
             for o in options]
    linkaddr = next((o.get("icmpv6.opt.linkaddr") for o in options
                     if o["icmpv6.opt.type"] in ("1", "2")), None)
    return "|".join(parts), linkaddr and canonical_mac(linkaddr)


def l2ip_tshark_fields(record_type, layer):
    """tshark's values for the types of `l2ip_netcap_fields`."""
    g = lambda name: find_field(layer, name)
    f = {}
    if record_type == "IEEE802_3":
        f["src"] = g("eth.src") and canonical_mac(g("eth.src"))
        f["dst"] = g("eth.dst") and canonical_mac(g("eth.dst"))
        # tshark reads a type/length field of 0 as a type.
        f["length"] = _int(g("eth.len") or g("eth.type"))
    elif record_type == "LLC":
        f["dsap"] = _int(g("llc.dsap"))
        f["ssap"] = _int(g("llc.ssap"))
        f["control"] = _int(g("llc.control"))
    elif record_type == "SNAP":
        f["oui"] = _int(g("llc.oui"))
        f["pid"] = _int(g("llc.pid"))
    elif record_type == "STP":
        f["protocol"] = _int(g("stp.protocol"))
        f["version"] = _int(g("stp.version"))
        f["bpdu_type"] = _int(g("stp.type"))
        if f["bpdu_type"] != 0x80:
            f["flags"] = _int(g("stp.flags"))
            for side in ("root", "bridge"):
                f[side + "_prio"] = _int(g("stp.%s.prio" % side))
                f[side + "_ext"] = _int(g("stp.%s.ext" % side))
                hw = g("stp.%s.hw" % side)
                f[side + "_hw"] = hw and canonical_mac(hw)
            f["root_cost"] = _int(g("stp.root.cost"))
            f["port"] = _int(g("stp.port"))
            for ours, theirs in (("msg_age", "msg_age"), ("max_age", "max_age"),
                                 ("hello", "hello"), ("forward", "forward")):
                f[ours] = _seconds(g("stp." + theirs))
    elif record_type in ("IPv6HopByHop", "IPv6DestinationOptions"):
        prefix = IPV6_EXTENSIONS[record_type]
        f["next_header"] = _int(g(prefix + ".nxt"))
        f["length"] = _int(g(prefix + ".len"))
        f["options"] = _ipv6_options_tshark(layer)
    elif record_type == "IPv6Routing":
        f["next_header"] = _int(g("ipv6.routing.nxt"))
        f["length"] = _int(g("ipv6.routing.len"))
        f["type"] = _int(g("ipv6.routing.type"))
        f["segments_left"] = _int(g("ipv6.routing.segleft"))
        name = {0: "ipv6.routing.src.addr",
                2: "ipv6.routing.mipv6.home_address",
                4: "ipv6.routing.srh.addr"}.get(f["type"])
        if name:
            f["addresses"] = "|".join(canonical_ip(a) for a in
                                      _listed(layer.get(name)))
    elif record_type == "IPv6Fragment":
        f["next_header"] = _int(g("ipv6.fraghdr.nxt"))
        f["reserved_octet"] = _int(g("ipv6.fraghdr.reserved_octet"))
        f["offset"] = _int(g("ipv6.fraghdr.offset"))
        f["reserved_bits"] = _int(g("ipv6.fraghdr.reserved_bits"))
        f["more"] = _int(g("ipv6.fraghdr.more"))
        f["ident"] = _int(g("ipv6.fraghdr.ident"))
    elif record_type == "IPSecAH":
        f["next_header"] = _int(g("ah.next_header"))
        f["length"] = _int(g("ah.length"))
        reserved = _hex_bytes(g("ah.reserved"))
        f["reserved"] = int(reserved, 16) if reserved else None
        f["spi"] = _int(g("ah.spi"))
        f["seq"] = _int(g("ah.sequence"))
        f["icv"] = _hex_bytes(g("ah.icv"))
    elif record_type == "IPSecESP":
        f["spi"] = _int(g("esp.spi"))
        f["seq"] = _int(g("esp.sequence"))
    elif record_type == "ICMPv6Echo":
        kind = _int(g("icmpv6.type"))
        f["reply"] = None if kind is None else int(kind == 129)
        f["id"] = _int(g("icmpv6.echo.identifier"))
        f["seq"] = _int(g("icmpv6.echo.sequence_number"))
    elif record_type in ("ICMPv6NeighborSolicitation",
                         "ICMPv6NeighborAdvertisement"):
        kind = "ns" if record_type.endswith("Solicitation") else "na"
        target = g("icmpv6.nd.%s.target_address" % kind)
        f["target"] = target and canonical_ip(target)
        if kind == "na":
            flags = _int(g("icmpv6.nd.na.flag"))
            # Router, solicited and override: the top three of 32 bits.
            f["flags"] = None if flags is None else flags >> 24 & 0xE0
        f["options"], f["linkaddr"] = _icmpv6_options_tshark(layer)
    elif record_type == "ICMPv6RouterSolicitation":
        f["options"], f["linkaddr"] = _icmpv6_options_tshark(layer)
    elif record_type == "ICMPv6RouterAdvertisement":
        f["hop_limit"] = _int(g("icmpv6.nd.ra.cur_hop_limit"))
        flags = _int(g("icmpv6.nd.ra.flag"))
        # Managed, other, home agent and preference (RFC 4191); netcap
        # keeps neither the proxy bit (RFC 4389) nor the reserved ones.
        f["flags"] = None if flags is None else flags & 0xF8
        f["router_lifetime"] = _int(g("icmpv6.nd.ra.router_lifetime"))
        f["reachable"] = _int(g("icmpv6.nd.ra.reachable_time"))
        f["retrans"] = _int(g("icmpv6.nd.ra.retrans_timer"))
        f["options"], f["linkaddr"] = _icmpv6_options_tshark(layer)
    return f


# The fields every complete header of a type has. A tshark row that lacks one
# shows a header cut short by the capture or too broken to read; netcap
# records only headers it has whole, so such a row without a record is not a
# disagreement (it is counted as out of scope, with that reason).
REQUIRED_FIELDS = {
    "Ethernet": ["src", "dst", "type"],
    "Dot1Q": ["id", "type"],
    "ARP": ["opcode", "dst_hw", "dst_proto"],
    "IPv4": ["src", "dst", "ttl", "ihl"],
    "IPv6": ["src", "dst", "hop_limit"],
    "TCP": ["seq", "ack", "flags", "window", "urgent"],
    "UDP": ["length", "checksum"],
    "ICMPv4": ["type", "code", "checksum", "seq"],
    "ICMPv6": ["type", "code", "checksum"],
    "DNS": ["id", "qd_count", "ar_count"],
    "DHCPv4": ["op", "xid", "hlen", "giaddr"],
    "DHCPv6": ["msg_type"],
    "NTP": ["mode"],
    "SIP": ["start"],
    # A control packet, or an echo packet.
    "BFD": [["version", "required_min_echo_rx"], ["echo_data"]],
    "ModbusTCP": ["transaction_id", "unit_id"],
    "FDDI": ["fc", "src", "dst"],
    "LinkLayerDiscovery": ["chassis_subtype", "port_subtype", "ttl"],
    "LinkLayerDiscoveryInfo": [],
    "CiscoDiscovery": ["version", "ttl", "checksum"],
    "CiscoDiscoveryInfo": [],
    "EthernetCTP": ["skip_count"],
    "EthernetCTPReply": ["receipt_number"],
    "EAP": ["code", "id", "length"],
    "SLL": ["pkttype", "hatype", "protocol"],
    "SLL2": ["pkttype", "hatype", "protocol", "ifindex"],
    "Loopback": ["family"],
    "MPLS": ["label", "bottom", "ttl"],
    "PPPoE": ["code", "session_id", "length"],
    "GRE": ["flags_and_version", "protocol"],
    "IGMP": ["type", "checksum"],
    "VRRPv2": ["version", "vrid", "count"],
    "OSPFv2": ["version", "type", "length"],
    "OSPFv3": ["version", "type", "length"],
    "SCTP": ["src_port", "dst_port", "vtag"],
    "VXLAN": ["vni"],
    "Geneve": ["vni", "protocol"],
}

def is_partial(record_type, fields):
    """Whether a tshark row lacks a field of REQUIRED_FIELDS: a list of
    names, or a list of such lists, of which the row must have one whole."""
    required = REQUIRED_FIELDS[record_type]
    choices = required if required and isinstance(required[0], list) else [
        required]
    return all(any(fields.get(f) is None for f in choice)
               for choice in choices)


# tshark's expert severity for errors (PI_ERROR).
_EXPERT_ERROR = '"_ws.expert.severity": "8388608"'
# What tshark shows instead of a DNS name it cannot decode: "<Name too
# long>", "<Name contains a pointer that loops>", "<Unknown extended
# label>"...
_PLACEHOLDER = re.compile(r'": "<[A-Z][^"<>]*>"')


def tshark_finds_fault(layer, layers):
    """Whether tshark reports the packet or this layer as broken: malformed,
    cut short, an error-level expert item, or a name it could not decode."""
    if "_ws.malformed" in layers or "_ws.short" in layers:
        return True
    text = json.dumps(layer)
    return _EXPERT_ERROR in text or _PLACEHOLDER.search(text) is not None


def _expert_error_message(node):
    """The message of the first error-level expert item in a tshark JSON
    subtree, or None."""
    if isinstance(node, dict):
        if node.get("_ws.expert.severity") == "8388608":
            return node.get("_ws.expert.message", "error")
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        message = _expert_error_message(child)
        if message:
            return message
    return None


def tshark_stop_fault(walk, layers):
    """Where tshark ends its dissection of a packet at a header it finds
    faulty, as "<layer>: <expert message>", or None.

    That is: the last layer tshark shows (frame.protocols) is the last one
    the walk expects netcap to record, and tshark reports an error-level
    expert item on it, or an exception (malformed packet) while dissecting
    it: "Bogus IP length", "Bad length value 0 < 8" on a BIG TCP UDP header.
    netcap may decode further (records "beyond tshark", counted apart, not
    compared). A capture cut short (_ws.short) is no such stop: netcap
    cannot read past the captured bytes either; nor is a packet in which
    tshark goes on into layers out of netcap's scope."""
    if "_ws.short" in layers or not walk.expected or walk.excluded:
        return None
    tokens = [t for t in layers["frame"].get("frame.protocols", "").split(":")
              if t]
    last = tokens[-1] if tokens else ""
    if last.startswith("ipv6."):
        last = "ipv6"  # an extension header, part of the IPv6 layer
    record_type, layer, _ = walk.expected[-1]
    if TOKEN_TYPE.get(last) != record_type:
        return None
    message = _expert_error_message(layer) or _expert_error_message(
        layers.get("_ws.malformed"))
    return "%s: %s" % (last, message) if message else None


# --------------------------------------------------------------------------
# Which of tshark's layers netcap is expected to record.
#
# netcap walks a packet's layers from the outside in and stops at the first
# layer it has no decoder for; tshark goes on into tunnels, quoted packets and
# application protocols. `expected_layers` walks tshark's layer list
# (frame.protocols) the way netcap does and returns the layers netcap should
# have recorded, plus, for layers tshark shows but netcap by design does not
# decode, the reason, so that the report can count them as out of scope. A
# layer netcap ought to decode but does not is not excluded here: it shows up
# as a missing record.

ETHERTYPE_NEXT = {"ip", "ipv6", "arp", "vlan", "ieee8021ad",
                  # netcap's own layers behind an EtherType (l2misc).
                  "lldp", "loop", "eapol",
                  # libtins' MPLS and PPPoE (links).
                  "mpls", "pppoed", "pppoes"}


class Walk:
    """One packet's walk: the layers netcap should record and the ones out of
    its scope. tshark's JSON keeps the k-th occurrence of a protocol as the
    k-th element of a list under the protocol's name."""

    def __init__(self, layers):
        self.layers = layers
        self.counts = collections.Counter()
        self.expected = []   # (record type, layer dict, occurrence)
        self.excluded = []   # (record type, reason)

    def take(self, token):
        index = self.counts[token]
        self.counts[token] += 1
        value = self.layers.get(token)
        if isinstance(value, list):
            return value[index] if index < len(value) else {}
        return value if index == 0 and isinstance(value, dict) else {}

    def expect(self, record_type, layer):
        occurrence = sum(1 for t, _, _ in self.expected if t == record_type)
        self.expected.append((record_type, layer, occurrence))


# Tunnels netcap decodes, by tshark's name: the netcap encoder that shows
# it, the layer that carries it ("ip" for an IP protocol number, "udp" for a
# port) and the layers tshark finds inside. The walk goes through a tunnel
# only when `netcap -encoders` lists its encoder.
TUNNELS = {
    "vxlan": ("VXLAN", "udp", {"eth"}),
    "geneve": ("Geneve", "udp", {"eth", "ip", "ipv6"}),
    "gre": ("GRE", "ip", {"ip", "ipv6", "eth", "arp", "erspan"}),
}
# IP protocols netcap decodes that carry nothing further, by tshark's name:
# the record type (OSPF's depends on the version, read from the layer). Like
# tunnels, walked only when netcap lists the encoder.
IP_PROTOCOLS = {"igmp": "IGMP", "sctp": "SCTP", "vrrp": "VRRPv2",
                "ospf": "OSPFv2"}
# Filled from `netcap -encoders` at start (and handed to the workers).
NETCAP_ENCODERS = set()

UNREASSEMBLED = ("DNS over TCP split over segments: neither tool reassembles; "
                 "tshark shows a fragment, netcap skips it")

TOKEN_TYPE = {"eth": "Ethernet", "vlan": "Dot1Q", "ieee8021ad": "Dot1Q",
              "arp": "ARP", "ip": "IPv4", "ipv6": "IPv6", "tcp": "TCP",
              "udp": "UDP", "icmp": "ICMPv4", "icmpv6": "ICMPv6",
              "dns": "DNS", "mdns": "DNS", "dhcp": "DHCPv4",
              "dhcpv6": "DHCPv6", "ntp": "NTP", "sip": "SIP", "bfd": "BFD",
              "mbtcp": "ModbusTCP",
              "fddi": "FDDI", "lldp": "LinkLayerDiscovery",
              "cdp": "CiscoDiscovery", "loop": "EthernetCTP", "eap": "EAP",
              "null": "Loopback", "mpls": "MPLS", "pppoed": "PPPoE",
              "pppoes": "PPPoE"}
# The tunnels and IP protocols come from their own tables above.
TOKEN_TYPE.update({t: encoder for t, (encoder, _, _) in TUNNELS.items()})
TOKEN_TYPE.update(IP_PROTOCOLS)


def _walk_fddi(walk, layer):
    walk.expect("FDDI", layer)
    return {"llc"}


def _walk_llc(walk, layer):
    # netcap decodes what IEEE 802 SNAP carries (core/dissect.hpp); other
    # LLC frames end the walk.
    return ETHERTYPE_NEXT | {"cdp"} if find_field(layer, "llc.oui") else set()


def _walk_lldp(walk, layer):
    walk.expect("LinkLayerDiscovery", layer)
    walk.expect("LinkLayerDiscoveryInfo", layer)
    return set()


def _walk_cdp(walk, layer):
    walk.expect("CiscoDiscovery", layer)
    walk.expect("CiscoDiscoveryInfo", layer)
    return set()


def _walk_loop(walk, layer):
    walk.expect("EthernetCTP", layer)
    if find_field(layer, "loop.receipt_number") is not None:
        walk.expect("EthernetCTPReply", layer)
    return set()


def _walk_eapol(walk, layer):
    # tshark shows EAP as a layer of its own but leaves it out of
    # frame.protocols.
    if "eap" in walk.layers:
        walk.expect("EAP", walk.take("eap"))
    return set()


def _walk_eap(walk, layer):
    walk.expect("EAP", layer)
    return set()


# The walk through netcap's own link and discovery layers (l2misc): each
# function records what tshark's layer should give and returns the layers
# that may follow it.
L2MISC_WALK = {"fddi": _walk_fddi, "llc": _walk_llc, "lldp": _walk_lldp,
               "cdp": _walk_cdp, "loop": _walk_loop, "eapol": _walk_eapol,
               "eap": _walk_eap}


# The walk through 802.3, LLC, SNAP and STP, the IPv6 extension headers,
# IPsec and the ICMPv6 message kinds (l2ip).
L2IP_REQUIRED_FIELDS = {
    "IEEE802_3": ["src", "dst", "length"],
    "LLC": ["dsap", "ssap", "control"],
    "SNAP": ["oui", "pid"],
    # A topology change notification has only these.
    "STP": ["protocol", "version", "bpdu_type"],
    "IPv6HopByHop": ["next_header", "length"],
    "IPv6DestinationOptions": ["next_header", "length"],
    "IPv6Routing": ["next_header", "length", "type", "segments_left"],
    "IPv6Fragment": ["next_header", "offset", "more", "ident"],
    "IPSecAH": ["next_header", "length", "spi", "seq"],
    "IPSecESP": ["spi", "seq"],
    "ICMPv6Echo": ["id", "seq"],
    "ICMPv6NeighborSolicitation": ["target"],
    "ICMPv6NeighborAdvertisement": ["flags", "target"],
    "ICMPv6RouterSolicitation": [],
    "ICMPv6RouterAdvertisement": ["hop_limit", "flags", "router_lifetime",
                                  "reachable", "retrans"],
}
REQUIRED_FIELDS.update(L2IP_REQUIRED_FIELDS)
TOKEN_TYPE.update({"llc": "LLC", "stp": "STP", "ah": "IPSecAH"})
# ESP ends what netcap decodes: its payload is encrypted.
IP_PROTOCOLS["esp"] = "IPSecESP"
TOKEN_TYPE["esp"] = "IPSecESP"

FURTHER_IPV6_EXTENSION = ("a further header of the same kind in one IPv6 "
                          "header chain: netcap records the first of each "
                          "kind per IPv6 layer")


def _walk_l2ip_llc(walk, layer, follow=_walk_llc):
    # netcap turns LLC between SAPs 0xaa into a SNAP layer (core/
    # dissect.hpp), so a frame with an OUI has a SNAP record and no LLC one.
    snap = find_field(layer, "llc.oui") is not None
    walk.expect("SNAP" if snap else "LLC", layer)
    return follow(walk, layer) | {"stp"}


def _walk_l2ip_stp(walk, layer):
    walk.expect("STP", layer)
    return set()


L2MISC_WALK.update({"llc": _walk_l2ip_llc, "stp": _walk_l2ip_stp})


def walk_l2ip_ieee802_3(walk, layer):
    """The records of an IEEE 802.3 frame, and what may follow it. A Cisco
    ISL frame (a 26-byte header to 01:00:0c:00:00, laid out as 802.3 and
    SNAP, before a whole frame) has its header in tshark's isl layer and the
    frame inside as its eth layer; netcap records the header as 802.3 and
    SNAP and stops."""
    isl = walk.take("isl")
    if not isl:
        walk.expect("IEEE802_3", layer)
        return {"llc"}
    g = lambda name: find_field(isl, name)
    walk.expect("IEEE802_3", {"eth.src": g("isl.src"), "eth.dst": g("isl.dst"),
                              "eth.len": g("isl.len")})
    vlan, bpdu = _int(g("isl.vlan_id")), _int(g("isl.bpdu"))
    walk.expect("SNAP", {"llc.oui": g("isl.hsa"), "llc.pid": None if None in (
        vlan, bpdu) else str(vlan << 1 | bpdu)})
    return set()


def walk_l2ip_ipv6(walk, layer):
    """The records an IPv6 layer's extension headers give: netcap records
    the first header of each kind (proto/ipv6hopbyhop.proto, ...), tshark
    shows each inside its ipv6 layer."""
    for record_type, name in IPV6_EXTENSIONS.items():
        headers = [h for h in _listed(layer.get(name)) if isinstance(h, dict)]
        if headers:
            walk.expect(record_type, headers[0])
        for _ in headers[1:]:
            walk.excluded.append((record_type, FURTHER_IPV6_EXTENSION))


def ipv6_nested_ah(walk):
    """An AH header after IPv6: tshark puts its layer inside the ipv6
    layer's object, not beside it."""
    for record_type, layer, _ in reversed(walk.expected):
        if record_type == "IPv6":
            nested = _listed(layer.get("ah"))
            return nested[0] if nested and isinstance(nested[0], dict) else {}
    return {}


def walk_l2ip_icmpv6(walk, layer):
    """The record of an ICMPv6 message's kind, besides the ICMPv6 one."""
    kind = ICMPV6_KINDS.get(_int(find_field(layer, "icmpv6.type")))
    if kind:
        walk.expect(kind, layer)


def _netcap_decodes(record_type):
    return record_type.lower() in NETCAP_ENCODERS


def tunnels_netcap_decodes(carrier):
    """tshark's names of the tunnels netcap decodes that `carrier` ("ip" or
    "udp") carries."""
    return {t for t, (encoder, by, _) in TUNNELS.items()
            if by == carrier and _netcap_decodes(encoder)}


def ip_payloads_netcap_decodes():
    """tshark's names of what netcap decodes by IP protocol number beyond
    TCP, UDP and ICMP: the IP protocols and the tunnels IP carries."""
    return ({t for t, record_type in IP_PROTOCOLS.items()
             if _netcap_decodes(record_type)} |
            tunnels_netcap_decodes("ip"))


def expected_layers(layers):
    protocols = layers["frame"].get("frame.protocols", "")
    tokens = [t for t in protocols.split(":") if t]
    walk = Walk(layers)
    # Link layers netcap dissects; "raw" is tshark's name for DLT_RAW.
    allowed = {"eth", "sll", "null", "raw", "ip", "ipv6", "fddi"}
    allowed |= WIFI_LINK_TOKENS
    i = 0
    stop_reason = None
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token in ("ethertype", "raw"):
            continue
        if token.startswith("ipv6.") and "ipv6." in allowed:
            continue  # an IPv6 extension header, part of the IPv6 record
        if token not in allowed:
            outer = tokens[i - 2] if i >= 2 else ""
            if outer in TSHARK_DNS_NAMES and token in TSHARK_DNS_NAMES:
                stop_reason = ("a further DNS message in the same TCP segment "
                               "(netcap decodes the first only)")
            elif outer in ("udp", "tcp") and token in TSHARK_DNS_NAMES:
                stop_reason = ("DNS on ports netcap does not claim (tshark "
                               "follows a conversation or its own port table)")
            elif outer in ("icmp", "icmpv6"):
                stop_reason = "the packet an ICMP error quotes"
            else:
                stop_reason = "carried by %s, which netcap does not decode" % (
                    token)
            i -= 1
            break
        layer = walk.take(token)
        if token in TUNNELS:
            walk.expect(TUNNELS[token][0], layer)
            allowed = set(TUNNELS[token][2])
        elif token == "erspan":
            # ERSPAN's own header is stepped over; the frame inside is
            # recorded.
            allowed = {"eth"}
        elif token in IP_PROTOCOLS:
            record_type = IP_PROTOCOLS[token]
            if token == "ospf":
                record_type = "OSPFv%s" % _int(find_field(layer, "ospf.version"))
            walk.expect(record_type, layer)
            allowed = set()
            # tshark names IGMP twice, and RGMP (IGMP types 0xfc to 0xff)
            # as a layer of its own; netcap writes one IGMP record.
            while i < len(tokens) and token == "igmp" and tokens[i] in ("igmp", "rgmp"):
                i += 1
        elif token == "eth":
            ether_type = _int(find_field(layer, "eth.type"))
            if ether_type is None or ether_type < 0x600:
                # IEEE 802.3 clause 3.2.6: a value below 0x600 is a length.
                # tshark still reads 0x0000 as a type. netcap decodes the
                # LLC/SNAP frames inside (CDP, IP behind SNAP).
                walk.excluded.append(("Ethernet", "IEEE 802.3 length frame: "
                                      "no Ethernet II record"))
                allowed = walk_l2ip_ieee802_3(walk, layer)
                continue
            if ether_type == 0x8035:
                # RFC 903 RARP: tshark's ARP dissector takes it, netcap's
                # ARP record is for EtherType 0x0806.
                walk.expect("Ethernet", layer)
                stop_reason = "RARP (EtherType 0x8035): netcap has no decoder"
                break
            walk.expect("Ethernet", layer)
            allowed = ETHERTYPE_NEXT | {"ethertype"}
        elif token in WIFI_WALK:
            allowed = WIFI_WALK[token](walk, layer)
        elif token in L2MISC_WALK:
            allowed = L2MISC_WALK[token](walk, layer)
        elif token == "sll":
            # tshark's sll dissects both versions; only v2 has an interface
            # index.
            walk.expect("SLL2" if find_field(layer, "sll.ifindex") is not None
                        else "SLL", layer)
            if _int(find_field(layer, "sll.etype")) == 0x8035:
                stop_reason = "RARP (EtherType 0x8035): netcap has no decoder"
                break
            allowed = ETHERTYPE_NEXT | {"ethertype"}
        elif token == "null":
            walk.expect("Loopback", layer)
            allowed = {"ip", "ipv6"}
        elif token == "mpls":
            # One layer per label; after the bottom of the stack libtins,
            # like tshark, looks at the first nibble for IPv4 or IPv6.
            walk.expect("MPLS", layer)
            # tshark lists a stack's labels under one frame.protocols
            # token: each further label up to the bottom of the stack.
            while (_int(find_field(layer, "mpls.bottom")) == 0 and
                   walk.counts["mpls"] < len(walk.layers.get("mpls") or [])
                   and isinstance(walk.layers.get("mpls"), list)):
                layer = walk.take("mpls")
                walk.expect("MPLS", layer)
            allowed = {"mpls", "ip", "ipv6"}
        elif token in ("pppoed", "pppoes"):
            # libtins reads PPPoE's header and tags, not the PPP frame a
            # session packet carries.
            walk.expect("PPPoE", layer)
            allowed = set()
        elif token in ("vlan", "ieee8021ad"):
            walk.expect("Dot1Q", layer)
            # "llc" behind a tag whose type field is a length (l2ip).
            allowed = ETHERTYPE_NEXT | {"ethertype", "llc"}
        elif token == "arp":
            walk.expect("ARP", layer)
            allowed = set()
        elif token == "ip":
            walk.expect("IPv4", layer)
            version = _int(find_field(layer, "ip.version"))
            if version != 4:
                # tshark stops at an IPv4 header whose version is not 4, or
                # dissects an IPv6 header when it is 6.
                stop_reason = ("inside an IPv4 EtherType header whose version "
                               "is %s" % version)
                break
            flags = _int(find_field(layer, "ip.flags")) or 0
            offset = _int(find_field(layer, "ip.frag_offset")) or 0
            if flags & 1 or offset:
                stop_reason = ("payload of an IPv4 fragment: netcap does not "
                               "decode it")
                break
            # libtins reads an RFC 4302 AH header after IPv4 (its length in
            # 4-byte words less 2) and what follows it; netcap records the
            # layers inside though it has no AH record.
            allowed = ({"ip", "ipv6", "tcp", "udp", "icmp", "ah"} |
                       ip_payloads_netcap_decodes())
        elif token == "ah":
            walk.expect("IPSecAH", layer or ipv6_nested_ah(walk))
            allowed = ({"ip", "ipv6", "tcp", "udp", "icmp", "icmpv6"} |
                       ip_payloads_netcap_decodes())
        elif token == "ipv6":
            walk.expect("IPv6", layer)
            walk_l2ip_ipv6(walk, layer)
            extensions = []
            for t in tokens[i:]:
                if not t.startswith("ipv6."):
                    break
                extensions.append(t)
            if "ipv6.fraghdr" in extensions:
                # libtins leaves what follows a fragment header raw, as for
                # IPv4 fragments; tshark decodes the first fragment.
                stop_reason = ("payload of an IPv6 fragment: netcap does not "
                               "decode it")
                break
            allowed = ({"ip", "ipv6", "tcp", "udp", "icmpv6", "ipv6.", "ah"} |
                       ip_payloads_netcap_decodes())
        elif token in ("tcp", "udp"):
            walk.expect(TOKEN_TYPE[token], layer)
            ports = {_int(find_field(layer, token + ".srcport")),
                     _int(find_field(layer, token + ".dstport"))}
            allowed = (set(TSHARK_DNS_NAMES) if ports & DNS_PORTS[token]
                       else set())
            allowed |= tunnels_netcap_decodes(token)
            allowed |= app_tokens(
                token, _int(find_field(layer, token + ".srcport")),
                _int(find_field(layer, token + ".dstport")))
        elif token in TSHARK_DNS_NAMES:
            if "_ws.unreassembled" in layers:
                # Neither tool reassembles TCP; tshark shows what it can of a
                # message split over segments, netcap skips it ("DNS: TCP
                # message spans segments").
                walk.excluded.append(("DNS", UNREASSEMBLED))
                allowed = set(TSHARK_DNS_NAMES)
                continue
            walk.expect("DNS", layer)
            allowed = set()
        elif token == "dhcpv6" and not (
                1 <= (_int(find_field(layer, "dhcpv6.msgtype")) or 0)
                <= DHCPV6_LAST_MESSAGE_TYPE):
            # tshark decodes UDP 546/547 as DHCPv6 by port alone; netcap
            # also checks that the first byte is an assigned message type.
            walk.excluded.append(("DHCPv6", "not a DHCPv6 message type (tshark "
                                  "decodes ports 546/547 by port alone)"))
            allowed = set()
        elif token in APP_TOKENS:
            walk.expect(APP_TOKENS[token], layer)
            allowed = set()
        elif token == "icmp":
            walk.expect("ICMPv4", layer)
            allowed = set()
        elif token == "icmpv6":
            walk.expect("ICMPv6", layer)
            walk_l2ip_icmpv6(walk, layer)
            allowed = set()
    if stop_reason:
        # Count what tshark shows beyond the point where netcap stops.
        for token in tokens[i:]:
            if token in TOKEN_TYPE:
                walk.excluded.append((TOKEN_TYPE[token], stop_reason))
    return walk


# --------------------------------------------------------------------------
# 802.11 and what captures it (wifi): radiotap, PPI, the 802.11 header, the
# bodies of management, control and data frames, and EAPOL (behind 802.11
# and wired): both tools' values and the walk through them. A field tshark
# does not show is left out (None); a field netcap's record lacks where
# tshark shows one is compared as the record's empty or zero value.

# Management frame subtypes (IEEE 802.11-2016, 9.2.4.1.3) netcap writes a
# record of their own for.
WIFI_MANAGEMENT = {0: "Dot11AssocRequest", 1: "Dot11AssocResponse",
                   2: "Dot11ReassocRequest", 3: "Dot11ReassocResponse",
                   4: "Dot11ProbeRequest", 5: "Dot11ProbeResponse",
                   8: "Dot11Beacon", 10: "Dot11Disassoc",
                   11: "Dot11Authentication", 12: "Dot11Deauthentication"}
# The radiotap fields compared, by presence bit of the first bitmap
# (https://www.radiotap.org/fields/defined): netcap's field, tshark's.
WIFI_RADIOTAP_FIELDS = {
    0: [("tsft", "radiotap.mactime")],
    1: [("flags", "radiotap.flags")],
    2: [("rate", "radiotap.datarate")],
    3: [("channel_frequency", "radiotap.channel.freq"),
        ("channel_flags", "radiotap.channel.flags")],
    5: [("dbm_antenna_signal", "radiotap.dbm_antsignal")],
    6: [("dbm_antenna_noise", "radiotap.dbm_antnoise")],
    7: [("lock_quality", "radiotap.quality")],
    11: [("antenna", "radiotap.antenna")],
    12: [("db_antenna_signal", "radiotap.db_antsignal")],
    13: [("db_antenna_noise", "radiotap.db_antnoise")],
    14: [("rx_flags", "radiotap.rxflags")],
    19: [("mcs_known", "radiotap.mcs.known"), ("mcs", "radiotap.mcs.index")],
}


def _wifi_mac(raw):
    return mac_text(raw) if len(raw) == 6 else ""


def _wifi_hex(text):
    """Bytes tshark shows as "0a:1b:..." as plain lower-case hex."""
    return text.replace(":", "").lower() if text is not None else None


def _all_values(layer, name):
    """Every value of `name` in a tshark layer, in the order shown."""
    out = []
    def visit(node):
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == name:
                    out.extend(value if isinstance(value, list) else [value])
                elif isinstance(value, (dict, list)):
                    visit(value)
    visit(layer)
    return out


def wifi_netcap_fields(record_type, r):
    """netcap's values for radiotap, PPI, 802.11 and EAPOL (wifi)."""
    f = {}
    if record_type == "Radiotap":
        f["version"] = r.version
        f["length"] = r.length
        f["present"] = r.present
        f["extra_words"] = r.extra_present_words
        for fields in WIFI_RADIOTAP_FIELDS.values():
            for ours, _ in fields:
                f[ours] = getattr(r, ours)
    elif record_type == "PPI":
        f["version"] = r.version
        f["flags"] = r.flags
        f["length"] = r.length
        f["dlt"] = r.dlt
        f["field_types"] = "|".join(map(str, r.field_types))
        if 2 in r.field_types:
            f["tsft"] = r.tsft
            f["common_flags"] = r.common_flags
            f["rate"] = r.rate
            f["channel_frequency"] = r.channel_frequency
            f["channel_flags"] = r.channel_flags
            f["dbm_antenna_signal"] = r.dbm_antenna_signal
            f["dbm_antenna_noise"] = r.dbm_antenna_noise
    elif record_type == "Dot11":
        f["type"] = r.type
        f["subtype"] = r.subtype
        f["version"] = r.proto
        f["flags"] = r.flags
        f["duration"] = r.duration_id
        for i in range(1, 5):
            f["address%d" % i] = _wifi_mac(getattr(r, "address%d" % i))
        f["seq"] = r.sequence_number
        f["frag"] = r.fragment_number
        f["fcs"] = r.checksum
        q = r.qos
        f["qos"] = q.tid | q.eosp << 4 | q.ack_policy << 5 | q.txop << 8
        f["ht_control"] = r.ht_control
    elif record_type in WIFI_MANAGEMENT.values():
        for name in ("tsf", "interval", "capabilities", "listen_interval",
                     "status_code", "aid", "algorithm", "sequence",
                     "reason_code", "channel"):
            if r.DESCRIPTOR.fields_by_name.get(name) is not None:
                f[name] = getattr(r, name)
        for name in ("ssid", "supported_rates"):
            if r.DESCRIPTOR.fields_by_name.get(name) is not None:
                f[name] = getattr(r, name).hex()
        if r.DESCRIPTOR.fields_by_name.get("current_ap") is not None:
            f["current_ap"] = _wifi_mac(r.current_ap)
        if r.DESCRIPTOR.fields_by_name.get("element_ids") is not None:
            f["element_ids"] = "|".join(map(str, r.element_ids))
    elif record_type == "Dot11Control":
        f["subtype"] = r.subtype
        f["receiver"] = _wifi_mac(r.receiver)
        f["transmitter"] = _wifi_mac(r.transmitter)
        f["aid"] = r.aid
    elif record_type == "Dot11Data":
        f["subtype"] = r.subtype
        f["source"] = _wifi_mac(r.source)
        f["destination"] = _wifi_mac(r.destination)
        f["bssid"] = _wifi_mac(r.bssid)
        f["qos"] = int(r.qos)
        f["protected"] = int(getattr(r, "protected"))
    elif record_type == "EAPOL":
        f["version"] = r.version
        f["type"] = r.type
        f["length"] = r.length
    elif record_type == "EAPOLKey":
        f["descriptor_type"] = r.key_descriptor_type
        f["key_info"] = (r.key_descriptor_version | r.key_type << 3 |
                         r.key_index << 4 |
                         _bits(r.install, r.key_ack, r.key_mic, r.secure,
                               r.mic_error, r.request,
                               r.has_encrypted_key_data,
                               r.smk_message) << 6)
        f["key_length"] = r.key_length
        f["replay_counter"] = r.replay_counter
        f["nonce"] = r.nonce.hex()
        f["iv"] = r.iv.hex()
        f["rsc"] = r.rsc
        f["id"] = r.id
        f["mic"] = r.mic.hex()
        f["key_data_length"] = r.key_data_length
    return f


def _wifi_tags(mgt):
    """The information elements of a wlan.mgt layer, in order."""
    tags = (mgt.get("wlan.tagged.all") or {}).get("wlan.tag", [])
    return tags if isinstance(tags, list) else [tags]


def wifi_tshark_fields(record_type, layer):
    """tshark's values for radiotap, PPI, 802.11 and EAPOL (wifi)."""
    g = lambda name: find_field(layer, name)
    f = {}
    if record_type == "Radiotap":
        f["version"] = _int(g("radiotap.version"))
        f["length"] = _int(g("radiotap.length"))
        words = _all_values(layer, "radiotap.present.word")
        present = _int(words[0]) if words else None
        f["present"] = present
        f["extra_words"] = len(words) - 1 if words else None
        for bit, fields in WIFI_RADIOTAP_FIELDS.items():
            if present is None or not present >> bit & 1:
                continue
            for ours, theirs in fields:
                value = g(theirs)
                if ours == "rate" and value is not None:
                    # tshark shows Mb/s, the field holds 500 kb/s units.
                    value = int(round(float(value) * 2))
                f[ours] = _int(value) if isinstance(value, str) else value
    elif record_type == "PPI":
        f["version"] = _int(g("ppi.version"))
        f["flags"] = _int(g("ppi.flags"))
        f["length"] = _int(g("ppi.length"))
        f["dlt"] = _int(g("ppi.dlt"))
        types = _all_values(layer, "ppi.field_type")
        f["field_types"] = "|".join(types)
        if "2" in types:
            f["tsft"] = _int(g("ppi.80211-common.tsft"))
            f["common_flags"] = _int(g("ppi.80211-common.flags"))
            rate = _int(g("ppi.80211-common.rate"))
            # tshark shows kb/s, the field holds 500 kb/s units.
            f["rate"] = rate // 500 if rate is not None else None
            f["channel_frequency"] = _int(g("ppi.80211-common.chan.freq"))
            f["channel_flags"] = _int(g("ppi.80211-common.chan.flags"))
            f["dbm_antenna_signal"] = _int(g("ppi.80211-common.dbm.antsignal"))
            f["dbm_antenna_noise"] = _int(g("ppi.80211-common.dbm.antnoise"))
    elif record_type == "Dot11":
        f["type"] = _int(g("wlan.fc.type"))
        f["subtype"] = _int(g("wlan.fc.subtype"))
        f["version"] = _int(g("wlan.fc.version"))
        f["flags"] = _int(g("wlan.flags"))
        f["duration"] = _int(g("wlan.duration"))
        # wlan.addr repeats the header's addresses in their order.
        addresses = layer.get("wlan.addr")
        if addresses is not None:
            addresses = (addresses if isinstance(addresses, list)
                         else [addresses])
            for i in range(1, 5):
                f["address%d" % i] = (canonical_mac(addresses[i - 1])
                                      if i <= len(addresses) else "")
        f["seq"] = _int(g("wlan.seq"))
        f["frag"] = _int(g("wlan.frag"))
        f["fcs"] = _int(g("wlan.fcs"))
        f["qos"] = _int(g("wlan.qos"))
        f["ht_control"] = _int(g("wlan.htc"))
    elif record_type in WIFI_MANAGEMENT.values():
        fixed = {"tsf": "wlan.fixed.timestamp", "interval": "wlan.fixed.beacon",
                 "capabilities": "wlan.fixed.capabilities",
                 "listen_interval": "wlan.fixed.listen_ival",
                 "status_code": "wlan.fixed.status_code",
                 "aid": "wlan.fixed.aid", "algorithm": "wlan.fixed.auth.alg",
                 "sequence": "wlan.fixed.auth_seq",
                 "reason_code": "wlan.fixed.reason_code"}
        for ours, theirs in fixed.items():
            if _int(g(theirs)) is not None:
                f[ours] = _int(g(theirs))
        if g("wlan.fixed.current_ap"):
            f["current_ap"] = canonical_mac(g("wlan.fixed.current_ap"))
        tags = _wifi_tags(layer)
        f["element_ids"] = "|".join(t.get("wlan.tag.number", "?")
                                    for t in tags)
        ssids = [t.get("wlan.ssid", "") for t in tags
                 if t.get("wlan.tag.number") == "0"]
        rates = []
        channel = 0
        for t in tags:
            for name in ("wlan.supported_rates",
                         "wlan.extended_supported_rates"):
                value = t.get(name)
                if value is not None:
                    rates += value if isinstance(value, list) else [value]
            if (t.get("wlan.tag.number") == "3" and
                    t.get("wlan.tag.length") == "1"):
                channel = _int(t.get("wlan.ds.current_channel"))
        if record_type not in ("Dot11Authentication", "Dot11Deauthentication",
                               "Dot11Disassoc"):
            f["supported_rates"] = "".join("%02x" % _int(v) for v in rates)
            if record_type != "Dot11AssocResponse" and (
                    record_type != "Dot11ReassocResponse"):
                f["ssid"] = _wifi_hex(next((s for s in ssids if s), ""))
        if record_type in ("Dot11Beacon", "Dot11ProbeRequest",
                           "Dot11ProbeResponse"):
            f["channel"] = channel
        if record_type in ("Dot11Deauthentication", "Dot11Disassoc"):
            del f["element_ids"]
    elif record_type == "Dot11Control":
        f["subtype"] = _int(g("wlan.fc.subtype"))
        f["receiver"] = g("wlan.ra") and canonical_mac(g("wlan.ra"))
        f["transmitter"] = canonical_mac(g("wlan.ta")) if g("wlan.ta") else ""
        f["aid"] = _int(g("wlan.aid")) or 0
    elif record_type == "Dot11Data":
        subtype = _int(g("wlan.fc.subtype"))
        f["subtype"] = subtype
        f["source"] = g("wlan.sa") and canonical_mac(g("wlan.sa"))
        f["destination"] = g("wlan.da") and canonical_mac(g("wlan.da"))
        f["bssid"] = g("wlan.bssid") and canonical_mac(g("wlan.bssid"))
        f["qos"] = None if subtype is None else subtype >> 3 & 1
        f["protected"] = _int(g("wlan.fc.protected"))
    elif record_type == "EAPOL":
        f["version"] = _int(g("eapol.version"))
        f["type"] = _int(g("eapol.type"))
        f["length"] = _int(g("eapol.len"))
    elif record_type == "EAPOLKey":
        f["descriptor_type"] = _int(g("eapol.keydes.type"))
        info = _int(g("wlan_rsna_eapol.keydes.key_info"))
        f["key_info"] = info & 0x3fff if info is not None else None
        f["key_length"] = _int(g("eapol.keydes.key_len"))
        f["replay_counter"] = _int(g("eapol.keydes.replay_counter"))
        f["nonce"] = _wifi_hex(g("wlan_rsna_eapol.keydes.nonce"))
        f["iv"] = _wifi_hex(g("eapol.keydes.key_iv"))
        for name in ("rsc", "id"):
            value = _wifi_hex(g("wlan_rsna_eapol.keydes." + name))
            f[name] = int(value, 16) if value else None
        f["mic"] = _wifi_hex(g("wlan_rsna_eapol.keydes.mic"))
        f["key_data_length"] = _int(g("wlan_rsna_eapol.keydes.data_len"))
    return f


WIFI_REQUIRED_FIELDS = {
    "Radiotap": ["version", "length", "present"],
    "PPI": ["version", "length", "dlt"],
    "Dot11": ["type", "subtype", "address1"],
    "Dot11Beacon": ["tsf", "interval", "capabilities"],
    "Dot11ProbeRequest": [],
    "Dot11ProbeResponse": ["tsf", "interval", "capabilities"],
    "Dot11Authentication": ["algorithm", "sequence", "status_code"],
    "Dot11Deauthentication": ["reason_code"],
    "Dot11Disassoc": ["reason_code"],
    "Dot11AssocRequest": ["capabilities", "listen_interval"],
    "Dot11AssocResponse": ["capabilities", "status_code", "aid"],
    "Dot11ReassocRequest": ["capabilities", "listen_interval", "current_ap"],
    "Dot11ReassocResponse": ["capabilities", "status_code", "aid"],
    "Dot11Control": ["subtype", "receiver"],
    "Dot11Data": ["subtype", "protected"],
    "EAPOL": ["version", "type", "length"],
    "EAPOLKey": ["descriptor_type", "key_length", "replay_counter"],
}
REQUIRED_FIELDS.update(WIFI_REQUIRED_FIELDS)


def wifi_unmatched_row_reason(row, errors):
    """Why a tshark row of radiotap, PPI, 802.11 or EAPOL that netcap has no
    record for is no disagreement, or None: tshark finds the frame cut short
    or malformed and netcap rejected it (libtins throws on an 802.11 frame
    whose information elements run past its end)."""
    wifi_errors = sorted({e for e in errors if e.split(":")[0] in (
        "Radiotap", "PPI", "Dot11", "EAPOL")})
    if row["malformed"] and wifi_errors:
        return ("both find the frame malformed (tshark: %s packet); netcap "
                "records none (%s)" % (row["malformed"], ", ".join(wifi_errors)))
    return None
TOKEN_TYPE.update({"radiotap": "Radiotap", "ppi": "PPI", "wlan": "Dot11",
                   "eapol": "EAPOL"})
TSHARK_PROTOCOLS += " radiotap ppi wlan wlan.mgt"
# Where a capture may start with one of these link layers.
WIFI_LINK_TOKENS = {"radiotap", "ppi", "wlan"}


def _walk_radiotap(walk, layer):
    walk.expect("Radiotap", layer)
    return {"wlan_radio", "wlan"}


def _walk_ppi(walk, layer):
    walk.expect("PPI", layer)
    # PPI names the link type of what follows (ppi.dlt); tshark shows
    # anything but 802.11 as pcap_pktdata, then the layer.
    return {"wlan_radio", "wlan", "pcap_pktdata"}


def _walk_pcap_pktdata(walk, layer):
    return {"eth", "wlan", "radiotap", "ip", "ipv6"}


def _walk_wlan_radio(walk, layer):
    # tshark's summary of the radio information above; no record.
    return {"wlan"}


def _walk_wlan(walk, layer):
    walk.expect("Dot11", layer)
    kind = _int(find_field(layer, "wlan.fc.type"))
    subtype = _int(find_field(layer, "wlan.fc.subtype"))
    protected = _int(find_field(layer, "wlan.fc.protected"))
    if kind == 0 and subtype in WIFI_MANAGEMENT:
        # tshark puts the body in a layer of its own, left out of
        # frame.protocols; an encrypted body gets none.
        mgt = walk.take("wlan.mgt") if "wlan.mgt" in walk.layers else {}
        if mgt:
            walk.expect(WIFI_MANAGEMENT[subtype], mgt)
        return set()
    if kind == 1:
        walk.expect("Dot11Control", layer)
        return set()
    if kind == 2:
        walk.expect("Dot11Data", layer)
        # What an unprotected data frame carries: LLC/SNAP, read by the
        # llc walk.
        return set() if protected else {"llc"}
    return set()


def _walk_eapol_wifi(walk, layer):
    walk.expect("EAPOL", layer)
    if _int(find_field(layer, "eapol.type")) == 3:
        walk.expect("EAPOLKey", layer)
    return _walk_eapol(walk, layer)


# The walk through radiotap, PPI, 802.11 and EAPOL (wifi).
WIFI_WALK = {"radiotap": _walk_radiotap, "ppi": _walk_ppi,
             "pcap_pktdata": _walk_pcap_pktdata, "wlan_radio": _walk_wlan_radio,
             "wlan": _walk_wlan, "eapol": _walk_eapol_wifi}


# --------------------------------------------------------------------------
# Running the tools.

def epoch_ns(text):
    """frame.time_epoch ("1444236893.450580000") in integer nanoseconds.

    A fraction of more than nine digits is a nanosecond count of a second or
    more, which a damaged capture can hold (ndpi-tests_fuzz-2021-10-13.pcap:
    1882137472 ns); tshark prints it as it is, and libpcap, so netcap, carries
    it into the seconds. The sum here does the same."""
    negative = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    if len(frac) > 9:
        ns = int(whole) * 1_000_000_000 + int(frac)
    else:
        ns = int(whole) * 1_000_000_000 + int((frac + "000000000")[:9])
    return -ns if negative else ns


def tshark_command(path):
    """tshark's JSON dissection of a capture, one object per packet.

    JSON rather than `-T fields -E occurrence=a`: in fields mode each field
    lists its values for every occurrence of its protocol in one column, so
    a field missing from one occurrence (a header cut short) shifts the later
    values onto the wrong layer. In JSON each occurrence of a protocol is an
    object of its own (a list of them with --no-duplicate-keys), and
    frame.protocols gives their order."""
    cmd = ["tshark", "-n", "-r", path, "-T", "json", "--no-duplicate-keys",
           "-J", TSHARK_PROTOCOLS]
    for pref in TSHARK_PREFS:
        cmd += ["-o", pref]
    return cmd


class TsharkRun:
    """tshark over one capture, its packets parsed one at a time as they come
    (the output of a large merged capture runs to gigabytes, too much to hold
    whole). After the packets, `returncode` and `stderr` say how it ended."""

    def __init__(self, path, env):
        self.path = path
        self.env = env
        self.returncode = None
        self.stderr = ""

    def packets(self):
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(tshark_command(self.path),
                                    stdout=subprocess.PIPE, stderr=err,
                                    env=self.env)
            finished = False
            try:
                yield from self._parse(proc.stdout)
                finished = True
            finally:
                if not finished:
                    # Left before the end (an exception in the consumer).
                    proc.kill()
                proc.stdout.close()
            self.returncode = proc.wait()
            err.seek(0)
            self.stderr = err.read().decode(errors="replace").strip()

    @staticmethod
    def _parse(stdout):
        # tshark pretty-prints the array: each packet opens with "  {" and
        # closes with "  }" or "  },", alone on their lines, at an
        # indentation no nested object has.
        lines = None
        for line in stdout:
            if lines is None:
                if line == b"  {\n":
                    lines = [line]
                continue
            lines.append(line)
            if line in (b"  }\n", b"  },\n"):
                lines[-1] = b"  }\n"
                yield json.loads(b"".join(lines))
                lines = None


def tshark_error(stderr):
    """tshark's error message without its warning about running as root."""
    lines = [l for l in stderr.splitlines()
             if l.strip() and not l.startswith("Running as user")]
    return " ".join(lines)[-300:]


def capture_interfaces(path):
    """How many interfaces (pcapng Interface Description Blocks) a capture
    brings into a merge with `mergecap -I none`: 1 for a classic pcap file,
    the IDB count for a single-section pcapng file, None for anything this
    walk cannot account for exactly (several sections, a damaged block), which
    is then dissected alone."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4",
                    b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d"):
        return 1
    pos = 0
    sections = 0
    interfaces = 0
    order = None
    while pos + 12 <= len(data):
        if data[pos:pos + 4] == b"\x0a\x0d\x0d\x0a":
            sections += 1
            magic = data[pos + 8:pos + 12]
            order = {b"\x4d\x3c\x2b\x1a": "<",
                     b"\x1a\x2b\x3c\x4d": ">"}.get(magic)
        if order is None:
            return None
        block_type, length = struct.unpack_from(order + "II", data, pos)
        if length < 12 or length % 4 or pos + length > len(data):
            return None
        if block_type == 1:
            interfaces += 1
        pos += length
    return interfaces if sections == 1 and pos == len(data) else None


def read_varint(data, pos):
    result = 0
    shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def read_records(path, messages):
    """The records of one .ncap.gz file: a Header, then records of the type it
    names, each prefixed by its length as a varint."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    pos = 0
    header = None
    records = []
    while pos < len(data):
        size, pos = read_varint(data, pos)
        chunk = data[pos:pos + size]
        if len(chunk) != size:
            raise ValueError("%s: record cut short" % path)
        pos += size
        if header is None:
            header = messages["Header"]()
            header.ParseFromString(chunk)
            if header.record_type not in messages:
                raise ValueError("%s: unknown record type %r" %
                                 (path, header.record_type))
            continue
        record = messages[header.record_type]()
        record.ParseFromString(chunk)
        records.append(record)
    return header, records


def count_records(path):
    """How many records a .ncap.gz file holds, its Header not counted,
    without parsing them."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    pos = 0
    count = -1
    while pos < len(data):
        size, pos = read_varint(data, pos)
        pos += size
        count += 1
    if pos != len(data):
        raise ValueError("%s: record cut short" % path)
    return max(count, 0)


_LOG_TIME = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{9})Z$")


def read_error_log(path):
    """netcap's errors.log as {timestamp in ns: [error names]}."""
    errors = collections.defaultdict(list)
    if not os.path.exists(path):
        return errors
    ts = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = _LOG_TIME.match(line)
            if m:
                y, mo, d, h, mi, sec, ns = (int(g) for g in m.groups())
                ts = (calendar.timegm((y, mo, d, h, mi, sec)) * 1_000_000_000
                      + ns)
            elif line.startswith("Error: ") and ts is not None:
                errors[ts].append(line[len("Error: "):])
                ts = None
    return errors


def run_netcap(netcap, path, out_dir):
    proc = subprocess.run([netcap, "-r", path, "-out", out_dir,
                           "-workers", "2"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=600)
    return proc


def load_messages(proto_py):
    # Generated modules import each other as proto.<name>_pb2, so the folder
    # above proto/ goes on the path.
    sys.path.insert(0, os.path.dirname(os.path.abspath(proto_py)))
    messages = {}
    for name in sorted(os.listdir(proto_py)):
        if not name.endswith("_pb2.py"):
            continue
        module = importlib.import_module("proto." + name[:-3])
        for message_name in module.DESCRIPTOR.message_types_by_name:
            messages[message_name] = getattr(module, message_name)
    return messages


# --------------------------------------------------------------------------
# Pairing and comparing.

class Tally:
    """Counts per record type and per disagreement category."""

    def __init__(self):
        self.files = collections.Counter()
        self.records = collections.Counter()
        self.rows = collections.Counter()
        self.compared = collections.Counter()
        self.agreed = collections.Counter()
        self.excluded = collections.Counter()
        self.excluded_reasons = collections.Counter()
        # netcap records past a header tshark stops at as faulty
        # (tshark_stop_fault), by type; and by (type, where tshark stops)
        # -> count, files, examples.
        self.beyond = collections.Counter()
        self.beyond_kinds = collections.OrderedDict()
        # (type, field, detail) -> count, files, examples
        self.categories = collections.OrderedDict()
        self.failures = []
        self.captures = 0
        # Captures a tool read only in part or not at all, by why.
        self.unread = collections.Counter()
        # CPU seconds spent (the script, tshark, mergecap and netcap).
        self.cpu = 0.0

    def disagree(self, key, example):
        entry = self.categories.setdefault(
            key, {"count": 0, "files": set(), "examples": []})
        entry["count"] += 1
        entry["files"].add(example["file"])
        if len(entry["examples"]) < MAX_EXAMPLES:
            entry["examples"].append(example)

    def beyond_tshark(self, record_type, stop, example):
        self.beyond[record_type] += 1
        entry = self.beyond_kinds.setdefault(
            (record_type, stop), {"count": 0, "files": set(), "examples": []})
        entry["count"] += 1
        entry["files"].add(example["file"])
        if len(entry["examples"]) < MAX_EXAMPLES:
            entry["examples"].append(example)

    def merge(self, other):
        self.captures += other.captures
        self.cpu += other.cpu
        for name in ("files", "records", "rows", "compared", "agreed",
                     "excluded", "excluded_reasons", "unread", "beyond"):
            getattr(self, name).update(getattr(other, name))
        for key, entry in other.beyond_kinds.items():
            mine = self.beyond_kinds.setdefault(
                key, {"count": 0, "files": set(), "examples": []})
            mine["count"] += entry["count"]
            mine["files"] |= entry["files"]
            mine["examples"] = (mine["examples"] +
                                entry["examples"])[:MAX_EXAMPLES]
        for key, entry in other.categories.items():
            mine = self.categories.setdefault(
                key, {"count": 0, "files": set(), "examples": []})
            mine["count"] += entry["count"]
            mine["files"] |= entry["files"]
            mine["examples"] = (mine["examples"] +
                                entry["examples"])[:MAX_EXAMPLES]
        self.failures += other.failures


def unmatched_row_reason(record_type, row, errors):
    """Why a tshark row that netcap has no record for is no disagreement, or
    None when it is one."""
    if row["partial"]:
        return ("tshark shows the header only in part (cut short or "
                "invalid); netcap records whole headers only")
    dns_errors = sorted({e for e in errors if e.startswith("DNS:")})
    if record_type == "DNS" and row["fault"] and dns_errors:
        # netcap/layers/dns.hpp: a malformed message yields an error and no
        # record; tshark shows the part before the fault.
        return ("both find the message malformed; netcap records none (%s)"
                % ", ".join(dns_errors))
    app_errors = sorted({e for e in errors
                         if e.startswith(record_type + ":")})
    if record_type in APP_TOKENS.values() and row["fault"] and app_errors:
        # netcap/layers/: a malformed message yields an error and no record.
        return ("both find the message malformed; netcap records none (%s)"
                % ", ".join(app_errors))
    # netcap's own layers (l2misc) reject what tshark marks malformed but
    # still shows (an LLDPDU without its mandatory TLVs): both find it broken.
    prefix = L2MISC_ERROR_PREFIX.get(record_type)
    if prefix and row["malformed_warning"] and any(
            e.startswith(prefix) for e in errors):
        return ("both find the layer malformed; netcap records none (%s)"
                % ", ".join(sorted({e for e in errors if e.startswith(prefix)})))
    if record_type in WIFI_REQUIRED_FIELDS:
        return wifi_unmatched_row_reason(row, errors)
    return l2ip_unmatched_row_reason(record_type, row, errors)


def l2ip_unmatched_row_reason(record_type, row, errors):
    """An IPv6 extension header or AH that tshark shows from a packet it
    finds broken or cut short, and netcap, also finding it malformed, does
    not record (netcap keeps the extension headers that fit whole)."""
    broken = sorted({e for e in errors
                     if e in ("IPv6: malformed header",
                              "IPSecAH: malformed header")})
    if record_type in IPV6_EXTENSIONS or record_type == "IPSecAH":
        if (row["fault"] or row["malformed"]) and broken:
            return ("both find the header malformed or cut short; netcap "
                    "records none (%s)" % ", ".join(broken))
    return None


# tshark's expert group for malformed fields (PI_MALFORMED).
_EXPERT_MALFORMED = '"_ws.expert.group": "117440512"'
# The errors.log names of netcap's own layers, by record type.
L2MISC_ERROR_PREFIX = {"LinkLayerDiscovery": "LLDP: ",
                       "LinkLayerDiscoveryInfo": "LLDP: ",
                       "CiscoDiscovery": "CDP: ", "CiscoDiscoveryInfo": "CDP: ",
                       "EthernetCTP": "EthernetCTP: ",
                       "EthernetCTPReply": "EthernetCTP: ",
                       "FDDI": "FDDI: ", "EAP": "EAP: "}


def score(a, b):
    return sum(1 for k, v in b.items() if v is not None and a.get(k) == v)


def compare_capture(name, path, netcap, messages, packets, tshark_note,
                    work_dir):
    """Compares netcap's records of one capture with tshark's dissection of
    it: `packets`, the JSON objects tshark printed for its frames, in order.
    `tshark_note` (or a function giving it once the packets are read) says
    why tshark read the capture only in part, or "" when it read it whole;
    the records of a capture tshark cannot read are counted, and compared
    with nothing."""
    tally = Tally()
    tally.captures = 1
    # tshark's view.
    rows = collections.defaultdict(lambda: collections.defaultdict(list))
    frames_at = collections.defaultdict(list)
    unreassembled = set()  # timestamps of packets with a partial DNS message
    stops_at = collections.defaultdict(list)  # tshark_stop_fault per frame
    n_packets = 0
    for packet in packets:
        n_packets += 1
        layers = packet["_source"]["layers"]
        frame = layers["frame"]
        # A pcapng Simple Packet Block has no timestamp: tshark shows none,
        # libpcap (and so netcap) gives 0 (gopacket-pcapgo-le_test010.pcapng).
        ts = epoch_ns(frame.get("frame.time_epoch", "0"))
        number = int(frame["frame.number"])
        frames_at[ts].append(number)
        malformed = ("truncated" if "_ws.short" in layers else
                     "malformed" if "_ws.malformed" in layers else "")
        walk = expected_layers(layers)
        stops_at[ts].append(tshark_stop_fault(walk, layers))
        for record_type, layer, occurrence in walk.expected:
            if (record_type, name) in APP_NOT_COMPARED:
                reason = APP_NOT_COMPARED[(record_type, name)]
                tally.excluded[record_type] += 1
                tally.excluded_reasons[(record_type, reason)] += 1
                continue
            fields = tshark_fields(record_type, layer)
            rows[record_type][ts].append({
                "frame": number, "occurrence": occurrence,
                "malformed": malformed,
                "partial": is_partial(record_type, fields),
                "fault": tshark_finds_fault(layer, layers),
                "malformed_warning": _EXPERT_MALFORMED in json.dumps(layer),
                "protocols": frame.get("frame.protocols", ""),
                "fields": fields})
        for record_type, reason in walk.excluded:
            tally.excluded[record_type] += 1
            tally.excluded_reasons[(record_type, reason)] += 1
            if reason == UNREASSEMBLED:
                unreassembled.add(ts)

    note = tshark_note() if callable(tshark_note) else tshark_note
    if note and not n_packets:
        note = note.replace("tshark: read in part", "tshark cannot read it")
    if note:
        tally.unread[note] += 1

    # netcap's view.
    out_dir = os.path.join(work_dir, re.sub(r"[^A-Za-z0-9_.-]", "_", name))
    proc = run_netcap(netcap, path, out_dir)
    if proc.returncode != 0:
        how = ("crashed with signal %d" % -proc.returncode
               if proc.returncode < 0 else "exited %d" % proc.returncode)
        stderr = proc.stderr.decode(errors="replace").strip()
        if proc.returncode == 1 and "before the damage" in stderr:
            # libpcap opened the capture but it is damaged part-way: netcap
            # says so and exits 1 (docs/robustness.md); what it read before
            # is still written and compared.
            tally.unread["netcap: damaged part-way, records up to the damage "
                         "compared"] += 1
        else:
            tally.failures.append("netcap %s on %s: %s" % (
                how, name, stderr[-500:]))
            shutil.rmtree(out_dir, ignore_errors=True)
            return tally
    errors_at = read_error_log(os.path.join(out_dir, "errors.log"))
    records = collections.defaultdict(lambda: collections.defaultdict(list))
    for record_type in TYPES:
        file_path = os.path.join(out_dir, record_type + ".ncap.gz")
        if (not os.path.exists(file_path) or
                (record_type, name) in APP_NOT_COMPARED):
            continue
        header, recs = read_records(file_path, messages)
        if header.record_type != record_type:
            tally.failures.append("%s: %s holds %s records" % (
                name, file_path, header.record_type))
            continue
        for r in recs:
            records[record_type][r.timestamp].append(
                netcap_fields(record_type, r))

    for record_type in TYPES:
        n_records = sum(len(v) for v in records[record_type].values())
        n_rows = sum(len(v) for v in rows[record_type].values())
        if n_records == 0 and n_rows == 0:
            continue
        tally.files[record_type] += 1
        tally.records[record_type] += n_records
        tally.rows[record_type] += n_rows
        timestamps = sorted(set(records[record_type]) | set(rows[record_type]))
        for ts in timestamps:
            compare_group(tally, name, record_type, ts,
                          records[record_type].get(ts, []),
                          rows[record_type].get(ts, []), frames_at,
                          errors_at.get(ts, []), ts in unreassembled,
                          stop=_one_stop(stops_at.get(ts, [])))
    # Record types without a tshark mapping are counted, not compared.
    for entry in sorted(os.listdir(out_dir)):
        record_type = entry[:-len(".ncap.gz")]
        if not entry.endswith(".ncap.gz") or record_type in TYPES:
            continue
        count = count_records(os.path.join(out_dir, entry))
        if count:
            tally.files[record_type] += 1
            tally.records[record_type] += count
    shutil.rmtree(out_dir, ignore_errors=True)
    return tally


def _one_stop(stops):
    """Where tshark stops at a fault in every frame of one timestamp, or
    None when some frame there has no such stop (or they differ)."""
    return stops[0] if stops and all(s == stops[0] for s in stops) else None


def compare_group(tally, name, record_type, ts, recs, trows, frames_at,
                  errors, unreassembled, stop=None):
    """Pairs the records and rows of one timestamp and compares them.
    `stop`: where tshark stops at a header it finds faulty in the frame
    (tshark_stop_fault); a record with no row is then counted beyond
    tshark rather than compared."""
    ours = sorted(recs, key=lambda f: sorted(f.items()))
    theirs = sorted(trows, key=lambda r: (r["frame"], r["occurrence"]))
    # Exact pairs first, then the most similar, so that a missing record does
    # not shift every later pair.
    # A row's exact pair is the first free record equal on every field the
    # row shows. Records are indexed by those fields' values (one index per
    # set of fields shown), which keeps a capture of 10,000 packets with one
    # timestamp (suricata-verify_dhcp-request-flood_test.pcap) linear.
    taken = set()
    indexes = {}
    pairs = []
    unpaired = []
    for row in theirs:
        keys = tuple(sorted(k for k, v in row["fields"].items()
                            if v is not None))
        index = indexes.get(keys)
        if index is None:
            index = indexes[keys] = collections.defaultdict(
                collections.deque)
            for i, rec in enumerate(ours):
                index[tuple(rec.get(k) for k in keys)].append(i)
        candidates = index.get(tuple(row["fields"][k] for k in keys))
        while candidates and candidates[0] in taken:
            candidates.popleft()
        if candidates:
            exact = candidates.popleft()
            taken.add(exact)
            pairs.append((ours[exact], row))
        else:
            unpaired.append(row)
    free = [i for i in range(len(ours)) if i not in taken]
    for row in unpaired:
        if free:
            best = max(free, key=lambda i: score(ours[i], row["fields"]))
            free.remove(best)
            pairs.append((ours[best], row))
            continue
        reason = unmatched_row_reason(record_type, row, errors)
        if reason:
            tally.excluded[record_type] += 1
            tally.excluded_reasons[(record_type, reason)] += 1
            continue
        tally.compared[record_type] += 1
        detail = "missing in netcap" + (
            " (tshark: %s packet)" % row["malformed"] if row["malformed"]
            else "")
        tally.disagree((record_type, "record", detail), {
            "file": name, "frame": row["frame"],
            "occurrence": row["occurrence"],
            "netcap": ("no record; errors.log: " + "; ".join(errors)
                       if errors else "no record"),
            "tshark": row["protocols"]})
    for i in free:
        if record_type == "DNS" and unreassembled:
            # netcap/layers/dns.hpp decodes a whole message whose two-byte
            # length came in a segment of its own (Windows does this);
            # tshark without reassembly reads the message's first bytes as
            # the length. tshark with reassembly shows the same message.
            reason = ("netcap decodes a TCP message whose length came in an "
                      "earlier segment; tshark, not reassembling, cannot")
            tally.excluded[record_type] += 1
            tally.excluded_reasons[(record_type, reason)] += 1
            continue
        if stop:
            # tshark shows nothing past the faulty header; netcap decoded
            # on. Nothing to compare; counted apart (coverage-notes.md
            # checks each such capture from the bytes).
            tally.beyond_tshark(record_type, stop, {
                "file": name, "frame": ",".join(
                    map(str, frames_at.get(ts, []))), "occurrence": "?",
                "netcap": " ".join("%s=%s" % kv
                                   for kv in sorted(ours[i].items()))[:160],
                "tshark": "stops at " + stop})
            continue
        tally.compared[record_type] += 1
        tally.disagree((record_type, "record", "only in netcap"), {
            "file": name, "frame": ",".join(map(str, frames_at.get(ts, [])))
            or "none at ts %d" % ts, "occurrence": "?",
            "netcap": " ".join("%s=%s" % kv
                               for kv in sorted(ours[i].items()))[:160],
            "tshark": "no row"})
    for rec, row in pairs:
        for field, theirs_value in row["fields"].items():
            if theirs_value is None:
                continue
            tally.compared[record_type] += 1
            ours_value = rec.get(field)
            if ours_value == theirs_value:
                tally.agreed[record_type] += 1
                continue
            detail = "differs" + (" (tshark: %s packet)" % row["malformed"]
                                  if row["malformed"] else "")
            tally.disagree((record_type, field, detail), {
                "file": name, "frame": row["frame"],
                "occurrence": row["occurrence"], "netcap": ours_value,
                "tshark": theirs_value})


# --------------------------------------------------------------------------
# Running over many captures.
#
# tshark takes most of a second to start, which over some 1,500 captures is
# most of the run. So captures are dissected in groups: `mergecap -a -I none`
# concatenates a group into one pcapng file in which every input keeps
# interfaces of its own, and one tshark run dissects it; frame.interface_id
# tells which capture each packet came from, and the packets of one capture
# are contiguous. tshark has no reassembly here and is asked only for
# per-packet layers, so a packet dissects the same in a merge as alone
# (docs/coverage-notes.md gives the check). netcap still runs once per
# capture, as users run it. Captures mergecap cannot take (link types it
# does not know, several pcapng sections, damage) are dissected alone.

# The captures of one group hold about this many bytes; a larger capture is a
# group of its own. Groups are spread over the worker processes.
GROUP_BYTES = 2_000_000

_WORKER = {}


def worker_init(settings):
    global MAX_EXAMPLES  # pylint: disable=global-statement
    MAX_EXAMPLES = settings["examples"]
    _WORKER.update(settings)
    NETCAP_ENCODERS.update(settings["encoders"])
    _WORKER["messages"] = load_messages(settings["proto_py"])


def run_group(names):
    """Compares the captures `names` (a list of file names in the captures
    folder) and returns their Tally."""
    pcaps = _WORKER["pcaps"]
    tally = Tally()
    cpu_before = cpu_seconds()

    def finish_into(into, name, packets, note=""):
        into.merge(compare_capture(
            name, os.path.join(pcaps, name), _WORKER["netcap"],
            _WORKER["messages"], packets, note, _WORKER["work_dir"]))

    finish = lambda name, packets, note="": finish_into(tally, name, packets,
                                                        note)

    # Only captures with one interface are merged: mergecap numbers the
    # interfaces of some multi-interface pcapng files otherwise than their
    # order in the file.
    alone = [n for n in names
             if capture_interfaces(os.path.join(pcaps, n)) != 1]
    together = [n for n in names if n not in alone]
    merged = os.path.join(_WORKER["work_dir"], "group-%d.pcapng" % os.getpid())
    while len(together) > 1:
        proc = subprocess.run(
            ["mergecap", "-a", "-I", "none", "-F", "pcapng", "-w", merged] +
            [os.path.join(pcaps, n) for n in together],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if proc.returncode == 0:
            break
        # mergecap names the capture it cannot take; that one goes alone.
        m = re.search(r'file "([^"]+)"', proc.stderr.decode(errors="replace"))
        name = m and os.path.basename(m.group(1))
        if name not in together:
            alone += together
            together = []
            break
        together.remove(name)
        alone.append(name)
    if len(together) == 1:
        alone += together
        together = []
    if together:
        owners = []  # interface id -> index in `together`
        for index, name in enumerate(together):
            owners += [index] * capture_interfaces(os.path.join(pcaps, name))
        if capture_interfaces(merged) != len(owners):
            alone += together
            together = []
    if together:
        try:
            tally.merge(run_merged(together, merged, owners, finish_into))
        except MergeOutOfOrder:
            # Compared alone instead; nothing of the merged run is kept.
            alone += together
        os.remove(merged)
    for name in sorted(alone):
        run = TsharkRun(os.path.join(pcaps, name), _WORKER["env"])
        # The packets go to the comparison as tshark prints them; how tshark
        # ended is known only after the last.
        finish(name, run.packets(), lambda run=run: (
            "" if run.returncode == 0 else
            "tshark: read in part (%s)" % re.sub(
                r'"[^"]*"', "F", tshark_error(run.stderr))))
    tally.cpu = cpu_seconds() - cpu_before
    return tally


def cpu_seconds():
    """CPU time (user and system) of this process and of the children it
    waited for: tshark, mergecap and netcap."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + children.ru_utime +
            children.ru_stime)


class MergeOutOfOrder(Exception):
    pass


def run_merged(together, merged, owners, finish_into):
    """Dissects the merged capture of `together` with one tshark run and
    compares each capture; raises MergeOutOfOrder when the interface ids do
    not follow the captures' order."""
    tally = Tally()
    finish = lambda name, packets: finish_into(tally, name, packets)
    run = TsharkRun(merged, _WORKER["env"])
    done = 0       # captures of `together` compared so far
    batch = []
    first_frame = 1
    for packet in run.packets():
        frame = packet["_source"]["layers"]["frame"]
        index = owners[int(frame.get("frame.interface_id", "0"))]
        if index < done:
            raise MergeOutOfOrder(frame["frame.number"])
        if index > done:
            finish(together[done], batch)
            done += 1
            while done < index:
                finish(together[done], [])
                done += 1
            batch = []
            first_frame = int(frame["frame.number"])
        # Frame numbers as in the capture alone.
        frame["frame.number"] = str(int(frame["frame.number"]) -
                                    first_frame + 1)
        batch.append(packet)
    if run.returncode != 0:
        tally.failures.append("tshark failed on a merge of %s..%s: %s" % (
            together[0], together[-1], tshark_error(run.stderr)))
    else:
        finish(together[done], batch)
        for name in together[done + 1:]:
            finish(name, [])
    return tally


def make_groups(pcaps, names):
    """Splits the captures into groups of about GROUP_BYTES, in name order,
    the largest groups first so the workers finish together."""
    groups = []
    size = 0
    for name in sorted(names):
        n = os.path.getsize(os.path.join(pcaps, name))
        if not groups or size + n > GROUP_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(name)
        size += n
    return sorted(groups, key=lambda g: -sum(
        os.path.getsize(os.path.join(pcaps, n)) for n in g))


def pcapng_refusal(path):
    """Why netcap's own pcapng reader (netcap/io/pcapng_reader.hpp) refuses
    a pcapng file, or None when it opens it: the first Section Header Block
    must be whole, with a known byte-order magic, a length its trailer
    repeats, and version 1.0 or 1.2."""
    with open(path, "rb") as f:
        head = f.read(28)
    order = {b"\x4d\x3c\x2b\x1a": "<",
             b"\x1a\x2b\x3c\x4d": ">"}.get(head[8:12])
    if len(head) < 28 or order is None:
        return "the section header is cut short or has no byte-order magic"
    length, _, major, minor = struct.unpack_from(order + "IIHH", head, 4)
    if length < 28 or length % 4 or length > os.path.getsize(path):
        return "the section header's length %d is wrong" % length
    with open(path, "rb") as f:
        f.seek(length - 4)
        trailer, = struct.unpack(order + "I", f.read(4))
    if trailer != length:
        return "the section header's trailer says %d, not %d" % (trailer,
                                                                 length)
    if major != 1 or minor not in (0, 2):
        return "pcapng version %d.%d" % (major, minor)
    return None


def captures_libpcap_opens(pcaps):
    """The capture files of the folder that netcap -r opens: classic pcap
    files libpcap opens, and pcapng files netcap's own reader opens (see
    pcapng_refusal); and those refused, with the reason."""
    libpcap = ctypes.CDLL("libpcap.so.0.8")
    libpcap.pcap_open_offline.restype = ctypes.c_void_p
    libpcap.pcap_open_offline.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libpcap.pcap_close.argtypes = [ctypes.c_void_p]
    opened, refused = [], {}
    for name in sorted(os.listdir(pcaps)):
        if not name.endswith((".pcap", ".pcapng", ".cap")):
            continue
        path = os.path.join(pcaps, name)
        with open(path, "rb") as f:
            pcapng = f.read(4) == b"\x0a\x0d\x0d\x0a"
        if pcapng:
            why = pcapng_refusal(path)
            if why is None:
                opened.append(name)
            else:
                refused[name] = why
            continue
        error = ctypes.create_string_buffer(512)
        handle = libpcap.pcap_open_offline(
            os.path.join(pcaps, name).encode(), error)
        if handle:
            libpcap.pcap_close(handle)
            opened.append(name)
        else:
            refused[name] = error.value.decode(errors="replace")
    return opened, refused


# --------------------------------------------------------------------------
# Reports.

def table_lines(tally, captures, markdown):
    head = ["type", "files", "records (netcap)", "rows (tshark)",
            "out of scope", BEYOND_TSHARK, "values compared",
            "values agreeing", "agreement"]
    body = []

    def percent(agreed, compared):
        return "%.3f%%" % (100.0 * agreed / compared) if compared else "n/a"

    for t in TYPES:
        body.append([t, tally.files[t], tally.records[t], tally.rows[t],
                     tally.excluded[t], tally.beyond[t], tally.compared[t],
                     tally.agreed[t],
                     percent(tally.agreed[t], tally.compared[t])])
    compared = sum(tally.compared.values())
    agreed = sum(tally.agreed.values())
    body.append(["all", captures, sum(tally.records.values()),
                 sum(tally.rows.values()), sum(tally.excluded.values()),
                 sum(tally.beyond.values()), compared, agreed,
                 percent(agreed, compared)])
    if markdown:
        lines = ["| " + " | ".join(head) + " |",
                 "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
        return lines
    widths = [max(len(str(r[i])) for r in [head] + body)
              for i in range(len(head))]
    fmt = "  ".join("%%-%ds" % w if i == 0 else "%%%ds" % w
                    for i, w in enumerate(widths))
    return [fmt % tuple(row) for row in [head] + body]


def _cell(value, limit=90):
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "..."
    return "`%s`" % text.replace("|", "\\|") if text else "(empty)"


def category_lines(tally, markdown):
    lines = []
    keys = sorted(tally.categories,
                  key=lambda k: (TYPES.index(k[0]),
                                 -tally.categories[k]["count"], k))
    if markdown and keys:
        lines.append("| type | field | what | count | files | first example: "
                     "file, frame, netcap, tshark |")
        lines.append("|---|---|---|---:|---:|---|")
    for key in keys:
        entry = tally.categories[key]
        if markdown:
            ex = entry["examples"][0]
            lines.append("| %s | %s | %s | %d | %d | %s frame %s: %s, %s |" % (
                key[0], key[1], key[2], entry["count"], len(entry["files"]),
                ex["file"], ex["frame"], _cell(ex["netcap"]),
                _cell(ex["tshark"])))
            continue
        lines.append("%-8s %-14s %-44s %6d in %3d files" % (
            key[0], key[1], key[2], entry["count"], len(entry["files"])))
        for ex in entry["examples"]:
            lines.append("    %s frame %s (#%s): netcap %s | tshark %s" % (
                ex["file"], ex["frame"], ex["occurrence"], ex["netcap"],
                ex["tshark"]))
    return lines


def excluded_lines(tally, markdown):
    lines = ["| type | reason | count |", "|---|---|---:|"] if markdown else []
    for (t, reason), count in sorted(tally.excluded_reasons.items(),
                                     key=lambda kv: (TYPES.index(kv[0][0]),
                                                     -kv[1], kv[0][1])):
        if markdown:
            lines.append("| %s | %s | %d |" % (t, reason, count))
        else:
            lines.append("%-8s %6d  %s" % (t, count, reason))
    return lines


def beyond_lines(tally, markdown):
    """The records beyond tshark, by type and where tshark stops, with the
    first example (every example without markdown)."""
    lines = []
    keys = sorted(tally.beyond_kinds,
                  key=lambda k: (TYPES.index(k[0]),
                                 -tally.beyond_kinds[k]["count"], k))
    if markdown and keys:
        lines.append("| type | where tshark stops | count | files | first "
                     "example: file, frame, netcap |")
        lines.append("|---|---|---:|---:|---|")
    for key in keys:
        entry = tally.beyond_kinds[key]
        if markdown:
            ex = entry["examples"][0]
            lines.append("| %s | %s | %d | %d | %s frame %s: %s |" % (
                key[0], key[1].replace("|", "\\|"), entry["count"],
                len(entry["files"]), ex["file"], ex["frame"],
                _cell(ex["netcap"])))
            continue
        lines.append("%-8s %6d in %3d files  tshark stops at %s" % (
            key[0], entry["count"], len(entry["files"]), key[1]))
        for ex in entry["examples"]:
            lines.append("    %s frame %s: netcap %s" % (
                ex["file"], ex["frame"], ex["netcap"]))
    return lines


# --------------------------------------------------------------------------
# docs/coverage.md: written by --write-coverage, checked by --check-coverage.

COVERAGE_TITLE = "# netcap's coverage, checked against tshark"
COVERAGE_TABLE = "## Record types"
COVERAGE_NOTES = "docs/coverage-notes.md"
# The agreement cell of a compared type for which no capture had values.
NONE_COMPARED = "none compared"
# The column of netcap records past a header tshark stops at as faulty.
BEYOND_TSHARK = "beyond tshark"


def floor_percent(agreed, compared):
    """The agreement as a percentage with three decimals, rounded down, so a
    claim written from a run is never above what the run measured."""
    return "%d.%03d%%" % divmod(100_000 * agreed // compared, 1000)


def coverage_rows(tally, record_types):
    head = ["type", "files", "records (netcap)", "layers (tshark)",
            "out of scope", BEYOND_TSHARK, "values compared",
            "values agreeing", "agreement"]
    body = []
    for t in record_types:
        if t in TYPES:
            agreement = (floor_percent(tally.agreed[t], tally.compared[t])
                         if tally.compared[t] else NONE_COMPARED)
            body.append([t, tally.files[t], tally.records[t], tally.rows[t],
                         tally.excluded[t], tally.beyond[t],
                         tally.compared[t], tally.agreed[t], agreement])
        else:
            body.append([t, tally.files[t], tally.records[t], "", "", "", "",
                         "",
                         "not compared: " + NOT_COMPARED.get(
                             t, "no tshark mapping and no reason given")])
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) +
             "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return lines


def git_description(root):
    def git(*args):
        proc = subprocess.run(["git", "-C", root] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return proc.stdout.decode().strip() if proc.returncode == 0 else ""
    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " with uncommitted changes"
    return commit


def write_coverage(path, tally, names, refused, netcap, record_types,
                   subset=None):
    root = repo_root()
    notes_path = os.path.join(root, COVERAGE_NOTES)
    with open(notes_path, encoding="utf-8") as f:
        notes = f.read()
    # The notes' own title gives way to this page's heading.
    notes = re.sub(r"\A# [^\n]*\n+", "", notes)
    out = [
        COVERAGE_TITLE, "",
        "<!-- Generated by tests/e2e/tshark_compare.py; do not edit. Change "
        "the script or %s and regenerate. -->" % COVERAGE_NOTES, "",
        "This page is generated, never edited by hand:", "",
        "```",
        "bazel build //tools:netcap //proto:records_py",
        "/usr/bin/python3 tests/e2e/tshark_compare.py "
        "--write-coverage docs/coverage.md",
        "```", "",
        "Generated from commit %s on %s, with netcap %s and tshark %s, over "
        "%d captures: %s "
        "(%d others it refuses are listed at the end). "
        "[tshark-comparison.md](tshark-comparison.md) explains the method; "
        "the explanations at the end come from `%s`." % (
            git_description(root),
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            netcap_version(netcap), tshark_version(), len(names),
            "every capture in `../shared/pcaps` that netcap opens (libpcap "
            "for classic pcap, netcap's own reader for pcapng)"
            if subset is None else "a subset chosen with --files (%s), "
            "not every capture in `../shared/pcaps` that netcap opens" %
            subset, len(refused), COVERAGE_NOTES), "",
        "`//tests/e2e:tshark_compare_test` (in `bazel test //...`) runs the "
        "same comparison over every capture and fails when a record type "
        "agrees on less than the share claimed below, when a compared type "
        "has no values compared, or when netcap has a record type this page "
        "has no row for, so a new encoder needs this page regenerated. The "
        "target is %.1f%% for every compared type; a type below it has its "
        "gap explained at the end, and the test holds it to the share "
        "below until it is fixed. The whole run costs about 400 s of CPU "
        "(tshark, netcap and the script; measured on the shared two-core "
        "machine), so it runs in CI as it is: no stored tshark output, no "
        "subset." % (100 * THRESHOLD), "",
        COVERAGE_TABLE, "",
        "One row per record type netcap writes (`netcap -encoders`). *Files*: "
        "captures in which netcap wrote the type or tshark showed the layer. "
        "*Layers (tshark)*: the layers tshark shows that netcap should "
        "record; *out of scope*: those beyond the point where netcap stops "
        "by design (tunnels it does not decode, quoted packets, fragment "
        "payloads; reasons below). *Beyond tshark*: netcap records past a "
        "header tshark stops at as faulty (an error on that layer in its "
        "expert info, and nothing after it): tshark shows nothing to compare "
        "them with, so they are counted here, not compared; each such "
        "capture is checked from the bytes in the notes. *Values compared*: "
        "every field tshark "
        "shows of each paired record, plus one per missing or extra record. "
        "Agreement is rounded down.", ""]
    out += coverage_rows(tally, record_types)
    compared = sum(tally.compared.values())
    agreed = sum(tally.agreed.values())
    out += ["", "In all, %d of %d values agree (%s)." % (
        agreed, compared, floor_percent(agreed, compared) if compared
        else "n/a"), ""]
    out += ["## Disagreements", "",
            "By record type, field and kind, with the first example; the "
            "explanations follow at the end.", ""]
    out += category_lines(tally, True) or ["None."]
    out += ["", "## Layers out of scope", "",
            "Not counted above, by reason.", ""]
    out += excluded_lines(tally, True) if tally.excluded_reasons else [
        "None."]
    out += ["", "## Records beyond tshark", "",
            "netcap records in frames where tshark stops at a header it "
            "finds faulty, by where it stops; not compared.", ""]
    out += beyond_lines(tally, True) or ["None."]
    out += ["", "## Captures a tool reads in part or not at all", ""]
    if tally.unread:
        out += ["| what | captures |", "|---|---:|"]
        out += ["| %s | %d |" % (why.replace("|", "\\|"), n)
                for why, n in sorted(tally.unread.items())]
    else:
        out += ["None."]
    out += ["", "## Captures netcap refuses", "",
            "netcap cannot read these either (it says so and exits 1); the "
            "capture sweep checks that.", ""]
    out += ["- `%s`: %s" % (n, refused[n]) for n in sorted(refused)] or [
        "None."]
    out += ["", "## Remaining differences explained", "", notes.rstrip(), ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def read_coverage_claims(path):
    """The rows of docs/coverage.md's table: {type: claimed agreement in
    percent, or None for a type not compared}."""
    claims = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if COVERAGE_TABLE not in lines:
        raise ValueError("%s has no %r section" % (path, COVERAGE_TABLE))
    in_table = False
    for line in lines[lines.index(COVERAGE_TABLE) + 1:]:
        if line.startswith("| type |"):
            in_table = True
            continue
        if not in_table or line.startswith("|---"):
            continue
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        record_type, agreement = cells[0], cells[-1]
        m = re.match(r"^(\d+\.\d+)%$", agreement)
        if m:
            claims[record_type] = float(m.group(1))
        elif agreement == NONE_COMPARED:
            claims[record_type] = NONE_COMPARED
        else:
            claims[record_type] = None
    return claims


def read_coverage_beyond(path):
    """The "beyond tshark" column of docs/coverage.md's table: {type:
    count}; empty for a page without the column."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if COVERAGE_TABLE not in lines:
        raise ValueError("%s has no %r section" % (path, COVERAGE_TABLE))
    column = None
    counts = {}
    for line in lines[lines.index(COVERAGE_TABLE) + 1:]:
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if line.startswith("| type |"):
            if BEYOND_TSHARK not in cells:
                return {}
            column = cells.index(BEYOND_TSHARK)
            continue
        if column is None or line.startswith("|---"):
            continue
        if not line.startswith("|"):
            break
        if len(cells) > column and cells[column].isdigit():
            counts[cells[0]] = int(cells[column])
    return counts


def check_coverage(path, tally, record_types):
    """What is wrong with the run measured against the claims of
    docs/coverage.md, as FAIL lines."""
    problems = []
    claims = read_coverage_claims(path)
    regenerate = ("; regenerate docs/coverage.md with tests/e2e/"
                  "tshark_compare.py --write-coverage docs/coverage.md")
    # Records beyond tshark are not compared, so more of them than the page
    # lists could hide netcap decoding garbage: each new one needs checking
    # from the bytes (coverage-notes.md) and the page regenerated.
    beyond = read_coverage_beyond(path)
    for t in TYPES:
        if tally.beyond[t] > beyond.get(t, 0):
            problems.append(
                "%s: %d records beyond tshark (past a header tshark stops at "
                "as faulty), more than the %d %s lists; check them from the "
                "bytes, explain them in %s%s" % (
                    t, tally.beyond[t], beyond.get(t, 0), path,
                    COVERAGE_NOTES, regenerate))
    for t in record_types:
        if t not in claims:
            problems.append("record type %s has no row in %s%s" % (
                t, path, regenerate))
        if t not in TYPES and t not in NOT_COMPARED:
            problems.append("record type %s has neither a tshark mapping "
                            "(TYPES) nor a reason in NOT_COMPARED" % t)
    for t, claim in sorted(claims.items()):
        if t not in record_types:
            problems.append("%s lists record type %s, which netcap does not "
                            "write%s" % (path, t, regenerate))
            continue
        if claim == NONE_COMPARED:
            # A compared type no capture has: the page must say so again,
            # and a run that finds values for it needs the page regenerated.
            if t not in TYPES:
                problems.append("%s says %s is compared, but the script does "
                                "not compare it%s" % (path, t, regenerate))
            elif tally.compared[t]:
                problems.append("%s: %d values compared in this run, where "
                                "%s has none%s" % (t, tally.compared[t], path,
                                                   regenerate))
            continue
        if claim is None:
            if t in TYPES:
                problems.append("%s says %s is not compared, but the script "
                                "compares it%s" % (path, t, regenerate))
            continue
        if t not in TYPES:
            problems.append("%s claims an agreement for %s, which the script "
                            "does not compare" % (path, t))
            continue
        if not tally.compared[t]:
            problems.append("%s: no values compared in this run (the "
                            "page claims %.3f%%)" % (t, claim))
            continue
        measured = 100.0 * tally.agreed[t] / tally.compared[t]
        if measured + 1e-9 < claim:
            problems.append("%s agrees on %.3f%% of %d values, below the "
                            "%.3f%% %s claims" % (t, measured,
                                                  tally.compared[t], claim,
                                                  path))
    return problems


def below_threshold(tally):
    return [t for t in TYPES if tally.compared[t] and
            tally.agreed[t] < THRESHOLD * tally.compared[t]]


# --------------------------------------------------------------------------

def repo_root():
    # Under Bazel the script is a symlink from the runfiles tree into the
    # source tree; its real path tells where the checkout is.
    return os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.realpath(__file__))))


def default_paths():
    root = repo_root()
    pcaps = os.path.join(os.path.dirname(root), "shared", "pcaps")
    runfiles = os.environ.get("TEST_SRCDIR")
    workspace = os.environ.get("TEST_WORKSPACE", "netcap")
    if runfiles:
        base = os.path.join(runfiles, workspace)
    else:
        base = os.path.join(root, "bazel-bin")
    return (pcaps, os.path.join(base, "tools", "netcap"),
            os.path.join(base, "proto"))


def main():
    global MAX_EXAMPLES  # pylint: disable=global-statement
    pcaps, netcap, proto_py = default_paths()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pcaps", default=pcaps,
                        help="folder of the shared captures (%(default)s)")
    parser.add_argument("--netcap", default=netcap)
    parser.add_argument("--proto-py", default=proto_py,
                        help="folder holding the generated *_pb2.py")
    parser.add_argument("--files", default="",
                        help="comma-separated subset of the captures")
    parser.add_argument("--jobs", type=int, default=2,
                        help="captures processed at once")
    parser.add_argument("--markdown", action="store_true",
                        help="print the numbers section of "
                             "docs/tshark-comparison.md")
    parser.add_argument("--write-coverage", metavar="PATH",
                        help="write the coverage page (docs/coverage.md)")
    parser.add_argument("--check-coverage", metavar="PATH",
                        help="fail when the run falls short of the claims "
                             "of this coverage page (docs/coverage.md)")
    parser.add_argument("--examples", type=int, default=MAX_EXAMPLES,
                        help="examples listed per disagreement category")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every capture's progress")
    args = parser.parse_args()
    MAX_EXAMPLES = args.examples

    if not os.path.isdir(args.pcaps):
        print("FAIL: the shared captures are missing: %s does not exist. The "
              "test expects ../shared/pcaps beside the repository checkout "
              "(pass --pcaps to point elsewhere)." % args.pcaps)
        return 1
    for what, path in (("netcap", args.netcap), ("proto-py", args.proto_py)):
        if not os.path.exists(path):
            print("FAIL: %s not found at %s (bazel build //tools:netcap "
                  "//proto:records_py)" % (what, path))
            return 1
    listing = subprocess.run([args.netcap, "-encoders"], stdout=subprocess.PIPE,
                             check=True).stdout.decode()
    record_types = [line[2:].strip() for line in listing.splitlines()
                    if line.startswith("+ ")]
    NETCAP_ENCODERS.update(t.lower() for t in record_types)
    opened, refused = captures_libpcap_opens(args.pcaps)
    names = [n for n in args.files.split(",") if n] or opened
    missing = [n for n in names
               if not os.path.exists(os.path.join(args.pcaps, n))]
    if missing:
        print("FAIL: captures missing from %s: %s" % (args.pcaps,
                                                       ", ".join(missing)))
        return 1

    started = time.time()
    total = Tally()
    with tempfile.TemporaryDirectory(
            dir=os.environ.get("TEST_TMPDIR")) as work_dir:
        # tshark reads its preferences from the home folder; an empty one
        # makes the run independent of whoever runs it.
        home = os.path.join(work_dir, "home")
        os.makedirs(home)
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home,
                   WIRESHARK_CONFIG_DIR=home)
        settings = {"pcaps": args.pcaps, "netcap": args.netcap,
                    "proto_py": args.proto_py, "env": env,
                    "work_dir": work_dir, "examples": MAX_EXAMPLES,
                    "encoders": sorted(NETCAP_ENCODERS)}
        groups = make_groups(args.pcaps, names)
        with multiprocessing.Pool(args.jobs, worker_init,
                                  (settings,)) as pool:
            # In order, so that the examples reported do not depend on
            # which worker finished first.
            for group, tally in zip(groups, pool.imap(run_group, groups)):
                if args.verbose:
                    print("%4d captures %-50s %s" % (len(group), group[0],
                          " ".join("%s=%d/%d" % (t, tally.agreed[t],
                                                 tally.compared[t])
                                   for t in TYPES if tally.compared[t])),
                          flush=True)
                total.merge(tally)
    elapsed = time.time() - started

    low = below_threshold(total)
    verdicts = ["FAIL: " + f for f in total.failures]
    if args.check_coverage:
        if args.files:
            verdicts.append("FAIL: --check-coverage needs the run over every "
                            "capture, not --files")
        verdicts += ["FAIL: " + p for p in check_coverage(
            args.check_coverage, total, record_types)]
    if args.write_coverage:
        write_coverage(args.write_coverage, total, names, refused,
                       args.netcap, record_types, args.files or None)
    # Against a coverage page, its claims are the bar: a type the page shows
    # below 99.9% (its gap explained in coverage-notes.md) fails only when it
    # drops below the page's claim. Without a page, 99.9% is the bar.
    verdicts += ["%s: %s agrees on %.3f%% of %d values, below %.1f%%" % (
        "NOTE" if args.check_coverage else "FAIL", t,
        100.0 * total.agreed[t] / total.compared[t], total.compared[t],
        100 * THRESHOLD) for t in low]
    if not any(v.startswith("FAIL") for v in verdicts) and args.check_coverage:
        verdicts.append("PASS: every type agrees with tshark at least as "
                        "well as %s claims." % args.check_coverage)
    if not verdicts:
        verdicts = ["PASS: every type agrees with tshark on at least %.1f%% "
                    "of the values compared." % (100 * THRESHOLD)]
    if args.markdown:
        print("%d captures; netcap %s, tshark %s.\n" % (
            len(names), netcap_version(args.netcap), tshark_version()))
        print("\n".join(table_lines(total, len(names), True)))
        print("\nDisagreements, by record type, field and kind:\n")
        print("\n".join(category_lines(total, True)) or "None.")
        print("\nLayers out of scope (not counted above), by reason:\n")
        print("\n".join(excluded_lines(total, True)) or "None.")
        print("\nRecords beyond tshark (not compared), by where it stops:\n")
        print("\n".join(beyond_lines(total, True)) or "None.")
        print("\n" + "\n".join("%s" % v for v in verdicts))
    else:
        print("netcap vs tshark on %d captures (%.0f s, %.0f s of CPU)\n" % (
            len(names), elapsed, total.cpu))
        print("\n".join(table_lines(total, len(names), False)))
        print("\nDisagreements (type, field, what, count; examples: file, "
              "frame, layer occurrence, netcap value, tshark value):")
        print("\n".join(category_lines(total, False)) or "none")
        print("\nOut of scope, not counted (type, count, reason):")
        print("\n".join(excluded_lines(total, False)) or "none")
        print("\nBeyond tshark, not compared (type, count, where tshark "
              "stops at a fault; examples):")
        print("\n".join(beyond_lines(total, False)) or "none")
        print("\n" + "\n".join(verdicts))
    return 0 if not any(v.startswith("FAIL") for v in verdicts) else 1


def netcap_version(netcap):
    out = subprocess.run([netcap, "-version"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode().strip()
    return out.split()[-1] if out else "?"


def tshark_version():
    out = subprocess.run(["tshark", "-v"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode()
    m = re.search(r"TShark \(Wireshark\) (\S+)", out)
    return m.group(1) if m else "?"


if __name__ == "__main__":
    sys.exit(main())
