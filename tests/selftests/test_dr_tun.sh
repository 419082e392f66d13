#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VS/DR and VS/TUN over IPv4 and IPv6: rr alternation, multi-megabyte transfers intact with the replies
# bypassing the director, NAT and DR in one service, a real server's kept route not looked up again per
# packet (alternating TOS, DR and NAT connections at once), and TUN's path MTU converging on a narrower
# link.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd socat sha256sum
load_lvs
topo_dr || { not_ok "topology"; exit 1; }

blob_dir=$(mktemp -d)
trap 'rc=$?; rm -rf "$blob_dir"; (exit $rc); _cleanup' EXIT
# 4 MB, 1 MB on the debug kernel: enough packets to cross every path, in a quarter of the time.
blob_mb=4
debug_kernel && blob_mb=1
head -c ${blob_mb}M /dev/urandom >"$blob_dir/blob"
blob_sum=$(sha256sum <"$blob_dir/blob" | cut -d' ' -f1)

# serve NS ADDR PORT CMD: run CMD for each connection, its stdio on the socket.
serve() {
	ip netns exec "$1" socat "TCP$(_fam "$2")-LISTEN:$3,bind=$(_host "$2"),reuseaddr,fork" "SYSTEM:$4" \
		>/dev/null 2>&1 &
	_pids+=($!)
	wait_until 30 _listening $! tcp "$3" || not_ok "server on $1 $2:$3" "not listening"
}

# svc PROTO-ADDR:PORT METHOD NS...: an rr service whose real servers, newest first, are the last NS
# given; each is reached at its own eth0 address (port kept).
svc() {
	local vs=$1 m=$2 port=${1##*:} ns ip
	shift 2
	lvsadm -A -t "$vs" -s rr || return
	for ns; do
		case $ns.$vs in
		rs1.\[*) ip="[$RS1_IP6]" ;; rs2.\[*) ip="[$RS2_IP6]" ;; rs1.*) ip=$RS1_IP ;; *) ip=$RS2_IP ;;
		esac
		lvsadm -a -t "$vs" -r "$ip:$port" "$m" || return
	done
}

# alternate ADDR PORT METHOD: two rr real servers both answer, newest first, exactly alternating.
alternate() {
	local a=$1 p=$2 m=$3
	start_tcp_server $NS_RS1 "$a" "$p" "rs1$m"
	start_tcp_server $NS_RS2 "$a" "$p" "rs2$m"
	check svc "$(_host "$a"):$p" "$m" $NS_RS1 $NS_RS2
	check_eq "$m $a: rr alternates between both real servers" "rs2$m rs1$m rs2$m rs1$m " \
		"$(tcp_requests $NS_CLIENT "$a" "$p" 4)"
}

tx_bytes() { # director's bytes sent to the client
	dir_exec cat /sys/class/net/d0/statistics/tx_bytes
}

# download ADDR PORT METHOD: the blob from whichever server rr picks arrives intact, and the director sent
# the client far less than that: the data took the bypass.
download() {
	local a=$1 p=$2 m=$3 before sum sent stats
	serve $NS_RS1 "$a" "$p" "cat $blob_dir/blob"
	serve $NS_RS2 "$a" "$p" "cat $blob_dir/blob"
	check svc "$(_host "$a"):$p" "$m" $NS_RS1 $NS_RS2
	before=$(tx_bytes)
	sum=$(ns_exec $NS_CLIENT timeout 60 socat -u "TCP$(_fam "$a"):$(_host "$a"):$p" STDOUT | sha256sum | cut -d' ' -f1)
	sent=$(($(tx_bytes) - before))
	check_eq "$m $a: $blob_mb MB download intact" "$blob_sum" "$sum"
	[ "$sent" -lt $((blob_mb * 250000)) ] && ok "$m $a: reply bypassed the director ($sent bytes sent to the client)" ||
		not_ok "$m $a: reply bypassed the director" "director sent the client $sent bytes"
	read -r inpkts outpkts < <(lvsadm -L -n --stats --exact |
		awk -v vs="$(_host "$a"):$p" '$1 == "TCP" && $2 == vs {print $4, $5}')
	[ "${inpkts:-0}" -gt 10 ] && [ "${outpkts:-x}" = 0 ] && ok "$m $a: counters: in $inpkts, out 0" ||
		not_ok "$m $a: counters" "in ${inpkts:-?} out ${outpkts:-?}"
}

