"""netcap -iface, end to end, on a network the test makes for itself.

Each test creates two network namespaces joined by a veth pair (10.99.0.1
in "a", 10.99.0.2 in "b"; the addresses exist only inside them), runs netcap
in "a" on its end of the pair and traffic.py on both sides: UDP datagrams, a
TCP connection with data, ICMP echo and a DNS query to a responder in "b".
Static neighbour entries and IPv6 turned off keep ARP and IPv6 chatter
away, so the link carries exactly the test's packets and their counts can
be checked. The records are read back with `netcap -r FILE -json`.

Creating namespaces and capturing need root, which CI has. Without it every
test fails, saying so: a live capture test that passes without capturing
would prove nothing.
"""

import base64
import json
import os
import pty
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import traffic  # noqa: E402

NETCAP = os.path.join(os.getcwd(), "tools", "netcap")
TRAFFIC = os.path.join(HERE, "traffic.py")
PYTHON = "/usr/bin/python3"
ADDRESS_A = "10.99.0.1"
ADDRESS_B = "10.99.0.2"
MAC_A = "02:00:0a:63:00:01"
MAC_B = "02:00:0a:63:00:02"
PRIVILEGE = ("the live capture test needs root: it creates network namespaces and a veth "
             "pair (CAP_SYS_ADMIN, CAP_NET_ADMIN) and captures on them (CAP_NET_RAW); "
             "CI runs it as root")
# Every wait is bounded; nothing is retried.
DEADLINE = 20.0


def run(*args, check=True):
    result = subprocess.run(args, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError("%s failed (%d): %s" % (" ".join(args), result.returncode,
                                                   result.stderr.strip()))
    return result


class network:
    """Two namespaces joined by a veth pair, named after this process so that
    concurrent runs do not meet; removed again by close()."""

    def __init__(self):
        tag = "nclive%d" % os.getpid()
        self.ns_a, self.ns_b = tag + "a", tag + "b"
        # Interface names have at most 15 characters.
        self.if_a, self.if_b = "nc%da" % os.getpid(), "nc%db" % os.getpid()
        self.made = []

    def open(self):
        if os.geteuid() != 0:
            raise AssertionError(PRIVILEGE + "; running as uid %d" % os.geteuid())
        if shutil.which("ip") is None:
            raise AssertionError("the live capture test needs the ip command (Debian: iproute2)")
        for ns in (self.ns_a, self.ns_b):
            result = run("ip", "netns", "add", ns, check=False)
            if result.returncode != 0:
                raise AssertionError(PRIVILEGE + ": ip netns add: " + result.stderr.strip())
            self.made.append(ns)
            # IPv6 would add router and neighbour solicitations to the link.
            for conf in ("all", "default"):
                self.sysctl(ns, "net/ipv6/conf/%s/disable_ipv6" % conf, "1")
        run("ip", "link", "add", self.if_a, "address", MAC_A, "type", "veth",
            "peer", "name", self.if_b, "address", MAC_B)
        for ns, dev, address, peer, peer_mac in (
                (self.ns_a, self.if_a, ADDRESS_A, ADDRESS_B, MAC_B),
                (self.ns_b, self.if_b, ADDRESS_B, ADDRESS_A, MAC_A)):
            run("ip", "link", "set", dev, "netns", ns)
            self.sysctl(ns, "net/ipv6/conf/%s/disable_ipv6" % dev, "1")
            self.exec(ns, "ip", "address", "add", address + "/24", "dev", dev)
            self.exec(ns, "ip", "link", "set", "lo", "up")
            self.exec(ns, "ip", "link", "set", dev, "up")
            # No ARP: the peer's address is known from the start.
            self.exec(ns, "ip", "neigh", "replace", peer, "lladdr", peer_mac, "dev", dev,
                      "nud", "permanent")

    def sysctl(self, ns, key, value):
        # Where IPv6 is not built in, there is nothing to turn off.
        self.exec(ns, "sh", "-c", "[ ! -e /proc/sys/%s ] || echo %s > /proc/sys/%s"
                  % (key, value, key))

    def exec(self, ns, *args, check=True):
        return run("ip", "netns", "exec", ns, *args, check=check)

    def close(self):
        for ns in self.made:
            run("ip", "netns", "delete", ns, check=False)  # takes the veth pair along
        self.made = []
        # Left in this namespace only when setting up failed half-way.
        run("ip", "link", "delete", self.if_a, check=False)


class capture:
    """netcap -iface running in namespace a, its stderr read line by line."""

    def __init__(self, test, net, out, *flags, terminal=False):
        self.lines = []
        self.cond = threading.Condition()
        args = ["ip", "netns", "exec", net.ns_a, NETCAP, "-iface", net.if_a, "-out", out,
                "-workers", "2", *flags]
        if terminal:
            # stderr on a pseudo-terminal, where the progress line is on by
            # default and rewritten in place.
            master, slave = pty.openpty()
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave)
            os.close(slave)
            self.stderr = master
        else:
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.stderr = os.dup(self.proc.stderr.fileno())
            self.proc.stderr.close()
            self.proc.stderr = None  # read above, not by communicate()
        # A failed test leaves no netcap behind (it would keep the namespace).
        test.addCleanup(self.kill)
        self.raw = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            try:
                chunk = os.read(self.stderr, 4096)  # what there is, not 4096 bytes
            except OSError:  # the pty's other side closed
                chunk = b""
            if not chunk:
                os.close(self.stderr)
                break
            with self.cond:
                self.raw += chunk
                self.lines = re.split(rb"[\r\n]", self.raw)
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_for_progress(self, predicate, what):
        deadline = time.time() + DEADLINE
        with self.cond:
            while not predicate(self.progress_locked()):
                if self.proc.poll() is not None:
                    raise AssertionError("netcap ended while waiting for %s: %s"
                                         % (what, self.raw.decode(errors="replace")))
                if time.time() > deadline:
                    raise AssertionError("no progress line showed %s in %ds: %s"
                                         % (what, DEADLINE, self.raw.decode(errors="replace")))
                self.cond.wait(0.2)

    def progress_locked(self):
        """The packet counts of the progress lines so far; hold self.cond."""
        return [int(m.group(1)) for m in
                (re.search(rb": (\d+) packets, ", line) for line in self.lines) if m]

    def wait_until_quiet(self, at_least):
        """Returns once progress shows `at_least` packets and then two reports
        a second apart with the same count: everything sent has been read."""
        self.wait_for_progress(lambda p: len(p) >= 2 and p[-1] >= at_least and p[-1] == p[-2],
                               "%d packets and then quiet" % at_least)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()

    def stop(self, sig):
        self.proc.send_signal(sig)
        return self.finish()

    def finish(self):
        stdout, _ = self.proc.communicate(timeout=DEADLINE)
        self.reader.join(DEADLINE)
        return self.proc.returncode, stdout.decode(), self.raw.decode(errors="replace")


