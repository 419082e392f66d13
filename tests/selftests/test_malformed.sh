#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed and unusual packets at a NAT service, crafted with scapy (tools/malformed.py) and sent as raw
# frames from the client:
#  - a sound IP header around a truncated or lying TCP/UDP header (v4 and v6), or around an IPv6
#    extension header chain that runs past the packet, is dropped by lvs and counted, each exactly
#    once, as a "malformed" drop, and opens no connection;
#  - what the IP layer drops itself (bad IHL, lengths past the frame, bad hop-by-hop) never reaches
#    lvs: not counted;
#  - lone, overlapping and v6 fragments, IPv6 extension header chains ending in no TCP/UDP pass lvs
#    untouched: nothing counted, no connection;
#  - TCP flag combinations other than a plain SYN (SYN+FIN, SYN+RST, none, all, ...) open no connection;
#  - unusual valid SYNs (reassembled from fragments, with IP options, behind IPv6 extension headers,
#    with ECN bits) each open one;
#  - a reassembled IPv6 UDP datagram whose extension headers put the UDP header past 64 KB is
#    counted once as malformed and opens no connection (not mis-parsed from an offset cut to 16 bits);
#  - ICMP/ICMPv6 errors quoting those connections' replies (and no connection's), cut at every
#    length, with a bad quoted IHL or nested in another error, to the VIP and across FORWARD, open
#    no connection and break nothing (whether lvs counts a short quote as malformed is not asserted);
# and afterwards ordinary connections through the service still work. The exit trap checks dmesg.
. "$(dirname "$0")/lib.sh"
require_lvsadm
/usr/bin/python3 -c 'import scapy' 2>/dev/null || skip_all "scapy for /usr/bin/python3 not installed"
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

start_tcp_server $NS_RS1 $RS1_IP 80 rs1
start_tcp_server $NS_RS2 $RS2_IP 80 rs2
start_tcp_server $NS_RS1 $RS1_IP6 80 rs1-v6
start_udp_server $NS_RS1 $RS1_IP 53 u-rs1
lvsadm -R <<-END || not_ok "configure services"
-A -t $VIP:80 -s rr
-a -t $VIP:80 -r $RS1_IP:80 -m
-a -t $VIP:80 -r $RS2_IP:80 -m
-A -u $VIP:53 -s rr
-a -u $VIP:53 -r $RS1_IP:53 -m
-A -t [$VIP6]:80 -s rr
-a -t [$VIP6]:80 -r [$RS1_IP6]:80 -m
-A -u [$VIP6]:53 -s rr
-a -u [$VIP6]:53 -r [$RS1_IP6]:53 -m
END
dir_mac=$(dir_exec cat /sys/class/net/d0/address)
# The client resolves the director's addresses once, so that frames and replies are not held up.
ns_exec $NS_CLIENT ip neigh replace $DIR_CLIENT_IP lladdr "$dir_mac" dev c0
ns_exec $NS_CLIENT ip -6 neigh replace $DIR_CLIENT_IP6 lladdr "$dir_mac" dev c0

# One scapy process serves every group (it takes seconds to start under emulation).
coproc MAL { ns_exec $NS_CLIENT /usr/bin/python3 "$LVS_TOP/tests/selftests/tools/malformed.py" - "$dir_mac"; }
_pids+=($MAL_PID)
malformed() { # GROUP: send it; sets n to how many frames went out
	n=0
	echo "$1" >&"${MAL[1]}" && read -r -t 120 n <&"${MAL[0]}"
	[ "${n:-0}" -gt 0 ] || not_ok "send the $1 group" "malformed.py answered '$n'"
}

# conns_from PORT...: connection entries (any protocol/family) whose client port is one of PORT.
conns_from() {
	lvsadm -L -c -n -j | /usr/bin/python3 -c '
import json, sys
ports = {int(p) for p in sys.argv[1:]}
print(sum(c["client_port"] in ports for c in json.load(sys.stdin)["connections"]))' "$@"
}

counter_is() { [ "$(drop_count "$1")" = "$2" ]; }
counter_ge() { [ "$(drop_count "$1")" -ge "$2" ]; }

