#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Connection entries: an open TCP connection is ESTABLISHED with the ESTABLISHED timeout, a FIN-closed one
# reaches TIME_WAIT, an RST closes it at once (CLOSE, 10 s), --set timeouts apply, and unloading the module
# with connections open leaves no splat.
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

# Servers that hold each connection open for a while before answering-and-closing.
start_tcp_server $NS_RS1 $RS1_IP 80 "rs1; sleep 60"
start_tcp_server $NS_RS1 $RS1_IP 81 rs1
start_udp_server $NS_RS1 $RS1_IP 53 u-rs1
check lvsadm -A -t $VIP:80 -s rr
check lvsadm -a -t $VIP:80 -r $RS1_IP:80 -m
check lvsadm -A -t $VIP:81 -s rr
check lvsadm -a -t $VIP:81 -r $RS1_IP:81 -m
check lvsadm -A -u $VIP:53 -s rr
check lvsadm -a -u $VIP:53 -r $RS1_IP:53 -m

# conn_expiry PORT STATE: the soonest expiry (seconds) of the connections to VIP:PORT in STATE (JSON dump).
conn_expiry() {
	lvsadm -L -c -n -j | /usr/bin/python3 -c '
import json, sys
port, state = int(sys.argv[1]), sys.argv[2]
t = [c["expires_ms"] // 1000 for c in json.load(sys.stdin)["connections"]
     if c["virtual_port"] == port and c["state"] == state]
if not t:
    sys.exit(1)
print(min(t))' "$@"
}

# One connection held open from the client.
ns_exec $NS_CLIENT timeout 70 bash -c 'exec 3<>"/dev/tcp/$0/80" && exec cat <&3' $VIP >/dev/null 2>&1 &
_pids+=($!)
# expect_state PORT STATE MIN MAX DESC: a connection to VIP:PORT reaches STATE, expiring in MIN < t <= MAX s.
expect_state() {
	local t
	if ! wait_until 30 conn_expiry "$1" "$2"; then
		not_ok "$5" "$(lvsadm -L -c -n)"
		return
	fi
	t=$(conn_expiry "$1" "$2")
	[ "$t" -gt "$3" ] && [ "$t" -le "$4" ] && ok "$5, ${t}s left" || not_ok "$5" "${t}s left"
}

expect_state 80 ESTABLISHED 840 900 "open connection is ESTABLISHED with the 900 s timeout"
list=$(lvsadm -L -c -n)
echo "$list" | sed 's/^/# /'
grep -qE "^TCP +1[45]:[0-9]{2} +ESTABLISHED +$CLIENT_IP:[0-9]+ +$VIP:80 +$RS1_IP:80$" <<<"$list" &&
	ok "-L -c shows it in ipvsadm's format" || not_ok "-L -c format" "$list"
check_eq "-L -n counts it as an active connection" 1 \
	"$(lvsadm -L -n | awk '$2 == "'$RS1_IP:80'" {print $5}')"

# A connection closed normally by both sides ends in TIME_WAIT (2 minutes).
check_eq "request answered" rs1 "$(tcp_request $NS_CLIENT $VIP 81)"
expect_state 81 TIME_WAIT 60 120 "FIN-closed connection is TIME_WAIT"

# A connection reset by the client is CLOSE with the 10 s timeout.
ns_exec $NS_CLIENT /usr/bin/python3 -c '
import socket, struct, sys
s = socket.create_connection((sys.argv[1], 80), timeout=5)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()' $VIP
expect_state 80 CLOSE -1 10 "RST-closed connection is CLOSE with the 10 s timeout"

# --set: new timeouts show in --timeout and apply to the next packets.
check lvsadm --set 100 20 30
check_eq "--timeout shows them" "Timeout (tcp tcpfin udp): 100 20 30" "$(lvsadm -L --timeout)"
ns_exec $NS_CLIENT timeout 70 bash -c 'exec 3<>"/dev/tcp/$0/80" && exec cat <&3' $VIP >/dev/null 2>&1 &
_pids+=($!)
expiry_at_most() { # PORT STATE MAX
	local t
	t=$(conn_expiry "$1" "$2") && [ "$t" -le "$3" ]
}
if wait_until 30 expiry_at_most 80 ESTABLISHED 100; then
	ok "new ESTABLISHED connection uses the 100 s timeout"
else
	not_ok "--set tcp applies" "$(lvsadm -L -c -n)"
fi
check_eq "UDP answered" u-rs1 "$(udp_request $NS_CLIENT $VIP 53)"
t=$(conn_expiry 53 UDP)
[ -n "$t" ] && [ "$t" -le 30 ] && ok "UDP entry uses the 30 s timeout (${t}s left)" || not_ok "--set udp applies" "'$t'"
check lvsadm --set 0 0 300
check_eq "--set 0 leaves a timeout unchanged" "Timeout (tcp tcpfin udp): 100 20 300" "$(lvsadm -L --timeout)"

# Unload with connections still open: the exit trap's rmmod must succeed and dmesg stay clean.
check_eq "connections are open at unload" 1 "$([ "$(lvsadm -L -c -n | grep -c ESTABLISHED)" -ge 1 ] && echo 1)"
if unload_lvs; then ok "rmmod with open connections"; else not_ok "rmmod with open connections"; fi
dmesg_check
