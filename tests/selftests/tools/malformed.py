#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Crafted packets for test_malformed.sh, sent as raw frames on the client's c0 so that no header is
fixed up on the way out.

usage: malformed.py GROUP|- DIR_MAC      (with -, the groups are read from stdin, one a line)
  counted   packets whose IP header is sound but whose TCP/UDP header (or the IPv6 extension header
            chain in front of it) is truncated or lies: they reach the director's LOCAL_IN and lvs
            must drop and count each one as malformed.
  stack     packets the IP layer itself must drop before LOCAL_IN (bad IHL, lengths past the frame).
  ignored   packets lvs must pass untouched: lone and overlapping fragments, IPv6 extension header
            chains ending in no TCP/UDP.
  flags     TCP segments from source ports 40001.. with flag combinations that must not open a
            connection: SYN+FIN, SYN+RST, none, all, FIN, RST, ACK, SYN+ACK, PSH+URG.
  good      unusual but valid packets that must open a connection: a SYN in two IPv4 fragments (sport
            41001), a SYN with IPv4 options (41002), an IPv6 SYN behind hop-by-hop, destination options
            and routing headers (41003), an ECN SYN (41004).
  bigext    an IPv6 UDP datagram in fragments whose destination options headers, reassembled, put
            the UDP header 65536 bytes in, past what a 16-bit offset holds; the flow label is 53, so
            that an offset cut to 0 would read ports 24576 -> 53 from the IPv6 header. It must be
            counted once as malformed and open no connection.
  icmp      ICMP and ICMPv6 errors to the VIP quoting replies of those connections and of none, cut
            at every length, with a bad quoted IHL, nested in another error; errors about client
            packets that cross the director's FORWARD hook.