# Truncated and lying L4 headers: counted exactly once each.
m0=$(drop_count malformed)
malformed counted
wait_until 5 counter_is malformed $((m0 + n))
m1=$(drop_count malformed)
check_eq "each of $n truncated/lying TCP/UDP headers and IPv6 ext-header chains counted as malformed" $((m0 + n)) "$m1"
check_eq "none of them opened a connection" 0 "$(conns_from 39001 39002 39003 39004 39005)"

# What the IP layer drops and what lvs must pass: nothing counted. A marker packet counted by lvs
# (a truncated TCP header, sent last) proves the earlier ones were all processed.
malformed stack
n1=$n
malformed ignored
n2=$n
malformed counted
n3=$n
wait_until 5 counter_is malformed $((m1 + n3))
check_eq "$n1 bad IP headers and $n2 fragments/ext-header chains not counted as malformed" \
	$((m1 + n3)) "$(drop_count malformed)"
check_eq "none of them opened a connection" 0 "$(conns_from 39101 39102 39201 39202 39203)"

# Flag combinations that are not a client's opening SYN.
malformed flags
nf=$n
malformed counted
wait_until 5 counter_is malformed $((m1 + 2 * n3))
conns=$(conns_from $(seq 40001 $((40000 + nf))))
check_eq "$nf TCP segments with SYN+FIN, SYN+RST, no flags, all flags... opened no connection" 0 "$conns"
[ "$conns" = 0 ] || lvsadm -L -c -n | sed 's/^/# /'

# Unusual but valid SYNs each open one connection.
malformed good
want=$((n - 1)) # the fragmented SYN is two frames
conns_are() { [ "$(conns_from 41001 41002 41003 41004)" = "$1" ]; }
wait_until 5 conns_are $want
check_eq "reassembled, IP-options, IPv6 ext-header and ECN SYNs each opened a connection" "$want" \
	"$(conns_from 41001 41002 41003 41004)"

check_eq "IPv6 TCP forwarded before the ICMP errors" rs1-v6 "$(tcp_request $NS_CLIENT $VIP6 80)"

# ICMP errors about those connections and about none; the counted markers sent last show when
# they have all been processed.
m2=$(drop_count malformed)
malformed icmp
ni=$n
malformed counted
wait_until 5 counter_ge malformed $((m2 + n3))
echo "# $ni ICMP errors: malformed counter $m2 -> $(drop_count malformed), $n3 of that the markers"
check_eq "$ni ICMP errors with short, bad or nested quotes opened no connection" 0 "$(conns_from 39202 39203)"

# 64 KB of IPv6 extension headers in front of UDP, in 46 fragments: lvs sees one reassembled datagram.
m3=$(drop_count malformed)
malformed bigext
wait_until 10 counter_is malformed $((m3 + 1))
check_eq "UDP behind 64 KB of IPv6 extension headers counted once as malformed" $((m3 + 1)) \
	"$(drop_count malformed)"
check_eq "and it opened no connection" 0 "$(conns_from 24576 39301)"

# The service still works, both families and protocols.
got="$(tcp_request $NS_CLIENT $VIP 80) $(tcp_request $NS_CLIENT $VIP 80)"
case $got in "rs1 rs2" | "rs2 rs1") ok "TCP connections still balanced ($got)" ;;
*) not_ok "TCP connections still balanced" "got '$got'" ;; esac
# One retry: a single lost datagram has been seen under load (see the report); two are a failure.
got=$(udp_request $NS_CLIENT $VIP 53)
[ -n "$got" ] || { echo "# UDP: no answer to the first datagram, retrying"; got=$(udp_request $NS_CLIENT $VIP 53); }
check_eq "UDP still forwarded" u-rs1 "$got"
got=$(tcp_request $NS_CLIENT $VIP6 80)
check_eq "IPv6 TCP still forwarded" rs1-v6 "$got"
if [ "$got" != rs1-v6 ]; then
	{ dir_exec ip -6 neigh; dir_exec ip -6 route get $CLIENT6; ns_exec $NS_CLIENT ip -6 neigh
	  lvsadm -L -c -n; ns_exec $NS_RS1 ss -tln; dir_exec nstat -az | grep -i -E 'icmp6|Ip6.*Discard|Ip6InNoRoutes'; } 2>&1 | sed 's/^/# /'
fi
