"""The one way netcap's C++ tests are declared."""

def netcap_unit_tests(data = [], deps = []):
    """Declares a cc_test for every *_test.cc in the calling package.

    Each is named after its file (pipeline_test.cc builds as :pipeline_test)
    and links the library, the test helpers and GoogleTest's main, so adding
    a test needs no BUILD change.

    Args:
      data: files every test of the package reads at run time.
      deps: libraries beyond the common ones.
    """
    # The sources, for //tests:self_contained_headers, which takes a test
    # that includes its header first as proof the header is self-contained.
    native.filegroup(
        name = "test_sources",
        srcs = native.glob(["*_test.cc"]),
        visibility = ["//tests:__pkg__"],
    )
    for src in native.glob(["*_test.cc"]):
        native.cc_test(
            name = src[:-len(".cc")],
            srcs = [src],
            data = data,
            deps = deps + [
                "//:netcap",
                "//tests:testing",
                "@system//:gtest_main",
            ],
        )
