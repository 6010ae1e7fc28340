#!/usr/bin/python3
"""Cross-checks netcap's HTTP and TLS hello records against tshark.

For each capture in CAPTURES, netcap writes its HTTP, TLSClientHello and
TLSServerHello records (one worker; tests/collector_test.cc shows the
records do not depend on it) and tshark 4.0 dissects the same file with its
own TCP reassembly. Both sides become, per connection (its two endpoints),
multisets of messages:

  HTTP request    method, host, URI, version, User-Agent, Referer
  HTTP response   status code, Content-Type, Content-Length header
  ClientHello     JA3 string and JA3 hash (tls.handshake.ja3_full, .ja3)
  ServerHello     JA3S string and JA3S hash (tls.handshake.ja3s_full, .ja3s)

and a message agrees when the other side has the same one on the same
connection. tshark decodes HTTP and TLS only on the ports it knows, while
netcap finds them by content on any port, so the ports where netcap found
a server are passed to tshark with -d (decode as). A difference is
explained when KNOWN_DIFFERENCES lists it or when it falls in one of two
classes found per connection (an incomplete body, lost segments); the rest
are unexplained. The test fails when netcap fails on a capture, when a kind
agrees on fewer than THRESHOLD of the messages that are not explained
differences, or when a listed difference changes; docs/streams.md gives
each difference and the numbers.

Run it by hand with the binaries Bazel built:

  bazel build //tools:netcap //proto:records_py
  /usr/bin/python3 tests/e2e/streams_compare.py
  /usr/bin/python3 tests/e2e/streams_compare.py --files ndpi-tests_1kxun.pcap -v
"""

import argparse
import collections
import concurrent.futures
import json
import ipaddress
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tshark_compare  # noqa: E402  (read_records, load_messages, paths)

