#!/usr/bin/env bash
# Runs tshark_compare.py with Debian's interpreter, which has python3-protobuf
# (a python3 earlier on PATH, such as pyenv's, may not). Arguments are passed
# on: the script, then its flags.
exec /usr/bin/python3 "$@"
