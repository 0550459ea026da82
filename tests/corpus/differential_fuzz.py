#!/usr/bin/env python3
"""Differential random testing of zonelint's master-file reader against BIND (and Knot).

For each seed, this writes random master files that walk the syntax corners (directives, blank
owners, `@`, escapes, parentheses over several lines with comments, quoted strings, TTL units,
class and TTL in either order, CRLF, tabs, long labels and names, many RR types, RFC 3597 `\\#`
RDATA, ...) and, at a controlled rate, entries mutated so that they should be rejected. Each file
is read by

    named-checkzone -k ignore -i none -D -o - ORIGIN FILE                   (the reference)
    zonelint dump --origin ORIGIN FILE                                       (records as read)
    zonelint check --select ZONE000 --format json --origin ORIGIN FILE      (errors, line/column)
    kzonecheck -o ORIGIN FILE                                                (second opinion)

and the script checks, entry by entry, that zonelint rejects exactly the entries BIND rejects,
that the records both read are the same after normalisation (compare_with_bind.normalise), that
a mutated entry's error is reported inside the token the mutation broke, and that zonelint neither
crashes nor hangs. Knot's disagreements with BIND are counted and shown with -v, never failed on:
zonelint follows RFC 1035 and BIND.

BIND stops at some errors; as compare_with_bind.py does, the entries it names are commented out
and it runs again until it loads the rest, whose dump is the reference. So that commenting out a
rejected entry does not change how later entries read, the generator never follows an entry that
may be rejected with one that repeats its owner.

Exit codes: 0 all agree, 1 a disagreement, a crash or a hang, 2 usage, 77 named-checkzone is not
installed. Usage: differential_fuzz.py ZONELINT [--seeds N] [--first-seed S] [--files-per-seed N]
[--keep DIR] [-v]. A failing file can be regenerated alone with --first-seed S --seeds 1 --only K.
"""

import argparse
import base64
import collections
import concurrent.futures
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_with_bind import SKIP, tokens_of  # noqa: E402
from compare_with_bind import BIND_WARNING as CORPUS_BIND_WARNING  # noqa: E402

ZONE_ORIGIN = "fuzz.example"
ORIGIN_WIRE_LENGTH = 14  # "fuzz.example." in wire form: 1+4 + 1+7 + 1
TIMEOUT_SECONDS = 20

# Records BIND's loader refuses for what other records hold, which zonelint reports with a rule
# (CNAME and other data, several CNAMEs, a second SOA or one below the top), not as a reading
# error.
BIND_LOAD_RULES = {"ZONE001", "ZONE002", "ZONE010"}
BIND_LOAD_RULE_MESSAGES = re.compile(r"CNAME and other data|multiple RRs of singleton type|SOA record not at top of zone")
# As compare_with_bind.BIND_ERROR, and "$GENERATE: FILE:12: ..." for a record it made.
BIND_ERROR = re.compile(r"^(?:dns_\w+: |\$GENERATE: )?\S*?:(\d+): ")
# BIND's notes on files it loads, besides those the corpus meets.
BIND_WARNING = re.compile(CORPUS_BIND_WARNING.pattern + r"|non-terminal wildcard|record with inherited owner")

# Deliberate differences from BIND, documented in docs/zone-format.md ("Stricter and looser than
# BIND"). An entry where BIND reads and zonelint rejects with one of these messages is not a bug.
DELIBERATE = [
    (re.compile(r"above the maximum of 2147483647"), "TTL above 2^31-1: zonelint rejects, BIND warns and uses 0"),
    (re.compile(r"backslash followed by the end of the line"),
     "a line break escaped inside quotes: BIND reads it into the string, zonelint reports it (write \\010)"),
]


# ---------------------------------------------------------------------------------------------
# The generator

class Entry:
    """One generated entry: its lines (without line ends) and what the checker must know."""

    def __init__(self, lines, kind, mutation=None, blame=None, risky=None):
        self.lines = lines
        self.kind = kind
        self.mutation = mutation  # what was broken, for mutations that should be rejected
        # (line index in the entry, first column, last column) of the token the mutation broke
        self.blame = blame
        # A following entry must not repeat this entry's owner: it may be rejected.
        self.risky = mutation is not None if risky is None else risky
        self.first_line = 0  # set when the file is assembled
        self.bind_messages = []


PLAIN_LABEL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
# Escapes that keep a label valid, each worth one octet.
LABEL_ESCAPES = ["\\.", "\\\\", "\\ ", "\\\t", "\\@", "\\;", "\\(", "\\)", "\\\"", "\\$", "\\065",
                 "\\000", "\\255", "\\046", "\\032", "\\092", "\\126", "\\127"]


