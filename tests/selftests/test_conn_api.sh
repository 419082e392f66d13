#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The connection API against real traffic: -L -c filters list exactly the matching entries, --del-conn
# deletes by tuple and by filter (and refuses no filter, bad filters and unprivileged callers, deleting
# nothing), a deleted TCP flow's next packet is reset by the director, --monitor reports new, state and
# destroy events (text and JSON) and is closed to unprivileged users, --set-timeout sets any state's
# timeout and --timeout -j shows them all.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd setpriv
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

T=$(mktemp -d /tmp/lvs-conn-api.XXXXXX)
start_tcp_server $NS_RS1 $RS1_IP 80 "rs1; sleep 900"
start_tcp_server $NS_RS2 $RS2_IP 81 rs2
start_udp_server $NS_RS1 $RS1_IP 53 u-rs1
start_udp_server $NS_RS1 $RS1_IP6 53 u6-rs1
lvsadm -R <<EOF
-A -t $VIP:80 -s rr
-a -t $VIP:80 -r $RS1_IP:80 -m
-A -t $VIP:81 -s rr
-a -t $VIP:81 -r $RS2_IP:81 -m
-A -u $VIP:53 -s rr
-a -u $VIP:53 -r $RS1_IP:53 -m
-A -u [$VIP6]:53 -s rr
-a -u [$VIP6]:53 -r [$RS1_IP6]:53 -m
EOF
check_eq "services set up" 4 "$(lvsadm -S -n | grep -c '^-A')"
# A slow guest (the debug kernel beside other guests) takes over ten minutes over what follows: keep the
# TIME_WAIT, CLOSE and UDP entries the deletions below count on until then.
check lvsadm --set-timeout time_wait=3000,close=3000,udp=3000

# hold NAME CPORT: a TCP connection from CLIENT_IP:CPORT to VIP:80, kept open; once $T/go-NAME exists
# it sends a line and writes to $T/NAME what came of it: reset, closed, data or alive (nothing in 5 s).
hold() {
	ns_exec $NS_CLIENT /usr/bin/python3 -c '
import os, socket, sys, time
src, vip, cport, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((src, cport))
s.settimeout(20)
s.connect((vip, 80))
s.recv(100)
print("connected", flush=True)
for _ in range(6000):
    if os.path.exists(go):
        break
    time.sleep(0.1)
s.settimeout(5)
try:
    s.send(b"more\n")
    print("data" if s.recv(100) else "closed", flush=True)
except ConnectionResetError:
    print("reset", flush=True)
except socket.timeout:
    print("alive", flush=True)' $CLIENT_IP $VIP "$2" "$T/go-$1" >"$T/$1" 2>&1 &
	_pids+=($!)
}

# udp_from SRC CPORT DST: one datagram from SRC:CPORT to DST:53, prints the answer.
udp_from() {
	ns_exec $NS_CLIENT /usr/bin/python3 -c '
import socket, sys
src, cport, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET6 if ":" in src else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((src, cport))
s.settimeout(20)
s.sendto(b"ping\n", (dst, 53))
print(s.recv(100).decode().strip())' "$@"
}

# ports [FILTER...]: the client ports of -L -c -n FILTER, sorted, on one line.
ports() {
	lvsadm -L -c -n "$@" | awk 'NR > 2 { n = split($4, a, ":"); print a[n] }' | sort -n | xargs
}
nconns() {
	lvsadm -L -c -n | awk 'NR > 2' | wc -l
}
established() { # CPORT
	[ "$(ports --client $CLIENT_IP:$1 --state ESTABLISHED)" = "$1" ]
}
in_state() { # STATE N: N connections in STATE
	[ "$(ports --state "$1" | wc -w)" = "$2" ]
}

hold a 40001
hold b 40002
wait_until 30 established 40001 && wait_until 30 established 40002 ||
	not_ok "held connections" "$(lvsadm -L -c -n)"
check_eq "request to :81 answered" rs2 "$(tcp_request $NS_CLIENT $VIP 81)"
check_eq "UDP from 40003 answered" u-rs1 "$(udp_from $CLIENT_IP 40003 $VIP)"
check_eq "UDP over IPv6 from 40020 answered" u6-rs1 "$(udp_from $CLIENT_IP6 40020 $VIP6)"
wait_until 30 in_state TIME_WAIT 1 || not_ok ":81 reaches TIME_WAIT" "$(lvsadm -L -c -n)"
lvsadm -L -c -n | sed 's/^/# /'
c81=$(ports -t $VIP:81)

