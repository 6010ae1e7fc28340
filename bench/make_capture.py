"""Makes a large capture of real loopback traffic for bench/compare.sh.

  make_capture.py OUT.pcap [--size-mb 300] [--base-mb 30]

Real traffic, captured: inside a fresh network namespace whose loopback has
an Ethernet-sized MTU (1500) and no segmentation offloads (so frames are
what a wire would carry, not 64 KiB super-packets), Python servers answer
HTTP and HTTPS (TLS 1.3, a throw-away self-signed certificate) and DNS, and
client threads fetch pages of 1 KB to 1 MB, ask DNS questions, send UDP
datagrams and ICMP echo requests, over IPv4 and IPv6 alike, one connection
per request. dumpcap records it on the loopback interface until the capture
holds --base-mb megabytes.

Then made large: the base capture is written again and again, each copy
shifted in time past the one before and with its addresses rewritten (the
second octet of 10.0.128.101, the seventh group of fd00::8001), until the file
holds --size-mb megabytes. Every connection stays distinct, and each rewrite
adds to one 16-bit word of an address what it takes from the next, so the
ones' complement sums, and hence every IP, TCP, UDP and ICMPv6 checksum,
stay as captured without being recomputed.

Needs root (network namespaces, raw sockets for ICMP) and these Debian
packages: iproute2 (ip), ethtool, wireshark-common (dumpcap), openssl, python3.
Takes about 30 s for 300 MB on a busy 2-core machine: half capturing the
base, half writing the copies. The capture is not for committing.
"""

import argparse
import http.client
import http.server
import os
import random
import select
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time

# tests/pylib, found from this file's place in the checkout.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "pylib"))
import dns_messages  # noqa: E402
import inet_checksum  # noqa: E402

V4_CLIENT, V4_SERVER = "10.0.128.101", "10.0.128.102"
V6_CLIENT, V6_SERVER = "fd00::8001", "fd00::8002"
HTTP_PORT, HTTPS_PORT, DNS_PORT, UDP_PORT = 8080, 8443, 53, 9000
# Page sizes fetched, weighted towards small pages as on the web, with some
# downloads to carry bulk.
PAGE_SIZES = [1_000, 4_000, 15_000, 60_000, 250_000, 1_000_000]
PAGE_WEIGHTS = [30, 25, 20, 12, 8, 5]
NAMES = ["www.example.test", "api.netcap.test", "cdn.images.test", "mail.example.test",
         "login.service.test", "static.assets.test", "updates.vendor.test"]


def run(*args, check=True, **kwargs):
    return subprocess.run(args, check=check, capture_output=True, text=True, **kwargs)


# --- The traffic, run inside the namespace ---------------------------------

