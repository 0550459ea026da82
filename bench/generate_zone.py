#!/usr/bin/env python3
"""Write a large, realistic DNS zone file for zonelint's benchmarks.

The zone models a SaaS provider that hosts many tenant subdomains under one
origin. Each tenant gets a random mix of what such zones carry: A/AAAA (several
addresses under one owner, continued with blank owners), MX to in-zone and
external hosts, SPF/DMARC/verification TXT, DKIM keys as long TXT records split
into several quoted strings inside parentheses over several lines, Amazon SES
Easy DKIM sets (three CNAMEs <token>._domainkey.<sub> -> <token>.dkim.amazonses.com.),
SRV, CAA, CNAME, delegations with glue or to external name servers, wildcards,
comments, explicit TTLs and classes in both orders, and relative or absolute
owner names. The file starts with $TTL and a parenthesised SOA.

Every generated zone is meant to load without errors in named-checkzone
(including `-i local` integrity checks) and kzonecheck: MX/SRV targets in the zone
have addresses, CNAME owners hold no other data, every in-zone name server has
glue, RRsets share one TTL, and no record is duplicated.

Output is a pure function of (--records, --seed, --origin): the same arguments
give a byte-identical file. Randomness comes only from random.Random(seed)
methods whose output is stable across Python 3 versions (getrandbits,
randrange, choice, random, randbytes needs 3.9).

Usage:
    bench/generate_zone.py --records 1000000 --output bench/.cache/1m.zone
    bench/generate_zone.py --records 100000 --seed 7 --origin example.net. -o -

--records counts resource records (SOA included), not lines.
"""

from __future__ import annotations

import argparse
import base64
import collections
import json
import random
import sys
import time

WORDS = (
    "acme amber apex aqua arc atlas aurora bay beacon birch blue bolt brook "
    "canyon cedar cloud coast comet coral crest delta dune echo ember falcon "
    "fern field flint forge fox frost glade granite grove harbor hawk haven "
    "iris iron jade juniper kite lake lark laurel lumen maple marsh meadow mesa "
    "mint nova oak onyx orbit otter peak pine pixel plaza prairie quartz quill "
    "raven reef ridge river rock sage shore sierra slate solar spark spruce "
    "stone summit swift terra thistle tide timber trail vale vector willow wren "
    "zenith zephyr"
).split()

PLANS = ("free", "starter", "team", "business", "enterprise")

# Host labels a tenant may have besides the fixed ones (www, mail, mx2, sip,
# xmpp, dev and the underscore names), so no label can clash with another.
EXTRA_HOSTS = (
    "api", "app", "admin", "auth", "blog", "cdn", "docs", "files", "git", "help",
    "img", "intranet", "login", "m", "portal", "shop", "sso", "static", "status",
    "store", "support", "vpn", "webmail", "wiki",
)

EXTERNAL_MX = (
    ("inbound-smtp.us-east-1.amazonaws.com.", 10),
    ("inbound-smtp.eu-west-1.amazonaws.com.", 10),
    ("aspmx.l.google.com.", 1),
    ("alt1.aspmx.l.google.com.", 5),
    ("mx1.mailhost-provider.net.", 10),
    ("mx2.mailhost-provider.net.", 20),
)

EXTERNAL_CNAME = (
    "{t}.cloudfront.net.",
    "{t}.execute-api.us-east-1.amazonaws.com.",
    "{t}.elb.eu-central-1.amazonaws.com.",
    "tenant-{t}.herokudns.com.",
    "{t}.github.io.",
    "ghs.googlehosted.com.",
)

SPF = (
    '"v=spf1 include:amazonses.com ~all"',
    '"v=spf1 include:amazonses.com include:_spf.google.com -all"',
    '"v=spf1 mx include:amazonses.com -all"',
    '"v=spf1 ip4:{ip4}/28 include:amazonses.com ~all"',
    '"v=spf1 a mx ip6:{ip6}/64 -all"',
)

DMARC = (
    '"v=DMARC1; p=none; rua=mailto:dmarc-reports@{fqdn}"',
    '"v=DMARC1; p=quarantine; pct=50; rua=mailto:dmarc@{fqdn}; ruf=mailto:dmarc@{fqdn}; fo=1"',
    '"v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:postmaster@{fqdn}"',
)