CAPTURES = [
    # Application traffic: many HTTP exchanges and TLS handshakes.
    "ndpi-tests_1kxun.pcap",
    "ndpi-tests_netflix.pcap",
    "ndpi-tests_instagram.pcap",
    "ndpi-tests_wechat.pcap",
    "ndpi-tests_teams.pcap",
    "ndpi-tests_alexa-app.pcapng",
    "zeek-traces_wikipedia.pcap",
    # HTTP: keep-alive, pipelining, POST bodies, 100-continue, proxies,
    # IPv6, VLAN, odd and broken messages.
    "chrissanders-packets_http_dvwa_clearlogin.pcapng",
    "chrissanders-packets_http_dvwa_directorytraversal.pcapng",
    "chrissanders-packets_http_dvwa_sqlinjection.pcapng",
    "chrissanders-packets_http_dvwa_sqlinjection_passwords.pcapng",
    "chrissanders-packets_http_espn.pcapng",
    "chrissanders-packets_http_espn_fail.pcapng",
    "chrissanders-packets_http_google.pcapng",
    "chrissanders-packets_http_ip4and6.pcapng",
    "chrissanders-packets_http_post.pcapng",
    "ndpi-tests_http.pcapng",
    "ndpi-tests_http_ipv6.pcap",
    "ndpi-tests_http-lines-split.pcap",
    "ndpi-tests_http-manipulated.pcap",
    "ndpi-tests_http_asymmetric.pcapng",
    "ndpi-tests_http_invalid_server.pcap",
    "ndpi-tests_http_on_sip_port.pcap",
    "ndpi-tests_http_ua_splitted_in_two_pkts.pcapng",
    "ndpi-tests_http-crash-content-disposition.pcap",
    "tcpdump-tests_ipv4_tcp_http_xml.pcap",
    "zeek-traces_http-qinq-0.pcap",
    "zeek-traces_http-vlan-0.pcap",
    "zeek-traces_http_100-continue.pcap",
    "zeek-traces_http_content-length-overflow.pcap",
    "zeek-traces_http_get.pcap",
    "zeek-traces_http_get-to-ssh-server.pcap",
    "zeek-traces_http_http-lower-case.pcap",
    "zeek-traces_http_methods.pcap",
    "zeek-traces_http_multipart.pcap",
    "zeek-traces_http_no-uri.pcap",
    "zeek-traces_http_no-version.pcap",
    "zeek-traces_http_pipelined-requests.pcap",
    "zeek-traces_http_post.pcap",
    "zeek-traces_http_proxy.pcap",
    "zeek-traces_http_smuggle-http-request.pcap",
    "zeek-traces_http_websocket.pcap",
    "zeek-traces_ipv6-http-atomic-frag.pcap",
    "zeek-traces_tcp_http-on-irc-port-missing-syn.pcapng",
    "zeek-traces_tunnels_vxlan-encapsulated-http.pcap",
    # TLS: browsers with GREASE, TLS 1.0 to 1.3, hellos split over segments
    # and records, huge hellos, HelloRetryRequest, STARTTLS, garbage.
    "ndpi-tests_443-chrome.pcap",
    "ndpi-tests_443-curl.pcap",
    "ndpi-tests_443-firefox.pcap",
    "ndpi-tests_ja3_lots_of_cipher_suites.pcap",
    "ndpi-tests_tls-esni-fuzzed.pcap",
    "ndpi-tests_tls_2_reasms.pcapng",
    "ndpi-tests_tls_alert.pcap",
    "ndpi-tests_tls_ech.pcapng",
    "ndpi-tests_tls_invalid_reads.pcap",
    "ndpi-tests_tls_missing_ch_frag.pcap",
    "ndpi-tests_tls_port_80.pcapng",
    "ndpi-tests_tls_unidirectional.pcap",
    "ndpi-tests_tls_with_huge_ch.pcapng",
    "suricata-verify_tls-duplicate-hello_input.pcap",
    "zeek-traces_tls_CVE-2015-3194.pcap",
    "zeek-traces_tls_chrome-1250-tls-x25519-kyber.pcap",
    "zeek-traces_tls_chrome-34-google.pcap",
    "zeek-traces_tls_client-certificate.pcap",
    "zeek-traces_tls_heartbleed.pcap",
    "zeek-traces_tls_hrr.pcap",
    "zeek-traces_tls_irc-starttls.pcap",
    "zeek-traces_tls_ml-dsa-44-cert.pcap",
    "zeek-traces_tls_ocsp-empty-responderid.pcap",
    "zeek-traces_tls_openjdk-25.0.2-zeek.org.pcap",
    "zeek-traces_tls_pop3-starttls.pcap",
    "zeek-traces_tls_ssl.v3.pcap",
    "zeek-traces_tls_tls-conn-with-extensions.pcap",
    "zeek-traces_tls_tls-early-alert.pcap",
    "zeek-traces_tls_tls-fragmented-handshake.pcap",
    "zeek-traces_tls_tls1.2.pcap",
    "zeek-traces_tls_tls13-ech.pcap",
    "zeek-traces_tls_tls13_psk_succesfull.pcap",
    "zeek-traces_tls_tls13draft16-chrome55.0.2879.0-canary.pcap",
    "zeek-traces_tls_tls1_1.pcap",
]

KINDS = ["HTTP request", "HTTP response", "ClientHello", "ServerHello"]
THRESHOLD = 0.999

# Ports tshark 4.0 decodes as HTTP or TLS without being told (its
# http.tcp.port and tls.tcp.port preferences, and the ports other
# dissectors hand on); netcap's servers elsewhere are passed with -d.
TSHARK_HTTP_PORTS = {80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710}
TSHARK_TLS_PORTS = {443, 465, 636, 853, 989, 990, 992, 993, 994, 995, 3269,
                    5061, 5223, 8443}


