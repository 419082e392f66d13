#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VS/TUN path MTU beyond the director's own link, IPv4 (IPIP) and IPv6 (IPv6 in IPv6): the real server
# sits behind a router whose link to it has MTU 1400, while every link of the director's is 1500. The
# router's frag-needed / packet-too-big about the director's tunnel packets must lower the director's
# route to the real server, and the client must be told the MTU left inside the tunnel, or its full-sized
# DF segments are lost for good and the upload stalls.
#   lvs-dir br0 -- router eth0 198.51.100.4, 2001:db8:2::4
#   router eth1 203.0.113.33/28, 2001:db8:4::1/64 (mtu 1400) -- rs1 eth2 203.0.113.34, 2001:db8:4::2
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd socat sha256sum
load_lvs
topo_dr || { not_ok "topology"; exit 1; }

NS_RT=router RT_IP=198.51.100.4 RT_IP6=2001:db8:2::4
TUN_RS_IP=203.0.113.34 TUN_RS_IP6=2001:db8:4::2
topo_router() {
	ns_create $NS_RT || return
	ip -batch - <<-EOF || return
	link add eth0 netns $NS_RT type veth peer name br-rt netns $NS_DIR
	link add eth1 netns $NS_RT type veth peer name eth2 netns $NS_RS1
	EOF
	ip -n $NS_RT -batch - <<-EOF || return
	addr add $RT_IP/24 dev eth0
	addr add $RT_IP6/64 dev eth0 nodad
	link set eth0 up
	addr add 203.0.113.33/28 dev eth1
	addr add 2001:db8:4::1/64 dev eth1 nodad
	link set eth1 mtu 1400 up
	EOF
	ip -n $NS_RS1 -batch - <<-EOF || return
	addr add $TUN_RS_IP/28 dev eth2
	addr add $TUN_RS_IP6/64 dev eth2 nodad
	link set eth2 mtu 1400 up
	EOF
	ip -n $NS_DIR -batch - <<-EOF || return
	link set br-rt master br0 up
	route add 203.0.113.32/28 via $RT_IP
	route add 2001:db8:4::/64 via $RT_IP6
	EOF
	ns_exec $NS_RT sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0 net.ipv4.conf.eth1.rp_filter=0 &&
		ns_exec $NS_RS1 sysctl -qw net.ipv4.conf.eth2.rp_filter=0
}
topo_router || { not_ok "router topology"; exit 1; }
check_eq "the director's real-server link stays at 1500" 1500 "$(dir_exec cat /sys/class/net/br0/mtu)"

blob_dir=$(mktemp -d)
trap 'rc=$?; rm -rf "$blob_dir"; (exit $rc); _cleanup' EXIT
head -c 400K /dev/urandom >"$blob_dir/blob"
blob_sum=$(sha256sum <"$blob_dir/blob" | cut -d' ' -f1)

route_mtu() { # NS ADDR: the mtu ip route get shows for ADDR in NS, or nothing
	ns_exec "$1" ip route get "$2" | grep -o 'mtu [0-9]*' | cut -d' ' -f2
}

for fam in "$VIP $TUN_RS_IP 20" "$VIP6 $TUN_RS_IP6 40"; do
	set -- $fam
	vip=$1 rs=$2 hlen=$3
	# -t 10: after the client's end of data, wait for sha256sum's answer (socat's 0.5 s default can pass
	# before a first exec in a busy guest has printed it).
	ip netns exec $NS_RS1 socat -t 10 "TCP$(_fam "$vip")-LISTEN:8443,bind=$(_host "$vip"),reuseaddr,fork" \
		SYSTEM:sha256sum >/dev/null 2>&1 &
	_pids+=($!)
	wait_until 30 _listening $! tcp 8443 || not_ok "server on $vip:8443" "not listening"
	check lvsadm -A -t "$(_host "$vip"):8443" -s rr
	check lvsadm -a -t "$(_host "$vip"):8443" -r "$(_host "$rs"):8443" -i
	sum=$(echo small | ns_exec $NS_CLIENT timeout 20 socat -t 10 STDIO "TCP$(_fam "$vip"):$(_host "$vip"):8443" |
		cut -d' ' -f1)
	check_eq "TUN $vip: a small request through the router is answered" "$(echo small | sha256sum | cut -d' ' -f1)" "$sum"
	# The client's segments are full-sized (MSS 1460 / 1440) and DF: each needs the PMTU learnt.
	sum=$(ns_exec $NS_CLIENT timeout 30 socat -t 20 STDIO "TCP$(_fam "$vip"):$(_host "$vip"):8443" \
		<"$blob_dir/blob" | cut -d' ' -f1)
	check_eq "TUN $vip: 400 KB upload through the narrower router link completes intact" "$blob_sum" "$sum"
	check_eq "TUN $vip: the director's route to the real server learnt the router's MTU" 1400 \
		"$(route_mtu $NS_DIR "$rs")"
	check_eq "TUN $vip: the client was told the MTU left inside the tunnel" $((1400 - hlen)) \
		"$(route_mtu $NS_CLIENT "$vip")"
done
