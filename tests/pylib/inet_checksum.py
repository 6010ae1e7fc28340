"""The Internet checksum of IPv4 headers and ICMP messages."""

import struct


def checksum(data):
    """RFC 1071: the ones' complement of the ones' complement sum of `data`'s
    16-bit words, an odd last byte padded with a zero."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF
