#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Requests in turn from one process (a process a request costs a loaded guest seconds), one for each
line "SRC CPORT DST PORT" of stdin (CPORT 0: any), each from a new socket bound to SRC:CPORT with
SO_REUSEADDR (a fixed CPORT may still be in TIME_WAIT from an earlier run). Prints what answered each,
stripped, and a space; "-" for no answer. TCP reads until the server closes; UDP sends "ping" and takes
one datagram. At most 15 s a request.

usage: requests.py [--udp] [--first-line] [--twice]
  --first-line  close after the first line, for a server that echoes until the client closes (the
                client never half-closes first: socat would close half a second after that FIN, and
                lose an answer a loaded guest's shell had not written yet)
  --twice       ask once more when nothing answered: a refusal is quick, and a request lost to a slow
                guest must not look like one
"""
import socket
import sys

FLAGS = {"--udp", "--first-line", "--twice"}


def ask(src, cport, dst, port, udp, first_line):
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
    got = b""
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.settimeout(15)
        s.bind((src, cport))
        s.connect((dst, port))
        if udp:
            s.send(b"ping\n")
            got = s.recv(100)
        else:
            while not (first_line and b"\n" in got):
                b = s.recv(100)
                if not b:
                    break
                got += b
    except OSError:
        pass
    s.close()
    return got.decode().strip()


def main():
    flags = set(sys.argv[1:])
    if flags - FLAGS:
        sys.exit("usage: requests.py [--udp] [--first-line] [--twice]")
    out = ""
    for line in sys.stdin:
        src, cport, dst, port = line.split()
        args = (src, int(cport), dst, int(port), "--udp" in flags, "--first-line" in flags)
        got = ask(*args)
        if not got and "--twice" in flags:
            got = ask(*args)
        out += (got or "-") + " "
    print(out)


main()
