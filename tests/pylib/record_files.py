"""Reads netcap's record files without netcap: each is a gzip stream of
length-delimited protobuf messages (docs/format.md), a Header first, then
records of one type.
"""

import gzip


def read_varint(data, pos):
    """The base-128 varint at `pos` in `data`, and the position after it."""
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def read_messages(path, message_class):
    """The records of the record file at `path`, parsed as `message_class`;
    its header is skipped."""
    data = gzip.decompress(open(path, "rb").read())
    size, pos = read_varint(data, 0)
    pos += size  # the header
    out = []
    while pos < len(data):
        size, pos = read_varint(data, pos)
        out.append(message_class.FromString(data[pos:pos + size]))
        pos += size
    return out