def records(path):
    """Every record of a record file, as dicts (netcap -r -json)."""
    result = subprocess.run([NETCAP, "-r", path, "-json"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def pcap_packets(path):
    """The packets of a pcap file netcap wrote (little-endian, as written
    on this machine)."""
    with open(path, "rb") as f:
        data = f.read()
    packets, offset = [], 24
    while offset < len(data):
        captured = int.from_bytes(data[offset + 8:offset + 12], "little")
        packets.append(data[offset + 16:offset + 16 + captured])
        offset += 16 + captured
    return packets


def address(value):
    return socket.inet_ntoa(base64.b64decode(value))


class LiveCaptureTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.net = network()
        self.addCleanup(self.net.close)
        self.net.open()
        self.server = subprocess.Popen(
            ["ip", "netns", "exec", self.net.ns_b, PYTHON, TRAFFIC, "serve", ADDRESS_B],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(self.stop_server)
        line = self.server.stdout.readline()  # bounded: the server binds or dies
        self.assertEqual(line.strip(), "ready", self.server.stderr.read() if not line else line)

    def stop_server(self):
        self.server.kill()
        self.server.communicate()

    def tearDown(self):
        self.tmp.cleanup()

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def send_traffic(self):
        result = self.net.exec(self.net.ns_a, PYTHON, TRAFFIC, "send", ADDRESS_A, ADDRESS_B)
        got = json.loads(result.stdout)
        self.assertEqual(got, {"tcp_reply": traffic.TCP_REPLY.decode(),
                               "icmp_replies": traffic.ICMP_SEQUENCES,
                               "dns_answer": traffic.DNS_ANSWER})

    def promiscuity(self):
        link = self.net.exec(self.net.ns_a, "ip", "-d", "link", "show", self.net.if_a).stdout
        return int(re.search(r"promiscuity (\d+)", link).group(1))

    def assert_files_valid(self, out, stdout):
        """Every record file reads to its end with the count the summary gave."""
        for name in os.listdir(out):
            if not name.endswith(".ncap.gz"):
                continue
            check = subprocess.run([NETCAP, "-r", os.path.join(out, name), "-check"],
                                   capture_output=True, text=True)
            self.assertEqual(check.returncode, 0, check.stderr)
            kind = name[:-len(".ncap.gz")]
            row = re.search(r"^%s\s+(\d+)\s" % kind, stdout, re.M)
            self.assertIsNotNone(row, stdout)
            self.assertIn(": %s records" % row.group(1), check.stdout)

    def test_everything_sent_is_recorded_and_sigint_ends_cleanly(self):
        out = self.out("all")
        netcap = capture(self, self.net, out, "-progress")
        netcap.wait_for_progress(lambda p: len(p) >= 1, "the capture running")
        self.assertEqual(self.promiscuity(), 1, "-promisc is on by default")
        self.send_traffic()
        # 5 UDP datagrams, 2 DNS messages, 6 ICMP messages, 7 or more TCP
        # segments, 1 packet of IP protocol 253.
        netcap.wait_until_quiet(5 + 2 + 6 + 7 + 1)
        status, stdout, stderr = netcap.stop(signal.SIGINT)
        self.assertEqual(status, 0, stderr)
        self.assertIn("stopped by SIGINT; every file written is complete", stdout)
        self.assertRegex(stdout, r"read \d+ packets \(.*\) from interface %s in" % self.net.if_a)
        self.assertRegex(stdout, r"dropped 0 packets in the kernel \(capture buffer full\) and "
                                 r"\d+ at the interface; libpcap received \d+")
        self.assertRegex(stderr, r"netcap: %s: \d+ packets, \d+ packets/s, \d+ records, "
                                 r"dropped 0 by the kernel, \d+ by the interface, \d+:\d\d elapsed\n"
                         % self.net.if_a)
        self.assert_files_valid(out, stdout)

        udp = records(os.path.join(out, "UDP.ncap.gz"))
        datagrams = [r for r in udp if r["dst_port"] == traffic.UDP_PORT]
        self.assertEqual(len(datagrams), 5)
        self.assertTrue(all(r["src_port"] == traffic.UDP_SOURCE_PORT for r in datagrams))
        self.assertEqual(sorted(r["payload_size"] for r in datagrams),
                         sorted(len(d) for d in traffic.UDP_DATAGRAMS))
        self.assertEqual(len(udp), 5 + 2, "the datagrams and the DNS query and answer")

        icmp = records(os.path.join(out, "ICMPv4.ncap.gz"))
        self.assertEqual(sorted((r["type"], r["id"], r["seq"]) for r in icmp),
                         sorted([(8, traffic.ICMP_ID, s) for s in traffic.ICMP_SEQUENCES] +
                                [(0, traffic.ICMP_ID, s) for s in traffic.ICMP_SEQUENCES]))

        dns = records(os.path.join(out, "DNS.ncap.gz"))
        self.assertEqual(len(dns), 2)
        query, answer = sorted(dns, key=lambda r: r["qr"])
        self.assertEqual((query["id"], query["qr"]), (traffic.DNS_ID, False))
        self.assertEqual(query["questions"][0]["name"], traffic.DNS_NAME)
        self.assertEqual((answer["id"], answer["qr"]), (traffic.DNS_ID, True))
        self.assertEqual(address(answer["answers"][0]["ip"]), traffic.DNS_ANSWER)

        tcp = records(os.path.join(out, "TCP.ncap.gz"))
        self.assertGreaterEqual(len(tcp), 7)
        to_server = [r for r in tcp if r["dst_port"] == traffic.TCP_PORT]
        to_client = [r for r in tcp if r["src_port"] == traffic.TCP_PORT]
        self.assertEqual(len(to_server) + len(to_client), len(tcp))
        client_ports = {r["src_port"] for r in to_server} | {r["dst_port"] for r in to_client}
        self.assertEqual(len(client_ports), 1, "one connection")
        self.assertEqual([r["syn"] and not r["ack"] for r in to_server].count(True), 1)
        self.assertEqual([r["syn"] and r["ack"] for r in to_client].count(True), 1)
        self.assertEqual(sum(r["payload_size"] for r in to_server), len(traffic.TCP_REQUEST))
        self.assertEqual(sum(r["payload_size"] for r in to_client), len(traffic.TCP_REPLY))
        self.assertTrue(any(r["fin"] for r in to_server) and any(r["fin"] for r in to_client))

        ipv4 = records(os.path.join(out, "IPv4.ncap.gz"))
        self.assertEqual(len(ipv4), len(udp) + len(icmp) + len(tcp) + 1)
        self.assertEqual([r["protocol"] for r in ipv4].count(traffic.UNKNOWN_PROTOCOL), 1)
        self.assertEqual({(address(r["src_ip"]), address(r["dst_ip"])) for r in ipv4},
                         {(ADDRESS_A, ADDRESS_B), (ADDRESS_B, ADDRESS_A)})
        self.assertEqual(len(records(os.path.join(out, "Ethernet.ncap.gz"))), len(ipv4))
        self.assertRegex(stdout, r"read %d packets " % len(ipv4))
        self.assertNotIn("ARP.ncap.gz", os.listdir(out))
        # What no decoder knows goes to unknown.pcap, as it does offline.
        self.assertIn("1 packets with an undecoded layer inside IPv4", stdout)
        unknown = pcap_packets(os.path.join(out, "unknown.pcap"))
        self.assertEqual(len(unknown), 1)
        self.assertEqual(unknown[0][14 + 9], traffic.UNKNOWN_PROTOCOL)
        self.assertTrue(unknown[0].endswith(traffic.UNKNOWN_PAYLOAD))
        self.assertNotIn("errors.pcap", os.listdir(out))
        header = subprocess.run([NETCAP, "-r", os.path.join(out, "UDP.ncap.gz"), "-header",
                                 "-json"], capture_output=True, text=True)
        self.assertEqual(json.loads(header.stdout)["input_source"], self.net.if_a)

    def test_bpf_filter_and_sigterm_on_a_terminal(self):
        out = self.out("udp")
        # 64 bytes hold a whole datagram (14 + 20 + 8 + 22) but cut the DNS
        # messages short, which makes them decoding errors.
        netcap = capture(self, self.net, out, "-bpf", "udp", "-promisc=false", "-snaplen", "64",
                         terminal=True)
        netcap.wait_for_progress(lambda p: len(p) >= 1, "the capture running")
        self.assertEqual(self.promiscuity(), 0, "-promisc=false")
        self.send_traffic()
        netcap.wait_until_quiet(5 + 2)
        status, stdout, stderr = netcap.stop(signal.SIGTERM)
        self.assertEqual(status, 0, stderr)
        self.assertIn("stopped by SIGTERM", stdout)
        # On a terminal the line is rewritten in place and cleared at the end.
        self.assertRegex(stderr, r"^\rnetcap: %s: 0 packets, 0 packets/s, 0 records, "
                                 r"dropped 0 by the kernel, \d+ by the interface, 0:\d\d elapsed\x1b\[K\r"
                         % self.net.if_a)
        self.assertTrue(stderr.endswith("\r\x1b[K"), repr(stderr[-200:]))
        self.assertNotIn("\n", stderr)
        self.assert_files_valid(out, stdout)
        names = sorted(n for n in os.listdir(out) if n.endswith(".ncap.gz"))
        # The flow encoders see the datagrams too; the cut DNS messages make
        # no DNS file.
        self.assertEqual(names, ["Connection.ncap.gz", "Ethernet.ncap.gz", "Flow.ncap.gz",
                                 "IPv4.ncap.gz", "LinkFlow.ncap.gz", "NetworkFlow.ncap.gz",
                                 "TransportFlow.ncap.gz", "UDP.ncap.gz"])
        self.assertEqual(len(records(os.path.join(out, "UDP.ncap.gz"))), 7)
        self.assertEqual({r["protocol"] for r in records(os.path.join(out, "IPv4.ncap.gz"))},
                         {socket.IPPROTO_UDP})
        self.assertNotIn("unknown.pcap", os.listdir(out), "the filter kept protocol 253 out")
        # The error log and errors.pcap work as they do offline; the pcap's
        # header carries the capture's snapshot length.
        self.assertIn("2 packets with error: DNS: truncated name", stdout)
        with open(os.path.join(out, "errors.log")) as f:
            log = f.read()
        self.assertIn("Packet: 64 bytes captured, 76 on the wire, link type EN10MB", log)
        self.assertTrue(log.endswith("Summary:\nDNS: truncated name: 2\n"), log)
        with open(os.path.join(out, "errors.pcap"), "rb") as f:
            self.assertEqual(int.from_bytes(f.read(24)[16:20], "little"), 64)
        self.assertEqual([len(p) for p in pcap_packets(os.path.join(out, "errors.pcap"))],
                         [64, 64])

    def test_count_and_duration_end_a_capture_without_a_signal(self):
        out = self.out("count")
        # 3 echo requests and 3 replies, of which -count takes the first 4.
        netcap = capture(self, self.net, out, "-count", "4", "-bpf", "icmp", "-progress")
        netcap.wait_for_progress(lambda p: len(p) >= 1, "the capture running")
        self.send_traffic()
        status, stdout, stderr = netcap.finish()
        self.assertEqual(status, 0, stderr)
        self.assertIn("stopped after -count 4 packets", stdout)
        self.assertEqual(len(records(os.path.join(out, "ICMPv4.ncap.gz"))), 4)

        out = self.out("duration")
        started = time.monotonic()
        netcap = capture(self, self.net, out, "-duration", "1.5s")
        status, stdout, stderr = netcap.finish()
        self.assertEqual(status, 0, stderr)
        self.assertIn("stopped after -duration 1.5s", stdout)
        self.assertIn("read 0 packets", stdout)
        self.assertLess(time.monotonic() - started, 10)

    def test_errors(self):
        def fails(*args, command=(NETCAP,)):
            result = self.net.exec(self.net.ns_a, *command, *args, check=False)
            self.assertEqual(result.returncode, 1, result)
            lines = result.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, result.stderr)
            self.assertTrue(lines[0].startswith("netcap: "), lines[0])
            return lines[0]

        out = self.out("errors")
        line = fails("-iface", "nosuch0", "-out", out)
        self.assertIn('no such interface "nosuch0"', line)
        self.assertIn("netcap -interfaces lists", line)
        line = fails("-iface", self.net.if_a, "-out", out, "-bpf", "udp port 99999")
        self.assertIn('invalid BPF filter "udp port 99999"', line)
        line = fails("-iface", self.net.if_a, "-r", "x.pcap")
        self.assertIn("choose one input", line)
        line = fails("-iface", self.net.if_a, "-snaplen", "-1")
        self.assertIn("-snaplen", line)
        self.assertFalse(os.path.exists(out), "nothing is written when the capture fails")

        # Without privilege: root drops it for an unprivileged user. Its copy
        # of netcap sits where that user may run it.
        nobody = os.path.join(self.tmp.name, "nobody")
        os.mkdir(nobody)
        os.chmod(self.tmp.name, 0o755)
        os.chmod(nobody, 0o777)
        binary = os.path.join(nobody, "netcap")
        shutil.copy(NETCAP, binary)
        os.chmod(binary, 0o755)
        if shutil.which("setpriv") is None:
            self.fail("the permission test needs setpriv (Debian: util-linux)")
        line = fails("-iface", self.net.if_a, "-out", os.path.join(nobody, "out"),
                     command=("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                              "--inh-caps=-all", binary))
        self.assertIn("no permission to capture on %s" % self.net.if_a, line)
        self.assertIn("needs root, or the capabilities CAP_NET_RAW and CAP_NET_ADMIN", line)

    def test_interfaces_lists_the_namespace_interfaces(self):
        result = self.net.exec(self.net.ns_a, NETCAP, "-interfaces")
        lines = result.stdout.splitlines()
        veth = [l for l in lines if l.split()[0] == self.net.if_a]
        self.assertEqual(len(veth), 1, result.stdout)
        self.assertIn("up,running", veth[0])
        self.assertIn(ADDRESS_A, veth[0])
        lo = [l for l in lines if l.split()[0] == "lo"]
        self.assertEqual(len(lo), 1, result.stdout)
        self.assertIn("loopback", lo[0])


if __name__ == "__main__":
    unittest.main()
