#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The fast path (kernel/hooks.c, the namespace's fast_path setting): packets of known connections leave from
# PRE_ROUTING, without an input route lookup. Shown by what only it can do: with the VIP gone from the
# director, a known connection still gets through with it and not without it (new ones never). And it
# skips nothing that would have run before lvs: a filter rule at input still drops a known connection's
# packets; a datagram in fragments (reassembled first), and one that needs an ICMP error (TTL 1), are
# handled as before. New connections open there too, but only where the input route lookup they skip
# could only have delivered them locally: a source a policy rule refuses, or (IPv4) one that fails the
# reverse-path filter, still opens none; nor does one to a VIP whose local route was deleted, or
# (IPv4) from the wire to a loopback VIP. IPv4 and IPv6.
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
topo_nat || { not_ok "topology"; exit 1; }
check_eq "fast_path is on by default" fast_path=1 "$(lvsadm --show-config | grep '^fast_path=')"

start_udp_server $NS_RS1 $RS1_IP 5353 u-rs1 || exit 1
start_udp_server $NS_RS1 $RS1_IP6 5353 u-rs1-6 || exit 1
check lvsadm -A -u $VIP:5353 -s rr
check lvsadm -a -u $VIP:5353 -r $RS1_IP -m
check lvsadm -A -u "[$VIP6]:5353" -s rr
check lvsadm -a -u "[$VIP6]:5353" -r "[$RS1_IP6]:5353" -m

# send ADDR SPORT [TTL [BYTES]]: one datagram of BYTES (default 4) to ADDR:5353 from the client's port
# SPORT with TTL / hop limit TTL; prints the reply, if one comes within WAIT seconds (default 15).
send() {
	ns_exec $NS_CLIENT /usr/bin/python3 -c '
import socket, sys
addr, sport, ttl, size, wait = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
v6 = ":" in addr
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[6], sport))
if ttl:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, ttl) if v6 else \
        s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
s.connect((addr, 5353))
s.send(b"x" * size)
s.settimeout(wait)
try:
    print(s.recv(100).decode().strip())
except (socket.timeout, OSError):
    pass' "$1" "$2" "${3:-0}" "${4:-4}" "${WAIT:-15}" "${SRC:-}"
}

# conns_from ADDR PORT: lvs's connections from the client's ADDR:PORT.
svc_inpkts() { # packets the v4 service took in
	lvsadm -L -n -j | /usr/bin/python3 -c '
import json, sys
print([s["stats"]["inpkts"] for s in json.load(sys.stdin)["services"] if s["address"] == sys.argv[1]][0])' $VIP
}
conns_from() {
	lvsadm -L -c -n -j | /usr/bin/python3 -c '
import json, sys
print(sum(c["client_address"] == sys.argv[1] and c["client_port"] == int(sys.argv[2])
          for c in json.load(sys.stdin)["connections"]))' "$@"
}

# time_exceeded FAM: ICMP time-exceeded messages the client has received.
time_exceeded() {
	local c=IcmpInTimeExcds
	[ "$1" = 6 ] && c=Icmp6InTimeExcds
	ns_exec $NS_CLIENT nstat -asz "$c" | awk -v c="$c" '$1 == c {print $2}'
}

# moved_to N CMD...: CMD prints N (polled: counters of other namespaces settle asynchronously).
moved_to() {
	local n=$1
	shift
	[ "$("$@")" = "$n" ]
}

have_nft=0
command -v nft >/dev/null && modprobe nf_tables 2>/dev/null && have_nft=1

# grew BEFORE CMD...: CMD prints a number above BEFORE.
grew() {
	local n=$1
	shift
	[ "$("$@")" -gt "$n" ]
}

# A destination in 127/8 from the wire is martian to the input route lookup unless the device has
# route_localnet; the fast path may open no connection for one either, whatever rp_filter says
# (IPv4 only: IPv6 drops a loopback destination on receipt). The SYN is a raw frame to the director's
# MAC: no stack sends to 127/8 itself. First, as no policy rule has been added yet (once one has, the
# fast path opens no IPv4 connection any more).
# syn_to ADDR SPORT PORT: one TCP SYN from the client's address to ADDR:PORT, built by hand (importing
# scapy costs a debug guest half a minute a time).
syn_to() {
	ns_exec $NS_CLIENT /usr/bin/python3 -c '
import socket, struct, sys
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
mac, sport, dport = bytes.fromhex(sys.argv[1].replace(":", "")), int(sys.argv[4]), int(sys.argv[5])
src, dst = socket.inet_aton(sys.argv[2]), socket.inet_aton(sys.argv[3])
tcp = struct.pack("!HHIIBBHHH", sport, dport, 0, 0, 5 << 4, 0x02, 8192, 0, 0)
tcp = tcp[:16] + struct.pack("!H", csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, src, dst)
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("c0", 0))
s.send(mac + s.getsockname()[4] + b"\x08\x00" + ip + tcp)' "$dir_mac" $CLIENT_IP "$@"
}

