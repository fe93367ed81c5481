"""Engram's wire format for Python clients: Avro single-object encoding with the released schemas.

Every value on an Engram topic is C3 01, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's
Parsing Canonical Form, then the Avro binary body. The fingerprints are read from schemas/compat/fingerprints.txt,
which the Java build generates and checks: a client that computes its own can disagree with Engram (avro-python
1.11 keeps {"type": "long"} for a long with a logicalType, where the specification says "long"), and a record
with a fingerprint Engram does not know is dead-lettered as UNKNOWN_SCHEMA. canonical_form() below follows the
specification, so check_fingerprints() can confirm the file independently.

Needs the Debian packages python3-avro (1.11) and, for the example, python3-confluent-kafka.
"""

import io
import json
import os
import struct

import avro.io
import avro.schema

MARKER = b"\xc3\x01"
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
_CRC64_EMPTY = 0xC15D213AA4D7A795


def _crc64_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (_CRC64_EMPTY & -(fp & 1))
        table.append(fp)
    return table


_CRC64_TABLE = _crc64_table()


def crc64_avro(data):
    """The 64-bit Rabin fingerprint of the Avro specification, as an unsigned int."""
    fp = _CRC64_EMPTY
    for byte in data:
        fp = (fp >> 8) ^ _CRC64_TABLE[(fp ^ byte) & 0xFF]
    return fp


def canonical_form(schema_json):
    """The Parsing Canonical Form of a schema (parsed JSON), per the Avro specification.

    Only name, type, fields, symbols, items, values and size survive, in that order; names become full names;
    a primitive is its bare name even with other attributes (logicalType, avro.java.string); a named type seen
    before is written as its full name.
    """
    return _canonical(schema_json, "", set())


def _fullname(name, namespace):
    return name if "." in name or not namespace else namespace + "." + name


def _canonical(schema, namespace, seen):
    if isinstance(schema, str):
        return json.dumps(schema if schema in PRIMITIVES else _fullname(schema, namespace))
    if isinstance(schema, list):
        return "[" + ",".join(_canonical(s, namespace, seen) for s in schema) + "]"
    kind = schema["type"]
    if isinstance(kind, (dict, list)):
        return _canonical(kind, namespace, seen)
    if kind in PRIMITIVES:
        return json.dumps(kind)
    if kind == "array":
        return '{"type":"array","items":' + _canonical(schema["items"], namespace, seen) + "}"
    if kind == "map":
        return '{"type":"map","values":' + _canonical(schema["values"], namespace, seen) + "}"
    if kind not in ("record", "error", "enum", "fixed"):
        return json.dumps(_fullname(kind, namespace))  # a reference written as {"type": "Name"}
    full = _fullname(schema["name"], schema.get("namespace", namespace))
    if full in seen:
        return json.dumps(full)
    seen.add(full)
    inner = full.rpartition(".")[0]
    out = '{"name":' + json.dumps(full) + ',"type":' + json.dumps("record" if kind == "error" else kind)
    if kind in ("record", "error"):
        fields = ['{"name":' + json.dumps(f["name"]) + ',"type":' + _canonical(f["type"], inner, seen) + "}"
                  for f in schema["fields"]]
        out += ',"fields":[' + ",".join(fields) + "]"
    elif kind == "enum":
        out += ',"symbols":' + json.dumps(schema["symbols"], separators=(",", ":"))
    else:
        out += ',"size":' + str(int(schema["size"]))
    return out + "}"


def default_compat_dir():
    """schemas/compat of the repository this file sits in."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas", "compat")


class Schemas:
    """Every released schema, found by (release, record name) for writing and by fingerprint for reading."""

    def __init__(self, compat_dir=None):
        self.compat = compat_dir or default_compat_dir()
        self.by_name = {}         # (release, record) -> (fingerprint, parsed schema)
        self.by_fingerprint = {}  # fingerprint -> (release, record, parsed schema)
        with open(os.path.join(self.compat, "fingerprints.txt"), encoding="utf-8") as lines:
            for line in lines:
                if not line.strip() or line.startswith("#"):
                    continue
                release, record, fingerprint = line.split()[:3]
                with open(os.path.join(self.compat, release, record + ".avsc"), encoding="utf-8") as f:
                    text = f.read()
                parsed = avro.schema.parse(text)
                fp = int(fingerprint, 16)
                self.by_name[(release, record)] = (fp, parsed, json.loads(text))
                self.by_fingerprint[fp] = (release, record, parsed)

    def latest_release(self, record):
        releases = [r for (r, name) in self.by_name if name == record]
        return max(releases, key=lambda r: int(r.lstrip("v")))

    def encode(self, record, datum, release=None):
        """Single-object encoding of datum (a dict) with the released schema of record (latest by default)."""
        fp, schema, _ = self.by_name[(release or self.latest_release(record), record)]
        body = io.BytesIO()
        avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(body))
        return MARKER + struct.pack("<Q", fp) + body.getvalue()

    def decode(self, data):
        """Returns (record name, datum) of a single-object encoded value; raises ValueError if not one."""
        if len(data) < 10 or data[:2] != MARKER:
            raise ValueError("not an Avro single-object encoded value")
        fp = struct.unpack("<Q", data[2:10])[0]
        if fp not in self.by_fingerprint:
            raise ValueError("unknown writer schema fingerprint %016x" % fp)
        _, record, schema = self.by_fingerprint[fp]
        return record, avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))

    def check_fingerprints(self):
        """Recomputes every fingerprint from the schema files; returns how many agree with fingerprints.txt."""
        for (release, record), (fp, _, parsed_json) in self.by_name.items():
            computed = crc64_avro(canonical_form(parsed_json).encode("utf-8"))
            if computed != fp:
                raise ValueError("%s/%s: fingerprints.txt says %016x, its canonical form gives %016x"
                                 % (release, record, fp, computed))
        return len(self.by_name)
