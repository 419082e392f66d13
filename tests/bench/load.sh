# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by tests/bench/run and profile.sh after topo_dr: the director's work on a CPU of its own, and
# the kernel's packet generator to load it fully.

# steer_director: RPS steers what the director's interfaces receive to CPU 1 and what the others' receive
# to CPU 0, where the calling script and every process it starts run. CPU 1's busy time is then the
# director's cost (receive, hooks, load balancer, routing, transmit), whatever the sender's rate.
# Fails (nothing to undo) with fewer than 2 CPUs.
steer_director() {
	(($(nproc) >= 2)) && taskset -pc 0 $$ >/dev/null &&
		_rps $NS_DIR 2 d0 br-rs1 br-rs2 && _rps $NS_CLIENT 1 c0 bp-rs1 bp-rs2 &&
		_rps $NS_RS1 1 eth0 eth1 && _rps $NS_RS2 1 eth0 eth1
}
_rps() { # NS MASK DEV...: receive processing of DEV... on the CPUs in MASK
	local ns=$1 mask=$2 dev q
	shift 2
	for dev; do
		for q in $(ip netns exec "$ns" sh -c "echo /sys/class/net/$dev/queues/rx-*/rps_cpus"); do
			ip netns exec "$ns" sh -c "echo $mask >$q" || return
		done
	done
}

# pg_setup PORT [RATE]: pktgen in the client's namespace, to send from CPU 0 (its thread kpktgend_0)
# straight into c0: 64-byte UDP payloads to VIP:PORT (from what pg_flows sets), as fast as it can or
# RATE packets a second (0: as fast), bounded to 600 million packets. Fails when pktgen, tc's
# matchall/gact or ethtool is missing.
pg_setup() {
	local c mac
	command -v ethtool >/dev/null && modprobe -a pktgen sch_ingress cls_matchall act_gact 2>/dev/null || return
	mac=$(ip -n $NS_DIR -br link show d0 | awk '{print $3}')
	_pg kpktgend_0 "rem_device_all" && _pg kpktgend_0 "add_device c0" || return
	for c in "clone_skb 0" "pkt_size $((14 + 20 + 8 + 64))" "delay 0" "count 600000000" "dst $VIP" \
		"dst_mac $mac" "udp_dst_min $1" "udp_dst_max $1" "flag UDPCSUM"; do
		_pg c0 "$c" || return
	done
	[ "${2:-0}" = 0 ] || _pg c0 "ratep $2"
}

# pg_flows SRC PORT N: the flows pktgen sends next, round-robin: from SRC, source ports PORT..PORT+N-1.
pg_flows() {
	local c
	for c in "src_min $1" "src_max $1" "udp_src_min $2" "udp_src_max $(($2 + $3))"; do
		_pg c0 "$c" || return
	done
}
_pg() { ip netns exec $NS_CLIENT sh -c "echo '$2' >/proc/net/pktgen/$1"; } # FILE COMMAND

# pg_start, pg_stop: run pktgen, with c0's checksum offload off meanwhile: pktgen then computes each UDP
# checksum, and the director receives complete packets, as from a network card (with the offload on,
# the checksum would be left to a "hardware" that no real sender has).
pg_start() {
	ns_exec $NS_CLIENT ethtool -K c0 tx off >/dev/null || return
	ip netns exec $NS_CLIENT sh -c 'echo start >/proc/net/pktgen/pgctrl' &
	_pg_pid=$!
	_pids+=($_pg_pid)
}
pg_stop() {
	_pg pgctrl stop
	wait $_pg_pid
	ns_exec $NS_CLIENT ethtool -K c0 tx on >/dev/null
}

# rs_drop add|del: the real servers drop every IPv4 packet at eth0's ingress (ARP still answered), so
# that what they receive costs CPU 0 next to nothing.
rs_drop() {
	local ns
	for ns in $NS_RS1 $NS_RS2; do
		if [ "$1" = add ]; then
			tc -n $ns qdisc add dev eth0 clsact &&
				tc -n $ns filter add dev eth0 ingress protocol ip pref 1 matchall action drop || return
		else
			tc -n $ns qdisc del dev eth0 clsact
		fi
	done
}