# lo_conns: connections the 127.0.0.1:8080 service has opened (counted: one the real server resets may
# be gone from the list already).
lo_conns() {
	lvsadm -L -n --stats --exact | awk '$1 == "TCP" && $2 == "127.0.0.1:8080" {print $3}'
}

dir_mac=$(dir_exec cat /sys/class/net/d0/address)
check lvsadm -A -t 127.0.0.1:8080 -s rr
check lvsadm -a -t 127.0.0.1:8080 -r $RS1_IP:8080 -m
check dir_exec sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.d0.rp_filter=0
rcv=$(snmp $NS_DIR Ip InReceives) segs=$(snmp $NS_RS1 Tcp InSegs)
check syn_to 127.0.0.1 40101 8080
wait_until 10 grew "$rcv" snmp $NS_DIR Ip InReceives &&
	ok "v4: the director received the SYN to 127.0.0.1" ||
	not_ok "v4: the director received the SYN to 127.0.0.1"
check_eq "v4: with rp_filter=0 it opens no connection" "0 0" \
	"$(conns_from $CLIENT_IP 40101) $(lo_conns)"
wait_until 2 grew "$segs" snmp $NS_RS1 Tcp InSegs &&
	not_ok "v4: the real server gets nothing" "$(snmp $NS_RS1 Tcp InSegs) segments, $segs before" ||
	ok "v4: the real server gets nothing"
check dir_exec sysctl -qw net.ipv4.conf.d0.route_localnet=1
n=$(lo_conns)
check syn_to 127.0.0.1 40102 8080
wait_until 10 moved_to $((n + 1)) lo_conns &&
	ok "v4: with route_localnet=1 (delivered here) it opens one" ||
	not_ok "v4: with route_localnet=1 (delivered here) it opens one"
check dir_exec sysctl -qw net.ipv4.conf.d0.route_localnet=0