class FileGenerator:
    """Writes one random zone file. All names stay inside ZONE_ORIGIN, so BIND drops nothing."""

    def __init__(self, rng, reject_rate, size):
        self.rng = rng
        self.reject_rate = reject_rate
        self.size = size
        self.origin_labels = []  # labels of the current $ORIGIN below the zone origin
        self.unique = 0  # for owners that must not be shared (CNAME, DNAME)
        self.crlf = rng.random() < 0.2
        self.mixed_line_ends = not self.crlf and rng.random() < 0.1  # some lines CRLF, some LF
        self.entries = []
        self.includes = {}  # file name -> text

    # names -----------------------------------------------------------------------------

    def label(self, max_octets=12, escapes=True):
        """A random label as text, and its length in octets."""
        r = self.rng
        octets = r.randint(1, max_octets)
        parts = []
        for _ in range(octets):
            if escapes and r.random() < 0.08:
                parts.append(r.choice(LABEL_ESCAPES))
            else:
                parts.append(r.choice(PLAIN_LABEL_CHARS))
        text = "".join(parts)
        if text.startswith("$") or text == "@" or text[0] in "@":
            text = "x" + text
            octets += 1
        return text, octets

    def fixed_label(self, octets):
        """A label of exactly `octets` octets, maybe with escapes in it."""
        parts = []
        for _ in range(octets):
            parts.append(self.rng.choice(LABEL_ESCAPES) if self.rng.random() < 0.05 else self.rng.choice("abcdef0123"))
        if parts[0] in ("\\$",):
            parts[0] = "a"
        return "".join(parts)

    def origin_text(self):
        return ".".join(self.origin_labels + [ZONE_ORIGIN]) + "."

    def origin_wire_length(self):
        return ORIGIN_WIRE_LENGTH + sum(len(decode_label(label)) + 1 for label in self.origin_labels)

    def owner(self):
        """An owner that stays inside the zone: relative, absolute, `@` or a wildcard."""
        r = self.rng.random()
        if r < 0.05:
            return "@"
        if r < 0.07:
            # Words that mean something elsewhere on a line are owners in the first column.
            return self.rng.choice(["A", "in", "TXT", "CLASS1", "TYPE1", "a@b", "3600", "1h", "NS", "SOA", "@a",
                                    "x$", "ch", "any"])
        count = self.rng.choice([1, 1, 1, 2, 3])
        labels = [self.label()[0] for _ in range(count)]
        if self.rng.random() < 0.05:
            labels.insert(0, "*")
        elif self.rng.random() < 0.02:
            labels.insert(len(labels) - 1, "*")  # a non-terminal wildcard: BIND warns
        name = ".".join(labels)
        if r < 0.2:
            return name + "." + self.origin_text()
        return name

    def unique_owner(self):
        self.unique += 1
        return f"u{self.unique}-{self.label(6)[0]}"

    def target(self):
        """A domain name in RDATA: relative, absolute, inside or outside the zone, or `@`/root."""
        r = self.rng.random()
        if r < 0.05:
            return "@"
        if r < 0.08:
            return "."
        name = ".".join(self.label()[0] for _ in range(self.rng.choice([1, 2, 3])))
        if r < 0.4:
            return name + ".example.net."
        if r < 0.5:
            return name + "." + self.origin_text()
        return name

    # fields ----------------------------------------------------------------------------

    def ttl(self):
        return self.rng.choice(["3600", "0", "60", "86400", "2147483647", "1h", "1H", "1h2m", "1W", "1w",
                                "2d", "1d2h3m4s", "30m", "1h30m15s", "90s", "1w2d", "3M", "10S", "007", "1d0h",
                                "0s", "2147483647s", "1m1m"])

    def ipv4(self):
        return f"{self.rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{self.rng.randint(0, 255)}"

    def ipv6(self):
        r = self.rng
        return r.choice([f"2001:db8::{r.randint(0, 65535):x}", f"2001:DB8:0:0:0:0:0:{r.randint(0, 9)}",
                         "::", "::1", f"2001:db8:{r.randint(0, 65535):x}::{r.randint(0, 65535):x}:0",
                         f"::ffff:{self.ipv4()}", f"2001:db8::{self.ipv4()}"])

    def hex_string(self, octets, upper=None):
        text = "".join(f"{self.rng.randint(0, 255):02x}" for _ in range(octets))
        if upper or (upper is None and self.rng.random() < 0.3):
            text = text.upper()
        return text

    def base64_text(self, octets):
        return base64.b64encode(bytes(self.rng.randint(0, 255) for _ in range(octets))).decode()

    def split(self, text, pieces_max=3):
        """Splits hex or base64 into blank-separated pieces (both readers join them)."""
        if len(text) < 8 or self.rng.random() < 0.5:
            return [text]
        cut = sorted(self.rng.sample(range(1, len(text)), min(pieces_max - 1, len(text) - 1)))
        return [text[a:b] for a, b in zip([0] + cut, cut + [len(text)])]

    def txt_string(self):
        """One character-string, quoted or not, with the characters that need care."""
        r = self.rng
        kind = r.random()
        if kind < 0.1:
            return '""'
        specials = ['\\"', "\\\\", ";", "(", ")", " ", "\t", "\\065", "\\255", "\\000", "\\;", "@", "$",
                    "\\ ", "\\X", "'", "#"]
        length = r.choice([1, 3, 8, 20]) if kind < 0.95 else 255
        chars = []
        for _ in range(length):
            chars.append(r.choice(specials) if r.random() < 0.15 else r.choice(PLAIN_LABEL_CHARS + ".,:=/"))
        quoted = r.random() < 0.7
        if not quoted:
            # Outside quotes, blanks, ';', parentheses and quotes end the word: escape them.
            fixed = []
            for c in chars:
                if c in (" ", "\t", ";", "(", ")"):
                    fixed.append("\\" + c)
                else:
                    fixed.append(c)
            chars = fixed
            text = "".join(chars)
            if text.startswith("$") or text.startswith("@"):
                text = "x" + text[1:] if len(chars) == 255 else "x" + text
            return text
        return '"' + "".join(chars) + '"'

    # RDATA per type ----------------------------------------------------------------------

    def rdata(self, rtype):
        """Valid RDATA fields for `rtype`, a list of tokens."""
        r = self.rng
        if rtype == "A":
            return [self.ipv4()]
        if rtype == "AAAA":
            return [self.ipv6()]
        if rtype == "NS":
            return [self.label()[0] + ".example.net."]
        if rtype in ("CNAME", "DNAME", "PTR"):
            return [self.target()]
        if rtype == "MX":
            return [str(r.choice([0, 10, 65535])), self.target()]
        if rtype in ("TXT", "SPF"):
            return [self.txt_string() for _ in range(r.choice([1, 1, 2, 3, 5, 12]))]
        if rtype == "SRV":
            return [str(r.randint(0, 65535)), str(r.randint(0, 100)), str(r.randint(0, 65535)), self.target()]
        if rtype == "CAA":
            return [str(r.choice([0, 128])), r.choice(["issue", "issuewild", "iodef", "tbs"]),
                    r.choice(['"ca.example.net"', '";"', '""', '"ca.example.net; account=1"', "ca.example.net"])]
        if rtype == "NAPTR":
            return [str(r.randint(0, 100)), str(r.randint(0, 100)), r.choice(['"U"', '"S"', '""', "u"]),
                    r.choice(['"E2U+sip"', '""']), r.choice(['"!^.*$!sip:info@example.net!"', '""']),
                    r.choice([".", self.target()])]
        if rtype == "HINFO":
            return [self.txt_string(), self.txt_string()]
        if rtype == "SSHFP":
            digest = r.randint(1, 2)  # SHA-1 or SHA-256: BIND checks the fingerprint's length
            return [str(r.randint(1, 4)), str(digest)] + self.split(self.hex_string(20 if digest == 1 else 32))
        if rtype == "TLSA":
            matching = r.randint(0, 2)  # full data, SHA-256 or SHA-512
            return ([str(r.randint(0, 3)), str(r.randint(0, 1)), str(matching)]
                    + self.split(self.hex_string((r.randint(1, 40), 32, 64)[matching])))
        if rtype in ("DS", "CDS"):
            return [str(r.randint(0, 65535)), str(r.choice([8, 13, 15])), "2"] + self.split(self.hex_string(32))
        if rtype in ("DNSKEY", "CDNSKEY"):
            return [str(r.choice([256, 257])), "3", str(r.choice([8, 13, 15]))] + self.split(self.base64_text(r.choice([32, 64, 33])))
        if rtype == "URI":
            return [str(r.randint(0, 65535)), str(r.randint(0, 65535)), '"https://example.net/x"']
        if rtype == "LOC":
            return r.choice([["52", "22", "23.000", "N", "4", "53", "32.000", "E", "-2.00m", "0.00m", "10000m", "10m"],
                             ["42", "21", "54", "N", "71", "06", "18", "W", "-24m", "30m"],
                             ["0", "N", "0", "E", "0"]])
        if rtype in ("SVCB", "HTTPS"):
            return r.choice([["1", ".", "alpn=h2,h3"], ["0", "svc.example.net."], ["1", ".", "port=443"],
                             ["2", ".", "ipv4hint=192.0.2.1,192.0.2.2", "ech=AAAA"], ["1", ".", 'alpn="h2"']])
        if rtype == "RP":
            return [self.target(), self.target()]
        if rtype == "AFSDB":
            return [str(r.randint(0, 65535)), self.target()]
        if rtype == "NSEC":
            return [self.target(), *r.sample(["A", "NS", "SOA", "MX", "TXT", "AAAA", "RRSIG", "NSEC", "TYPE65280"], r.randint(1, 4))]
        if rtype == "NSEC3PARAM":
            return ["1", "0", str(r.randint(0, 20)), r.choice(["-", "aabbccdd"])]
        if rtype == "RRSIG":
            return ["A", "13", "3", "3600", "20300101000000", "20200101000000", str(r.randint(0, 65535)),
                    ZONE_ORIGIN + ".", *self.split(self.base64_text(64))]
        if rtype == "TYPE65280":
            return self.generic(r.randint(0, 6))
        raise ValueError(rtype)

    def generic(self, octets):
        return ["\\#", str(octets)] + (self.split(self.hex_string(octets)) if octets else [])

    def generic_for(self, rtype):
        """RDATA of a known type in RFC 3597 form, or None."""
        r = self.rng
        if rtype == "A":
            return ["\\#", "4"] + self.split(bytes(map(int, self.ipv4().split("."))).hex())
        if rtype == "TXT":
            data = bytes(r.randint(0x20, 0x7e) for _ in range(r.randint(0, 5)))
            return ["\\#", str(len(data) + 1), bytes([len(data)]).hex() + data.hex()]
        if rtype == "MX":
            return ["\\#", "3", "000a00"]  # preference 10, exchange: the root
        if rtype == "AAAA":
            return ["\\#", "16"] + self.split("20010db8" + self.hex_string(12))
        if rtype == "NS":
            return ["\\#", "8", "026e7303", "78797a00"]  # ns.xyz.
        if rtype == "CAA":
            return ["\\#", "8", "0005", "6973737565", "65"]  # 0 issue "e"
        return None

    # entries -----------------------------------------------------------------------------

    TYPES = ["A", "A", "A", "AAAA", "AAAA", "NS", "CNAME", "DNAME", "PTR", "MX", "TXT", "TXT", "TXT", "SPF",
             "SRV", "CAA", "NAPTR", "HINFO", "SSHFP", "TLSA", "DS", "CDS", "DNSKEY", "CDNSKEY", "URI", "LOC",
             "SVCB", "HTTPS", "RP", "AFSDB", "NSEC", "NSEC3PARAM", "RRSIG", "TYPE65280"]

    def type_text(self, rtype):
        r = self.rng.random()
        if r < 0.1:
            return rtype.lower()
        if r < 0.15:
            return rtype.capitalize()
        return rtype

    def ttl_class(self):
        """The optional TTL and class, in a random order."""
        parts = []
        if self.rng.random() < 0.5:
            parts.append(self.ttl())
        if self.rng.random() < 0.5:
            parts.append(self.rng.choice(["IN", "in", "In", "CLASS1"]))
        if len(parts) == 2 and self.rng.random() < 0.5:
            parts.reverse()
        return parts

    def record(self, blank_owner):
        """A valid record: (owner token or None, the tokens after the owner)."""
        r = self.rng
        rtype = r.choice(self.TYPES)
        if rtype in ("CNAME", "DNAME", "NS", "DS", "CDS", "CDNSKEY"):
            # CNAME and other data cannot share a name; NS at the apex needs an address for its
            # target, a wildcard NS is refused, CDS and CDNSKEY at the apex must match the keys.
            owner = self.unique_owner()
            blank_owner = False
        elif blank_owner:
            owner = None
        else:
            owner = self.owner()
        fields = None
        if r.random() < 0.08:
            fields = self.generic_for(rtype)
        if fields is None:
            fields = self.rdata(rtype)
        type_token = self.type_text(rtype)
        if rtype != "TYPE65280" and r.random() < 0.03:
            type_token = "TYPE" + str(TYPE_NUMBERS[rtype])
        return owner, self.ttl_class() + [type_token] + fields

    def long_name_owner(self, total_wire, short_labels=False):
        """A relative owner whose full name is `total_wire` octets in wire form: a few long
        labels, or (short_labels) as many labels of one or two octets as it takes."""
        remaining = total_wire - self.origin_wire_length()
        labels = []
        while short_labels and remaining > 3:
            labels.append(self.fixed_label(1))
            remaining -= 2
        while remaining > 64:
            size = min(63, remaining - 2 - 1) if remaining - 64 < 2 else 63
            labels.append(self.fixed_label(size))
            remaining -= size + 1
        labels.append(self.fixed_label(remaining - 1))
        return ".".join(labels)

    def render(self, owner, tokens, blame_index=None, allow_parens=True, allow_comment=True):
        """Lays an entry out: blanks, maybe parentheses over several lines with comments.

        Returns (lines, blame) where blame locates tokens[blame_index] as (line index, first
        column, last column), 1-based.
        """
        r = self.rng
        lines = []
        current = "" if owner is None else owner
        if owner is None:
            current = r.choice([" ", "\t", "  ", " \t"])
        blame = None
        depth = 0
        open_at = None
        nested_at = None
        if allow_parens and len(tokens) > 1 and r.random() < 0.15:
            open_at = r.randint(0, len(tokens) - 1)
            if r.random() < 0.2:
                nested_at = r.randint(open_at, len(tokens) - 1)  # BIND allows nesting
        for index, token in enumerate(tokens):
            if index == open_at:
                current += r.choice([" ", "\t", ""]) + "("
                depth += 1
            if index == nested_at:
                current += r.choice([" ( ", "(", " () ( "])
                depth += 1
            sep = r.choice([" ", " ", " ", "\t", "  ", " \t "])
            if depth and r.random() < 0.3:
                if r.random() < 0.5:
                    current += r.choice([" ", "\t"]) + "; " + r.choice(["comment", "with ( paren", 'and "quote', "x;y", ")"])
                lines.append(current)
                current = ""
                sep = r.choice([" ", "\t", "    ", ""])
                if not sep and depth:
                    sep = "\t"
            if index and r.random() < 0.15 and (token.startswith('"') or tokens[index - 1].endswith('"')):
                sep = ""  # a quote delimits on its own: "a""b" and x"y" are two strings each
            current += sep
            start = len(current) + 1
            current += token
            if index == blame_index:
                blame = (len(lines), start, len(current))
        if depth:
            if r.random() < 0.3:
                lines.append(current)
                current = r.choice(["", " ", "\t"])
            current += r.choice([" ", "", "\t"]) + ")" * depth
        if r.random() < 0.2:
            current += r.choice([" ", "\t", "  "])
        if allow_comment and r.random() < 0.15:
            current += r.choice(["; trailing comment", ";", " ; quote \" and ( paren", ";;x"])
        lines.append(current)
        return lines, blame

    def valid_entry(self, previous_risky):
        r = self.rng.random()
        if r < 0.07 and previous_risky:
            # BIND's recovery from an entry it rejects can take the next line with it ("unexpected
            # end of line"), and a lost $TTL or $ORIGIN would change every record after it.
            return Entry(["; no directive after an entry BIND may reject"], "blank")
        if r < 0.04:
            return self.ttl_directive()
        if r < 0.07:
            return self.origin_directive()
        if r < 0.10:
            return self.generate_directive()
        if r < 0.11:
            return self.include_directive(previous_risky)
        if r < 0.115:
            return self.probe()
        if r < 0.13:
            return self.long_entry(valid=True)
        if r < 0.15:
            return Entry([self.rng.choice(["", " ", "\t", "; just a comment", "  ; indented comment"])], "blank")
        blank_owner = not previous_risky and self.rng.random() < 0.3
        owner, tokens = self.record(blank_owner)
        lines, _ = self.render(owner, tokens)
        # The next entry must not repeat a CNAME's owner.
        return Entry(lines, "record", risky=owner is not None and owner.startswith("u"))

    def ttl_directive(self):
        return Entry([f"{self.rng.choice(['$TTL', '$ttl'])} {self.ttl()}"], "$TTL")

    def origin_directive(self):
        r = self.rng.random()
        if r < 0.3 or len(self.origin_labels) > 2:
            self.origin_labels = []
            text = ZONE_ORIGIN + "."
        elif r < 0.6:
            label = self.label(6)[0]
            self.origin_labels = [label] + self.origin_labels
            text = label  # relative to the current origin
        else:
            label = self.label(6)[0]
            self.origin_labels = [label]
            text = label + "." + ZONE_ORIGIN + "."
        return Entry([f"$ORIGIN {text}" + self.rng.choice(["", " ", " ; comment"])], "$ORIGIN")

    def generate_directive(self):
        r = self.rng
        start = r.randint(0, 250)  # the A rhs 192.0.2.$ must stay below 256
        stop = start + r.randint(0, 4)
        step = r.choice(["", "", "/1", "/2"])
        self.unique += 1
        lhs = r.choice([f"g{self.unique}-$", f"g{self.unique}-${{0,3,d}}", f"${{1,2,x}}.g{self.unique}",
                        f"g{self.unique}.${{0,3,n}}", f"g{self.unique}-$$-$", f"g{self.unique}\\$-$",
                        f"g{self.unique}-${{-1,4,o}}", f"g{self.unique}-${{+2,0,X}}", f"G{self.unique}-${{0}}.sub",
                        f"g{self.unique}-$.{ZONE_ORIGIN}."])
        kind = r.choice(["A", "AAAA", "PTR", "TXT", "MX", "CNAME"])
        rhs = {"A": r.choice(["192.0.2.$", "192.0.2.${1}", "198.51.${0,1,d}.$"]), "AAAA": "2001:db8::${0,4,x}",
               "PTR": r.choice(["host-$.example.net.", "h$", "h\\$$"]),
               "TXT": r.choice(['"v$"', "x$", '"a b $"', '"\\$$"', '"$$"', "${0,8,X}", '"q\\"$"']),
               "MX": r.choice(['"$ mail$.example.net."', '"${0,2} m$"']),
               "CNAME": "c$.example.net."}[kind]
        if kind == "CNAME":
            lhs = f"gc{self.unique}-$"
        parts = ["$GENERATE", f"{start}-{stop}{step}", lhs] + self.ttl_class() + [kind, rhs]
        return Entry([" ".join(parts)], "$GENERATE")

    def include_directive(self, previous_risky):
        """An included file: its first line may repeat the including file's owner, it may set
        its own $ORIGIN (which ends with it), and the directive may give an origin."""
        name = f"inc{len(self.includes)}.inc"
        body = []
        for index in range(self.rng.randint(1, 3)):
            owner, tokens = self.record(index == 0 and not previous_risky and self.rng.random() < 0.5)
            if owner is None and index > 0:
                owner = "i" + self.label(5)[0]
            lines, _ = self.render(owner, tokens)
            body += lines
            if self.rng.random() < 0.2:
                body.append("$ORIGIN " + self.label(5)[0])
        self.includes[name] = "\n".join(body) + "\n"
        arg = self.rng.choice(["", "", " " + ZONE_ORIGIN + ".", " " + self.label(4)[0]])
        return Entry([f"$INCLUDE {name}{arg}"], "$INCLUDE")

    def probe(self):
        """Odd entries whose fate only BIND can tell: the checker takes its word for them."""
        if self.rng.random() < 0.2:
            # What BIND refuses at load and zonelint's rules report: CNAME and other data, two CNAMEs.
            owner = self.unique_owner()
            second = self.rng.choice(["A 192.0.2.1", "CNAME other.example.net.", "TXT x", "RRSIG CNAME 13 3 60 "
                                      "20300101000000 20200101000000 1 fuzz.example. AAAA"])
            return Entry([f"{owner} CNAME x.example.net.", f"{owner} {second}"], "probe", risky=True)
        text = self.rng.choice(['"quoted" A 192.0.2.1', 'a"b" A 192.0.2.1', '( A 192.0.2.1 )', ') A 192.0.2.1',
                                'p\\ A 192.0.2.1', 'a..b A 192.0.2.1', '.a A 192.0.2.1', 'a.. A 192.0.2.1',
                                'p TXT "caf\u00e9" b\u00fccher', 'b\u00fccher A 192.0.2.1', 'p TXT "\u65e5"',
                                'p 2147483648 A 192.0.2.1', 'p A 192.0.2.1 ; \u00e9', 'p CLASS255 A 192.0.2.1',
                                'p NONE A 192.0.2.1', 'p TYPE0 \\# 0', 'p MD a.example.', 'p OPT \\# 0',
                                'p TXT """"', 'p TXT "a"b"c"', 'p TXT \\"a', 'p MX 10 @', 'p MX 010 a',
                                'p A ( 192.0.2.1 ) )', 'p TXT ()', 'p (TXT) x', '$TTL 1h ; x',
                                '$ORIGIN @', '$TTL 0', 'p IN IN', 'p 60', 'p SOA', '@ SOA ns h 2 1 1 1 1',
                                'p AAAA ::', 'p AAAA ::ffff:1.2.3.4', 'p AAAA 1::2::3', 'p A 0x1.2.3.4'])
        return Entry([text], "probe", risky=True)

    def long_entry(self, valid):
        """Owners with labels of 63/64 octets and names of 255/256 octets."""
        if self.rng.random() < 0.5:
            size = 63 if valid else 64
            owner = self.fixed_label(size) + "." + self.label(4)[0]
            kind = f"label of {size} octets"
        else:
            size = 255 if valid else self.rng.choice([256, 257])
            short_labels = self.rng.random() < 0.3
            owner = self.long_name_owner(size, short_labels)
            kind = f"name of {size} octets" + (" in short labels" if short_labels else "")
        lines, _ = self.render(None, ["A", self.ipv4()])
        lines[0] = owner + lines[0]
        if valid:
            return Entry(lines, "long")
        return Entry(lines, "long", mutation=kind, blame=(0, 1, len(owner)))

    # mutations that should be rejected ---------------------------------------------------

    def mutation(self, last):
        r = self.rng
        choice = r.randrange(25)
        owner = "m" + self.label(6)[0]
        if choice == 0 and last:
            lines, _ = self.render(owner, ["TXT", "(", '"never closed"'], allow_parens=False)
            # The owner may hold an escaped "\(": blame the first "(" after it.
            paren = lines[0].index("(", len(owner))
            return Entry(lines, "record", "unbalanced '('", (0, paren + 1, paren + 1))
        if choice == 1:
            tokens = ["A", self.ipv4(), ")"]
            lines, blame = self.render(owner, tokens, 2, allow_parens=False)
            return Entry(lines, "record", "stray ')'", blame)
        if choice == 2:
            bad = r.choice(["1h30", "1x", "4294967296", "1hh", "-1", "1.5", "99999999999", "1w2x"])
            tokens = [bad, "A", self.ipv4()]
            lines, blame = self.render(owner, tokens, 0)
            return Entry(lines, "record", f"bad TTL {bad}", blame)
        if choice == 3:
            return self.long_entry(valid=False)
        if choice == 4:
            bad = r.choice(["a\\256b", "\\999", "a\\25x", "x\\2"])
            lines, blame = self.render(None, ["A", self.ipv4()])
            lines[0] = bad + lines[0]
            return Entry(lines, "record", f"bad escape in owner {bad}", (0, 1, len(bad)))
        if choice == 5:
            bad = r.choice(["FOO", "TYPE65536", "A6X", "TYPE"])
            tokens = [bad, self.ipv4()]
            lines, blame = self.render(owner, tokens, 0)
            return Entry(lines, "record", f"unknown type {bad}", blame)
        if choice == 6:
            tokens = ["MX", "10"]
            lines, _ = self.render(owner, tokens)
            return Entry(lines, "record", "MX without exchange")
        if choice == 7:
            tokens = ["A", self.ipv4(), self.ipv4()]
            lines, blame = self.render(owner, tokens, 2)
            return Entry(lines, "record", "A with two addresses", blame)
        if choice == 8:
            bad = r.choice(["AAA", "A@==", "AAAAA", "====", "AA=A", "AR==", "AAB=", "AAAA/x=="])
            tokens = ["DNSKEY", "256", "3", "13", bad]
            lines, blame = self.render(owner, tokens, 4)
            return Entry(lines, "record", f"bad base64 {bad}", blame)
        if choice == 9:
            bad = r.choice(["abcg", "abc", "0x12", "zz"])
            tokens = ["SSHFP", "1", "1", bad]
            lines, blame = self.render(owner, tokens, 3)
            return Entry(lines, "record", f"bad hex {bad}", blame)
        if choice == 10:
            tokens = ["TXT", '"stray' + r.choice(["", " ; x", " ( y"])]
            # No comment after it: a quote in the comment would close the string.
            lines, blame = self.render(owner, tokens, 1, allow_parens=False, allow_comment=False)
            return Entry(lines, "record", "unclosed quote", (blame[0], blame[1], blame[1]))
        if choice == 11:
            bad = r.choice(["192.0.2.256", "192.0.2", "01.2.3.4", "192.0.2.1.", "1.2.3.-4"])
            tokens = ["A", bad]
            lines, blame = self.render(owner, tokens, 1)
            return Entry(lines, "record", f"bad IPv4 {bad}", blame)
        if choice == 12:
            bad = r.choice(["2001:db8::g", "1:2:3:4:5:6:7:8:9", "2001:db8:::1", "::ffff:1.2.3"])
            tokens = ["AAAA", bad]
            lines, blame = self.render(owner, tokens, 1)
            return Entry(lines, "record", f"bad IPv6 {bad}", blame)
        if choice == 13:
            long_text = '"' + "x" * 256 + '"'
            tokens = ["TXT", '"ok"', long_text]
            lines, blame = self.render(owner, tokens, 2)
            return Entry(lines, "record", "TXT string of 256 octets", blame)
        if choice == 14:
            return Entry([owner + r.choice(["", " ", "\t", " ; comment"])], "record", "owner only")
        if choice == 15:
            bad = r.choice(["$TTL 1x", "$TTL", "$TTL 60 60", "$ORIGIN", "$ORIGIN a. b.", "$FOO bar", "$TTL -5",
                            "$INCLUDE", "$GENERATE 1-2", "$GENERATE 1-2 x$ A"])
            blame = None
            if bad in ("$TTL 1x", "$TTL -5"):
                blame = (0, 6, len(bad))
            lines = [bad]
            if len(bad.split()) == 1 or bad.startswith("$GENERATE"):
                # BIND's recovery from a directive cut short at the line end also eats the next
                # line (zonelint reads it): give it an empty one.
                lines.append("")
            return Entry(lines, "directive", f"bad directive {bad}", blame)
        if choice == 16:
            tokens = ["CH", "A", self.ipv4()]
            lines, blame = self.render(owner, tokens, 0)
            return Entry(lines, "record", "class CH", blame)
        if choice == 17:
            tokens = ["CNAME", '"quoted.example.net."']
            lines, blame = self.render("u" + owner, tokens, 1)
            return Entry(lines, "record", "quoted CNAME target", blame)
        if choice == 18:
            bad = r.choice([["\\#", "3", "abcd"], ["\\#", "2", "abc"], ["\\#", "x"], ["\\#", "1"]])
            tokens = ["TYPE65280"] + bad
            lines, _ = self.render(owner, tokens)
            return Entry(lines, "record", "bad generic RDATA " + " ".join(bad))
        if choice == 19:
            tokens = [r.choice(["IN IN", "60 60", "IN 60 IN"]), "A", self.ipv4()]
            tokens = tokens[0].split() + tokens[1:]
            lines, _ = self.render(owner, tokens)
            return Entry(lines, "record", "TTL or class twice")
        if choice == 20:
            tokens = ["MX", "65536", "mail"]
            lines, blame = self.render(owner, tokens, 1)
            return Entry(lines, "record", "MX preference 65536", blame)
        if choice == 23:
            # "\<line break>" inside quotes: BIND goes on with the string on the next line (and
            # reads it, or fails at the next line break); zonelint reports it, on purpose.
            second = r.choice(['b"', 'b" "c"', ' b" ) ; x (', '', 'x A 192.0.2.3', '\\', '"'])
            first = r.choice(['TXT "a\\', 'TXT ( "a\\', 'TXT "x" "a\\'])
            if self.crlf:
                # "\<CR>" is an escape of its own: the string ends (unbalanced) at the LF.
                return Entry([f"{owner} TXT \"a\\"], "record", "escaped CR in quotes", (0, len(owner) + 8, len(owner) + 8))
            lines = [f"{owner} {first}", second]
            if second == "\\":
                lines.append('"')  # the second line break is escaped too: close the string
            if "(" in first and ")" not in second:
                lines.append(")")
            return Entry(lines, "record", "escaped line break in quotes", (0, len(lines[0]), len(lines[0])))
        if choice == 22:
            name = self.long_name_owner(256) + "." + self.origin_text()
            tokens = ["CNAME", name]
            lines, blame = self.render("u" + owner, tokens, 1)
            return Entry(lines, "record", "CNAME target of 256 octets", blame)
        if choice == 21:
            if r.random() < 0.5:
                lines, _ = self.render("*." + owner, ["NS", "ns.example.net."])
                return Entry(lines, "record", "wildcard NS owner")
            if r.random() < 0.5:
                lines, _ = self.render("*." + owner, ["NSEC3", "1", "0", "0", "-", "0123456789abcdefghijklmnopqrstuv", "A"])
                return Entry(lines, "record", "wildcard NSEC3 owner")
            apex = r.choice(["@", ZONE_ORIGIN + "."]) if not self.origin_labels else ZONE_ORIGIN + "."
            lines, _ = self.render(apex, ["DS", "1", "8", "2", self.hex_string(32)])
            return Entry(lines, "record", "DS at the zone's top")
        tokens = ["TXT", '"a"', '"b' + "\\"]
        lines, _ = self.render(owner, tokens, allow_parens=False, allow_comment=False)
        lines[-1] = lines[-1].rstrip(" \t")  # "\ " or "\<tab>" would be an escape, not the line end
        # BIND's string goes on after an escaped line break and ends (unbalanced) at the next
        # one: give it an empty line, so that the error stays inside this entry.
        return Entry(lines + [""], "record", "backslash before the closing quote")

    # the file ----------------------------------------------------------------------------

    def generate(self):
        soa = self.rng.choice([["@ IN SOA ns hostmaster 1 3600 600 86400 60"],
                               ["@ IN SOA ns hostmaster ( 1 ; serial", "  1h 10M ; refresh, retry", "  1W 60 )"],
                               [ZONE_ORIGIN + ". 3600 SOA ns." + ZONE_ORIGIN + ". host\\.master 2024010101 1H 15m 2w1d 1h"],
                               ["@\tSOA\t( ns hostmaster", "\t\t1 3600 600 86400 60 ) ; comment"]])
        preamble = [
            Entry(["$TTL 3600"], "preamble"),
            Entry(soa, "preamble"),
            Entry(["  NS ns"], "preamble"),
            Entry(["ns A 192.0.2.53"], "preamble"),
        ]
        self.entries = list(preamble)
        previous_risky = False
        for index in range(self.size):
            last = index == self.size - 1
            if self.rng.random() < self.reject_rate:
                entry = self.mutation(last)
            else:
                entry = self.valid_entry(previous_risky)
            self.entries.append(entry)
            # Blank lines and directives leave the last owner as it is ($INCLUDE restores it
            # afterwards, as BIND does).
            keeps_owner = entry.kind in ("blank", "$TTL", "$ORIGIN", "$GENERATE", "$INCLUDE")
            previous_risky = entry.risky or (keeps_owner and previous_risky)
        line = 1
        for entry in self.entries:
            entry.first_line = line
            line += len(entry.lines)
        if self.mixed_line_ends:
            for entry in self.entries:
                # Not after a backslash: "\<CR>" is an escape, and the line would not end there.
                entry.lines = [line + "\r" if self.rng.random() < 0.3 and not line.endswith("\\") else line
                               for line in entry.lines]
        end = "\r\n" if self.crlf else "\n"
        text = end.join(line for entry in self.entries for line in entry.lines)
        # A file ending in "$INCLUDE name" with no line break makes BIND read the included file's
        # first line as if it did not start with a blank (its first word becomes the owner): a
        # quirk of BIND's lexer, not master-file syntax, which zonelint does not copy.
        if self.rng.random() < 0.85 or self.entries[-1].kind == "$INCLUDE":
            text += end
        return text


