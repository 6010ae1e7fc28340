"""The known traffic live_capture_test.py captures, made with Python sockets.

  traffic.py serve ADDRESS   listens on ADDRESS: UDP port 7001 (a sink), TCP
                             port 7002 (reads to the end, answers, closes)
                             a DNS responder on UDP port 53, and a raw
                             socket taking IP protocol 253 (so the kernel
                             sends no "protocol unreachable"); prints "ready"
                             once every socket is bound, then serves until
                             killed.
  traffic.py send FROM TO    sends from FROM to TO: 5 UDP datagrams, one TCP
                             connection with data both ways, 3 ICMP echo
                             requests, one DNS query and one IP packet of
                             protocol 253, which no decoder knows; waits for
                             every answer and prints what it got as JSON.

Raw sockets need root or CAP_NET_RAW.

The test runs each in its own network namespace; both are one-shot and
bounded in time, and any timeout is an error, never a retry.
"""

import json
import os
import select
import socket
import struct
import sys
import threading

# tests/pylib, found from this file's place in a checkout and in runfiles.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import dns_messages  # noqa: E402
from inet_checksum import checksum  # noqa: E402

UDP_PORT = 7001
UDP_SOURCE_PORT = 40001
UDP_DATAGRAMS = [b"netcap live datagram %d" % i for i in range(1, 6)]
TCP_PORT = 7002
TCP_REQUEST = b"hello from the netcap live capture test"
TCP_REPLY = b"bye"
ICMP_ID = 0x4E43
ICMP_SEQUENCES = [1, 2, 3]
DNS_SOURCE_PORT = 40053
DNS_ID = 0x1234
DNS_NAME = "live.netcap.test"
DNS_ANSWER = "10.99.0.53"
# RFC 3692: IP protocol 253 is for experimentation, so netcap decodes nothing
# inside and the packet goes to unknown.pcap.
UNKNOWN_PROTOCOL = 253
UNKNOWN_PAYLOAD = b"no decoder knows this"
TIMEOUT = 5.0


def dns_query():
    return dns_messages.query(DNS_ID, DNS_NAME, 1)  # type A


def dns_answer(query):
    """The answer to `query`: the question echoed and one A record."""
    return dns_messages.answer(query, socket.inet_aton(DNS_ANSWER), ttl=60)


def serve(address):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((address, UDP_PORT))
    dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dns.bind((address, 53))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((address, TCP_PORT))
    tcp.listen(1)
    unknown = socket.socket(socket.AF_INET, socket.SOCK_RAW, UNKNOWN_PROTOCOL)
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([udp, dns, tcp, unknown], [], [])
        for s in readable:
            if s in (udp, unknown):
                s.recvfrom(65535)
            elif s is dns:
                query, peer = dns.recvfrom(65535)
                dns.sendto(dns_answer(query), peer)
            else:
                conn, _ = tcp.accept()
                threading.Thread(target=answer_tcp, args=(conn,), daemon=True).start()


def answer_tcp(conn):
    with conn:
        conn.settimeout(TIMEOUT)
        while conn.recv(65535):
            pass
        conn.sendall(TCP_REPLY)


def send(source, target):
    got = {}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind((source, UDP_SOURCE_PORT))
        for datagram in UDP_DATAGRAMS:
            udp.sendto(datagram, (target, UDP_PORT))

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
        tcp.settimeout(TIMEOUT)
        # An ephemeral port: a fixed one would wait out TIME_WAIT between runs.
        tcp.bind((source, 0))
        tcp.connect((target, TCP_PORT))
        tcp.sendall(TCP_REQUEST)
        tcp.shutdown(socket.SHUT_WR)
        reply = b""
        while True:
            chunk = tcp.recv(65535)
            if not chunk:
                break
            reply += chunk
        got["tcp_reply"] = reply.decode()

    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as icmp:
        icmp.settimeout(TIMEOUT)
        replies = []
        for seq in ICMP_SEQUENCES:
            payload = b"netcap echo %d" % seq
            header = struct.pack("!BBHHH", 8, 0, 0, ICMP_ID, seq)
            header = struct.pack("!BBHHH", 8, 0, checksum(header + payload), ICMP_ID, seq)
            icmp.sendto(header + payload, (target, 0))
            while True:
                packet, _ = icmp.recvfrom(65535)
                ihl = (packet[0] & 0x0F) * 4
                kind, _, _, ident, reply_seq = struct.unpack("!BBHHH", packet[ihl:ihl + 8])
                if kind == 0 and ident == ICMP_ID and reply_seq == seq:
                    replies.append(seq)
                    break
        got["icmp_replies"] = replies

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as dns:
        dns.settimeout(TIMEOUT)
        dns.bind((source, DNS_SOURCE_PORT))
        dns.sendto(dns_query(), (target, 53))
        answer, _ = dns.recvfrom(65535)
        got["dns_answer"] = socket.inet_ntoa(answer[-4:])

    with socket.socket(socket.AF_INET, socket.SOCK_RAW, UNKNOWN_PROTOCOL) as raw:
        raw.sendto(UNKNOWN_PAYLOAD, (target, 0))

    print(json.dumps(got), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        send(sys.argv[2], sys.argv[3])