# upload ADDR PORT METHOD: the blob to rs1 alone arrives intact (rs1 answers with the hash).
upload() {
	local a=$1 p=$2 m=$3 sum
	serve $NS_RS1 "$a" "$p" sha256sum
	check svc "$(_host "$a"):$p" "$m" $NS_RS1
	sum=$(ns_exec $NS_CLIENT timeout 60 socat -t 30 STDIO "TCP$(_fam "$a"):$(_host "$a"):$p" \
		<"$blob_dir/blob" | cut -d' ' -f1)
	check_eq "$m $a: $blob_mb MB upload intact" "$blob_sum" "$sum"
}

# Right after the download, before its 60 s FIN_WAIT timeout can run out on a slow machine.
dr_fin_wait() {
	local conns
	conns=$(lvsadm -L -c -n)
	echo "$conns" | sed 's/^/# /'
	grep -q "^TCP .* FIN_WAIT .*$VIP:8080" <<<"$conns" &&
		ok "a closed DR connection is in FIN_WAIT (client half only)" ||
		not_ok "a closed DR connection is in FIN_WAIT (client half only)"
}

for a in $VIP $VIP6; do
	alternate "$a" 80 -g
	alternate "$a" 81 -i
	download "$a" 8080 -g
	[ "$a" = "$VIP" ] && dr_fin_wait
	download "$a" 8081 -i
done

# NAT and DR real servers in one service: the NAT one listens on its own address, the DR one on the VIP.
start_tcp_server $NS_RS1 $RS1_IP 82 nat
start_tcp_server $NS_RS2 $VIP 82 dr
check lvsadm -A -t $VIP:82 -s rr
check lvsadm -a -t $VIP:82 -r $RS1_IP:82 -m
check lvsadm -a -t $VIP:82 -r $RS2_IP:82 -g
got="$(tcp_request $NS_CLIENT $VIP 82) $(tcp_request $NS_CLIENT $VIP 82)"
check_eq "NAT and DR real servers in one service both answer" "dr nat" "$got"

# Each real server keeps its route for its packets (kernel/route.c): a route change on the director must
# still apply from the next packet on. Blackholed, no real server gets anything (counted no_route);
# routed again, they all answer.
blackholes() { # add|del
	local a
	for a in $RS1_IP $RS2_IP $RS1_IP6 $RS2_IP6; do dir_exec ip route "$1" blackhole "$a" || return; done
}
drops=$(drop_count no_route)
check blackholes add
got="$(tcp_request $NS_CLIENT $VIP 82 3)$(tcp_request $NS_CLIENT $VIP 82 3)$(tcp_request $NS_CLIENT $VIP6 81 3)"
check_eq "routes to the real servers blackholed: none answers (NAT, DR, TUN v6)" "" "$got"
[ "$(drop_count no_route)" -ge $((drops + 3)) ] && ok "and the packets are counted as no_route" ||
	not_ok "and the packets are counted as no_route" "$drops before, $(drop_count no_route) after"
check blackholes del
a=$(tcp_request $NS_CLIENT $VIP 82) b=$(tcp_request $NS_CLIENT $VIP 82) c=$(tcp_request $NS_CLIENT $VIP6 81)
check_eq "routes back: the NAT and the DR real server answer again" "dr nat" "$(printf '%s\n' "$a" "$b" | sort | paste -sd' ')"
[[ $c == rs[12]-i ]] && ok "and a TUN one over IPv6 ($c)" || not_ok "and a TUN one over IPv6" "got '$c'"

# The kept route is the real server's, not the client packet's: with no policy rules neither the TOS nor
# the mark can change it, so a client alternating its TOS costs no route lookup per packet; nor do a
# real server's DR connections and its NAT ones (its method changed meanwhile) take each other's.
# Counted: the director's IPv4 output route lookups to rs1 (a kprobe on ip_route_output_flow, which
# ip_route_output_key calls, reading flowi4's daddr; the first packet of a new real server must show
# one, or the probe is wrong).
tracefs=/sys/kernel/tracing
mountpoint -q $tracefs || mount -t tracefs nodev $tracefs 2>/dev/null || tracefs=/sys/kernel/debug/tracing
# Little-endian u32 of the address as it sits in memory (x86-64: the flowi4 is the second argument, %si).
rs1_le=$(printf '0x%02x%02x%02x%02x' $(echo $RS1_IP | awk -F. '{print $4, $3, $2, $1}'))
# moved_to N CMD...: CMD prints N.
moved_to() {
	local n=$1
	shift
	[ "$("$@")" = "$n" ]
}
if ! /usr/bin/python3 -c 'import scapy' 2>/dev/null; then
	skip "route lookups per packet" "scapy for /usr/bin/python3 not installed"
