#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SYN flood defence: 200,000 SYNs from spoofed documentation-range sources and random ports at a NAT
# service whose real server never answers, ten times what the table holds (max_conns 20,000), so every
# entry would sit in SYN_SENT. The table stops at max_conns; a SYN that finds it full makes room by
# evicting a half-open entry from a few random buckets, and is dropped (counted as conn_limit, logged
# "lvs: table full, dropping packet") only when those held none. A connection established before the
# flood keeps echoing during and after it, and new real clients get through while it runs. On the debug
# kernel a tenth of both (2,000 and 20,000): the same ratio, and its memory checks, in a tenth of the time.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd cc
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

LIMIT=20000
FLOOD=200000
debug_kernel && LIMIT=2000 FLOOD=20000
max_conns() { lvsadm --show-config | sed -n 's/^max_conns=//p'; }

# The default holds 1,000,000 connections per 3 GB of RAM (1/8 of RAM's worth), all namespaces too.
def=$(max_conns)
want=$(awk '/^MemTotal:/ { printf "%d", $2 * 1024 / 3221225472 * 1000000 }' /proc/meminfo)
[ "${def:-0}" -ge "$want" ] && ok "max_conns defaults to a RAM-sized limit ($def >= $want)" ||
	not_ok "max_conns defaults to a RAM-sized limit" "got '$def', want >= $want"
total=$(cat /sys/module/lvs/parameters/max_conns_total 2>/dev/null)
[ "${total:-0}" -ge "$want" ] && ok "max_conns_total defaults to a RAM-sized limit ($total)" ||
	not_ok "max_conns_total defaults to a RAM-sized limit" "got '$total', want >= $want"
check lvsadm --set-config max_conns=$LIMIT
check_eq "max_conns is set at run time" $LIMIT "$(max_conns)"

tmp=$(mktemp -d)
cc -O2 -o "$tmp/synflood" "$LVS_TOP/tests/selftests/tools/synflood.c" ||
	{ not_ok "build tools/synflood.c"; exit 1; }

# The dead real server swallows every packet, so the flood's entries never leave SYN_SENT.
topo_dead_server || not_ok "dead real server"
check lvsadm -A -t $VIP:80 -s rr
check lvsadm -a -t $VIP:80 -r $DEAD_RS_IP:80 -m

# The echo service and a client holding one connection: it echoes every 0.1 s until told to stop, counts
# its round trips and those made while the flood ran, and marks the first of those.
ip netns exec $NS_RS1 socat TCP4-LISTEN:7,bind=$RS1_IP,reuseaddr,fork EXEC:cat >/dev/null 2>&1 &
_pids+=($!)
wait_until 30 _listening $! tcp 7 || not_ok "echo server listening"
check lvsadm -A -t $VIP:7 -s rr
check lvsadm -a -t $VIP:7 -r $RS1_IP -m
ns_exec $NS_CLIENT /usr/bin/python3 -c '
import os, socket, sys, time
d = sys.argv[2]
s = socket.create_connection((sys.argv[1], 7), timeout=5)
n = during = after = 0
res = "ok"
try:
    for i in range(12000):  # <= 20 min, a bound: the flood takes seconds to minutes
        if os.path.exists(d + "/stop"):
            break
        flooding = os.path.exists(d + "/flooding")
        msg = b"m%d" % i
        s.sendall(msg)
        got = b""
        while len(got) < len(msg):
            chunk = s.recv(64)
            if not chunk:
                raise OSError("closed")
            got += chunk
        if got != msg:
            raise OSError("echoed %r for %r" % (got, msg))
        n += 1
        if flooding:
            during += 1
            open(d + "/echoed-during", "w").close()
        elif os.path.exists(d + "/after"):
            after += 1
            open(d + "/echoed-after", "w").close()
        if n == 1:
            open(d + "/connected", "w").close()
        time.sleep(0.1)
except OSError as e:
    res = "fail: %s" % e
open(d + "/result", "w").write("%s %d %d %d" % (res, n, during, after))' $VIP "$tmp" &
_pids+=($!)
wait_until 60 test -e "$tmp/connected" && ok "held connection established" || not_ok "held connection established"

info() { # KEY...: conns and drop counters from the JSON listing
	lvsadm -L -n -j | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
print(" ".join(str(j["conns"]) if k == "conns" else str(j["drops"][k]) for k in sys.argv[1:]))' "$@"
}
read -r conns0 limit0 <<<"$(info conns conn_limit)"
# The flood must outlast no entry: a loaded guest can take longer than SYN_SENT's 60 s.
check lvsadm --set-timeout syn_sent=900