TYPE_NUMBERS = {"A": 1, "NS": 2, "CNAME": 5, "PTR": 12, "HINFO": 13, "MX": 15, "TXT": 16, "RP": 17, "AFSDB": 18,
                "AAAA": 28, "LOC": 29, "SRV": 33, "NAPTR": 35, "DNAME": 39, "DS": 43, "SSHFP": 44, "RRSIG": 46,
                "NSEC": 47, "DNSKEY": 48, "NSEC3PARAM": 51, "TLSA": 52, "CDS": 59, "CDNSKEY": 60, "SVCB": 64,
                "HTTPS": 65, "SPF": 99, "URI": 256, "CAA": 257}


def decode_label(text):
    """The octets of a label written with escapes."""
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "\\" and text[i + 1:i + 4].isdigit() and len(text[i + 1:i + 4]) == 3:
            out.append(int(text[i + 1:i + 4]))
            i += 4
        elif text[i] == "\\":
            out += text[i + 1].encode()
            i += 2
        else:
            out += text[i].encode()
            i += 1
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Running the tools

def run(command, cwd, env=None):
    try:
        return subprocess.run(command, cwd=cwd, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, env=env)
    except subprocess.TimeoutExpired:
        return None


def comment_out(entries, rejected_entries):
    out = []
    for entry in entries:
        for line in entry.lines:
            out.append((";" + line) if entry in rejected_entries else line)
    return out


