"""Builds the DNS messages of crafted traffic: a query for one name and the
answer a server gives it (RFC 1035, section 4.1)."""

import struct

# RFC 1035 4.1.1: the flags of a query asking for recursion (RD), and of
# its answer (QR, RD, RA).
QUERY_FLAGS = 0x0100
ANSWER_FLAGS = 0x8180
CLASS_IN = 1


def query(message_id, name, qtype):
    """A query with one question: `name` ("www.example.test"), type `qtype`,
    class IN."""
    header = struct.pack("!HHHHHH", message_id, QUERY_FLAGS, 1, 0, 0, 0)
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return header + labels + struct.pack("!HH", qtype, CLASS_IN)


def question_end(query_bytes):
    """Where the first question of a query made by query() ends: after its
    name (uncompressed labels up to the root's zero byte), type and class."""
    return query_bytes.index(b"\0", 12) + 5


def question_type(query_bytes):
    """The type of a query's first question."""
    end = question_end(query_bytes)
    return struct.unpack("!H", query_bytes[end - 4:end - 2])[0]


def answer(query_bytes, rdata, ttl):
    """The answer to a query: its id and question echoed, and one record of
    the question's type, class IN, holding `rdata`, named by a pointer to the
    question's name (offset 12, RFC 1035 4.1.4)."""
    end = question_end(query_bytes)
    (message_id,) = struct.unpack("!H", query_bytes[:2])
    header = struct.pack("!HHHHHH", message_id, ANSWER_FLAGS, 1, 1, 0, 0)
    record = struct.pack("!HHHIH", 0xC00C, question_type(query_bytes), CLASS_IN, ttl,
                         len(rdata)) + rdata
    return header + query_bytes[12:end] + record
