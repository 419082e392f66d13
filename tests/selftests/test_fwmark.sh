#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Firewall-mark services (-f, -6): marked TCP and UDP to several VIP ports share one service, real servers
# of port 0 keep the packet's port, NAT, DR and TUN, IPv6; unmarked packets are not balanced; persistence
# across ports; -L, -S and JSON as ipvsadm's; ip_vs gives the same sequence.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd socat
load_lvs
topo_dr || { not_ok "topology"; exit 1; }

# Marks, set on the director as packets arrive from the client: 1 for TCP to VIP:80 and :8080 and UDP to
# VIP:5353, 2 for TCP to [VIP6]:80, 3 for TCP to VIP:9000 (DR), 4 for VIP:9001 (TUN). VIP:8081 stays
# unmarked. nftables, else iptables, else tc (skbedit), whichever the guest has.
MARKS=("ip tcp $VIP 80 1" "ip tcp $VIP 8080 1" "ip udp $VIP 5353 1" "ipv6 tcp $VIP6 80 2"
	"ip tcp $VIP 9000 3" "ip tcp $VIP 9001 4")
mark_nft() {
	local m rules=""
	for m in "${MARKS[@]}"; do
		set -- $m
		rules+="$([ $1 = ip ] && echo ip || echo ip6) daddr $3 $2 dport $4 meta mark set $5"$'\n'
	done
	dir_exec nft -f - <<-EOF
	table inet lvstest {
		chain pre {
			type filter hook prerouting priority mangle;
			$rules
		}
	}
	EOF
}
mark_iptables() {
	local m
	for m in "${MARKS[@]}"; do
		set -- $m
		dir_exec "$([ $1 = ip ] && echo iptables || echo ip6tables)" -t mangle -A PREROUTING -d "$3" \
			-p "$2" --dport "$4" -j MARK --set-mark "$5" || return
	done
}
mark_tc() {
	local m
	# The debug kernel (tests/vm/debug.config) has no traffic control at all.
	dir_exec tc qdisc add dev d0 ingress 2>/dev/null ||
		skip_all "tc found, but this kernel has no ingress qdisc to mark packets with (nor nft, iptables)"
	for m in "${MARKS[@]}"; do
		set -- $m
		dir_exec tc filter add dev d0 ingress protocol "$1" flower ip_proto "$2" dst_ip "$3" \
			dst_port "$4" action skbedit mark "$5" || return
	done
}
# nft fails as a whole on the debug kernel, whose nf_tables has no inet family: the next one marks.
marker=none
if command -v nft >/dev/null && modprobe nf_tables 2>/dev/null && mark_nft 2>/dev/null; then
	marker=nft
elif command -v iptables >/dev/null && command -v ip6tables >/dev/null; then
	mark_iptables && marker=iptables
elif command -v tc >/dev/null; then
	mark_tc && marker=tc
else
	skip_all "neither nft, iptables nor tc to mark packets with"
fi
if [ $marker != none ]; then ok "packets marked with $marker"; else not_ok "packets marked"; exit 1; fi

for p in 80 8080 8081; do
	start_tcp_server $NS_RS1 $RS1_IP $p rs1-$p || exit 1
	start_tcp_server $NS_RS2 $RS2_IP $p rs2-$p || exit 1
done
start_udp_server $NS_RS1 $RS1_IP 5353 u-rs1 || exit 1
start_udp_server $NS_RS2 $RS2_IP 5353 u-rs2 || exit 1
start_tcp_server $NS_RS1 $RS1_IP6 80 rs1-v6 || exit 1
start_tcp_server $NS_RS2 $RS2_IP6 80 rs2-v6 || exit 1
# DR and TUN real servers answer on the VIP itself.
for p in 9000 9001; do
	start_tcp_server $NS_RS1 $VIP $p rs1-$p || exit 1
	start_tcp_server $NS_RS2 $VIP $p rs2-$p || exit 1
done

# fwm_service ADM MARK [-6] -- METHOD ADDR...: an rr fwmark service, real servers of port 0 in order.
fwm_service() {
	local adm=$1 mark=$2 six="" m a
	shift 2
	[ "$1" = -6 ] && six=-6 && shift
	shift # --
	m=$1
	shift
	$adm -A -f "$mark" $six -s rr || return
	for a; do $adm -a -f "$mark" $six -r "$a" "$m" || return; done
}

seq4() { # the NAT v4 sequence: two connections to port 80, two to 8080, one UDP datagram
	echo "$(tcp_request $NS_CLIENT $VIP 80) $(tcp_request $NS_CLIENT $VIP 80)" \
		"$(tcp_request $NS_CLIENT $VIP 8080) $(tcp_request $NS_CLIENT $VIP 8080)" \
		"$(udp_request $NS_CLIENT $VIP 5353)"
}

# ---- NAT, IPv4: one service for two TCP ports and a UDP port; port-0 servers keep each packet's port.
check fwm_service lvsadm 1 -- -m $RS1_IP:0 $RS2_IP:0
lvs_seq=$(seq4)
check_eq "fwmark 1 balances TCP 80, 8080 and UDP 5353 in rr order, ports kept" \
	"rs2-80 rs1-80 rs2-8080 rs1-8080 u-rs2" "$lvs_seq"