def entry_at(entries, line):
    for entry in entries:
        if entry.first_line <= line < entry.first_line + len(entry.lines):
            return entry
    return None


def same_owner_run(entries, entry):
    """The entry and the records before it that BIND adds to the zone together with it: those of
    the same owner, written again or left blank, back to the last other owner, $ORIGIN or
    $INCLUDE ($TTL and $GENERATE lines in between do not end it). When one of them breaks a load
    rule ("multiple RRs of singleton type"), BIND names the line where it adds the batch and
    drops every record in it."""
    def owner_of(e):
        first = e.lines[0]
        return None if first[:1] in (" ", "\t") else first.split(None, 1)[0].lower() if first.strip() else ""
    index = entries.index(entry)
    owner = owner_of(entry)
    run_entries = [entry]
    for previous in reversed(entries[:index]):
        if previous.kind in ("blank", "$TTL", "$GENERATE") or previous.lines[0].lstrip().startswith(";"):
            continue
        if previous.kind not in ("record", "probe"):
            break
        previous_owner = owner_of(previous)
        if owner is not None and previous_owner is not None and previous_owner != owner:
            break
        run_entries.append(previous)
        if previous_owner is not None:
            owner = previous_owner
    return run_entries


def bind_reading(named_checkzone, directory, file_name, entries, end, final_newline, left_out=frozenset()):
    """(entries BIND rejects, its dump of the rest) or (None, messages). BIND's messages for
    each rejected entry go to entry.bind_messages. Entries in `left_out` are commented out from
    the start (and not counted as rejected)."""
    rejected = set(left_out)
    path = os.path.join(directory, file_name + ".bind-input")

    def load(commented):
        text = end.join(comment_out(entries, commented)) + (end if final_newline else "")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return run([named_checkzone, "-k", "ignore", "-i", "none", "-D", "-o", "-", ZONE_ORIGIN, path], directory)

    while True:
        result = load(rejected)
        if result is None:
            return None, "named-checkzone timed out"
        if result.returncode == 0:
            return rejected, result.stdout.decode("utf-8", errors="surrogateescape")
        messages = result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
        if not any(BIND_ERROR.search(line) and not BIND_WARNING.search(line) for line in messages.splitlines()):
            # Some errors fail the zone without naming a line ("$TTL -5": "failed: bad ttl").
            # Comment out the mutated entries not yet out, one more each time, until BIND says
            # something else: the last one is (one of) the culprit(s).
            silent = None
            trial_set = set(rejected)
            for candidate in (e for e in entries if e.mutation and e not in rejected):
                trial_set.add(candidate)
                trial = load(trial_set)
                if trial is not None and trial.stdout + trial.stderr != result.stdout + result.stderr:
                    silent = candidate
                    break
            if silent is None:
                return None, messages
            silent.bind_messages.append("(fails the zone without naming the line) " + messages.splitlines()[-2])
            rejected.add(silent)
            continue
        named = set()
        for line in messages.splitlines():
            m = BIND_ERROR.search(line)
            if m and not BIND_WARNING.search(line) and os.path.basename(path) in line:
                entry = entry_at(entries, int(m.group(1)))
                if entry is None and int(m.group(1)) == entries[-1].first_line + len(entries[-1].lines):
                    entry = entries[-1]  # BIND names the line after the last one for a '(' left open
                if entry is not None:
                    named.add(entry)
                    entry.bind_messages.append(line.split(": ", 1)[-1][-200:])
            elif m and not BIND_WARNING.search(line):
                # An error in an included file: blame the $INCLUDE line.
                for entry in entries:
                    if entry.kind == "$INCLUDE" and entry.lines[0].split()[1] in line:
                        named.add(entry)
        if not named - rejected:
            return None, messages
        rejected |= named


