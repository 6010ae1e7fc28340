#!/usr/bin/env bash
# Runs a Python test with Debian's interpreter, which has python3-protobuf;
# a python3 earlier on PATH (pyenv, a virtualenv) may not.
exec /usr/bin/python3 "$@"
