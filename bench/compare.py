"""Compares netcap, as a whole process, with tshark and the dissect-only floor.

  sudo /usr/bin/python3 bench/compare.py [--capture PATH] [--runs 3]
      [--variant NAME=FLAGS ...] [--skip-tshark]

From the checkout's root. It builds //tools:netcap and //bench:dissect_floor
with -c opt, makes the capture with bench/make_capture.py if PATH does not
exist yet (root needed; about a minute for 300 MB; default
/tmp/netcap-bench/capture.pcap), and then runs, alternating, --runs times
each:

  netcap         netcap -r PATH -out DIR: default settings, every
                 encoder the binary has
  tshark -T ek   tshark -n -r PATH -T ek, its output counted through a pipe;
                 on the first tenth of the capture unless --tshark-whole, as
                 it takes minutes per 100,000 packets
  floor          bench/dissect_floor: one thread, libpcap + libtins, no output
  netcap, 10%    netcap on the first tenth of the capture's packets, to show
                 whether peak memory grows with the input's length, and to
                 compare with tshark on the same packets
  stateless      netcap without the flow and stream encoders, on the whole
                 capture and on its tenth: peak memory must not grow with
                 the input's length where no encoder keeps state
  variants       netcap with extra flags, from --variant (repeatable), such
                 as --variant "level 1=-compression-level=1"; and other netcap
                 binaries with default flags, from --other-netcap NAME=PATH
                 (main's, say, to compare a branch with it)

It prints a markdown table of medians (wall time, CPU time, packets per
wall second and per CPU second, peak resident memory, output size) with the
machine, the date and the load, then the ratios the targets of issue 9 are
stated in. Wall times depend on what else the machine runs: compare runs of
the same invocation, which alternate so that load hits all alike.

Needs tshark and GNU time (Debian's tshark and time) and, to make the
capture, what bench/make_capture.py lists.
"""

import argparse
import datetime
import os
import platform
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

# The encoders that keep state across packets (flow and connection tables,
# TCP reassembly): their memory follows the number of live flows and
# streams, bounded by -max-flows and -max-streams, not the input's length.
STATEFUL_ENCODERS = ["LinkFlow", "NetworkFlow", "TransportFlow", "Flow", "Connection",
                     "HTTP", "TLSClientHello", "TLSServerHello"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build():
    subprocess.run([os.path.join(ROOT, "bazelw"), "build", "-c", "opt", "//tools:netcap",
                    "//bench:dissect_floor"], cwd=ROOT, check=True)
    # Bazel 4's cquery has no --output=files; -c opt builds land here (not
    # bazel-bin, which follows the last build's configuration).
    return (os.path.join(ROOT, "bazel-out/k8-opt/bin/tools/netcap"),
            os.path.join(ROOT, "bazel-out/k8-opt/bin/bench/dissect_floor"))


def first_tenth(path, out_path):
    """Writes the first tenth of `path`'s packets (a classic pcap) to out_path."""
    with open(path, "rb") as f:
        data = f.read()
    endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    offsets = []
    offset = 24
    while offset + 16 <= len(data):
        offsets.append(offset)
        offset += 16 + struct.unpack_from(endian + "I", data, offset + 8)[0]
    end = offsets[len(offsets) // 10]
    with open(out_path, "wb") as f:
        f.write(data[:end])
    return len(offsets), len(offsets) // 10


def measure(args):
    """Runs `args`; returns wall seconds, CPU seconds, peak RSS bytes and the
    bytes it wrote to stdout (counted, not kept).

    GNU time measures CPU and peak memory: a child of this Python process
    would inherit its peak resident size (Linux carries it over a vfork and
    exec), which the capture read above makes hundreds of megabytes."""
    with tempfile.NamedTemporaryFile("r", prefix="netcap-time-") as report:
        start = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%U %S %M", "-o", report.name] + args,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        counted = 0
        tail = b""
        while True:
            chunk = proc.stdout.read(1 << 20)
            if not chunk:
                break
            counted += len(chunk)
            tail = chunk[-4096:]
        status = proc.wait()
        wall = time.monotonic() - start
        if status != 0:
            sys.exit("compare: %s failed with status %d" % (shlex.join(args), status))
        user, system, rss_kb = report.read().split()[-3:]
    return {"wall": wall, "cpu": float(user) + float(system), "rss": int(rss_kb) * 1024,
            "stdout": counted, "tail": tail.decode(errors="replace")}


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))