elif [ "$(uname -m)" = x86_64 ] && [ -w $tracefs/kprobe_events ] &&
	echo 'p:lvs_rt ip_route_output_flow daddr=+44(%si):u32' >>$tracefs/kprobe_events 2>/dev/null; then
	ev=$tracefs/events/kprobes/lvs_rt
	echo "daddr == $rs1_le" >$ev/filter
	echo 1 >$ev/enable
	echo 1 >$tracefs/tracing_on
	# lookups: the probe's hits since the last call.
	lookups() {
		grep -c ' lvs_rt:' $tracefs/trace
		echo >$tracefs/trace
	}
	# udp_tos SPEC...: one datagram per SPEC, SPORT:TOS, from the client to VIP:5300 in one go.
	udp_tos() {
		ns_exec $NS_CLIENT /usr/bin/python3 -c '
import sys
from scapy.all import Ether, IP, UDP, conf, sendp
conf.verb = 0
sendp([Ether(dst=sys.argv[1]) / IP(src=sys.argv[2], dst=sys.argv[3], tos=int(t, 0)) /
       UDP(sport=int(p), dport=5300) / b"x" for p, t in (a.split(":") for a in sys.argv[4:])],
      iface="c0")' "$dir_mac" $CLIENT_IP $VIP "$@"
	}
	# alternate WHAT IN A B: 50 datagrams A and 50 B, interleaved; once lvs's in-counter is IN, the
	# director looked the real server's route up at most twice (once per kind of route kept).
	alternate() {
		local what=$1 in=$2 specs=() i n
		lookups >/dev/null
		for i in $(seq 50); do specs+=("$3" "$4"); done
		check udp_tos "${specs[@]}"
		wait_until 30 moved_to "$in" inpkts || not_ok "$what: 100 datagrams reached lvs" "in: $(inpkts)"
		n=$(lookups)
		[ "$n" -le 2 ] && ok "$what alternating: $n route lookups for 100 datagrams" ||
			not_ok "$what alternating: at most 2 route lookups for 100 datagrams" "$n"
	}
	inpkts() {
		lvsadm -L -n --stats --exact | awk -v vs=$VIP:5300 '$1 == "UDP" && $2 == vs {print $4}'
	}
	dir_mac=$(dir_exec cat /sys/class/net/d0/address)
	check lvsadm -A -u $VIP:5300 -s rr
	check lvsadm -a -u $VIP:5300 -r $RS1_IP -g
	lookups >/dev/null
	check udp_tos 40201:0
	wait_until 20 moved_to 1 inpkts || not_ok "DR UDP: the first datagram reached lvs" "in: $(inpkts)"
	n=$(lookups)
	[ "$n" -ge 1 ] && ok "DR UDP: the first datagram looked its route up ($n)" ||
		not_ok "DR UDP: the first datagram looked its route up" "the probe saw none"
	alternate "DR UDP, TOS 0x10 and 0" 101 40201:0x10 40201:0
	# The real server becomes NAT: the DR connection keeps DR, a new one is NAT.
	check lvsadm -e -u $VIP:5300 -r $RS1_IP -m
	check udp_tos 40202:0
	wait_until 20 moved_to 102 inpkts || not_ok "NAT UDP: the new connection's datagram reached lvs"
	alternate "one real server's DR and NAT connections" 202 40201:0 40202:0
	echo 0 >$ev/enable
	echo '-:lvs_rt' >>$tracefs/kprobe_events
else
	skip "route lookups per packet" "no kprobe events at $tracefs on this kernel"
fi

# Path MTU through the tunnel: the link to the real servers narrows to 1400 (the bridge follows its
# narrowest port). The client's full-sized segments no longer fit once encapsulated; it must be told
# the MTU left inside the tunnel, or the upload stalls.
ip -n $NS_RS1 link set eth0 mtu 1400 && ip -n $NS_DIR link set br-rs1 mtu 1400
check_eq "director's real-server link is 1400" 1400 "$(dir_exec cat /sys/class/net/br0/mtu)"
for a in $VIP $VIP6; do
	upload "$a" 8443 -i
	check_eq "TUN $a: client learned the tunnel's MTU" \
		"$([ "$a" = "$VIP" ] && echo 1380 || echo 1360)" \
		"$(ns_exec $NS_CLIENT ip route get "$a" | grep -o 'mtu [0-9]*' | cut -d' ' -f2)"
done
