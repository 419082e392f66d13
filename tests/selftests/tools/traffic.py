#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Background traffic for test_churn.sh: for SECS seconds (bounded), alternate TCP requests to each
TCP target (the server answers a line and closes) and UDP datagrams to each UDP target (it answers a
line), tolerating failures (services come and go). Writes a JSON summary to OUT when done:
{"tcp_ok":N,"tcp_fail":N,"udp_ok":N,"udp_fail":N,"answers":{"rs1":N,...}}

usage: traffic.py SECS OUT ADDR tcp:PORT|udp:PORT...
"""
import json
import socket
import sys
import time


def tcp(addr, port):
    with socket.create_connection((addr, port), timeout=3) as s:
        data = b""
        while True:
            chunk = s.recv(256)
            if not chunk:
                return data.decode().strip()
            data += chunk


def udp(addr, port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.connect((addr, port))
        s.send(b"ping\n")
        return s.recv(256).decode().strip()


def main():
    secs, out, addr = float(sys.argv[1]), sys.argv[2], sys.argv[3]
    targets = [(t.split(":")[0], int(t.split(":")[1])) for t in sys.argv[4:]]
    res = {"tcp_ok": 0, "tcp_fail": 0, "udp_ok": 0, "udp_fail": 0, "answers": {}}
    end = time.monotonic() + secs
    for _ in range(1000000):
        if time.monotonic() >= end:
            break
        for proto, port in targets:
            try:
                answer = (tcp if proto == "tcp" else udp)(addr, port)
                res[proto + "_ok"] += 1
                res["answers"][answer] = res["answers"].get(answer, 0) + 1
            except OSError:
                res[proto + "_fail"] += 1
                time.sleep(0.01)
    with open(out + ".tmp", "w") as f:
        json.dump(res, f)
    import os
    os.rename(out + ".tmp", out)


if __name__ == "__main__":
    main()
