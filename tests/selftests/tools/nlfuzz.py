#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A raw generic netlink client for test_netlink_fuzz.sh: bad requests to the "LVS" family.

usage: nlfuzz.py valid ADDR PORT     add then delete TCP service ADDR:PORT (proves the encoding)
       nlfuzz.py bad ADDR PORT RS    structured bad requests around service ADDR:PORT with real
                                     server RS (both must exist): each must fail
       nlfuzz.py random SEED N       N seeded messages of random commands, flags and bytes
       nlfuzz.py unpriv ADDR PORT    as an unprivileged user: every command, GETs included, fails
                                     with EPERM, as a request and as a dump
Prints one line per request: "PASS name: errno [extack]" or "FAIL name: why", then "total N".
"""
import errno
import os
import random
import socket
import struct
import sys

NETLINK_GENERIC = 16
NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_MISS_TYPE = 1, 2, 5
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLA_F_NESTED = 0x8000



def uapi_count(enum):
    """Entries of enum ENUM in include/uapi/linux/lvs.h before its __*_MAX: the first unknown value."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../include/uapi/linux/lvs.h")
    text = open(path).read()
    body = text[text.index("enum %s {" % enum):]
    body = body[body.index("{") + 1:body.index("}")]
    names = [l.split(",")[0].split("=")[0].strip() for l in body.splitlines()]
    names = [n for n in names if n and not n.startswith(("/*", "*"))]
    return next(i for i, n in enumerate(names) if n.startswith("__"))


# include/uapi/linux/lvs.h
(CMD_NEW_SERVICE, CMD_SET_SERVICE, CMD_DEL_SERVICE, CMD_GET_SERVICE, CMD_NEW_DEST, CMD_SET_DEST,
 CMD_DEL_DEST, CMD_GET_DEST, CMD_FLUSH, CMD_SET_TIMEOUTS, CMD_GET_TIMEOUTS, CMD_GET_CONN, CMD_ZERO,
 CMD_GET_INFO) = range(1, 15)
A_SERVICE, A_DEST, A_TIMEOUTS, A_CONN, A_INFO_VERSION, A_INFO_CONNS, A_INFO_DROPS, A_OP, \
    A_OP_CMD = range(1, 10)
CMD_RESTORE, CMD_DEL_CONN, CMD_CONN_EVENT = 15, 16, 17
CMD_FIRST_UNKNOWN = uapi_count("lvs_cmd")
A_MAX = uapi_count("lvs_attr") - 1
(S_AF, S_PROTOCOL, S_ADDR, S_PORT, S_SCHED, S_FLAGS, S_TIMEOUT, S_NETMASK, S_STATS,
 S_FWMARK, S_PAD) = range(1, 12)
(D_AF, D_ADDR, D_PORT, D_FWD, D_WEIGHT, D_UTHRESH, D_LTHRESH, D_ACTIVE, D_INACT, D_PERSIST,
 D_STATS, D_PAD) = range(1, 13)
STATE_TCP_ESTABLISHED, STATE_UDP, TIMEOUT_ATTR_MAX = 1, 11, 11
TIMEOUT_MAX = 30 * 24 * 3600


def attr(t, data):
    hdr = struct.pack("=HH", 4 + len(data), t)
    return hdr + data + b"\0" * (-len(data) % 4)


def nest(t, *parts, flag=True):
    return attr(t | (NLA_F_NESTED if flag else 0), b"".join(parts))


def u16(t, v):
    return attr(t, struct.pack("=H", v))


def u32(t, v):
    return attr(t, struct.pack("=I", v))


def be16(t, v):
    return attr(t, struct.pack(">H", v))


def string(t, s):
    return attr(t, s.encode() + b"\0")


