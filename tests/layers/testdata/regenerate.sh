#!/bin/sh
# Regenerates tshark's reading of the captures that dns_capture_test.cc
# checks netcap's DNS layer against. Run from the repository checkout, with
# shared/ beside it: sh tests/layers/testdata/regenerate.sh
set -eu
pcaps=../shared/pcaps
out=tests/layers/testdata
for capture in \
    chrissanders-packets_dns.pcap \
    chrissanders-packets_dns_axfr.pcapng \
    chrissanders-packets_dns_lab.pcapng \
    chrissanders-packets_dns_tcp.pcapng \
    ndpi-tests_dns.pcap \
    tcpdump-tests_dns_tcp.pcap \
    tcpdump-tests_dnssec.pcap \
    tcpdump-tests_edns-opts.pcap \
    zeek-traces_dns_dynamic-update.pcap \
    zeek-traces_dns_mdns.pcap; do
  tshark -r "$pcaps/$capture" -Y '(dns || mdns) && !icmp && !icmpv6' \
      -T fields -E separator=/t \
      -e frame.number -e dns.id -e dns.flags.response \
      -e dns.qry.name -e dns.qry.type \
      -e dns.count.answers -e dns.count.auth_rr -e dns.count.add_rr \
      -e dns.resp.name -e dns.resp.type \
      -e dns.a -e dns.aaaa -e dns.cname -e dns.ns \
      > "$out/$capture.tsv"
done