# Differences that are not netcap's to fix, by capture, kind and the side
# that has the messages the other lacks: (how many, why). docs/streams.md
# gives the frames. Two classes need no entry, being found per connection:
# "lost segments" (netcap's message on a connection where tshark marked a
# segment as lost: tshark does not find messages after such a hole again, or
# show a message whose body has one; netcap does) and
# "incomplete body" (a response netcap marked incomplete: tshark shows a
# response only once it has its whole body).
KNOWN_DIFFERENCES = {
    # Frame 14: "GET <17 spaces>/aaa..._uri HTTP/1.1". tshark splits the
    # request line at single spaces (URI "", version "/aaa... HTTP/1.1");
    # netcap splits it on runs of whitespace (RFC 9112, section 3).
    ("ndpi-tests_http-manipulated.pcap", "HTTP request", "netcap"):
        (1, "request line with a run of spaces"),
    ("ndpi-tests_http-manipulated.pcap", "HTTP request", "tshark"):
        (1, "request line with a run of spaces"),
    # Frames 4 and 8: HTTP inside VXLAN (UDP 4789). netcap records the VXLAN
    # and the TCP inside it, but the stream encoders follow the connection
    # of the outer headers (core/flow_tuple.hpp), here a UDP one
    # (docs/streams.md).
    ("zeek-traces_tunnels_vxlan-encapsulated-http.pcap", "HTTP request", "tshark"):
        (1, "streams inside VXLAN not followed by netcap"),
    ("zeek-traces_tunnels_vxlan-encapsulated-http.pcap", "HTTP response", "tshark"):
        (1, "streams inside VXLAN not followed by netcap"),
    # Frame 4: a ClientHello with an empty compression list and one byte
    # after it. tshark marks it malformed and ends its JA3 string there
    # ("769,<ciphers>,"); netcap reads a hello without extensions (RFC 5246,
    # section 7.4.1.2) and gives "769,<ciphers>,,,".
    ("ndpi-tests_tls_invalid_reads.pcap", "ClientHello", "netcap"):
        (1, "malformed hello: tshark's JA3 stops early"),
    ("ndpi-tests_tls_invalid_reads.pcap", "ClientHello", "tshark"):
        (1, "malformed hello: tshark's JA3 stops early"),
}


def connection_of(a_ip, a_port, b_ip, b_port):
    """A connection's key: its two endpoints, in a fixed order, so that both
    directions and both tools name it alike."""
    a = (str(ipaddress.ip_address(a_ip)), int(a_port))
    b = (str(ipaddress.ip_address(b_ip)), int(b_port))
    return (a, b) if a <= b else (b, a)


