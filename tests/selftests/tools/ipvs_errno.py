#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Bad requests to the "IPVS" family, for test_ipvs_compat.sh to run on ip_vs and on lvs and compare.

usage: ipvs_errno.py
Prints one line per request, "NAME ERRNO" (0 when it succeeded), in the same order on both; then
"no extack: NAME" after each refusal without an extack message and "extack N of M": how many of
the M refusals carried one. Ends with the services left
(GET_SERVICE dump: one "service PROTO PORT" or "service fwmark MARK" line each): a refused request must change nothing.
"""
import errno
import socket
import struct

from nlfuzz import Genl, attr, nest, u16, u32, be16, string

# /usr/include/linux/ip_vs.h
(NEW_SERVICE, SET_SERVICE, DEL_SERVICE, GET_SERVICE, NEW_DEST, SET_DEST, DEL_DEST, GET_DEST,
 NEW_DAEMON, DEL_DAEMON, GET_DAEMON, SET_CONFIG, GET_CONFIG, SET_INFO, GET_INFO, ZERO,
 FLUSH) = range(1, 18)
C_SERVICE, C_DEST, C_DAEMON, C_TIMEOUT_TCP = 1, 2, 3, 4
S_AF, S_PROTOCOL, S_ADDR, S_PORT, S_FWMARK, S_SCHED, S_FLAGS, S_TIMEOUT, S_NETMASK = range(1, 10)
D_ADDR, D_PORT, D_FWD, D_WEIGHT, D_UTHRESH, D_LTHRESH = range(1, 7)
D_AF = 11
FWD_MASQ, FWD_DROUTE = 0, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSGERR_ATTR_MSG = 1

VIP = socket.inet_aton("203.0.113.40") + bytes(12)
RS = socket.inet_aton("198.51.100.40") + bytes(12)


def key(port=80, af=socket.AF_INET, proto=socket.IPPROTO_TCP, addr=VIP):
    return u16(S_AF, af) + u16(S_PROTOCOL, proto) + attr(S_ADDR, addr) + be16(S_PORT, port)


def svc(*parts):
    return nest(C_SERVICE, *parts, flag=False)


def full(port=80, sched="rr", **kw):
    return key(port, **kw) + string(S_SCHED, sched) + attr(S_FLAGS, bytes(8)) + \
        u32(S_TIMEOUT, 0) + u32(S_NETMASK, 0xffffffff)


def dest(addr=RS, port=80, fwd=FWD_MASQ, weight=1, uth=0, lth=0):
    return nest(C_DEST, attr(D_ADDR, addr), be16(D_PORT, port), u32(D_FWD, fwd),
                u32(D_WEIGHT, weight & 0xffffffff), u32(D_UTHRESH, uth), u32(D_LTHRESH, lth),
                flag=False)


CASES = [
    ("new service: no service", NEW_SERVICE, b""),
    ("new service: no scheduler", NEW_SERVICE, svc(key())),
    ("new service: unknown scheduler", NEW_SERVICE, svc(full(sched="nosuch"))),
    ("new service: family 99", NEW_SERVICE, svc(full(af=99))),
    ("new service", NEW_SERVICE, svc(full())),
    ("new service: again", NEW_SERVICE, svc(full())),
    ("edit service: missing", SET_SERVICE, svc(full(port=81))),
    ("edit service: unknown scheduler", SET_SERVICE, svc(full(sched="nosuch"))),
    ("delete service: missing", DEL_SERVICE, svc(key(port=81))),
    ("get service: missing", GET_SERVICE, svc(key(port=81))),
    ("zero service: missing", ZERO, svc(key(port=81))),
    ("new dest: no dest", NEW_DEST, svc(key())),
    ("new dest: service missing", NEW_DEST, svc(key(port=81)) + dest()),
    ("new dest: weight -1", NEW_DEST, svc(key()) + dest(weight=-1)),
    ("new dest: lower threshold above upper", NEW_DEST, svc(key()) + dest(uth=5, lth=10)),
    ("new dest", NEW_DEST, svc(key()) + dest()),
    ("new dest: again", NEW_DEST, svc(key()) + dest()),
    ("edit dest: missing", SET_DEST, svc(key()) + dest(port=81)),
    ("edit dest: weight -1", SET_DEST, svc(key()) + dest(weight=-1)),
    ("delete dest: missing", DEL_DEST, svc(key()) + dest(port=81)),
    ("get dest: service missing", GET_DEST, svc(key(port=81))),
    ("set config: timeouts", SET_CONFIG, u32(C_TIMEOUT_TCP, 900)),
    ("unknown command 99", 99, b""),
]


def main():
    g = Genl("IPVS")
    refused = with_msg = 0
    for name, cmd, payload in CASES:
        flags = NLM_F_REQUEST | NLM_F_ACK
        if cmd == GET_DEST:
            flags |= NLM_F_DUMP
        err, ext, _ = g.request(g.family, cmd, payload, flags=flags)
        print("%s %s" % (name, errno.errorcode.get(-err, err) if err else 0))
        if err:
            refused += 1
            if NLMSGERR_ATTR_MSG in ext:
                with_msg += 1
            else:
                print("no extack: %s" % name)
    print("extack %d of %d" % (with_msg, refused))
    err, _, replies = g.request(g.family, GET_SERVICE, b"", flags=NLM_F_REQUEST | NLM_F_DUMP)
    for body in replies:
        for t, v in Genl.attrs(body[4:]):
            if t == C_SERVICE:
                a = dict(Genl.attrs(v))
                if S_FWMARK in a:
                    print("service fwmark %d" % struct.unpack("=I", a[S_FWMARK])[0])
                else:
                    print("service %d %d" % (struct.unpack("=H", a[S_PROTOCOL])[0],
                                             struct.unpack(">H", a[S_PORT])[0]))
    g.request(g.family, FLUSH)


if __name__ == "__main__":
    main()