SRV_SERVICES = (
    ("_sip._tcp", "sip", 5060),
    ("_sips._tcp", "sip", 5061),
    ("_xmpp-client._tcp", "xmpp", 5222),
    ("_xmpp-server._tcp", "xmpp", 5269),
    ("_imaps._tcp", "mail", 993),
    ("_submission._tcp", "mail", 587),
)

DKIM_SELECTORS = ("google", "selector1", "selector2", "s1", "k1", "mail", "default", "smtp")

# SubjectPublicKeyInfo DER prefixes for RSA keys with exponent 65537; the
# modulus (with its top bit set) and the 02 03 01 00 01 exponent follow.
RSA_PREFIX = {
    1024: bytes.fromhex("30819f300d06092a864886f70d010101050003818d0030818902818100"),
    2048: bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100"),
}
RSA_SUFFIX = bytes.fromhex("0203010001")

B32 = "abcdefghijklmnopqrstuvwxyz234567"


class TenantWriter:
    """Builds the lines of one tenant block and counts its records."""

    __slots__ = ("rng", "lines", "count", "sub", "origin", "absolute", "fqdn", "last_owner", "last_end",
                 "stats")

    def __init__(self, rng: random.Random, sub: str, origin: str, absolute: bool) -> None:
        self.rng = rng
        self.lines: list[str] = []
        self.count = 0
        self.sub = sub
        self.origin = origin
        self.absolute = absolute
        self.fqdn = f"{sub}.{origin}"
        self.last_owner = ""
        self.last_end = -1
        self.stats: collections.Counter[str] = collections.Counter()

    def name(self, label: str | None) -> str:
        """Owner or target for label under the tenant, relative or absolute."""
        rel = self.sub if label is None else f"{label}.{self.sub}"
        return f"{rel}.{self.origin}" if self.absolute else rel

    def rrset(self, owner: str, rtype: str, rdatas: list[str], ttl: str | None = None) -> None:
        """One RRset: the owner on the first line, blank owners after it.

        The owner is left blank on the first line too when the line before
        is the previous RRset of the same owner.
        """
        rng = self.rng
        style = rng.randrange(4)
        if ttl is None:
            prefix = "IN" if style < 2 else ""
        elif style == 0:
            prefix = f"{ttl} IN"
        elif style == 1:
            prefix = f"IN {ttl}"
        else:
            prefix = ttl
        head = f"{prefix} {rtype}" if prefix else rtype
        pad = " " * max(1, 32 - len(owner))
        lines = self.lines
        blank = " " * (len(owner) + len(pad))
        if owner == self.last_owner and self.last_end == len(lines):
            lines.append(f"{blank}{head}\t{rdatas[0]}")
        else:
            lines.append(f"{owner}{pad}{head}\t{rdatas[0]}")
        for rdata in rdatas[1:]:
            lines.append(f"{blank}{head}\t{rdata}")
        self.count += len(rdatas)
        self.stats[rtype] += len(rdatas)
        self.last_owner = owner
        self.last_end = len(lines)


def ip4(rng: random.Random) -> str:
    r = rng.getrandbits(32)
    net = r & 3
    if net == 0:
        return f"10.{(r >> 2) & 255}.{(r >> 10) & 255}.{((r >> 18) & 253) + 1}"
    if net == 1:
        return f"172.{16 + ((r >> 2) & 15)}.{(r >> 6) & 255}.{((r >> 14) & 253) + 1}"
    if net == 2:
        return f"192.168.{(r >> 2) & 255}.{((r >> 10) & 253) + 1}"
    return f"{('192.0.2', '198.51.100', '203.0.113')[(r >> 2) % 3]}.{((r >> 4) & 253) + 1}"


def ip6(rng: random.Random) -> str:
    r = rng.getrandbits(64)
    form = r & 3
    a, b, c, d = (r >> 2) & 0xFFFF, (r >> 18) & 0xFFFF, (r >> 34) & 0xFFFF, (r >> 50) & 0x3FFF
    if form == 0:
        return f"2001:db8:{a:x}:{b:x}::{c:x}"
    if form == 1:
        return f"2001:db8:{a:x}::{d + 1:x}"
    if form == 2:
        return f"2001:db8:{a:x}:{b:x}:{c:x}:{d:x}:0:{(a ^ c) | 1:x}"
    return f"2001:0db8:{a:04x}:{b:04x}:0000:0000:{c:04x}:{d:04x}"