# ---- filters: exactly the matching entries ----
check_eq "no filter lists all five" 5 "$(nconns)"
check_eq "-t VIP:80" "40001 40002" "$(ports -t $VIP:80)"
check_eq "-u VIP:53" "40003" "$(ports -u $VIP:53)"
check_eq "-u [VIP6]:53" "40020" "$(ports -u [$VIP6]:53)"
check_eq "-r RS1" "40001 40002 40003" "$(ports -r $RS1_IP)"
check_eq "-r RS1:53" "40003" "$(ports -r $RS1_IP:53)"
check_eq "-r RS2" "$c81" "$(ports -r $RS2_IP)"
check_eq "--state established (any case)" "40001 40002" "$(ports --state established)"
check_eq "--state TIME_WAIT" "$c81" "$(ports --state TIME_WAIT)"
check_eq "--client ADDR:PORT" "40002" "$(ports --client $CLIENT_IP:40002)"
check_eq "--client ADDR" "$(echo $c81 40001 40002 40003 | xargs -n1 | sort -n | xargs)" \
	"$(ports --client $CLIENT_IP)"
check_eq "--client ADDR6" "40020" "$(ports --client $CLIENT_IP6)"
check_eq "-t VIP:80 --state TIME_WAIT: none" "" "$(ports -t $VIP:80 --state TIME_WAIT)"
check_eq "-t VIP:80 -r RS2: none" "" "$(ports -t $VIP:80 -r $RS2_IP)"
check_eq "every filter at once" "40001" \
	"$(ports -t $VIP:80 -r $RS1_IP:80 --state ESTABLISHED --client $CLIENT_IP:40001)"
check_eq "-j with a filter" "40002 ESTABLISHED $RS1_IP" "$(lvsadm -L -c -j --client $CLIENT_IP:40002 |
	/usr/bin/python3 -c 'import json, sys
c = json.load(sys.stdin)["connections"]
print(" ".join("%d %s %s" % (x["client_port"], x["state"], x["dest_address"]) for x in c))')"
check_fail "Illegal state \`BOGUS' specified" lvsadm -L -c --state BOGUS
check_fail "addresses are of different families" lvsadm -L -c -t $VIP:80 --client $CLIENT_IP6
check_fail "it needs '-c' with the 'list' command" lvsadm -L -r $RS1_IP

