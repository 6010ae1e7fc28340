#!/usr/bin/env bash
# Runs a python script of this folder (tshark_compare.py, coverage_check_test.py)
# with Debian's interpreter, which has python3-protobuf (a python3 earlier on
# PATH, such as pyenv's, may not). Arguments are passed on: the script, then
# its arguments.
exec /usr/bin/python3 "$@"