full_logs() { dmesg | sed -n "/$_marker/,\$p" | grep -c 'lvs: table full, dropping packet'; }
logs0=$(full_logs)
fresh() { # a new client: handshake with the live echo server, one round trip (20 s: its SYN retries, on the debug kernel)
	ns_exec $NS_CLIENT timeout 20 bash -c 'exec 3<>"/dev/tcp/$0/7" && echo "$1" >&3 && head -n1 <&3' $VIP "$1"
}
table_full() { [ "$(info conns)" -ge $((LIMIT * 9 / 10)) ]; }

touch "$tmp/flooding"
t0=${EPOCHREALTIME/./}
ns_exec $NS_CLIENT "$tmp/synflood" $VIP 80 $FLOOD 42 >"$tmp/flood.out" 2>&1 &
flood=$!
# New real clients while the flood runs on a full table: each must find room.
if wait_until 120 table_full; then
	fresh_ok=0
	for i in 1 2 3; do
		[ "$(fresh "fresh$i")" = "fresh$i" ] && fresh_ok=$((fresh_ok + 1))
	done
	kill -0 $flood 2>/dev/null && still=yes || still=no
	[ $fresh_ok = 3 ] && ok "new clients served on a full table during the flood (3/3, flood still running: $still)" ||
		not_ok "new clients served on a full table during the flood" "$fresh_ok/3"
else
	not_ok "the flood fills the table" "$(info conns) connections"
fi
wait $flood
rc=$?
out=$(cat "$tmp/flood.out")
t1=${EPOCHREALTIME/./}
# With the table full, one round trip of the held connection while the flood state persists.
wait_until 5 test -e "$tmp/echoed-during"
rm -f "$tmp/flooding"
touch "$tmp/after"
check_eq "synflood sent $FLOOD SYNs ($(((t1 - t0) / 1000)) ms)" "0 sent $FLOOD" "$rc $out"

read -r conns drops <<<"$(info conns conn_limit)"
echo "# conns $conns0 -> $conns (max_conns $LIMIT), conn_limit drops $limit0 -> $drops"
[ "${conns:-0}" -le $LIMIT ] && ok "connection table stays within max_conns ($conns <= $LIMIT)" ||
	not_ok "connection table stays within max_conns" "$conns > $LIMIT"
[ "${conns:-0}" -ge $((LIMIT * 9 / 10)) ] && ok "the flood filled the table ($conns)" ||
	not_ok "the flood filled the table" "only $conns connections"
# Most SYNs past the limit found a half-open entry to evict; the rest were dropped, counted, logged.
[ "$((${drops:-0} - ${limit0:-0}))" -ge 1 ] && [ "$((${drops:-0} - ${limit0:-0}))" -lt $((FLOOD / 10)) ] &&
	ok "SYNs refused for a full table are few and counted as conn_limit drops (+$((drops - limit0)))" ||
	not_ok "SYNs refused for a full table are few and counted as conn_limit drops" "$limit0 -> $drops"
logs=$(full_logs)
[ "$logs" -gt "$logs0" ] && ok "the kernel log says the table is full ($((logs - logs0)) lines, rate-limited)" ||
	not_ok "the kernel log says the table is full" "no 'lvs: table full, dropping packet'"
syn=$(lvsadm -L -c -n | grep -c 'SYN_SENT')
[ "$syn" -ge $((LIMIT * 9 / 10)) ] && ok "flood entries sit in SYN_SENT ($syn)" ||
	not_ok "flood entries sit in SYN_SENT" "$syn"

# The held connection echoed all along, and still does after the flood.
wait_until 10 test -e "$tmp/echoed-after"
touch "$tmp/stop"
wait_until 10 test -s "$tmp/result"
read -r res n during after <"$tmp/result"
[ "$res" = ok ] && [ "${during:-0}" -ge 1 ] && [ "${after:-0}" -ge 1 ] &&
	ok "established connection kept echoing during ($during) and after the flood ($after; $n in all)" ||
	not_ok "established connection kept echoing during and after the flood" "$(cat "$tmp/result")"

# A limit of 0 set at run time lifts it: a new connection succeeds even with a full table.
check lvsadm --set-config max_conns=0
check_eq "new connection once the limit is lifted" echoed \
	"$(ns_exec $NS_CLIENT timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/7" && echo echoed >&3 && head -n1 <&3' $VIP)"
rm -rf "$tmp"