for vip in $VIP $VIP6; do
	fam=4 name=u-rs1 plen=32 nft_fam=ip nodad=
	[ "$vip" = "$VIP6" ] && fam=6 name=u-rs1-6 plen=128 nft_fam=ip6 nodad=nodad
	check_eq "v$fam: a new connection is answered" $name "$(send "$vip" 40001)"
	check_eq "v$fam: its next datagram too" $name "$(send "$vip" 40001)"

	# Only the fast path can still see a known connection's packets once the VIP is not local.
	check dir_exec ip addr del "$vip/$plen" dev lo
	check_eq "v$fam: VIP removed, the known connection still answered (fast path)" $name \
		"$(send "$vip" 40001)"
	check_eq "v$fam: VIP removed, a new connection is not" "" "$(WAIT=2 send "$vip" 40002)"
	check lvsadm --set-config fast_path=0
	check_eq "v$fam: and with fast_path=0 neither is the known one" "" "$(WAIT=2 send "$vip" 40001)"
	check lvsadm --set-config fast_path=1
	check dir_exec ip addr add "$vip/$plen" dev lo $nodad

	# Locality is the local table's say, not the address list's: with the VIP's local route deleted
	# (not replaced: an added local route marks the table custom), the lookup would not deliver a
	# new connection here, so the fast path may not open it either. Re-adding the address restores
	# the route.
	caddr=$CLIENT_IP
	[ $fam = 6 ] && caddr=$CLIENT_IP6
	check dir_exec ip -$fam route del local "$vip" table local
	check_eq "v$fam: VIP's local route deleted, a new connection is not answered" "" \
		"$(WAIT=2 send "$vip" 40007)"
	check_eq "v$fam: and none opened" 0 "$(conns_from $caddr 40007)"
	check dir_exec ip addr del "$vip/$plen" dev lo
	check dir_exec ip addr add "$vip/$plen" dev lo $nodad
	check_eq "v$fam: address re-added, answered again" $name "$(send "$vip" 40001)"

	# A filter rule at input, before lvs, sees every packet, the known connection's included.
	if [ $have_nft = 1 ] && dir_exec nft add table $nft_fam lvsfp 2>/dev/null; then
		check dir_exec nft add chain $nft_fam lvsfp in "{ type filter hook input priority 0; }"
		check dir_exec nft add rule $nft_fam lvsfp in udp dport 5353 counter drop
		check_eq "v$fam: an input filter rule drops the known connection's datagram" "" \
			"$(WAIT=2 send "$vip" 40001)"
		dir_exec nft list table $nft_fam lvsfp | grep -q 'packets 1 ' &&
			ok "v$fam: the rule counted it" || not_ok "v$fam: the rule counted it"
		check dir_exec nft delete table $nft_fam lvsfp
		check_eq "v$fam: rule gone, answered again" $name "$(send "$vip" 40001)"
	else
		skip "v$fam: input filter rule" "no nft, or this kernel's nf_tables has no $nft_fam family"
	fi

	# A new connection opens from PRE_ROUTING only where the route lookup would deliver it here:
	# with a policy rule in the way, the lookup decides (and refuses it). A rule can only refuse what
	# is local once the local table's rule comes after it, as operators of VRFs arrange.
	src=192.0.2.77 len=24
	[ $fam = 6 ] && src=2001:db8:1::77 len=64
	check ns_exec $NS_CLIENT ip addr add $src/$len dev c0 $nodad
	check_eq "v$fam: a new connection from another client address is answered" $name \
		"$(SRC=$src send "$vip" 40003)"
	check dir_exec ip -$fam rule add pref 100 lookup local
	check dir_exec ip -$fam rule del pref 0 lookup local
	check dir_exec ip -$fam rule add pref 10 from $src prohibit
	check_eq "v$fam: a policy rule refuses that address: not answered" "" "$(WAIT=2 SRC=$src send "$vip" 40004)"
	check_eq "v$fam: and no connection opened" 0 "$(conns_from $src 40004)"
	check dir_exec ip -$fam rule del pref 10 from $src prohibit
	check dir_exec ip -$fam rule add pref 0 lookup local
	check dir_exec ip -$fam rule del pref 100 lookup local
	check ns_exec $NS_CLIENT ip addr del $src/$len dev c0
	if [ $fam = 4 ]; then
		# A source whose route is on the real servers' side fails a strict reverse-path filter.
		src=198.51.100.77
		check ns_exec $NS_CLIENT ip addr add $src/32 dev c0
		WAIT=1 SRC=$src send "$vip" 40005 >/dev/null
		check_eq "v4: a source routed elsewhere opens a connection (no reply comes back)" 1 \
			"$(conns_from $src 40005)"
		check dir_exec sysctl -qw net.ipv4.conf.all.rp_filter=1
		WAIT=1 SRC=$src send "$vip" 40006 >/dev/null
		check_eq "v4: with rp_filter=1, it opens none" 0 "$(conns_from $src 40006)"
		# Nor does a known connection's packet pass the filter by the fast path (review S2).
		before=$(svc_inpkts)
		WAIT=1 SRC=$src send "$vip" 40005 >/dev/null
		check_eq "v4: with rp_filter=1, the known connection's datagram from there is dropped" \
			"$before" "$(svc_inpkts)"
		check dir_exec sysctl -qw net.ipv4.conf.all.rp_filter=0
		check ns_exec $NS_CLIENT ip addr del $src/32 dev c0
	fi

	# A datagram in fragments: nf_defrag reassembles it before lvs sees it, on either path.
	check_eq "v$fam: a 3,000-byte datagram (fragments) of the known connection is answered" $name \
		"$(send "$vip" 40001 0 3000)"

	# TTL 1 on a known connection: the director answers time exceeded, and drops it, counted.
	ttl=$(drop_count ttl) icmp=$(time_exceeded $fam)
	check_eq "v$fam: TTL 1 on the known connection is not answered" "" "$(WAIT=2 send "$vip" 40001 1)"
	wait_until 10 moved_to $((icmp + 1)) time_exceeded $fam &&
		ok "v$fam: the client got time exceeded" ||
		not_ok "v$fam: the client got time exceeded" "$icmp before, $(time_exceeded $fam) after"
	check_eq "v$fam: counted as a ttl drop" $((ttl + 1)) "$(drop_count ttl)"
done

lvsadm -L -c -n | sed 's/^/# /'
stats=$(lvsadm -L -n --stats --exact)
echo "$stats" | sed 's/^/# /'
check_eq "each service counted its connections: client ports 40001, 40003 (and v4's 40005)" "3 2" \
	"$(awk '$1 == "UDP" {printf "%s%s", s, $3; s = " "}' <<<"$stats")"
