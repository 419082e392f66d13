#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VS/NAT over IPv4 and IPv6, TCP and UDP: the example cluster's wrr split, exact scheduling order, replies
# rewritten to VIP:port, counters, and a port without a service left alone.
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

start_tcp_server $NS_RS1 $RS1_IP 80 rs1
start_tcp_server $NS_RS2 $RS2_IP 8000 rs2

# Fragments: UDP echo servers on rs1:7000 (IPv4 and IPv6), and frag_echo ADDR: a 3000-byte datagram from
# the client to ADDR:7000, which crosses 1500-byte links in fragments; "intact" if it comes back unchanged.
# The echo server is one process (a forking socat may hand the datagram to a slow child).
for a in $RS1_IP $RS1_IP6; do
	ip netns exec $NS_RS1 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 7000))
while True:
    data, peer = s.recvfrom(65536)
    s.sendto(data, peer)' $a >/dev/null 2>&1 &
	_pids+=($!)
	wait_until 30 _listening $! udp 7000
done
frag_echo() {
	ns_exec $NS_CLIENT /usr/bin/python3 -c '
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.settimeout(30)
s.connect((sys.argv[1], 7000))
data = bytes(range(256)) * 12
s.send(data[:3000])
print("intact" if s.recv(65536) == data[:3000] else "mangled")' "$1" 2>&1
}

# A namespace pays for lvs only from its first service on, as with IPVS: lvs's hooks and the fragment
# reassembly they need start together then (netns.c). Seen from outside: the director routes the
# fragments of a datagram to rs1 itself untouched before, and reassembles them after.
reasm_reqds() { snmp $NS_DIR Ip ReasmReqds; }
r0=$(reasm_reqds)
check_eq "before any service: a fragmented datagram routed to rs1 and back" intact "$(frag_echo $RS1_IP)"
check_eq "before any service: the director did not reassemble it (no lvs hooks there)" "$r0" "$(reasm_reqds)"
check lvsadm -A -t $VIP:80 -s wrr
check_eq "after the first service: routed to rs1 and back" intact "$(frag_echo $RS1_IP)"
r1=$(reasm_reqds)
if ((r1 >= r0 + 4)); then
	ok "after the first service: the director reassembled it both ways ($((r1 - r0)) fragments)"
else
	not_ok "after the first service: the director reassembled it both ways" "ReasmReqds $r0 -> $r1"
fi
check lvsadm -a -t $VIP:80 -r $RS1_IP:80 -m -w 1
check lvsadm -a -t $VIP:80 -r $RS2_IP:8000 -m -w 2

# thirty_requests: who answered each of 30 connections to VIP:80, in order.
thirty_requests() {
	tcp_requests $NS_CLIENT $VIP 80 30
}

# wrr walks the servers newest first and resumes its cycle when servers are added, like IPVS: after
# adding weight 1 then weight 2 the current weight is 1, so rs2 rs1, then rs2 rs2 rs1 over and over.
lvs_seq=$(thirty_requests)
expect="rs2 rs1 "
for i in $(seq 9); do expect+="rs2 rs2 rs1 "; done
expect+="rs2 "
check_eq "wrr 1:2 over 30 TCP connections, each answered by the expected server" "$expect" "$lvs_seq"

# Counters: 30 connections, packets both ways, per real server 10 and 20.
stats=$(lvsadm -L -n --stats --exact)
echo "$stats" | sed 's/^/# /'
svc_conns=$(awk '$1 == "TCP" && $2 == "'$VIP:80'" {print $3}' <<<"$stats")
rs1_conns=$(awk '$2 == "'$RS1_IP:80'" {print $3}' <<<"$stats")
rs2_conns=$(awk '$2 == "'$RS2_IP:8000'" {print $3}' <<<"$stats")
check_eq "service counted 30 connections" 30 "$svc_conns"
check_eq "real servers counted 10 and 20" "10 20" "$rs1_conns $rs2_conns"
read -r inpkts outpkts inbytes outbytes < <(awk '$1 == "TCP" {print $4, $5, $6, $7}' <<<"$stats")
[ "${inpkts:-0}" -ge 90 ] && [ "${outpkts:-0}" -ge 60 ] && [ "${outbytes:-0}" -gt 0 ] &&
	ok "packets and bytes counted both ways (in $inpkts/$inbytes, out $outpkts/$outbytes)" ||
	not_ok "packets and bytes counted both ways" "in $inpkts out $outpkts"

# The JSON listing carries the same numbers.
json=$(lvsadm -L -n -j)
check_eq "JSON listing parses and shows 30 connections" 30 \
	"$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["services"][0]["stats"]["conns"])' <<<"$json")"

# UDP: rr over two servers; the client's connected socket only accepts a reply from VIP:port, so getting
# one proves the source was rewritten.
start_udp_server $NS_RS1 $RS1_IP 5353 u-rs1
start_udp_server $NS_RS2 $RS2_IP 5353 u-rs2
check lvsadm -A -u $VIP:5353 -s rr
check lvsadm -a -u $VIP:5353 -r $RS1_IP -m
check lvsadm -a -u $VIP:5353 -r $RS2_IP -m
got=""
for i in 1 2 3 4; do
	got+="$(udp_request $NS_CLIENT $VIP 5353) "