KNOT_LINE = re.compile(r"line (\d+)")


def knot_rejections(kzonecheck, directory, file_name, entries):
    if not kzonecheck:
        return None
    result = run([kzonecheck, "-v", "-o", ZONE_ORIGIN, file_name], directory)
    if result is None:
        return None
    text = result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
    rejected = set()
    read_up_to = entries[-1].first_line + len(entries[-1].lines)
    for line in text.splitlines():
        m = KNOT_LINE.search(line)
        if not m or "error" not in line:
            continue
        entry = entry_at(entries, int(m.group(1)))
        if entry is not None:
            rejected.add(entry)
        if "fatal error" in line:
            read_up_to = int(m.group(1))  # Knot stops reading there ($GENERATE, for one)
    return rejected, read_up_to


def zonelint_env():
    env = dict(os.environ)
    # A sanitizer report must not read as exit status 1 ("findings").
    env.setdefault("ASAN_OPTIONS", "abort_on_error=1:detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "halt_on_error=1:abort_on_error=1:print_stacktrace=1")
    return env


SANITIZER = re.compile(r"ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:")


def rrset_key(tokens):
    key = (tokens[0].lower(), tokens[2].lower(), tokens[3].lower())
    if tokens[3].upper() == "RRSIG" and len(tokens) > 4:
        key += (tokens[4].lower(),)  # RRSIGs form one set per type covered
    return key


def records_of(text):
    lines = (line.strip() for line in text.splitlines())
    return [tokens_of(line, fold_case=False) for line in lines if line and not line.startswith(";")]


def mixed_ttl_rrsets(text):
    """RRsets whose records zonelint read with different TTLs. BIND gives such an RRset one TTL
    (the first of a run of records, else the last merged: its database decides), which zonelint
    leaves to rule ZONE006; their TTLs are not compared."""
    ttls = collections.defaultdict(set)
    for tokens in records_of(text):
        if len(tokens) >= 4:
            ttls[rrset_key(tokens)].add(tokens[1])
    return {key for key, values in ttls.items() if len(values) > 1}


def normalised(text, fold_case, mixed):
    result = set()
    for tokens in records_of(text):
        if len(tokens) >= 4 and rrset_key(tokens) in mixed:
            tokens[1] = "*"
        tokens = tokens_of(" ".join(tokens), fold_case)
        if not fold_case:
            tokens[:4] = [t.lower() for t in tokens[:4]]
        result.add(" ".join(tokens))
    return sorted(result)


class Outcome:
    def __init__(self, name):
        self.name = name
        self.problems = []  # failures
        self.notes = []  # deliberate differences, Knot's disagreements
        self.knot_disagreements = 0
        self.rejected = 0
        self.entries = 0


def check_file(tools, directory, file_name, generator, text):
    outcome = Outcome(file_name)
    entries = generator.entries
    outcome.entries = len(entries)
    zonelint, named_checkzone, kzonecheck = tools
    env = zonelint_env()
    end = "\r\n" if generator.crlf else "\n"
    final_newline = text.endswith("\n")

    def show(entry):
        return f"line {entry.first_line}: " + "\\n".join(entry.lines)

    # zonelint: check (positions) and dump (records)
    check = run([zonelint, "check", "--select", "ZONE000," + ",".join(sorted(BIND_LOAD_RULES)), "--format", "json",
                 "--origin", ZONE_ORIGIN, file_name], directory, env)
    dump = run([zonelint, "dump", "--origin", ZONE_ORIGIN, file_name], directory, env)
    for what, result in (("check", check), ("dump", dump)):
        if result is None:
            outcome.problems.append(f"zonelint {what} hangs (more than {TIMEOUT_SECONDS} s)")
            return outcome
        stderr = result.stderr.decode(errors="replace")
        if result.returncode not in (0, 1) or SANITIZER.search(stderr):
            outcome.problems.append(f"zonelint {what} crashed (exit status {result.returncode}):\n{stderr[-3000:]}")
            return outcome
    report = json.loads(check.stdout)
    findings = [f for f in report["findings"] if f["code"] == "ZONE000" and f["severity"] == "error" and f["location"]]
    rule_findings = collections.defaultdict(list)
    for finding in report["findings"]:
        if finding["code"] in BIND_LOAD_RULES and finding["location"]:
            entry = entry_at(entries, finding["location"]["line"])
            if entry is not None and os.path.basename(finding["location"]["path"]) == file_name:
                rule_findings[entry].append(finding)
    zonelint_rejected = {}
    for finding in findings:
        location = finding["location"]
        if os.path.basename(location["path"]) != file_name:
            entry = next((e for e in entries if e.kind == "$INCLUDE" and e.lines[0].split()[1] == os.path.basename(location["path"])), None)
        else:
            entry = entry_at(entries, location["line"])
        if entry is None:
            outcome.problems.append(f"zonelint reports an error outside every entry: {finding}")
            continue
        zonelint_rejected.setdefault(entry, []).append(finding)
    dump_error_lines = {int(m.group(1)) for m in re.finditer(r":(\d+):\d+: error: ", dump.stderr.decode(errors="replace"))}
    check_error_lines = {f["location"]["line"] for f in findings if os.path.basename(f["location"]["path"]) == file_name}
    if dump_error_lines != check_error_lines:
        outcome.problems.append(f"zonelint dump and check report errors on different lines: dump {sorted(dump_error_lines)}, "
                                f"check {sorted(check_error_lines)}")

    bind_rejected, bind_text = bind_reading(named_checkzone, directory, file_name, entries, end, final_newline)
    if bind_rejected is None:
        outcome.problems.append(f"named-checkzone fails without naming an entry:\n{bind_text}")
        return outcome
    outcome.rejected = len(bind_rejected)

    deliberate_entries = set()
    rule_entries = set()
    for entry in entries:
        in_bind = entry in bind_rejected
        in_zonelint = entry in zonelint_rejected
        batch_findings = [f for e in same_owner_run(entries, entry) for f in rule_findings.get(e, [])] \
            if in_bind and not in_zonelint else []
        if batch_findings and any(BIND_LOAD_RULE_MESSAGES.search(m) for m in entry.bind_messages):
            codes = ", ".join(sorted({f["code"] for f in batch_findings}))
            outcome.notes.append(f"BIND refuses at load, zonelint's {codes} reports it: {show(entry)}")
            rule_entries.add(entry)
        elif in_bind and not in_zonelint:
            outcome.problems.append(f"BIND rejects, zonelint reads: {show(entry)}"
                                    + (f"  [mutation: {entry.mutation}]" if entry.mutation else "")
                                    + "\n    BIND: " + " | ".join(entry.bind_messages))
        elif in_zonelint and not in_bind:
            messages = "; ".join(f"{f['location']['line']}:{f['location']['column']}: {f['message']}"
                                 for f in zonelint_rejected[entry])
            deliberate = next((why for pattern, why in DELIBERATE if pattern.search(messages)), None)
            if deliberate:
                outcome.notes.append(f"deliberate ({deliberate}): {show(entry)}")
                deliberate_entries.add(entry)
            else:
                outcome.problems.append(f"zonelint rejects, BIND reads: {show(entry)}\n    {messages}")
        elif entry.mutation and not in_bind:
            outcome.notes.append(f"mutation \"{entry.mutation}\" is read by both (generator): {show(entry)}")
        if in_bind and in_zonelint and entry.blame and entry.kind != "$INCLUDE":
            line_index, first, last = entry.blame
            line = entry.first_line + line_index
            if not any(f["location"]["line"] == line and first <= f["location"]["column"] <= last
                       for f in zonelint_rejected[entry]):
                got = "; ".join(f"{f['location']['line']}:{f['location']['column']}: {f['message']}"
                                for f in zonelint_rejected[entry])
                outcome.problems.append(f"error not at the broken token ({entry.mutation}; expected line {line}, "
                                        f"columns {first}-{last}): {show(entry)}\n    zonelint: {got}")

    if deliberate_entries:
        # Compare the records without those BIND reads from the entries zonelint rejects on purpose.
        again, bind_text = bind_reading(named_checkzone, directory, file_name, entries, end, final_newline,
                                        frozenset(bind_rejected | deliberate_entries))
        if again is None:
            outcome.problems.append(f"named-checkzone fails without the deliberate differences:\n{bind_text}")
            return outcome

    # Records: sets after normalisation, folded case, then kept case.
    ours = dump.stdout.decode("utf-8", errors="surrogateescape")
    if rule_entries:
        # BIND drops what those rules report; compare zonelint's reading of the file without it.
        variant = file_name + ".without-rule-findings"
        with open(os.path.join(directory, variant), "w", encoding="utf-8", newline="") as f:
            f.write(end.join(comment_out(entries, rule_entries)) + (end if final_newline else ""))
        again = run([zonelint, "dump", "--origin", ZONE_ORIGIN, variant], directory, env)
        if again is None or again.returncode not in (0, 1):
            outcome.problems.append("zonelint dump fails on the file without the entries rules report")
            return outcome
        ours = again.stdout.decode("utf-8", errors="surrogateescape")
    mixed = mixed_ttl_rrsets(ours)
    for fold in (True, False):
        expected = normalised(bind_text, fold, mixed)
        actual = normalised(ours, fold, mixed)
        if expected != actual:
            diff = difflib.unified_diff(expected, actual, fromfile="named-checkzone", tofile="zonelint dump", lineterm="", n=0)
            outcome.problems.append(("records differ" if fold else "records differ in letter case") + ":\n"
                                    + "\n".join(list(diff)[:60]))
            break

    knot = knot_rejections(kzonecheck, directory, file_name, entries)
    if knot is not None:
        knot, read_up_to = knot
        for entry in entries:
            if entry.first_line > read_up_to:
                break
            if (entry in knot) != (entry in bind_rejected) and entry.kind != "$INCLUDE":
                outcome.knot_disagreements += 1
                outcome.notes.append(f"Knot {'rejects' if entry in knot else 'reads'}, BIND "
                                     f"{'rejects' if entry in bind_rejected else 'reads'}: {show(entry)}")
    return outcome


def generate_and_check(tools, scratch, seed, index, args):
    rng = random.Random(f"{seed}:{index}")
    generator = FileGenerator(rng, args.reject_rate, args.entries)
    text = generator.generate()
    directory = os.path.join(scratch, f"s{seed}-{index}")
    os.makedirs(directory, exist_ok=True)
    file_name = f"{ZONE_ORIGIN}.zone"
    with open(os.path.join(directory, file_name), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    for name, body in generator.includes.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8", newline="") as f:
            f.write(body)
    outcome = check_file(tools, directory, file_name, generator, text)
    outcome.name = f"seed {seed} file {index}"
    if args.keep and outcome.problems:
        kept = os.path.join(args.keep, f"s{seed}-{index}")
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(directory, kept)
        outcome.name += f" (kept in {kept})"
    shutil.rmtree(directory, ignore_errors=True)
    return outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zonelint", help="path of the zonelint executable")
    parser.add_argument("--seeds", type=int, default=3, help="number of seeds (default 3)")
    parser.add_argument("--first-seed", type=int, default=1, help="first seed (default 1)")
    parser.add_argument("--files-per-seed", type=int, default=10, help="files per seed (default 10)")
    parser.add_argument("--only", type=int, help="only this file index of each seed")
    parser.add_argument("--entries", type=int, default=40, help="random entries per file (default 40)")
    parser.add_argument("--reject-rate", type=float, default=0.12, help="share of mutated entries (default 0.12)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", help="copy the files that fail into this folder")
    parser.add_argument("--named-checkzone", default=shutil.which("named-checkzone"))
    parser.add_argument("--kzonecheck", default=shutil.which("kzonecheck"), help="'' to skip Knot")
    parser.add_argument("--print", action="store_true", help="print the generated files instead of checking them")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print notes (Knot, deliberate differences)")
    args = parser.parse_args()

    if args.print:
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            for index in range(args.files_per_seed):
                if args.only is not None and index != args.only:
                    continue
                generator = FileGenerator(random.Random(f"{seed}:{index}"), args.reject_rate, args.entries)
                print(f"; ===== seed {seed} file {index}\n{generator.generate()}")
                for name, body in generator.includes.items():
                    print(f"; ===== {name}\n{body}")
        return 0
    if not args.named_checkzone or not os.access(args.named_checkzone, os.X_OK):
        print("SKIP: named-checkzone is not installed (Debian package bind9-utils)")
        return SKIP
    tools = (os.path.abspath(args.zonelint), args.named_checkzone, args.kzonecheck or None)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    jobs = [(seed, index) for seed in range(args.first_seed, args.first_seed + args.seeds)
            for index in range(args.files_per_seed) if args.only is None or index == args.only]
    with tempfile.TemporaryDirectory(prefix="zonelint-fuzz-") as scratch:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            outcomes = list(pool.map(lambda job: generate_and_check(tools, scratch, job[0], job[1], args), jobs))
    failures = 0
    counts = collections.Counter()
    for outcome in outcomes:
        counts["entries"] += outcome.entries
        counts["rejected"] += outcome.rejected
        counts["knot"] += outcome.knot_disagreements
        if outcome.problems:
            failures += 1
            print(f"{outcome.name}:\n  " + "\n  ".join(p.replace("\n", "\n  ") for p in outcome.problems))
        if args.verbose and outcome.notes:
            print(f"{outcome.name} notes:\n  " + "\n  ".join(outcome.notes))
    print(f"{len(outcomes) - failures} of {len(outcomes)} files agree with named-checkzone "
          f"({counts['entries']} entries, {counts['rejected']} rejected by BIND; "
          f"{counts['knot']} entries where Knot disagrees with BIND, not checked)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