def distinct(rng: random.Random, make, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        v = make(rng)
        if v not in out:
            out.append(v)
    return out


def token(rng: random.Random, n: int = 32) -> str:
    r = rng.getrandbits(5 * n)
    return "".join(B32[(r >> (5 * i)) & 31] for i in range(n))


def dkim_txt(rng: random.Random, bits: int) -> list[str]:
    """A DKIM key record's quoted strings, one per line."""
    modulus = bytearray(rng.randbytes(bits // 8))
    modulus[0] |= 0x80
    key = base64.b64encode(RSA_PREFIX[bits] + bytes(modulus) + RSA_SUFFIX).decode("ascii")
    width = rng.choice((64, 76, 128, 200, 230))  # "v=DKIM1; k=rsa; p=" + 230 < 255
    parts = ['"v=DKIM1; k=rsa; "'] if rng.random() < 0.5 else []
    head = "p=" if parts else "v=DKIM1; k=rsa; p="
    chunks = [key[i:i + width] for i in range(0, len(key), width)]
    chunks[0] = head + chunks[0]
    parts.extend(f'"{c}"' for c in chunks)
    return parts


def tenant(rng: random.Random, index: int, origin: str) -> TenantWriter:
    w1 = rng.choice(WORDS)
    w2 = rng.choice(WORDS)
    sub = f"{w1}-{w2}-{index}" if rng.random() < 0.7 else f"{w1}{index}"
    t = TenantWriter(rng, sub, origin, rng.random() < 0.25)
    lines = t.lines
    ttl = rng.choice((None, None, None, "300", "3600", "86400", "1h", "1d"))
    plan = rng.choice(PLANS)
    year = 2015 + rng.randrange(10)
    lines.append(f"; tenant {index}: {sub} (plan {plan}, since {year}-{rng.randrange(1, 13):02d})")

    apex = t.name(None)
    addresses = distinct(rng, ip4, 1 + rng.randrange(3))
    t.rrset(apex, "A", addresses, ttl)
    if rng.random() < 0.5:
        t.rrset(apex, "AAAA", distinct(rng, ip6, 1 + rng.randrange(2)), ttl)

    in_zone_mx = False
    mx2 = False
    if rng.random() < 0.8:
        if rng.random() < 0.5:
            in_zone_mx = True
            mx = [f"10 {t.name('mail')}"]
            if rng.random() < 0.4:
                mx2 = True
                mx.append(f"20 {t.name('mx2')}")
            if rng.random() < 0.2:
                mx = [f"( {mx[0]} ) ; primary"] + mx[1:]
        else:
            first = rng.randrange(len(EXTERNAL_MX))
            mx = [f"{EXTERNAL_MX[first][1]} {EXTERNAL_MX[first][0]}"]
            if rng.random() < 0.5:
                second = (first + 1) % len(EXTERNAL_MX)
                mx.append(f"{EXTERNAL_MX[second][1] + 10} {EXTERNAL_MX[second][0]}")
        t.rrset(apex, "MX", mx)

    txt = []
    if rng.random() < 0.8:
        txt.append(rng.choice(SPF).format(ip4=ip4(rng), ip6=f"2001:db8:{rng.getrandbits(16):x}::"))
    if rng.random() < 0.3:
        txt.append(f'"google-site-verification={token(rng, 43)}"')
    if rng.random() < 0.15:
        txt.append(f'"MS=ms{rng.randrange(10**7, 10**8)}"')
    if txt:
        t.rrset(apex, "TXT", txt)

    if rng.random() < 0.3:
        caa = ['0 issue "amazon.com"']
        if rng.random() < 0.5:
            caa.append('0 issue "letsencrypt.org"')
        if rng.random() < 0.3:
            caa.append('0 issuewild ";"')
        if rng.random() < 0.3:
            caa.append(f'0 iodef "mailto:security@{t.fqdn[:-1]}"')
        t.rrset(apex, "CAA", caa)

    r = rng.random()
    if r < 0.6:
        t.rrset(t.name("www"), "CNAME", [apex])
    elif r < 0.8:
        t.rrset(t.name("www"), "A", distinct(rng, ip4, 1 + rng.randrange(2)), ttl)

    if in_zone_mx:
        t.rrset(t.name("mail"), "A", [ip4(rng)])
        if rng.random() < 0.4:
            t.rrset(t.name("mail"), "AAAA", [ip6(rng)])
    if mx2:
        t.rrset(t.name("mx2"), "A", [ip4(rng)])

    if rng.random() < 0.6:
        t.rrset(t.name("_dmarc"), "TXT", [rng.choice(DMARC).format(fqdn=t.fqdn[:-1])])

    if rng.random() < 0.4:
        owner = t.name(f"{rng.choice(DKIM_SELECTORS)}._domainkey")
        parts = dkim_txt(rng, 2048 if rng.random() < 0.7 else 1024)
        commented = rng.random() < 0.5
        if commented:
            parts[0] += " ; DKIM key"
        pad = " " * max(1, 32 - len(owner))
        indent = " " * 8
        body = f"\n{indent}".join(parts)
        # A comment runs to the end of its line, so ")" must then start a new one.
        close = f"\n{indent})" if (commented and len(parts) == 1) or rng.random() < 0.2 else " )"
        lines.append(f"{owner}{pad}IN TXT ( {body}{close}")
        t.count += 1
        t.stats["TXT"] += 1
        t.stats["feature: DKIM key TXT records split over lines"] += 1

    if rng.random() < 0.35:
        lines.append("; Amazon SES Easy DKIM")
        t.stats["feature: SES Easy DKIM sets (3 CNAMEs each)"] += 1
        for _ in range(3):
            tok = token(rng)
            t.rrset(t.name(f"{tok}._domainkey"), "CNAME", [f"{tok}.dkim.amazonses.com."])

    if rng.random() < 0.25:
        sip = xmpp = False
        start = rng.randrange(len(SRV_SERVICES))
        for k in range(1 + rng.randrange(2)):
            service, host, port = SRV_SERVICES[(start + k * 2) % len(SRV_SERVICES)]
            if host == "mail" and not in_zone_mx:
                host = "sip"
            sip |= host == "sip"
            xmpp |= host == "xmpp"
            rdata = f"{rng.choice((0, 5, 10))} {rng.choice((0, 5, 60))} {port} {t.name(host)}"
            if rng.random() < 0.2:
                rdata = f"( {rdata} )"
            t.rrset(t.name(service), "SRV", [rdata])
        if sip:
            t.rrset(t.name("sip"), "A", [ip4(rng)])
        if xmpp:
            t.rrset(t.name("xmpp"), "A", [ip4(rng)])
            t.rrset(t.name("xmpp"), "AAAA", [ip6(rng)])

    r = rng.random()
    if r < 0.07:
        lines.append("; delegated to the tenant's own name servers")
        t.stats["feature: delegations with glue"] += 1
        t.rrset(t.name("dev"), "NS", [t.name("ns1.dev"), t.name("ns2.dev")])
        t.rrset(t.name("ns1.dev"), "A", [ip4(rng)])
        t.rrset(t.name("ns2.dev"), "A", [ip4(rng)])
        if rng.random() < 0.5:
            t.rrset(t.name("ns2.dev"), "AAAA", [ip6(rng)])
    elif r < 0.12:
        t.stats["feature: delegations to external name servers"] += 1
        n = rng.randrange(2048)
        t.rrset(t.name("dev"), "NS", [
            f"ns-{n}.awsdns-{n % 64:02d}.org.",
            f"ns-{(n * 7) % 2048}.awsdns-{(n + 17) % 64:02d}.co.uk.",
            f"ns-{(n * 13) % 2048}.awsdns-{(n + 33) % 64:02d}.com.",
            f"ns-{(n * 29) % 2048}.awsdns-{(n + 49) % 64:02d}.net.",
        ], "172800")

    extra = rng.randrange(7)
    if extra:
        start = rng.randrange(len(EXTRA_HOSTS))
        step = 1 + rng.randrange(3)
        for k in range(extra):
            host = EXTRA_HOSTS[(start + k * step) % len(EXTRA_HOSTS)]
            owner = t.name(host)
            kind = rng.random()
            if kind < 0.45:
                t.rrset(owner, "A", distinct(rng, ip4, 1 + rng.randrange(2)), ttl)
                if rng.random() < 0.3:
                    lines[-1] += f" ; {host} frontend"
            elif kind < 0.6:
                t.rrset(owner, "AAAA", [ip6(rng)], ttl)
            elif kind < 0.8:
                t.rrset(owner, "CNAME", [rng.choice(EXTERNAL_CNAME).format(t=token(rng, 13))])
            else:
                t.rrset(owner, "CNAME", [apex])

    if rng.random() < 0.03:
        t.rrset(t.name("*"), "A", [ip4(rng)])

    lines.append("")
    return t


def header(rng: random.Random, origin: str, records: int, seed: int) -> tuple[list[str], int]:
    lines = [
        f"; Synthetic zone for zonelint benchmarks: {records} records, seed {seed}.",
        "; Generated by bench/generate_zone.py; every address and key is random.",
        "$TTL 3600",
        f"@                               IN SOA  ns1.{origin} hostmaster.{origin} (",
        "                                        2024060101 ; serial",
        "                                        7200       ; refresh",
        "                                        900        ; retry",
        "                                        1209600    ; expire",
        "                                        300 )      ; negative-caching TTL",
        "                                IN NS   ns1",
        f"                                IN NS   ns2.{origin}",
        "                                IN MX   10 mail",
        '                                IN TXT  "v=spf1 mx include:amazonses.com -all"',
        '                                IN CAA  0 issue "amazon.com"',
        f"ns1                             IN A    {ip4(rng)}",
        f"                                IN AAAA {ip6(rng)}",
        f"ns2.{origin:<28}IN A    {ip4(rng)}",
        f"mail                            IN A    {ip4(rng)}",
        "www                             IN CNAME @",
        f'_dmarc                          IN TXT  "v=DMARC1; p=reject; rua=mailto:dmarc@{origin[:-1]}"',
        "",
    ]
    return lines, 12


HEADER_TYPES = {"SOA": 1, "NS": 2, "MX": 1, "TXT": 2, "CAA": 1, "A": 3, "AAAA": 1, "CNAME": 1}


def generate(records: int, seed: int, origin: str, out) -> tuple[int, collections.Counter[str]]:
    """Write the zone; return the record count and counts per type and feature."""
    rng = random.Random(seed)
    lines, count = header(rng, origin, records, seed)
    stats = collections.Counter(HEADER_TYPES)
    assert sum(stats.values()) == count
    if records < count:
        raise SystemExit(f"--records must be at least {count}")
    out.write("\n".join(lines) + "\n")
    buffer: list[str] = []
    index = 0
    while count < records:
        t = tenant(rng, index, origin)
        index += 1
        if count + t.count > records:
            # Top up with single-address hosts so the total is exact and no
            # block is cut in a way that would leave a target without glue.
            buffer.append("; top-up hosts")
            for k in range(records - count):
                buffer.append(f"host-{k}.top-up{' ' * 16}IN A\t{ip4(rng)}")
            stats["A"] += records - count
            count = records
            break
        buffer.extend(t.lines)
        count += t.count
        stats.update(t.stats)
        stats["feature: tenants"] += 1
        if t.absolute:
            stats["feature: tenants written with absolute names"] += 1
        if len(buffer) > 50000:
            out.write("\n".join(buffer) + "\n")
            buffer.clear()
    if buffer:
        out.write("\n".join(buffer) + "\n")
    return count, stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--records", type=int, required=True,
                        help="number of resource records, SOA included")
    parser.add_argument("-s", "--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--origin", default="example.com.",
                        help="zone origin, absolute (default example.com.)")
    parser.add_argument("-o", "--output", default="-", help="output file, - for stdout")
    parser.add_argument("--stats", metavar="FILE",
                        help="also write the counts per record type and feature as JSON")
    args = parser.parse_args()
    origin = args.origin if args.origin.endswith(".") else args.origin + "."
    started = time.monotonic()
    if args.output == "-":
        count, stats = generate(args.records, args.seed, origin, sys.stdout)
    else:
        with open(args.output, "w", encoding="ascii", newline="\n") as out:
            count, stats = generate(args.records, args.seed, origin, out)
    if args.stats:
        with open(args.stats, "w", encoding="ascii") as f:
            json.dump(dict(sorted(stats.items())), f, indent=1)
            f.write("\n")
    print(f"generate_zone: {count} records, origin {origin}, seed {args.seed}, "
          f"{time.monotonic() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