Every packet goes to the VIP (203.0.113.5 / 2001:db8:5::5) port 80 (TCP) or 53 (UDP), except ICMP
errors to a real server. Prints how many frames it sent.
"""
import sys

from scapy.all import (Ether, ICMP, ICMPv6DestUnreach, ICMPv6PacketTooBig, IP, IPOption_NOP, IPv6,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting,
                       Raw, TCP, UDP, conf, raw, sendp)

conf.verb = 0
CLIENT, VIP = "192.0.2.2", "203.0.113.5"
CLIENT6, VIP6 = "2001:db8:1::2", "2001:db8:5::5"
RS = "198.51.100.2"


def ip(**kw):
    return IP(src=CLIENT, dst=VIP, **kw)


def ip6(**kw):
    return IPv6(src=CLIENT6, dst=VIP6, **kw)


def v4(body, proto, tot_len=None, ihl=5):
    """An IPv4 packet with a sound header (checksum right) around the given L4 bytes."""
    body = bytes(body)
    pkt = IP(src=CLIENT, dst=VIP, proto=proto, ihl=ihl,
             len=tot_len if tot_len is not None else 4 * ihl + len(body))
    return raw(pkt / Raw(body))


def v6(body, nh):
    return raw(IPv6(src=CLIENT6, dst=VIP6, nh=nh, plen=len(body)) / Raw(bytes(body)))


def counted():
    tcp = raw(TCP(sport=39001, dport=80, flags="S"))
    udp = raw(UDP(sport=39002, dport=53) / b"ping")
    pkts = [
        v4(b"", 6),                                          # no TCP header at all
        v4(tcp[:10], 6),                                     # TCP header cut at 10 bytes
        v4(tcp[:12] + bytes([0x40]) + tcp[13:], 6),          # data offset 4 (< 5)
        v4(tcp[:12] + bytes([0xf0]) + tcp[13:], 6),          # data offset 15, 20 bytes there
        v4(udp[:6], 17),                                     # UDP header cut at 6 bytes
        v4(udp[:4] + (4).to_bytes(2, "big") + udp[6:], 17),  # UDP length 4 (< 8)
        v4(udp[:4] + (200).to_bytes(2, "big") + udp[6:], 17),  # UDP length past the packet
        v6(raw(TCP(sport=39003, dport=80, flags="S"))[:12], 6),  # IPv6, TCP cut at 12
        v6(raw(UDP(sport=39004, dport=53) / b"ping")[:4] + (3).to_bytes(2, "big") +
           raw(UDP(sport=39004, dport=53) / b"ping")[6:], 17),  # IPv6, UDP length 3
        # IPv6: a sound destination options header, then a TCP header cut at 8 bytes.
        v6(raw(IPv6ExtHdrDestOpt(nh=6)) + raw(TCP(sport=39005, dport=80, flags="S"))[:8], 60),
        # IPv6 extension headers that claim more than the packet holds, in front of TCP: a
        # destination options header of 168 bytes in 8, and the last of a chain of 40.
        v6(bytes([6, 20]) + bytes(6), 60),
        v6(b"".join(bytes([60, 0]) + bytes(6) for _ in range(40)) + bytes([6, 5]) + bytes(6), 60),
    ]
    return pkts


def stack():
    tcp = raw(TCP(sport=39101, dport=80, flags="S"))
    good = raw(ip() / TCP(sport=39101, dport=80, flags="S"))
    pkts = []
    for ihl in (0, 3, 4):                                     # IHL < 5
        b = bytearray(good)
        b[0] = 0x40 | ihl
        pkts.append(bytes(b))
    b = bytearray(good)                                       # IHL 15 > total length 40
    b[0] = 0x4f
    pkts.append(bytes(b))
    pkts.append(v4(tcp, 6, tot_len=200))                      # total length past the frame
    pkts.append(v4(tcp, 6, tot_len=10))                       # total length < header
    pkts.append(good[:12])                              # IPv4 header cut at 12 bytes
    pkts.append(raw(IPv6(src=CLIENT6, dst=VIP6, nh=6, plen=400) / TCP(sport=39102, dport=80)))
    pkts.append(raw(IPv6(src=CLIENT6, dst=VIP6))[:30])       # IPv6 header cut at 30 bytes
    # Hop-by-hop options (parsed before LOCAL_IN) claiming more than the packet holds.
    pkts.append(v6(bytes([6, 10]) + bytes(6), 0))
    return pkts


def ignored():
    syn = TCP(sport=39201, dport=80, flags="S") / Raw(b"x" * 40)
    whole = raw(ip(id=777, proto=6) / syn)
    l4 = whole[20:]
    pkts = []
    # A lone first fragment and a lone non-first fragment (the reassembly never completes).
    pkts.append(raw(ip(id=771, flags="MF", proto=6) / Raw(l4[:24])))
    pkts.append(raw(ip(id=772, frag=3, proto=6) / Raw(l4[24:])))
    # Overlapping fragments: offsets 0..31 and 16..59; the kernel discards the datagram.
    pkts.append(raw(ip(id=773, flags="MF", proto=6) / Raw(l4[:32])))
    pkts.append(raw(ip(id=773, frag=2, proto=6) / Raw(l4[16:])))
    # A fragment whose first piece holds only 8 bytes of TCP header.
    pkts.append(raw(ip(id=774, flags="MF", proto=6) / Raw(l4[:8])))
    # IPv6 fragments: a lone first and a lone last one.
    pkts.append(raw(ip6() / IPv6ExtHdrFragment(nh=6, id=775, m=1) / Raw(raw(syn)[:16])))
    pkts.append(raw(ip6() / IPv6ExtHdrFragment(nh=6, id=776, offset=2) / Raw(raw(syn)[16:])))
    # An extension header chain ending in "no next header" (59); a destination options header
    # followed by an unknown protocol (253, experimental).
    chain = b"".join(bytes([60, 0]) + bytes(6) for _ in range(40))
    pkts.append(v6(chain + bytes([59, 0]) + bytes(6), 60))
    pkts.append(v6(bytes([253, 0]) + bytes(6) + b"x" * 20, 60))
    return pkts


def icmp():
    """ICMP errors quoting the replies of connections the good group opened (client ports 41002
    and 41003) and of none (39202), cut short at every length, inside the IP header included, or
    nested in another error; and errors about client packets crossing FORWARD."""
    pkts = []
    for port in (41002, 39202):
        quote = raw(IP(src=VIP, dst=CLIENT, proto=6) / TCP(sport=80, dport=port, flags="SA"))
        for cut in (8, 12, 20, 22, 24, 28, 40):
            pkts.append(raw(ip() / ICMP(type=3, code=4, nexthopmtu=576) / Raw(quote[:cut])))
        nested = raw(IP(src=VIP, dst=CLIENT) / ICMP(type=3, code=1) / Raw(quote[:28]))
        pkts.append(raw(ip() / ICMP(type=11, code=0) / Raw(nested)))
        bad_ihl = bytearray(quote)
        bad_ihl[0] = 0x4f
        pkts.append(raw(ip() / ICMP(type=3, code=3) / Raw(bytes(bad_ihl))))
        # The client's own packet as the real server saw it, reported by the real server: it
        # crosses the director's FORWARD hook.
        quote_rs = raw(IP(src=CLIENT, dst=RS, proto=6) / TCP(sport=port, dport=80, flags="S"))
        for cut in (12, 22, 28):
            pkts.append(raw(IP(src=CLIENT, dst=RS) / ICMP(type=3, code=3) / Raw(quote_rs[:cut])))
    for port in (41003, 39203):
        quote6 = raw(IPv6(src=VIP6, dst=CLIENT6, nh=6, plen=20) / TCP(sport=80, dport=port))
        for cut in (8, 30, 40, 42, 44, 48, 60):
            pkts.append(raw(ip6() / ICMPv6PacketTooBig(mtu=1280) / Raw(quote6[:cut])))
        nested6 = raw(IPv6(src=VIP6, dst=CLIENT6) / ICMPv6DestUnreach(code=4) / Raw(quote6[:48]))
        pkts.append(raw(ip6() / ICMPv6DestUnreach(code=4) / Raw(nested6)))
    return pkts


def bigext():
    # 31 destination options headers of 2048 bytes (zero padding) and one of 2008: 65496 bytes.
    chain = b"".join(bytes([60, 255]) + bytes(2046) for _ in range(31))
    chain += bytes([17, 2008 // 8 - 1]) + bytes(2006)
    body = chain + raw(UDP(sport=39301, dport=53, len=8, chksum=0))
    pkts, step = [], 1448
    for off in range(0, len(body), step):
        more = int(off + step < len(body))
        pkts.append(raw(ip6(fl=53) / IPv6ExtHdrFragment(nh=60, id=778, offset=off // 8, m=more) /
                        Raw(body[off:off + step])))
    return pkts


def flags():
    combos = ["SF", "SR", "", "FSRPAUEC", "F", "R", "A", "SA", "PU"]
    return [raw(ip() / TCP(sport=40001 + i, dport=80, flags=f)) for i, f in enumerate(combos)]


def good():
    syn = TCP(sport=41001, dport=80, flags="S") / Raw(b"y" * 32)
    l4 = raw(ip(proto=6) / syn)[20:]
    pkts = [raw(ip(id=901, flags="MF", proto=6) / Raw(l4[:24])),
            raw(ip(id=901, frag=3, proto=6) / Raw(l4[24:]))]
    pkts.append(raw(ip(options=[IPOption_NOP()] * 4) / TCP(sport=41002, dport=80, flags="S")))
    pkts.append(raw(ip6() / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
                    IPv6ExtHdrRouting(type=0, segleft=0, addresses=[]) /
                    TCP(sport=41003, dport=80, flags="S")))
    pkts.append(raw(ip() / TCP(sport=41004, dport=80, flags="SEC")))
    return pkts


def send(group, mac):
    pkts = {"counted": counted, "stack": stack, "ignored": ignored, "flags": flags,
            "good": good, "icmp": icmp, "bigext": bigext}[group]()
    frames = []
    for p in pkts:
        etype = 0x86DD if (p[0] >> 4) == 6 else 0x0800
        frames.append(Ether(dst=mac, type=etype) / Raw(p))
    sendp(frames, iface="c0")
    print(len(frames), flush=True)


def main():
    group, mac = sys.argv[1], sys.argv[2]
    if group != "-":
        send(group, mac)
        return
    # Scapy takes seconds to start under emulation: serve group names read from stdin, one a line.
    for line in sys.stdin:
        send(line.strip(), mac)


if __name__ == "__main__":
    main()