# ---- what must delete nothing ----
out=$(ns_exec $NS_DIR setpriv --reuid=nobody --regid=nogroup --clear-groups "$LVSADM" --del-conn --all 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "Permission denied" <<<"$out" && ok "unprivileged --del-conn gets EPERM" ||
	not_ok "unprivileged --del-conn gets EPERM" "exit $rc: $out"
out=$(lvsadm --del-conn 2>&1)
rc=$?
[ $rc = 2 ] && grep -q -- "--all" <<<"$out" && ok "--del-conn without a filter is refused" ||
	not_ok "--del-conn without a filter is refused" "exit $rc: $out"
check_fail "--all deletes every connection: it takes no filter" lvsadm --del-conn --all -t $VIP:80
check_fail "Illegal state \`NOSUCH' specified" lvsadm --del-conn --state NOSUCH
# Bad filters straight over netlink: each must fail with an explanation.
ns_exec $NS_DIR /usr/bin/python3 - "$LVS_TOP/tests/selftests/tools" <<'EOF' | tee "$T/bad" | sed 's/^/# /'
import socket, sys
sys.path.insert(0, sys.argv[1])
from nlfuzz import *
CMD_DEL_CONN = CMD_RESTORE + 1
C_AF, C_PROTO, C_CADDR, C_CPORT, C_VADDR, C_VPORT, C_DADDR, C_DPORT, C_FWD, C_STATE, C_EXPIRES, C_FLAGS = range(1, 13)
g = Genl()
v4 = socket.inet_aton("192.0.2.2")
for name, payload in [
        ("no filter", b""),
        ("address without family", nest(A_CONN, attr(C_CADDR, v4))),
        ("IPv4 family, 16-byte address", nest(A_CONN, u16(C_AF, socket.AF_INET), attr(C_CADDR, bytes(16)))),
        ("unknown family", nest(A_CONN, u16(C_AF, 99))),
        ("ICMP", nest(A_CONN, u16(C_PROTO, socket.IPPROTO_ICMP))),
        ("expiry as a key", nest(A_CONN, u32(C_EXPIRES, 1))),
        ("state out of range", nest(A_CONN, u32(C_STATE, 99))),
        ("unknown filter attribute", nest(A_CONN, u32(C_FLAGS + 1, 1))),
        ("unknown connection flag", nest(A_CONN, u32(C_FLAGS, 2))),
        ("a service instead", nest(A_CONN) + svc("203.0.113.5", 80)),
        ("port of the wrong size", nest(A_CONN, u32(C_CPORT, 1)))]:
    expect_error(g, "delete: " + name, CMD_DEL_CONN, payload)
err, ext, _ = g.lvs(CMD_GET_CONN, nest(A_CONN, attr(C_VADDR, v4)),
                    flags=NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)
report(err < 0, "dump with an address without family", describe(err, ext) if err else "accepted")
print("total %d" % len(results))
EOF
check_eq "bad filters all refused" "12 0" "$(grep -c '^PASS' "$T/bad") $(grep -c '^FAIL' "$T/bad")"
check_eq "nothing was deleted" 5 "$(nconns)"

# ---- deletion by tuple: the flow's next packet is reset by the director ----
check_eq "delete one by its tuple" "1 connection deleted" \
	"$(lvsadm --del-conn -t $VIP:80 --client $CLIENT_IP:40001)"
check_eq "the other one stays" "40002" "$(ports -t $VIP:80)"
out=$(lvsadm --del-conn -t $VIP:80 --client $CLIENT_IP:40001 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "No such connection" <<<"$out" && ok "deleting it again: No such connection" ||
	not_ok "deleting it again: No such connection" "exit $rc: $out"
touch "$T/go-a" "$T/go-b"
wait_until 20 grep -qx reset "$T/a" && ok "deleted flow's next segment is reset" ||
	not_ok "deleted flow's next segment is reset" "$(cat "$T/a")"
check_eq "and creates no connection" "" "$(ports --client $CLIENT_IP:40001)"
wait_until 20 grep -qx alive "$T/b" && ok "the other flow lives on" || not_ok "the other flow lives on" "$(cat "$T/b")"

# ---- deletion by filter ----
check_eq "delete by state, JSON" '{"deleted":1}' "$(lvsadm --del-conn -j --state TIME_WAIT)"
check_eq "TIME_WAIT gone" "" "$(ports --state TIME_WAIT)"
n=$(ports -r $RS1_IP | wc -w)
out=$(lvsadm --del-conn -r $RS1_IP)
[[ $out =~ ^([0-9]+)\ connections?\ deleted$ ]] && ((BASH_REMATCH[1] >= 1 && BASH_REMATCH[1] <= n)) &&
	ok "delete by real server ($out of $n)" || not_ok "delete by real server" "$n listed, then: $out"
check_eq "its connections gone, the IPv6 one stays" "40020" "$(ports)"
check_eq "--all deletes the rest" "1 connection deleted" "$(lvsadm --del-conn --all)"
check_eq "table empty" 0 "$(nconns)"
check_eq "size=0 in -L" "IP Virtual Server version 0.1.0 (size=0)" "$(lvsadm -L -n | head -n 1)"

# ---- events ----
# joined PID: process PID has a generic netlink socket in a multicast group (the first 32 groups show).
joined() {
	local i
	for i in $(find /proc/$1/fd -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n'); do
		awk -v i=$i '$2 == 16 && $4 != "00000000" && $NF == i { f = 1 } END { exit !f }' \
			/proc/$1/net/netlink && return 0
	done
	return 1
}
ip netns exec $NS_DIR "$LVSADM" --monitor --count 5 --client $CLIENT_IP:40010 >"$T/mon" 2>&1 &
mon=$!
_pids+=($mon)
wait_until 10 grep -q "^event" "$T/mon" || not_ok "monitor started" "$(cat "$T/mon")"
hold e 40010
wait_until 30 established 40010 || not_ok "monitored connection" "$(lvsadm -L -c -n)"
check_eq "delete the monitored connection" "1 connection deleted" \
	"$(lvsadm --del-conn -t $VIP:80 --client $CLIENT_IP:40010)"
wait_until 20 eval '! kill -0 $mon' && ok "--monitor --count 5 exits" || not_ok "--monitor --count 5 exits"
sed 's/^/# /' "$T/mon"
check_eq "events: new, state changes, destroy" \
	"new/NONE state/SYN_SENT state/SYN_RECV state/ESTABLISHED destroy/ESTABLISHED" \
	"$(awk 'NR > 2 { print $1 "/" $4 }' "$T/mon" | xargs)"
check_eq "events carry the tuple" 5 "$(grep -c "$CLIENT_IP:40010 *$VIP:80 *$RS1_IP:80\$" "$T/mon")"
touch "$T/go-e"

ip netns exec $NS_DIR "$LVSADM" --monitor -j --count 3 -u $VIP:53 >"$T/jmon" 2>&1 &
mon=$!
_pids+=($mon)
wait_until 10 joined $mon || not_ok "JSON monitor joined the group" "$(cat "$T/jmon")"
check_eq "UDP from 40011 answered" u-rs1 "$(udp_from $CLIENT_IP 40011 $VIP)"
check lvsadm --del-conn -u $VIP:53 --client $CLIENT_IP:40011
wait_until 20 eval '! kill -0 $mon' && ok "--monitor -j --count 3 exits" || not_ok "--monitor -j --count 3 exits"
sed 's/^/# /' "$T/jmon"
check_eq "JSON events, one object a line" "new/NONE/40011 state/UDP/40011 destroy/UDP/40011" \
	"$(/usr/bin/python3 -c 'import json, sys
print(" ".join("%s/%s/%d" % (e["event"], e["state"], e["client_port"]) for e in map(json.loads, open(sys.argv[1]))))' "$T/jmon")"
out=$(timeout 10 ip netns exec $NS_DIR setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$LVSADM" --monitor --count 1 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "Permission denied" <<<"$out" && ok "unprivileged --monitor gets EPERM" ||
	not_ok "unprivileged --monitor gets EPERM" "exit $rc: $out"

# ---- every timeout ----
tmo() { # STATE...: their timeouts in --timeout -j, on one line
	lvsadm -L --timeout -j |
		/usr/bin/python3 -c 'import json, sys; s = json.load(sys.stdin)["states"]; print(*(s[a] for a in sys.argv[1:]))' "$@"
}
check_eq "--timeout -j lists every state" \
	"established syn_sent syn_recv fin_wait time_wait close close_wait last_ack listen synack udp" \
	"$(lvsadm -L --timeout -j | /usr/bin/python3 -c 'import json, sys; print(*json.load(sys.stdin)["states"])')"
check lvsadm --set-timeout syn_recv=30,TIME_WAIT=50,close=7,udp=300
check_eq "they are set" "30 50 7 900 300" \
	"$(tmo syn_recv time_wait close established udp)"
check_fail "unknown state \`bogus'" lvsadm --set-timeout syn_recv=31,bogus=5
check_fail "invalid timeout \`0' for syn_recv" lvsadm --set-timeout syn_recv=0
check_fail "unknown state \`none'" lvsadm --set-timeout none=5
check_eq "a refused list changes nothing" 30 "$(tmo syn_recv)"
check_eq "request to :81 answered" rs2 "$(tcp_request $NS_CLIENT $VIP 81)"
wait_until 30 in_state TIME_WAIT 1 || not_ok "TIME_WAIT again" "$(lvsadm -L -c -n)"
t=$(lvsadm -L -c -j --state TIME_WAIT | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["connections"][0]["expires_ms"] // 1000)')
[ -n "$t" ] && [ "$t" -le 50 ] && ok "new TIME_WAIT entry uses the 50 s timeout (${t}s left)" ||
	not_ok "time_wait=50 applies" "'$t'"
check lvsadm --set 100 0 0
check_eq "--set still works" "Timeout (tcp tcpfin udp): 100 60 300" "$(lvsadm -L --timeout)"
check_eq "and is the established state's" "100 30" "$(tmo established syn_recv)"
rm -rf "$T"