def netcap_messages(netcap, path, messages, work_dir):
    """netcap's messages, by kind and connection, the HTTP responses it
    marked incomplete, and the ports where it found servers."""
    proc = subprocess.run(
        [netcap, "-r", path, "-out", work_dir, "-workers", "1",
         "-include", "HTTP,TLSClientHello,TLSServerHello"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError("netcap failed on %s (%d): %s" % (
            path, proc.returncode, proc.stderr.decode(errors="replace")[-500:]))
    out = {kind: collections.defaultdict(collections.Counter) for kind in KINDS}
    incomplete = collections.defaultdict(collections.Counter)
    ports = {"http": set(), "tls": set()}

    def records(name):
        p = os.path.join(work_dir, name + ".ncap.gz")
        return tshark_compare.read_records(p, messages)[1] if os.path.exists(p) else []

    for r in records("HTTP"):
        conn = connection_of(r.src_ip, r.src_port, r.dst_ip, r.dst_port)
        if r.method:
            out["HTTP request"][conn][(r.method, r.host, r.url, r.proto, r.user_agent,
                                       r.referer)] += 1
            ports["http"].add(r.dst_port)
        if r.status_code:
            length = "" if r.res_content_length < 0 else str(r.res_content_length)
            key = (str(r.status_code), r.content_type, length)
            out["HTTP response"][conn][key] += 1
            if r.incomplete:
                incomplete[conn][key] += 1
            ports["http"].add(r.dst_port)
    for r in records("TLSClientHello"):
        conn = connection_of(r.src_ip, r.src_port, r.dst_ip, r.dst_port)
        out["ClientHello"][conn][(r.ja3_string, r.ja3)] += 1
        ports["tls"].add(r.dst_port)
    for r in records("TLSServerHello"):
        conn = connection_of(r.src_ip, r.src_port, r.dst_ip, r.dst_port)
        out["ServerHello"][conn][(r.ja3s_string, r.ja3s)] += 1
        ports["tls"].add(r.src_port)
    return out, incomplete, ports


def flatten(node, out):
    """Every field of a tshark JSON subtree, by name, in order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)) and not (
                    isinstance(value, list) and value and isinstance(value[0], str)):
                flatten(value, out)
            else:
                out.setdefault(key, []).extend(value if isinstance(value, list) else [value])
    elif isinstance(node, list):
        for item in node:
            flatten(item, out)


def innermost(layer):
    """A layer tshark found once, or the innermost of several (a tunnel)."""
    return layer[-1] if isinstance(layer, list) else layer


def tshark_messages(path, ports):
    """tshark's messages, by kind and connection (each with the frames that
    showed them), and the connections where tshark saw segments missing."""
    decode_as = []
    for port in sorted(ports["http"] - TSHARK_HTTP_PORTS - ports["tls"]):
        decode_as += ["-d", "tcp.port==%d,http" % port]
    for port in sorted(ports["tls"] - TSHARK_TLS_PORTS - ports["http"]):
        decode_as += ["-d", "tcp.port==%d,tls" % port]
    proc = subprocess.run(
        ["tshark", "-n", "-r", path, "-o", "tcp.reassemble_out_of_order:TRUE",
         "-T", "json", "--no-duplicate-keys",
         "-J", "frame ip ipv6 tcp http tls", "-Y",
         "http.request || http.response || tls.handshake.type == 1 || "
         "tls.handshake.type == 2 || tcp.analysis.lost_segment || "
         "tcp.analysis.ack_lost_segment"] + decode_as,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    out = {kind: collections.defaultdict(collections.Counter) for kind in KINDS}
    frames = collections.defaultdict(list)
    lossy = set()
    if not proc.stdout.strip():
        return out, frames, lossy, decode_as
    for packet in json.loads(proc.stdout):
        layers = packet["_source"]["layers"]
        ip = innermost(layers.get("ip") or layers.get("ipv6"))
        tcp = innermost(layers.get("tcp"))
        if not ip or not tcp:
            continue
        v = "ip" if "ip.src" in ip else "ipv6"
        conn = connection_of(ip[v + ".src"], tcp["tcp.srcport"], ip[v + ".dst"],
                             tcp["tcp.dstport"])
        frame = int(layers["frame"]["frame.number"])
        t = {}
        flatten(tcp, t)
        if "tcp.analysis.lost_segment" in t or "tcp.analysis.ack_lost_segment" in t:
            lossy.add(conn)

        def add(kind, key):
            out[kind][conn][key] += 1
            frames[(kind, conn, key)].append(frame)

        http = layers.get("http")
        for message in (http if isinstance(http, list) else [http] if http else []):
            f = {}
            flatten(message, f)
            first = lambda name: f.get(name, [""])[0]  # noqa: E731
            if "http.request.method" in f:
                add("HTTP request", (first("http.request.method"), first("http.host"),
                                     first("http.request.uri"),
                                     first("http.request.version"),
                                     first("http.user_agent"), first("http.referer")))
            if "http.response.code" in f:
                code = first("http.response.code")
                # netcap records no interim (1xx) response but 101.
                if code.startswith("1") and code != "101":
                    continue
                add("HTTP response", (code, first("http.content_type"),
                                      first("http.content_length_header")))
        f = {}
        flatten(layers.get("tls", {}), f)
        for full, digest in zip(f.get("tls.handshake.ja3_full", []),
                                f.get("tls.handshake.ja3", [])):
            add("ClientHello", (full, digest))
        for full, digest in zip(f.get("tls.handshake.ja3s_full", []),
                                f.get("tls.handshake.ja3s", [])):
            add("ServerHello", (full, digest))
    return out, frames, lossy, decode_as


def classify(name, kind, side, conn, key, lossy, incomplete):
    """The class of one difference: a known one (explained in
    docs/streams.md) or None."""
    known = KNOWN_DIFFERENCES.get((name, kind, side))
    if known:
        return known[1]
    if (side == "netcap" and kind == "HTTP response" and incomplete[conn][key] > 0):
        return "incomplete body"
    if side == "netcap" and conn in lossy:
        return "lost segments"
    return None


def compare_capture(name, path, netcap, messages):
    with tempfile.TemporaryDirectory() as work_dir:
        ours, incomplete, ports = netcap_messages(netcap, path, messages, work_dir)
    theirs, frames, lossy, decode_as = tshark_messages(path, ports)
    result = {}
    for kind in KINDS:
        agreed = 0
        differences = []  # (side, class, conn, key, count, frames)
        for conn in set(ours[kind]) | set(theirs[kind]):
            a, b = ours[kind][conn], theirs[kind][conn]
            both = a & b
            agreed += sum(both.values())
            for side, only in (("netcap", a - both), ("tshark", b - both)):
                for key, n in only.items():
                    cls = classify(name, kind, side, conn, key, lossy, incomplete)
                    if side == "netcap" and cls == "incomplete body":
                        # Counted once per incomplete record; any more copies
                        # of the same message stay unexplained.
                        k = min(n, incomplete[conn][key])
                        differences.append((side, cls, conn, key, k, []))
                        n -= k
                        cls = classify(name, kind, side, conn, key, set(),
                                       collections.defaultdict(collections.Counter))
                        if n == 0:
                            continue
                    differences.append((side, cls, conn, key, n,
                                        frames.get((kind, conn, key), [])))
        result[kind] = (agreed, differences)
    return name, result, decode_as


def main():
    pcaps, netcap, proto_py = tshark_compare.default_paths()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pcaps", default=pcaps)
    parser.add_argument("--netcap", default=netcap)
    parser.add_argument("--proto-py", default=proto_py)
    parser.add_argument("--files", default="", help="comma-separated subset")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every difference")
    args = parser.parse_args()
    messages = tshark_compare.load_messages(args.proto_py)
    names = args.files.split(",") if args.files else CAPTURES
    # Per kind: agreed, unexplained netcap only, unexplained tshark only,
    # and the explained differences by class and side.
    totals = {kind: [0, 0, 0, collections.Counter()] for kind in KINDS}
    known_seen = collections.Counter()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(compare_capture, n, os.path.join(args.pcaps, n),
                               args.netcap, messages) for n in names]
        for future in futures:
            name, result, decode_as = future.result()
            line = []
            for kind in KINDS:
                agreed, differences = result[kind]
                t = totals[kind]
                t[0] += agreed
                counts = collections.Counter()
                for side, cls, conn, key, n, frames in differences:
                    if cls is None:
                        t[1 if side == "netcap" else 2] += n
                        counts[side] += n
                    else:
                        t[3][(cls, side)] += n
                        counts[side + " explained"] += n
                        if (name, kind, side) in KNOWN_DIFFERENCES and cls == (
                                KNOWN_DIFFERENCES[(name, kind, side)][1]):
                            known_seen[(name, kind, side)] += n
                if agreed or counts:
                    line.append("%s %d/%d/%d%s" % (
                        kind, agreed, counts["netcap"], counts["tshark"],
                        " (+%d explained)" % (counts["netcap explained"] +
                                              counts["tshark explained"])
                        if counts["netcap explained"] or counts["tshark explained"] else ""))
            print("%-60s %s%s" % (name, ", ".join(line) or "-",
                                  " (tshark %s)" % " ".join(decode_as) if decode_as else ""))
            if args.verbose:
                for kind in KINDS:
                    for side, cls, conn, key, n, frames in sorted(
                            result[kind][1], key=lambda d: (d[0], str(d[1]), d[2])):
                        print("    %s only %s x%d [%s] %s%s: %r" % (
                            side, kind, n, cls or "UNEXPLAINED",
                            "%s:%d-%s:%d" % (conn[0] + conn[1]),
                            " frames %s" % ",".join(map(str, frames)) if frames else "",
                            key))
    print()
    print("| message | agreed | netcap only | tshark only | agreement | "
          "explained differences | agreement counting them |")
    print("|---|---|---|---|---|---|---|")
    failed = False
    for kind in KINDS:
        agreed, only_ours, only_theirs, explained = totals[kind]
        total = agreed + only_ours + only_theirs
        share = agreed / total if total else 1.0
        raw = agreed / (total + sum(explained.values())) if total else 1.0
        print("| %s | %d | %d | %d | %.2f%% | %d | %.2f%% |" % (
            kind, agreed, only_ours, only_theirs, 100 * share, sum(explained.values()),
            100 * raw))
        if share < THRESHOLD:
            failed = True
    print()
    print("Explained differences (docs/streams.md):")
    for kind in KINDS:
        for (cls, side), n in sorted(totals[kind][3].items()):
            print("  %s, %s only, %s: %d" % (kind, side, cls, n))
    if not args.files:
        for key, (count, reason) in sorted(KNOWN_DIFFERENCES.items()):
            if known_seen[key] != count:
                failed = True
                print("known difference %r: expected %d, found %d (update "
                      "KNOWN_DIFFERENCES and docs/streams.md)" % (key, count, known_seen[key]))
    if failed:
        print("\nsome kinds agree with tshark on fewer than %.1f%% of the messages, "
              "or a known difference changed" % (100 * THRESHOLD))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
