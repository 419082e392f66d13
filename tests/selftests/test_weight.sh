#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Weight 0 quiesces a real server: its established connections keep flowing, new connections never reach
# it, and with no usable server left a new connection is refused (ICMP port unreachable) and counted as a
# no_dest drop.
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

# Echo servers: every byte comes back, so a held connection can prove it still flows.
for ns in $NS_RS1 $NS_RS2; do
	ip=$RS1_IP
	[ $ns = $NS_RS2 ] && ip=$RS2_IP
	ip netns exec $ns socat TCP4-LISTEN:7,bind=$ip,reuseaddr,fork EXEC:cat >/dev/null 2>&1 &
	_pids+=($!)
	wait_until 30 _listening $! tcp 7
done
start_tcp_server $NS_RS1 $RS1_IP 80 rs1
start_tcp_server $NS_RS2 $RS2_IP 80 rs2
check lvsadm -A -t $VIP:7 -s rr
check lvsadm -a -t $VIP:7 -r $RS1_IP -m
check lvsadm -A -t $VIP:80 -s rr
check lvsadm -a -t $VIP:80 -r $RS1_IP -m
check lvsadm -a -t $VIP:80 -r $RS2_IP -m

# A client that echoes once, waits for the go file, then echoes again through the same connection.
dir=$(mktemp -d)
ns_exec $NS_CLIENT /usr/bin/python3 -c '
import os, socket, sys, time
d = sys.argv[2]
s = socket.create_connection((sys.argv[1], 7), timeout=10)
s.sendall(b"one"); first = s.recv(16)
open(d + "/connected", "w").close()
deadline = time.time() + 20
while not os.path.exists(d + "/go") and time.time() < deadline:
    time.sleep(0.05)
s.sendall(b"two"); second = s.recv(16)
open(d + "/result", "w").write((first + b" " + second).decode())' $VIP "$dir" &
_pids+=($!)
wait_until 15 test -e "$dir/connected" || not_ok "held connection established"

before=$(drop_count no_dest)
check lvsadm -e -t $VIP:7 -r $RS1_IP -m -w 0
touch "$dir/go"
wait_until 15 test -s "$dir/result"
check_eq "an established connection keeps flowing after weight 0" "one two" "$(cat "$dir/result" 2>/dev/null)"

# No usable server: refused at once (ICMP port unreachable), counted.
out=$(ns_exec $NS_CLIENT timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/7"' $VIP 2>&1)
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && ok "new connection to a quiesced service is refused ($out)" ||
	not_ok "new connection to a quiesced service is refused" "exit $rc: $out"
after=$(drop_count no_dest)
[ "$after" -gt "$before" ] && ok "counted as a no_dest drop ($before -> $after)" ||
	not_ok "counted as a no_dest drop" "$before -> $after"

# Quiescing one of two: every new connection goes to the other.
check lvsadm -e -t $VIP:80 -r $RS2_IP -m -w 0
check_eq "weight 0 server gets no new connections" "rs1 rs1 rs1 rs1 " "$(tcp_requests $NS_CLIENT $VIP 80 4)"
rm -rf "$dir"