def human(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return ("%.0f %s" if unit == "B" else "%.1f %s") % (n, unit)
        n /= 1000.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--capture", default="/tmp/netcap-bench/capture.pcap")
    parser.add_argument("--size-mb", type=float, default=300,
                        help="size of the capture to make when it does not exist")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variant", action="append", default=[],
                        help="NAME=FLAGS: also run netcap with these extra flags")
    parser.add_argument("--other-netcap", action="append", default=[],
                        help="NAME=PATH: also run this netcap binary with default flags")
    parser.add_argument("--skip-tshark", action="store_true")
    parser.add_argument("--tshark-whole", action="store_true",
                        help="run tshark on the whole capture, not its first tenth")
    parser.add_argument("--no-build", action="store_true",
                        help="use the -c opt netcap and dissect_floor already built")
    args = parser.parse_args()

    if args.no_build:
        # Not bazel-bin, which follows the last build's configuration
        # (--config=asan, say).
        netcap = os.path.join(ROOT, "bazel-out/k8-opt/bin/tools/netcap")
        floor = os.path.join(ROOT, "bazel-out/k8-opt/bin/bench/dissect_floor")
    else:
        netcap, floor = build()
    if not os.path.exists(args.capture):
        os.makedirs(os.path.dirname(os.path.abspath(args.capture)), exist_ok=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/make_capture.py"),
                        args.capture, "--size-mb", str(args.size_mb)], check=True)
    if not os.path.exists("/usr/bin/time"):
        sys.exit("compare: GNU time is missing (apt-get install time)")
    if not args.skip_tshark and shutil.which("tshark") is None:
        sys.exit("compare: tshark is missing (apt-get install tshark), or give --skip-tshark")

    work = tempfile.mkdtemp(prefix="netcap-compare-")
    # Copies, so that a build during the runs cannot swap the binaries.
    netcap = shutil.copy(netcap, os.path.join(work, "netcap"))
    floor = shutil.copy(floor, os.path.join(work, "dissect_floor"))
    tenth = os.path.join(work, "tenth.pcap")
    packets, tenth_packets = first_tenth(args.capture, tenth)
    input_bytes = os.path.getsize(args.capture)
    out = os.path.join(work, "out")

    def run_netcap(capture, flags, binary=netcap):
        shutil.rmtree(out, ignore_errors=True)
        # stderr is not a terminal, so no progress line is drawn; no -quiet,
        # which older netcap binaries lack.
        r = measure([binary, "-r", capture, "-out", out] + flags)
        r["output"] = folder_bytes(out)
        return r

    tools = [("netcap", packets, lambda: run_netcap(args.capture, []))]
    if not args.skip_tshark:
        tshark_input = args.capture if args.tshark_whole else tenth
        tshark_packets = packets if args.tshark_whole else tenth_packets

        def tshark():
            r = measure(["tshark", "-n", "-r", tshark_input, "-T", "ek"])
            r["output"] = r["stdout"]
            return r
        tools.append(("tshark -T ek" if args.tshark_whole else
                      "tshark -T ek, first 10%", tshark_packets, tshark))

    def run_floor():
        r = measure([floor, args.capture])
        r["output"] = 0
        if " %d packets" % packets not in r["tail"]:
            sys.exit("compare: the floor did not read %d packets: %s" % (packets, r["tail"]))
        return r

    tools.append(("floor (libpcap + libtins, 1 thread)", packets, run_floor))
    tools.append(("netcap, first 10%% (%d packets)" % tenth_packets, tenth_packets,
                  lambda: run_netcap(tenth, [])))
    # Peak memory must not grow with the input's length where no encoder
    # keeps state across packets, so the run without the flow and stream
    # encoders is measured on the tenth and on the whole capture too.
    stateless = ["-exclude", ",".join(STATEFUL_ENCODERS)]
    tools.append(("netcap, stateless encoders", packets,
                  lambda: run_netcap(args.capture, stateless)))
    tools.append(("netcap, stateless encoders, first 10%", tenth_packets,
                  lambda: run_netcap(tenth, stateless)))
    for variant in args.variant:
        name, _, flags = variant.partition("=")
        tools.append(("netcap " + name, packets,
                      lambda flags=shlex.split(flags): run_netcap(args.capture, flags)))
    for other in args.other_netcap:
        name, _, path = other.partition("=")
        tools.append((name, packets,
                      lambda path=os.path.abspath(path): run_netcap(args.capture, [], path)))

    # The capture into the page cache, so that no run pays for the disk.
    with open(args.capture, "rb") as f:
        while f.read(1 << 24):
            pass
    load_before = os.getloadavg()
    results = {name: [] for name, _, _ in tools}
    for i in range(args.runs):
        for name, _, run in tools:
            r = run()
            results[name].append(r)
            print("compare: run %d/%d %-40s %6.1f s wall %6.1f s CPU %8s peak" %
                  (i + 1, args.runs, name, r["wall"], r["cpu"], human(r["rss"])),
                  file=sys.stderr)
    load_after = os.getloadavg()
    shutil.rmtree(work, ignore_errors=True)

    med = {name: {k: statistics.median(r[k] for r in results[name])
                  for k in ("wall", "cpu", "rss", "output")} for name, _, _ in tools}
    count = {name: n for name, n, _ in tools}
    cpu_model = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu_model = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    print("%s, %d cores (%s), %s; netcap at %s; load average %.1f before, %.1f after; "
          "median of %d alternating runs.\n" %
          (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           os.cpu_count(), cpu_model, platform.platform(terse=True), commit,
           load_before[0], load_after[0], args.runs))
    print("Capture: %s, %d packets, %s (mean frame %.0f bytes).\n" %
          (args.capture, packets, human(input_bytes), (input_bytes - 24) / packets - 16))
    print("| program | wall | CPU | packets/s (wall) | packets/s (CPU) | peak memory | output |")
    print("|---|---|---|---|---|---|---|")
    for name, _, _ in tools:
        m = med[name]
        print("| %s | %.2f s | %.2f s | %.0f | %.0f | %s | %s |" %
              (name, m["wall"], m["cpu"], count[name] / m["wall"], count[name] / m["cpu"],
               human(m["rss"]), human(m["output"]) if m["output"] else "-"))
    n = med["netcap"]
    f = med["floor (libpcap + libtins, 1 thread)"]
    print()
    print("| ratio | value | target |")
    print("|---|---|---|")
    print("| netcap wall / floor wall | %.2f | at most 2.5 |" % (n["wall"] / f["wall"]))
    print("| netcap CPU / floor CPU | %.2f | |" % (n["cpu"] / f["cpu"]))
    tshark_name = [name for name, _, _ in tools if name.startswith("tshark")]
    tenth_name = [name for name, _, _ in tools if name.startswith("netcap, first 10%")][0]
    if tshark_name:
        t = med[tshark_name[0]]
        # Packet rates on the same packets: the whole capture, or its tenth.
        same = n if args.tshark_whole else med[tenth_name]
        print("| netcap packets/s / tshark -T ek packets/s, wall%s | %.0f | at least 100 |" %
              ("" if args.tshark_whole else " (first 10%)", t["wall"] / same["wall"]))
        print("| the same, per CPU second | %.0f | |" % (t["cpu"] / same["cpu"]))
    print("| netcap peak memory | %s | at most 150 MB |" % human(n["rss"]))
    print("| netcap peak memory, first 10%% / whole | %s / %s | not growing |" %
          (human(med[tenth_name]["rss"]), human(n["rss"])))
    print("| netcap peak memory, stateless encoders, first 10%% / whole | %s / %s | "
          "not growing |" % (human(med["netcap, stateless encoders, first 10%"]["rss"]),
                             human(med["netcap, stateless encoders"]["rss"])))
    print("| netcap output / input | %.1f%% | at most 10%% |" % (100.0 * n["output"] / input_bytes))


if __name__ == "__main__":
    main()