conns=$(lvsadm -L -c -n)
echo "$conns" | sed 's/^/# /'
expect=$(printf '%s\n' "$VIP:80>$RS1_IP:80" "$VIP:80>$RS2_IP:80" "$VIP:8080>$RS1_IP:8080" \
	"$VIP:8080>$RS2_IP:8080" | sort)
check_eq "TCP entries to VIP:80 and VIP:8080, the servers reached on the packet's port" "$expect" \
	"$(awk '$1 == "TCP" {print $5 ">" $6}' <<<"$conns" | sort)"
check_eq "VIP:8081 is not marked: not balanced, no entry" "" "$(tcp_request $NS_CLIENT $VIP 8081)"
check_eq "and no connection entry for it" 0 "$(lvsadm -L -c -n | grep -c ":8081 ")"

# ---- IPv6 (-6).
check fwm_service lvsadm 2 -6 -- -m "[$RS1_IP6]:0" "[$RS2_IP6]:0"
check_eq "fwmark 2 -6 balances IPv6" "rs2-v6 rs1-v6" \
	"$(tcp_request $NS_CLIENT $VIP6 80) $(tcp_request $NS_CLIENT $VIP6 80)"

# ---- DR and TUN.
check fwm_service lvsadm 3 -- -g $RS1_IP $RS2_IP
check_eq "fwmark 3 over DR" "rs2-9000 rs1-9000" "$(tcp_request $NS_CLIENT $VIP 9000) $(tcp_request $NS_CLIENT $VIP 9000)"
check fwm_service lvsadm 4 -- -i $RS1_IP $RS2_IP
check_eq "fwmark 4 over TUN" "rs2-9001 rs1-9001" "$(tcp_request $NS_CLIENT $VIP 9001) $(tcp_request $NS_CLIENT $VIP 9001)"

# ---- Listings as ipvsadm's.
list=$(lvsadm -L -n)
echo "$list" | sed 's/^/# /'
check_eq "-L: FWM lines" "FWM  1 rr|FWM  2 IPv6 rr|FWM  3 rr|FWM  4 rr" \
	"$(grep '^FWM' <<<"$list" | tr '\n' '|' | sed 's/|$//')"
check_eq "-L: a port-0 real server" "$RS1_IP:0 Masq 1" \
	"$(awk '$1 == "->" && $2 == "'$RS1_IP:0'" {print $2, $3, $4; exit}' <<<"$list")"
save=$(lvsadm -S -n)
echo "$save" | sed 's/^/# /'
check_eq "-S: -f and -6" "-A -f 1 -s rr|-A -f 2 -6 -s rr|-A -f 3 -s rr|-A -f 4 -s rr" \
	"$(grep '^-A' <<<"$save" | tr '\n' '|' | sed 's/|$//')"
check_eq "-S: real servers of a fwmark service" "-a -f 1 -r $RS1_IP:0 -m -w 1" \
	"$(grep -- "-a -f 1 -r $RS1_IP:0" <<<"$save")"
check_eq "JSON: protocol fwmark and the mark" "fwmark 1 inet|fwmark 2 inet6|fwmark 3 inet|fwmark 4 inet" \
	"$(lvsadm -L -j | /usr/bin/python3 -c '
import json, sys
print("|".join("%s %d %s" % (s["protocol"], s["fwmark"], s["family"]) for s in json.load(sys.stdin)["services"]))')"
check_eq "-L -f 2 -6 lists that service only" "FWM  2 IPv6 rr" "$(lvsadm -L -n -f 2 -6 | grep '^FWM')"

# ---- Persistence across the ports of one mark: the fwmark template (protocol IP, the mark as VIP).
check lvsadm -E -f 1 -s rr -p 60
got="$(tcp_request $NS_CLIENT $VIP 80) $(tcp_request $NS_CLIENT $VIP 8080) $(tcp_request $NS_CLIENT $VIP 80)"
first=${got%%-*}
check_eq "-p on a fwmark service: ports 80 and 8080 share one server" "$first-80 $first-8080 $first-80" "$got"
server=$([ "$first" = rs1 ] && echo $RS1_IP || echo $RS2_IP)
line=$(lvsadm -L -c -n | grep '^IP ')
echo "# $line"
[[ $line =~ ^IP\ \ +0[01]:[0-9][0-9]\ \ NONE\ +$CLIENT_IP:0\ +0\.0\.0\.1:0\ +$server:0$ ]] &&
	ok "-L -c: the fwmark template as ipvsadm shows it" || not_ok "-L -c: the fwmark template" "$line"

# ---- ip_vs, given the same configuration and marks, saves the same lines and gives the same sequence.
check lvsadm -E -f 1 -s rr
save=$(lvsadm -S -n)
check lvsadm -C
if ipvs_same_save "$save"; then
	fwm_service "ns_exec $NS_DIR ipvsadm" 1 -- -m $RS1_IP:0 $RS2_IP:0
	check_eq "ip_vs gives the same fwmark sequence" "$lvs_seq" "$(seq4)"
	ns_exec $NS_DIR ipvsadm -C
	modprobe -r ip_vs_rr ip_vs 2>/dev/null
else
	skip "ip_vs comparison" "$ipvs_why"
fi