class Genl:
    def __init__(self, name="LVS"):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(270, NETLINK_EXT_ACK, 1)   # SOL_NETLINK
        self.s.setsockopt(270, NETLINK_CAP_ACK, 1)
        self.s.settimeout(5)
        self.s.bind((0, 0))
        self.seq = 0
        err, _, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       string(CTRL_ATTR_FAMILY_NAME, name), version=1)
        if err:
            raise SystemExit("family %s not found: %s" % (name, os.strerror(-err)))
        self.family = None
        for body in replies:
            for t, v in self.attrs(body[4:]):
                if t == CTRL_ATTR_FAMILY_ID:
                    self.family = struct.unpack("=H", v[:2])[0]

    @staticmethod
    def attrs(buf):
        off = 0
        while off + 4 <= len(buf):
            ln, t = struct.unpack_from("=HH", buf, off)
            if ln < 4:
                break
            yield t & 0x3fff, buf[off + 4:off + ln]
            off += (ln + 3) & ~3

    def send_raw(self, msg_type, flags, payload):
        self.seq += 1
        hdr = struct.pack("=IHHII", 16 + len(payload), msg_type, flags, self.seq, 0)
        self.s.send(hdr + payload)
        return self.seq

    def request(self, family, cmd, payload=b"", version=1, flags=NLM_F_REQUEST | NLM_F_ACK):
        """Returns (error, extack dict, data replies); error 0 on success."""
        seq = self.send_raw(family, flags, struct.pack("=BBH", cmd, version, 0) + payload)
        replies = []
        for _ in range(100000):
            data = self.s.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                ln, typ, fl, rseq, _pid = struct.unpack_from("=IHHII", data, off)
                body = data[off + 16:off + ln]
                off += (ln + 3) & ~3
                if rseq != seq:
                    continue
                if typ == NLMSG_ERROR:
                    err = struct.unpack_from("=i", body)[0]
                    ext = {}
                    if fl & NLM_F_ACK_TLVS:
                        # The request follows the error code: whole, or its header if capped.
                        inner = struct.unpack_from("=I", body, 4)[0]
                        start = 4 + (16 if fl & NLM_F_CAPPED else ((inner + 3) & ~3))
                        for t, v in self.attrs(body[start:]):
                            ext[t] = v
                    return err, ext, replies
                if typ == NLMSG_DONE:
                    return 0, {}, replies
                replies.append(body)
        raise RuntimeError("no answer")

    def lvs(self, cmd, payload=b"", **kw):
        return self.request(self.family, cmd, payload, **kw)


def svc_key(addr, port, proto=socket.IPPROTO_TCP):
    return [u16(S_AF, socket.AF_INET), u16(S_PROTOCOL, proto),
            attr(S_ADDR, socket.inet_aton(addr)), be16(S_PORT, port)]


def svc(addr, port, *extra, flag=True):
    return nest(A_SERVICE, *svc_key(addr, port), *extra, flag=flag)


def dest(addr, *extra, port=0, flag=True):
    return nest(A_DEST, attr(D_ADDR, socket.inet_aton(addr)), be16(D_PORT, port), *extra, flag=flag)


results = []


