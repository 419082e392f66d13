#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ICMP errors about balanced connections reach the other side, matched by the header they quote:
# - NAT, IPv4 and IPv6: a real server's port unreachable reaches the client translated (the client's
#   socket, connected to VIP:port, sees ECONNREFUSED: the quoted header names VIP:port again);
# - NAT and DR: the client's port unreachable about a reply, sent to the VIP, is passed on to the real
#   server (its ICMP input counter moves).
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
topo_dr || { not_ok "topology"; exit 1; }

# udp_refused ADDR PORT: a connected UDP socket gets ECONNREFUSED from its second call (within 10 s:
# a debug kernel beside another guest is slow).
udp_refused() {
	ns_exec $NS_CLIENT /usr/bin/python3 -c '
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.settimeout(10)
s.connect((sys.argv[1], int(sys.argv[2])))
s.send(b"ping")
try:
    s.recv(64)
except ConnectionRefusedError:
    sys.exit(0)
except socket.timeout:
    sys.exit(1)
sys.exit(2)' "$1" "$2"
}

# No listener on the real servers' port 9: they answer with port unreachable.
check lvsadm -A -u $VIP:9 -s rr
check lvsadm -a -u $VIP:9 -r $RS1_IP -m
check lvsadm -A -u "[$VIP6]:9" -s rr
check lvsadm -a -u "[$VIP6]:9" -r "[$RS1_IP6]:9" -m
# out_unreach NS Icmp|Icmp6: destination unreachables NS has sent.
out_unreach() {
	ns_exec "$1" awk -v k="$2OutDestUnreachs" '$1 == k { print $2 }' /proc/net/snmp6
	[ "$2" = Icmp ] && snmp "$1" Icmp OutDestUnreachs
}
for fam in "IPv4 $VIP Icmp" "IPv6 $VIP6 Icmp6"; do
	set -- $fam
	drops=$(drop_count no_dest) sent=$(out_unreach $NS_RS1 $3)
	if udp_refused $2 9; then ok "NAT $1: the real server's port unreachable reaches the client translated"
	else not_ok "NAT $1: port unreachable translated" "exit $?"; fi
	[ "$(out_unreach $NS_RS1 $3)" -gt "$sent" ] && [ "$(drop_count no_dest)" = "$drops" ] &&
		ok "NAT $1: the error came from the real server" ||
		not_ok "NAT $1: the error came from the real server" "rs sent $(out_unreach $NS_RS1 $3), no_dest $(drop_count no_dest)"
done

# in_unreach NS: ICMP destination unreachables NS has received.
in_unreach() { snmp "$1" Icmp InDestUnreachs; }
# Servers that answer each datagram again after 1 s: by then the client's socket is gone.
start_udp_server $NS_RS1 $RS1_IP 5000 early late # NAT
start_udp_server $NS_RS2 $VIP 5001 early late # DR: the VIP is on rs2's lo
check lvsadm -A -u $VIP:5000 -s rr
check lvsadm -a -u $VIP:5000 -r $RS1_IP -m
check lvsadm -A -u $VIP:5001 -s rr
check lvsadm -a -u $VIP:5001 -r $RS2_IP -g

unreach_above() { # NS N
	[ "$(in_unreach "$1")" -gt "$2" ]
}
client_gone() { # PORT: send one datagram and close at once
	ns_exec $NS_CLIENT bash -c 'exec 3<>"/dev/udp/$0/$1" && echo ping >&3' $VIP "$1"
}
for m in "NAT rs1 5000" "DR rs2 5001"; do
	set -- $m
	before=$(in_unreach $2)
	client_gone $3
	# 30 s, a bound: a debug kernel beside other guests is slow.
	if wait_until 30 unreach_above $2 "$before"; then
		ok "$1: the client's port unreachable about a reply reaches the real server"
	else
		not_ok "$1: the client's port unreachable reaches the real server" \
			"still $(in_unreach $2); the client has sent $(snmp $NS_CLIENT Icmp OutDestUnreachs)"
	fi
done
