#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One-packet scheduling (-o): every UDP datagram of one socket is scheduled on its own (rr alternates
# within the flow), no connection entry is kept, and each datagram counts as a connection. DR, because
# NAT replies need an entry (-o refuses NAT real servers); the replies come from the VIP over the bypass.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd socat
load_lvs
topo_dr || { not_ok "topology"; exit 1; }

start_udp_server $NS_RS1 $VIP 5353 rs1 || exit 1
start_udp_server $NS_RS2 $VIP 5353 rs2 || exit 1
check lvsadm -A -u $VIP:5353 -s rr -o
check lvsadm -a -u $VIP:5353 -r $RS1_IP -g
check lvsadm -a -u $VIP:5353 -r $RS2_IP -g
check_eq "-L shows ops" "UDP  $VIP:5353 rr ops" "$(lvsadm -L -n | grep "^UDP")"
check_eq "-S shows -o" "-A -u $VIP:5353 -s rr -o" "$(lvsadm -S -n | grep -- "^-A")"

# one_flow N: N datagrams from one connected socket (one flow: same ports throughout), a reply read after
# each; prints who answered each, "-" for none.
one_flow() {
	ns_exec $NS_CLIENT /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect((sys.argv[1], 5353))
s.settimeout(30)
out = ""
for _ in range(int(sys.argv[2])):
    s.send(b"ping\n")
    try:
        out += s.recv(100).decode().strip() + " "
    except OSError:
        out += "- "
print(out)' $VIP "$1" 2>&1
}
got=$(one_flow 6)
check_eq "one flow, each datagram scheduled on its own: rr alternates" "rs2 rs1 rs2 rs1 rs2 rs1 " "$got"
check_eq "no connection entry kept" 0 "$(lvsadm -L -c -n | grep -c "$VIP:5353")"
stats=$(lvsadm -L -n --stats --exact)
check_eq "six connections counted on the service" 6 \
	"$(awk '$1 == "UDP" && $2 == "'$VIP:5353'" {print $3}' <<<"$stats")"

# Without -o (ipvsadm's -E semantics: flags as given), the flow keeps its first server.
check lvsadm -E -u $VIP:5353 -s rr
got=$(one_flow 3)
first=${got%% *}
check_eq "without -o one flow stays on one server" "$first $first $first " "$got"
check_eq "and has one connection entry" 1 "$(lvsadm -L -c -n | grep -c "$VIP:5353")"