def report(ok, name, detail):
    results.append(ok)
    print("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail))


def describe(err, ext):
    s = errno.errorcode.get(-err, str(err))
    if NLMSGERR_ATTR_MSG in ext:
        s += ' "%s"' % ext[NLMSGERR_ATTR_MSG].rstrip(b"\0").decode(errors="replace")
    if NLMSGERR_ATTR_MISS_TYPE in ext:
        s += " missing attribute %d" % struct.unpack("=I", ext[NLMSGERR_ATTR_MISS_TYPE][:4])[0]
    return s


def expect_error(g, name, cmd, payload, extack=True, errnos=None):
    """The request must fail; with extack, the ack must explain (message or missing attribute)."""
    err, ext, _ = g.lvs(cmd, payload)
    if err >= 0:
        report(False, name, "accepted")
    elif errnos and -err not in errnos:
        report(False, name, "wrong error " + describe(err, ext))
    elif extack and NLMSGERR_ATTR_MSG not in ext and NLMSGERR_ATTR_MISS_TYPE not in ext:
        report(False, name, "no extack message: " + describe(err, ext))
    else:
        report(True, name, describe(err, ext))


def expect_ok(g, name, cmd, payload=b"", **kw):
    err, ext, replies = g.lvs(cmd, payload, **kw)
    report(err == 0, name, "ok (%d replies)" % len(replies) if err == 0 else describe(err, ext))
    return replies


def valid(addr, port):
    g = Genl()
    expect_ok(g, "add a service", CMD_NEW_SERVICE, svc(addr, port, string(S_SCHED, "rr")))
    expect_ok(g, "add a real server", CMD_NEW_DEST,
              svc(addr, port) + dest("198.51.100.9", u32(D_FWD, 0), u32(D_WEIGHT, 65535)))
    expect_ok(g, "delete the service", CMD_DEL_SERVICE, svc(addr, port))
    fwm = (u16(S_AF, socket.AF_INET6), u32(S_FWMARK, 77))
    expect_ok(g, "add a persistent IPv6 fwmark service", CMD_NEW_SERVICE,
              nest(A_SERVICE, *fwm, u32(S_FLAGS, 1), u32(S_TIMEOUT, 60), u32(S_NETMASK, 64)))
    expect_ok(g, "delete it", CMD_DEL_SERVICE, nest(A_SERVICE, *fwm))


def bad(addr, port, rs):
    g = Genl()
    E = errno
    key = svc_key(addr, port)
    S = lambda *extra, **kw: svc(addr, port, *extra, **kw)
    other = 8081  # a service port that does not exist
    for cmd in (0, CMD_FIRST_UNKNOWN, CMD_FIRST_UNKNOWN + 1, 100, 255):
        expect_error(g, "unknown command %d" % cmd, cmd, S(), extack=False,
                     errnos={E.EOPNOTSUPP})
    expect_error(g, "unknown top-level attribute %d" % (A_MAX + 1), CMD_NEW_SERVICE,
                 svc(addr, other) + u32(A_MAX + 1, 1))
    expect_error(g, "unknown top-level attribute 300", CMD_SET_SERVICE, S() + u32(300, 1))
    expect_error(g, "unknown service attribute 12", CMD_SET_SERVICE, S(u32(12, 1)))
    expect_error(g, "unknown service attribute 200", CMD_NEW_SERVICE, svc(addr, other, u32(200, 1)))
    expect_error(g, "unknown real server attribute 13", CMD_SET_DEST, S() + dest(rs, u32(13, 1)))
    expect_error(g, "unknown timeout attribute 12", CMD_SET_TIMEOUTS,
                 nest(A_TIMEOUTS, u32(12, 60)))
    # Wrong types and lengths.
    k = lambda af=u16(S_AF, socket.AF_INET), pr=u16(S_PROTOCOL, 6), \
        ad=attr(S_ADDR, socket.inet_aton(addr)), po=be16(S_PORT, other): nest(A_SERVICE, af, pr, ad, po)
    expect_error(g, "AF as 1 byte", CMD_NEW_SERVICE, k(af=attr(S_AF, b"\x02")))
    expect_error(g, "protocol as 1 byte", CMD_NEW_SERVICE, k(pr=attr(S_PROTOCOL, b"\x06")))
    expect_error(g, "port as 1 byte", CMD_NEW_SERVICE, k(po=attr(S_PORT, b"\x50")))
    expect_error(g, "port as 4 bytes", CMD_NEW_SERVICE, k(po=u32(S_PORT, 80)))
    expect_error(g, "address of 5 bytes", CMD_NEW_SERVICE, k(ad=attr(S_ADDR, b"\xcb\x00\x71\x05\x00")))
    expect_error(g, "address of 17 bytes", CMD_NEW_SERVICE, k(ad=attr(S_ADDR, bytes(17))))
    expect_error(g, "address of 0 bytes", CMD_NEW_SERVICE, k(ad=attr(S_ADDR, b"")))
    expect_error(g, "AF_INET6 with a 4-byte address", CMD_NEW_SERVICE,
                 k(af=u16(S_AF, socket.AF_INET6)))
    expect_error(g, "AF 99", CMD_NEW_SERVICE, k(af=u16(S_AF, 99)))
    expect_error(g, "protocol SCTP", CMD_NEW_SERVICE, k(pr=u16(S_PROTOCOL, 132)))
    expect_error(g, "service port 0", CMD_NEW_SERVICE, k(po=be16(S_PORT, 0)))
    expect_error(g, "flags as u16", CMD_SET_SERVICE, S(u16(S_FLAGS, 0)))
    expect_error(g, "weight as u16", CMD_SET_DEST, S() + dest(rs, u16(D_WEIGHT, 1)))
    expect_error(g, "weight as 1 byte", CMD_SET_DEST, S() + dest(rs, attr(D_WEIGHT, b"\x01")))
    expect_error(g, "real server address of 5 bytes", CMD_NEW_DEST,
                 S() + nest(A_DEST, attr(D_ADDR, bytes(5)), be16(D_PORT, 80)))
    expect_error(g, "real server AF_INET6 with a 4-byte address", CMD_NEW_DEST,
                 S() + dest("198.51.100.10", u16(D_AF, socket.AF_INET6)))
    expect_error(g, "forwarding method 3", CMD_SET_DEST, S() + dest(rs, u32(D_FWD, 3)))
    expect_error(g, "forwarding method 0xffffffff", CMD_SET_DEST, S() + dest(rs, u32(D_FWD, 0xffffffff)))
    # Missing required attributes.
    expect_error(g, "new service without SERVICE", CMD_NEW_SERVICE, b"")
    for i, name in enumerate(("AF", "PROTOCOL", "ADDR", "PORT")):
        parts = svc_key(addr, other)
        del parts[i]
        expect_error(g, "service without " + name, CMD_NEW_SERVICE, nest(A_SERVICE, *parts))
    expect_error(g, "empty SERVICE nest", CMD_DEL_SERVICE, nest(A_SERVICE))
    expect_error(g, "new real server without DEST", CMD_NEW_DEST, S())
    expect_error(g, "real server without ADDR", CMD_NEW_DEST, S() + nest(A_DEST, be16(D_PORT, 80)))
    expect_error(g, "real server without PORT", CMD_NEW_DEST,
                 S() + nest(A_DEST, attr(D_ADDR, socket.inet_aton("198.51.100.10"))))
    expect_error(g, "real server without SERVICE", CMD_NEW_DEST, dest("198.51.100.10"))
    expect_error(g, "set timeouts without TIMEOUTS", CMD_SET_TIMEOUTS, b"")
    # Wrongly nested: real server attributes in the SERVICE nest, service ones in DEST, nests
    # without NLA_F_NESTED, a nest where a scalar belongs.
    expect_error(g, "inactive conns inside the SERVICE nest", CMD_SET_DEST,
                 nest(A_SERVICE, *key, u32(D_INACT, 5)) + dest(rs))
    expect_error(g, "l_threshold inside the SERVICE nest", CMD_SET_DEST,
                 nest(A_SERVICE, *key, u32(D_LTHRESH, 5)) + dest(rs))
    expect_error(g, "fwd method inside the SERVICE nest", CMD_SET_DEST,
                 nest(A_SERVICE, *key, u32(D_FWD, 0)) + dest(rs))
    expect_error(g, "service key inside the DEST nest", CMD_NEW_DEST,
                 S() + nest(A_DEST, *key))
    expect_error(g, "SERVICE nest inside the DEST nest", CMD_NEW_DEST, S() + nest(A_DEST, S()))
    expect_error(g, "SERVICE nest without NLA_F_NESTED", CMD_NEW_SERVICE,
                 svc(addr, other, flag=False))
    expect_error(g, "SERVICE as a u32", CMD_NEW_SERVICE, u32(A_SERVICE, 1))
    expect_error(g, "address as a nest", CMD_NEW_SERVICE,
                 nest(A_SERVICE, u16(S_AF, 2), u16(S_PROTOCOL, 6),
                      nest(S_ADDR, attr(1, socket.inet_aton(addr))), be16(S_PORT, other)))
    # Strings.
    expect_error(g, "scheduler name of 100 bytes", CMD_SET_SERVICE, S(string(S_SCHED, "r" * 100)))
    expect_error(g, "scheduler name of 16 bytes", CMD_SET_SERVICE, S(string(S_SCHED, "w" * 16)))
    expect_error(g, "scheduler name without NUL", CMD_SET_SERVICE, S(attr(S_SCHED, b"rr")))
    expect_error(g, "empty scheduler name", CMD_SET_SERVICE, S(string(S_SCHED, "")),
                 errnos={E.ENOENT, E.EINVAL})
    expect_error(g, "unknown scheduler", CMD_NEW_SERVICE, svc(addr, other, string(S_SCHED, "nosuch")),
                 errnos={E.ENOENT})
    # Numbers out of range.
    for w in (65536, 1 << 31, 0xffffffff):
        expect_error(g, "weight %d" % w, CMD_SET_DEST, S() + dest(rs, u32(D_WEIGHT, w)))
    for state in (STATE_TCP_ESTABLISHED, STATE_UDP):
        for t in (0, TIMEOUT_MAX + 1, 0xffffffff):
            expect_error(g, "timeout of state %d = %d" % (state, t), CMD_SET_TIMEOUTS,
                         nest(A_TIMEOUTS, u32(state, t)))
    expect_error(g, "a good and a bad timeout in one request", CMD_SET_TIMEOUTS,
                 nest(A_TIMEOUTS, u32(STATE_UDP, 7), u32(STATE_TCP_ESTABLISHED, 0)))
    expect_error(g, "timeout attribute 0", CMD_SET_TIMEOUTS, nest(A_TIMEOUTS, u32(0, 60)))
    for t in (0, TIMEOUT_MAX + 1, 0xffffffff):
        expect_error(g, "persistence timeout %d" % t, CMD_NEW_SERVICE, svc(addr, other, u32(S_TIMEOUT, t)))
    expect_error(g, "persistence netmask 33 for IPv4", CMD_NEW_SERVICE,
                 svc(addr, other, u32(S_NETMASK, 33)))
    expect_error(g, "persistence netmask 129", CMD_SET_SERVICE, S(u32(S_NETMASK, 129)))
    for f in (4, 1 << 31, 0xffffffff):
        expect_error(g, "service flags 0x%x" % f, CMD_SET_SERVICE, S(u32(S_FLAGS, f)))
    expect_error(g, "one-packet scheduling on a TCP service", CMD_SET_SERVICE, S(u32(S_FLAGS, 2)))
    # Read-only and reserved attributes.
    expect_error(g, "service statistics written", CMD_SET_SERVICE, S(nest(S_STATS, u32(1, 0))))
    expect_error(g, "fwmark service with protocol, address and port", CMD_NEW_SERVICE,
                 svc(addr, other, u32(S_FWMARK, 1)))
    expect_error(g, "fwmark 0", CMD_NEW_SERVICE,
                 nest(A_SERVICE, u16(S_AF, socket.AF_INET), u32(S_FWMARK, 0)))
    expect_error(g, "fwmark service of AF 99", CMD_NEW_SERVICE,
                 nest(A_SERVICE, u16(S_AF, 99), u32(S_FWMARK, 5)), errnos={E.EAFNOSUPPORT})
    expect_error(g, "delete a missing fwmark service", CMD_DEL_SERVICE,
                 nest(A_SERVICE, u16(S_AF, socket.AF_INET), u32(S_FWMARK, 5)), errnos={E.ESRCH})
    expect_error(g, "active connection count written", CMD_SET_DEST, S() + dest(rs, u32(D_ACTIVE, 5)))
    expect_error(g, "real server statistics written", CMD_SET_DEST, S() + dest(rs, nest(D_STATS)))
    expect_error(g, "a connection written", CMD_NEW_SERVICE, svc(addr, other) + nest(A_CONN))
    for t in (A_INFO_VERSION, A_INFO_CONNS):
        expect_error(g, "info attribute %d written" % t, CMD_ZERO, u32(t, 0))
    expect_error(g, "drops written", CMD_ZERO, nest(A_INFO_DROPS))
    # Huge numbers of attributes and deep nesting.
    expect_error(g, "4000 unknown top-level attributes", CMD_SET_SERVICE,
                 S() + b"".join(u32(A_MAX + 1, i) for i in range(4000)))
    expect_error(g, "3000 unknown attributes in the SERVICE nest", CMD_SET_SERVICE,
                 S(*[u32(S_PAD + 1, i) for i in range(3000)]))
    expect_error(g, "2000 repeated DEST nests with a bad weight last", CMD_SET_DEST,
                 S() + b"".join(dest(rs) for _ in range(2000)) + dest(rs, u32(D_WEIGHT, 70000)))
    deep = attr(S_AF, b"\x02\x00")
    for _ in range(1000):
        deep = nest(S_ADDR, deep)
    expect_error(g, "1000 nests deep in the SERVICE nest", CMD_NEW_SERVICE,
                 nest(A_SERVICE, u16(S_AF, 2), u16(S_PROTOCOL, 6), be16(S_PORT, other), deep))
    expect_error(g, "attribute length past the message", CMD_SET_SERVICE,
                 S() + struct.pack("=HH", 200, A_DEST))
    expect_error(g, "nested attribute length past its nest", CMD_SET_SERVICE,
                 nest(A_SERVICE, *key, struct.pack("=HH", 64, S_SCHED)))
    expect_error(g, "attribute length 2", CMD_SET_SERVICE, S() + struct.pack("=HH", 2, 1))
    # Atomic restore: bad ops are refused, and a batch that fails part-way leaves nothing behind
    # (the configuration comparison after this run checks the rollback).
    op = lambda cmd, *parts: nest(A_OP, attr(A_OP_CMD, bytes([cmd])), *parts)
    good_new = op(CMD_NEW_SERVICE, svc(addr, other))
    expect_error(g, "restore: op command 200", CMD_RESTORE, op(200, S()))
    expect_error(g, "restore: op command GET_INFO", CMD_RESTORE, op(CMD_GET_INFO))
    expect_error(g, "restore: op command RESTORE", CMD_RESTORE, op(CMD_RESTORE, op(CMD_FLUSH)))
    expect_error(g, "restore: op without a command", CMD_RESTORE, nest(A_OP, svc(addr, other)))
    expect_error(g, "restore: op command as u32", CMD_RESTORE,
                 nest(A_OP, u32(A_OP_CMD, CMD_FLUSH)))
    expect_error(g, "restore: a good op, then an unknown attribute", CMD_RESTORE,
                 good_new + op(CMD_NEW_DEST, svc(addr, other), dest(rs), u32(A_MAX + 1, 0)))
    expect_error(g, "restore: a new service, then the same again (rolled back)", CMD_RESTORE,
                 good_new + good_new, errnos={E.EEXIST})
    expect_error(g, "restore: delete the service, then a weight of 70000 (rolled back)", CMD_RESTORE,
                 op(CMD_DEL_SERVICE, S()) + op(CMD_NEW_DEST, svc(addr, other), dest(rs, u32(D_WEIGHT, 70000))))
    expect_error(g, "restore: flush, timeouts, then a missing service (rolled back)", CMD_RESTORE,
                 op(CMD_FLUSH) + op(CMD_SET_TIMEOUTS, nest(A_TIMEOUTS, u32(STATE_UDP, 7))) +
                 op(CMD_DEL_SERVICE, svc(addr, other)), errnos={E.ESRCH})
    expect_error(g, "restore: 1000 good ops, then a bad one (rolled back)", CMD_RESTORE,
                 b"".join(op(CMD_SET_DEST, S(), dest(rs, u32(D_WEIGHT, 1 + i % 100))) for i in range(1000)) +
                 op(CMD_SET_DEST, S(), dest(rs, u32(D_WEIGHT, 65536))))
    # Semantic errors.
    expect_error(g, "duplicate service", CMD_NEW_SERVICE, S(), extack=False, errnos={E.EEXIST})
    expect_error(g, "duplicate real server", CMD_NEW_DEST, S() + dest(rs, port=port), extack=False,
                 errnos={E.EEXIST})
    expect_error(g, "real server of a missing service", CMD_NEW_DEST, svc(addr, other) + dest(rs),
                 errnos={E.ESRCH})
    expect_error(g, "edit a missing real server", CMD_SET_DEST, S() + dest("198.51.100.11"),
                 extack=False, errnos={E.ENOENT})
    expect_error(g, "delete a missing service", CMD_DEL_SERVICE, svc(addr, other),
                 errnos={E.ESRCH})
    expect_error(g, "get a missing service", CMD_GET_SERVICE, svc(addr, other), errnos={E.ESRCH})


def rand(seed, n):
    """Random commands (valid and not), flags, versions and bytes; every one must be refused.
    The payload always starts with bytes that are not a sound attribute list, so that a command
    like FLUSH that takes no attributes is refused too, not executed."""
    g = Genl()
    r = random.Random(seed)
    for i in range(n):
        cmd = r.choice([r.randrange(256), r.randrange(1, 15)])
        kind = r.randrange(4)
        if kind == 0:      # random bytes
            body = bytes(r.randrange(256) for _ in range(r.randrange(1, 200)))
        elif kind == 1:    # random attributes with random types, lengths, contents
            body = b"".join(attr(r.randrange(0x10000), bytes(r.randrange(256) for _ in
                                                              range(r.randrange(0, 40))))
                            for _ in range(r.randrange(1, 20)))
        elif kind == 2:    # a valid service nest with random bytes spliced in
            b = bytearray(svc("203.0.113.5", 80, string(S_SCHED, "wrr")))
            for _ in range(r.randrange(1, 6)):
                b[r.randrange(len(b))] = r.randrange(256)
            body = bytes(b)
        else:              # random attributes inside random nests
            inner = b"".join(attr(r.randrange(1, 16), bytes(r.randrange(256) for _ in
                                                            range(r.randrange(0, 20))))
                             for _ in range(r.randrange(1, 8)))
            body = nest(r.randrange(1, 9), inner, flag=r.random() < 0.7)
        # A truncated attribute header at the end makes any payload unparsable.
        body += b"\xff\xff"[:r.randrange(1, 3)] if r.random() < 0.5 else struct.pack("=HH", 1000, 1)
        version = r.choice([1, 1, 0, 2, 255])
        err, ext, _ = g.lvs(cmd, body, version=version)
        name = "random %d cmd %d kind %d len %d" % (i, cmd, kind, len(body))
        if err >= 0:
            report(False, name, "accepted")
        else:
            report(True, name, describe(err, ext))


def unpriv(addr, port):
    g = Genl()
    E = errno
    req = svc(addr, port, string(S_SCHED, "rr"))
    expect_error(g, "unprivileged new service", CMD_NEW_SERVICE, req, extack=False, errnos={E.EPERM})
    expect_error(g, "unprivileged flush", CMD_FLUSH, b"", extack=False, errnos={E.EPERM})
    expect_error(g, "unprivileged zero", CMD_ZERO, b"", extack=False, errnos={E.EPERM})
    expect_error(g, "unprivileged restore", CMD_RESTORE,
                 nest(A_OP, attr(A_OP_CMD, bytes([CMD_FLUSH]))), extack=False, errnos={E.EPERM})
    expect_error(g, "unprivileged set timeouts", CMD_SET_TIMEOUTS, nest(A_TIMEOUTS, u32(STATE_UDP, 9)),
                 extack=False, errnos={E.EPERM})
    # The family checks the right before it looks at the payload: each command, empty, as a request
    # and as a dump (CONN_EVENT is only an event; the kernel has no such request).
    for cmd in range(CMD_NEW_SERVICE, CMD_FIRST_UNKNOWN):
        if cmd == CMD_CONN_EVENT:
            continue
        for kind, flags in (("", NLM_F_REQUEST | NLM_F_ACK), (" dump", NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)):
            err, ext, _ = g.lvs(cmd, b"", flags=flags)
            report(-err == E.EPERM, "unprivileged command %d%s" % (cmd, kind),
                   describe(err, ext) if err else "accepted")


def main():
    mode = sys.argv[1]
    if mode == "valid":
        valid(sys.argv[2], int(sys.argv[3]))
    elif mode == "bad":
        bad(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif mode == "random":
        rand(int(sys.argv[2]), int(sys.argv[3]))
    elif mode == "unpriv":
        unpriv(sys.argv[2], int(sys.argv[3]))
    print("total %d" % len(results))


if __name__ == "__main__":
    main()