class page_handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        size = int(self.path.strip("/") or "1000")
        body = (b"<p>netcap benchmark page</p>\n" * (size // 29 + 1))[:size]
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class v6_server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def start_http(address, port, family, context=None):
    server_type = v6_server if family == socket.AF_INET6 else http.server.ThreadingHTTPServer
    server = server_type((address, port), page_handler)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def dns_answer(query):
    """RFC 1035 4.1: the question echoed, one A or AAAA answer."""
    if len(query) < 17:
        return None
    if dns_messages.question_type(query) == 28:
        data = socket.inet_pton(socket.AF_INET6, "fd00::53")
    else:
        data = socket.inet_aton("10.0.128.53")
    return dns_messages.answer(query, data, ttl=300)


def serve_dns_and_udp():
    sockets = []
    for family, address in ((socket.AF_INET, V4_SERVER), (socket.AF_INET6, V6_SERVER)):
        for port in (DNS_PORT, UDP_PORT):
            s = socket.socket(family, socket.SOCK_DGRAM)
            s.bind((address, port))
            sockets.append((s, port))
    by_fd = {s.fileno(): (s, port) for s, port in sockets}

    def loop():
        while True:
            ready, _, _ = select.select([s for s, _ in sockets], [], [])
            for r in ready:
                s, port = by_fd[r.fileno()]
                data, peer = s.recvfrom(65535)
                reply = dns_answer(data) if port == DNS_PORT else data[:64]
                if reply is not None:
                    s.sendto(reply, peer)

    threading.Thread(target=loop, daemon=True).start()


def dns_query(name, qtype):
    return dns_messages.query(random.randrange(65536), name, qtype)


def ping(family, source, destination, count):
    if family == socket.AF_INET:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        kind = 8
    else:
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
        kind = 128
    s.bind((source, 0))
    s.settimeout(1.0)
    ident = random.randrange(65536)
    for seq in range(count):
        payload = os.urandom(8) + bytes(range(48))
        body = struct.pack("!BBHHH", kind, 0, 0, ident, seq) + payload
        if family == socket.AF_INET:
            # RFC 792: the checksum covers the ICMP message; the kernel fills
            # in ICMPv6's, which covers a pseudo-header too (RFC 4443 2.3).
            body = body[:2] + struct.pack("!H", inet_checksum.checksum(body)) + body[4:]
        s.sendto(body, (destination, 0))
        try:
            s.recv(2048)
        except socket.timeout:
            pass
    s.close()


def client(stop, seed):
    rng = random.Random(seed)
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE
    while not stop.is_set():
        v6 = rng.random() < 0.5
        family = socket.AF_INET6 if v6 else socket.AF_INET
        source, server = (V6_CLIENT, V6_SERVER) if v6 else (V4_CLIENT, V4_SERVER)
        # A name first, as a browser would.
        d = socket.socket(family, socket.SOCK_DGRAM)
        d.bind((source, 0))
        d.settimeout(1.0)
        d.sendto(dns_query(rng.choice(NAMES), 28 if v6 else 1), (server, DNS_PORT))
        try:
            d.recv(2048)
        except socket.timeout:
            pass
        d.close()
        size = rng.choices(PAGE_SIZES, PAGE_WEIGHTS)[0]
        size = int(size * rng.uniform(0.5, 1.5))
        try:
            if rng.random() < 0.5:
                conn = http.client.HTTPConnection(server, HTTP_PORT, timeout=5,
                                                  source_address=(source, 0))
            else:
                conn = http.client.HTTPSConnection(server, HTTPS_PORT, timeout=5,
                                                   source_address=(source, 0), context=tls)
            conn.request("GET", "/%d" % size, headers={"User-Agent": "netcap-bench/1"})
            conn.getresponse().read()
            conn.close()
        except OSError as e:
            print("make_capture: request failed: %s" % e, file=sys.stderr)
        if rng.random() < 0.3:
            u = socket.socket(family, socket.SOCK_DGRAM)
            u.bind((source, 0))
            for _ in range(rng.randrange(1, 8)):
                u.sendto(os.urandom(rng.randrange(20, 1200)), (server, UDP_PORT))
            u.close()
        if rng.random() < 0.1:
            ping(family, source, server, rng.randrange(1, 4))


def generate(certificate, key, seconds, clients):
    serve_dns_and_udp()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    for address, family in ((V4_SERVER, socket.AF_INET), (V6_SERVER, socket.AF_INET6)):
        start_http(address, HTTP_PORT, family)
        start_http(address, HTTPS_PORT, family, context)
    stop = threading.Event()
    threads = [threading.Thread(target=client, args=(stop, n), daemon=True)
               for n in range(clients)]
    for t in threads:
        t.start()
    # The parent ends the traffic with SIGTERM once the capture is large
    # enough; `seconds` only bounds a run whose capture does not grow.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait(seconds)
    stop.set()
    for t in threads:
        t.join(10)


# --- Capturing and copying, run as root outside ----------------------------

def capture_base(path, base_bytes, clients):
    namespace = "netcap-bench-%d" % os.getpid()
    work = tempfile.mkdtemp(prefix="netcap-bench-")
    certificate, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=bench.netcap.test", "-keyout", key, "-out", certificate)
    run("ip", "netns", "add", namespace)
    dumpcap = None
    try:
        def ns(*args):
            return run("ip", "netns", "exec", namespace, *args)
        ns("ip", "link", "set", "lo", "mtu", "1500", "up")
        # Segmentation offloads would show the capture 64 KiB TCP segments.
        ns("ethtool", "-K", "lo", "tso", "off", "gso", "off", "gro", "off")
        ns("ip", "addr", "add", V4_CLIENT + "/32", "dev", "lo")
        ns("ip", "addr", "add", V4_SERVER + "/32", "dev", "lo")
        ns("ip", "-6", "addr", "add", V6_CLIENT + "/128", "dev", "lo", "nodad")
        ns("ip", "-6", "addr", "add", V6_SERVER + "/128", "dev", "lo", "nodad")
        raw = os.path.join(work, "base.pcap")
        dumpcap = subprocess.Popen(["ip", "netns", "exec", namespace, "dumpcap", "-q", "-P",
                                    "-i", "lo", "-w", raw], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while not os.path.exists(raw) and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        traffic = subprocess.Popen(["ip", "netns", "exec", namespace, sys.executable,
                                    os.path.abspath(__file__), "--generate", certificate, key,
                                    "--clients", str(clients)])
        deadline = time.time() + 600
        while (traffic.poll() is None and time.time() < deadline and
               (not os.path.exists(raw) or os.path.getsize(raw) < base_bytes)):
            time.sleep(0.2)
        traffic.send_signal(signal.SIGTERM)
        traffic.wait()
        time.sleep(0.5)
        dumpcap.send_signal(signal.SIGINT)
        dumpcap.wait()
        dumpcap = None
        shutil.move(raw, path)
    finally:
        if dumpcap is not None:
            dumpcap.kill()
        run("ip", "netns", "delete", namespace, check=False)
        shutil.rmtree(work, ignore_errors=True)


def multiply(base_path, out_path, target_bytes):
    with open(base_path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        sys.exit("make_capture: %s is not a little-endian pcap file" % base_path)
    if struct.unpack("<I", data[20:24])[0] != 1:
        sys.exit("make_capture: %s is not an Ethernet capture" % base_path)
    # Where each record's seconds are, and the offsets of the address words
    # to rewrite: the first of each pair gains k, the second loses k.
    seconds_at, v4_at, v6_at = [], [], []
    first = last = None
    offset = 24
    while offset + 16 <= len(data):
        sec, _, caplen, _ = struct.unpack_from("<IIII", data, offset)
        first = sec if first is None else first
        last = sec
        seconds_at.append(offset)
        p = offset + 16
        ethertype = struct.unpack_from("!H", data, p + 12)[0] if caplen >= 14 else 0
        if ethertype == 0x0800 and caplen >= 34:
            for a in (p + 26, p + 30):
                if data[a:a + 3] == b"\x0a\x00\x80":
                    v4_at.append(a)
        elif ethertype == 0x86DD and caplen >= 54:
            for a in (p + 22, p + 38):
                if data[a:a + 12] == b"\xfd\x00" + b"\0" * 10:
                    v6_at.append(a + 12)
        offset += 16 + caplen
    span = last - first + 2
    copies = max(1, -(-target_bytes // len(data)))
    if copies > 100:
        sys.exit("make_capture: %d copies needed; give a larger --base-mb" % copies)
    with open(out_path, "wb") as out:
        out.write(data[:24])
        body = data[24:]
        for k in range(copies):
            copy = bytearray(body)
            for at in seconds_at:
                at -= 24
                struct.pack_into("<I", copy, at,
                                 struct.unpack_from("<I", copy, at)[0] + k * span)
            if k > 0:
                for at in v4_at:
                    # 10.0.128.101 becomes 10.k.128.(101 - k).
                    at -= 24
                    w1, w2 = struct.unpack_from("!HH", copy, at)
                    struct.pack_into("!HH", copy, at, w1 + k, w2 - k)
                for at in v6_at:
                    # fd00::8001 becomes fd00::k:(8001 - k), in hex.
                    at -= 24
                    w1, w2 = struct.unpack_from("!HH", copy, at)
                    struct.pack_into("!HH", copy, at, w1 + k, w2 - k)
            out.write(copy)
    return copies, len(seconds_at) * copies, span


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?")
    parser.add_argument("--size-mb", type=float, default=300)
    parser.add_argument("--base-mb", type=float, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--generate", nargs=2, metavar=("CERT", "KEY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate[0], args.generate[1], 600, args.clients)
        return
    if not args.out:
        parser.error("give the capture to write")
    if os.geteuid() != 0:
        sys.exit("make_capture: needs root (network namespaces, raw sockets)")
    for tool in ("ip", "ethtool", "dumpcap", "openssl"):
        if shutil.which(tool) is None:
            sys.exit("make_capture: %s is missing; apt-get install iproute2 ethtool "
                     "wireshark-common openssl" % tool)
    start = time.time()
    base = args.out + ".base"
    capture_base(base, int(args.base_mb * 1e6), args.clients)
    captured = time.time()
    copies, packets, span = multiply(base, args.out, int(args.size_mb * 1e6))
    os.unlink(base)
    print("make_capture: %s: %d packets, %.1f MB (%d copies of a %.0f s capture); "
          "capturing took %.0f s, copying %.0f s" %
          (args.out, packets, os.path.getsize(args.out) / 1e6, copies, span,
           captured - start, time.time() - captured))


if __name__ == "__main__":
    main()