done
check_eq "UDP round trips alternate between the servers, replies from VIP:port" \
	"u-rs2 u-rs1 u-rs2 u-rs1 " "$got"
conns=$(lvsadm -L -c -n)
echo "$conns" | sed 's/^/# /'
check_eq "four UDP connection entries" 4 "$(grep -c "^UDP .* UDP .*$VIP:5353" <<<"$conns")"

# IPv6 NAT through the same code path.
start_tcp_server $NS_RS1 $RS1_IP6 80 rs1-v6
start_tcp_server $NS_RS2 $RS2_IP6 80 rs2-v6
check lvsadm -A -t "[$VIP6]:80" -s rr
check lvsadm -a -t "[$VIP6]:80" -r "[$RS1_IP6]:80" -m
check lvsadm -a -t "[$VIP6]:80" -r "[$RS2_IP6]:80" -m
got="$(tcp_request $NS_CLIENT $VIP6 80) $(tcp_request $NS_CLIENT $VIP6 80)"
check_eq "IPv6 TCP NAT reaches both servers" "rs2-v6 rs1-v6" "$got"

# Fragments through NAT: the director reassembles, balances and translates them like any other datagram
# (IPv4 and IPv6).
check lvsadm -A -u $VIP:7000 -s rr
check lvsadm -a -u $VIP:7000 -r $RS1_IP -m
check lvsadm -A -u "[$VIP6]:7000" -s rr
check lvsadm -a -u "[$VIP6]:7000" -r "[$RS1_IP6]:7000" -m
for a in $VIP $VIP6; do
	check_eq "3000-byte UDP datagram through NAT to $a and back, fragmented both ways" intact "$(frag_echo $a)"
done

# A port with no service is not touched: the director's own listener answers.
ip netns exec $NS_DIR socat TCP4-LISTEN:81,bind=$VIP,reuseaddr,fork "SYSTEM:echo director" >/dev/null 2>&1 &
_pids+=($!)
wait_until 30 _listening $! tcp 81
before=$(lvsadm -L -n --stats --exact | awk '$1 == "TCP" && $2 == "'$VIP:80'" {print $3, $4}')
check_eq "port 81 without a service reaches the director itself" director "$(tcp_request $NS_CLIENT $VIP 81)"
after=$(lvsadm -L -n --stats --exact | awk '$1 == "TCP" && $2 == "'$VIP:80'" {print $3, $4}')
check_eq "the service's counters did not move" "$before" "$after"

# -Z: one service's counters and its real servers' go to 0, the other services' stay; -Z in a -R batch
# zeroes them all, at commit.
counted() { # ADDR:PORT: the sum of the counters of its line (a service's or a real server's)
	lvsadm -L -n --stats --exact | awk -v a="$1" '$2 == a { print $3 + $4 + $5 + $6 + $7; exit }'
}
if [ "$(counted $VIP:80)" -gt 0 ] && [ "$(counted $VIP:7000)" -gt 0 ]; then
	check lvsadm -Z -t $VIP:80
	check_eq "-Z -t: the service's counters are 0" 0 "$(counted $VIP:80)"
	check_eq "-Z -t: and its real server's" 0 "$(counted $RS1_IP:80)"
	[ "$(counted $VIP:7000)" -gt 0 ] && ok "-Z -t: another service keeps its counters" ||
		not_ok "-Z -t: another service keeps its counters" "$(counted $VIP:7000)"
	check ns_exec $NS_DIR "$LVSADM" -R <<<"-Z"
	check_eq "-Z in a restore: every service at 0" "0 0" "$(counted $VIP:7000) $(counted "[$VIP6]:7000")"
else
	not_ok "-Z: traffic counted first" "$(counted $VIP:80) $(counted $VIP:7000)"
fi

# The same configuration through the in-kernel ip_vs assigns the same servers in the same order (lvs
# unloaded: it would hold the IPVS netlink family ip_vs registers).
check lvsadm -C
wait_until 10 unload_lvs || not_ok "rmmod lvs before ip_vs" "module busy"
if ipvs_load ip_vs_wrr; then
	ipvsadm_dir() { ns_exec $NS_DIR ipvsadm "$@"; }
	ipvsadm_dir -A -t $VIP:80 -s wrr
	ipvsadm_dir -a -t $VIP:80 -r $RS1_IP:80 -m -w 1
	ipvsadm_dir -a -t $VIP:80 -r $RS2_IP:8000 -m -w 2
	check_eq "ip_vs gives the same wrr sequence" "$lvs_seq" "$(thirty_requests)"
	ipvsadm_dir -C
	modprobe -r ip_vs_wrr ip_vs 2>/dev/null
else
	skip "ip_vs gives the same wrr sequence" "$ipvs_why"
fi
