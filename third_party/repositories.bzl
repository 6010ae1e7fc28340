"""Wires Debian's packages into Bazel 4.2.3, offline.

Everything netcap builds against comes from Debian: the Starlark rules under
/usr/share/bazel and the C++ libraries under /usr. Nothing is downloaded. The
traps met on the way, each handled here, are described in docs/building.md.
"""

_DEBIAN_RULES = "/usr/share/bazel"

def _write_rules_cc(ctx):
    # Debian's bazel-rules-cc needs a newer Bazel than bazel-bootstrap's 4.2.3,
    # so this stand-in re-exports the native rules under the names rules_cc
    # users load.
    ctx.file("WORKSPACE", 'workspace(name = "rules_cc")\n')
    ctx.file("BUILD.bazel", "")
    ctx.file("cc/BUILD.bazel", "")
    rules = ["cc_binary", "cc_import", "cc_library", "cc_proto_library", "cc_test", "cc_toolchain", "cc_toolchain_suite", "fdo_prefetch_hints", "fdo_profile", "objc_import", "objc_library"]
    ctx.file("cc/defs.bzl", "".join([
        "def {r}(**attrs):\n    native.{r}(**attrs)\n\n".format(r = r)
        for r in rules
    ]))

def _rules_cc_impl(ctx):
    _write_rules_cc(ctx)

_rules_cc = repository_rule(implementation = _rules_cc_impl)

def _remote_coverage_tools_impl(ctx):
    # `bazel test` adds an implicit dependency on this repository, which Bazel
    # normally downloads. Tests here never run under `bazel coverage`, so
    # empty targets with the expected names satisfy it.
    ctx.file("WORKSPACE", 'workspace(name = "remote_coverage_tools")\n')
    ctx.file("BUILD.bazel", "\n".join([
        'package(default_visibility = ["//visibility:public"])',
        'filegroup(name = "coverage_report_generator", srcs = [])',
        'filegroup(name = "lcov_merger", srcs = [])',
        "",
    ]))

_remote_coverage_tools = repository_rule(implementation = _remote_coverage_tools_impl)

def _link_flags(ctx, modules):
    # Entries that start with "-" are literal flags, for libraries that ship
    # no pkg-config file (libbenchmark_main.a).
    flags = [m for m in modules if m.startswith("-")]
    modules = [m for m in modules if not m.startswith("-")]
    result = ctx.execute(["pkg-config", "--libs"] + modules)
    if result.return_code != 0:
        fail(("pkg-config cannot find {}: install the Debian packages that ship " +
              "them (./bazelw does this on first use).\n{}").format(modules, result.stderr))
    return flags + [f for f in result.stdout.strip().split(" ") if f]

# Libraries linked from Debian's static archives rather than their shared
# objects: binding the shared forms at start-up (some 50 libraries for
# Abseil alone, and protobuf's thousands of symbols) took over half of an
# empty run's time (docs/performance.md). Debian builds these archives
# position-independent, and no shared library netcap loads links any of
# them, so each exists once in a process.
_STATIC = ["absl_", "protobuf", "deflate"]

def _prefer_static(flags):
    result = []
    for flag in flags:
        name = flag[2:] if flag.startswith("-l") else ""
        if name and [p for p in _STATIC if name.startswith(p)]:
            flag = "-l:lib{}.a".format(name)
        result.append(flag)
    return result

def _system_libraries_impl(ctx):
    # Each library becomes a header-less cc_library whose link line comes from
    # pkg-config at fetch time; the headers are in /usr/include, which the
    # auto-configured toolchain already searches. Debian's Abseil is dozens of
    # small shared libraries, and pkg-config knows the order they link in.
    lines = ['package(default_visibility = ["//visibility:public"])', ""]
    for name, modules in ctx.attr.libraries.items():
        linkopts = _link_flags(ctx, modules)
        linkopts = _prefer_static(linkopts)
        lines.append("cc_library(name = {}, linkopts = {})".format(repr(name), repr(linkopts)))

    # protoc for cc_proto_library, named by --proto_compiler in .bazelrc.
    protoc = ctx.which("protoc")
    if protoc == None:
        fail("protoc is missing: install Debian's protobuf-compiler (./bazelw does this).")
    ctx.symlink(protoc, "protoc")
    lines.append('exports_files(["protoc"])')
    ctx.file("WORKSPACE", 'workspace(name = "{}")\n'.format(ctx.name))
    ctx.file("BUILD.bazel", "\n".join(lines) + "\n")

_system_libraries = repository_rule(
    implementation = _system_libraries_impl,
    attrs = {"libraries": attr.string_list_dict()},
    local = True,
)

def netcap_dependencies():
    """Declares every external repository netcap needs."""
    native.local_repository(name = "rules_proto", path = _DEBIAN_RULES + "/rules/proto")
    native.local_repository(name = "rules_java", path = _DEBIAN_RULES + "/rules/java")
    native.local_repository(name = "bazel_skylib", path = _DEBIAN_RULES + "/tools/skylib")
    native.local_repository(name = "platforms", path = _DEBIAN_RULES + "/platforms")
    _rules_cc(name = "rules_cc")
    _remote_coverage_tools(name = "remote_coverage_tools")
    native.register_toolchains("@netcap//third_party:python_toolchain")
    _system_libraries(
        name = "system",
        libraries = {
            "absl": ["absl_flags_parse", "absl_status", "absl_statusor", "absl_str_format", "absl_strings", "absl_synchronization", "absl_time", "absl_raw_hash_set", "absl_hash"],
            "benchmark": ["benchmark"],
            "crypto": ["libcrypto"],
            "benchmark_main": ["-lbenchmark_main", "benchmark"],
            "deflate": ["libdeflate"],
            "gtest": ["gtest"],
            "gtest_main": ["gtest_main", "gtest"],
            "pcap": ["libpcap"],
            "protobuf": ["protobuf"],
            "tins": ["libtins"],
            "zlib": ["zlib"],
        },
    )
