# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by tests/bench/run and profile.sh after topo_dr: the director's work on a CPU of its own, and
# the kernel's packet generator to load it fully.

# steer_director: RPS steers what the director's interfaces receive to CPU 1 and what the others' receive
# to CPU 0, where the calling script and every process it starts run. CPU 1's busy time is then the
# director's cost (receive, hooks, load balancer, routing, transmit), whatever the sender's rate.
# Fails (nothing to undo) with fewer than 2 CPUs. steer_rps: the RPS part alone, for another topology.
steer_director() {
	(($(nproc) >= 2)) && taskset -pc 0 $$ >/dev/null && steer_rps
}
steer_rps() {
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
# pg_setup PORT 0 inline: pktgen in the director's namespace instead, on the director's CPU
# (kpktgend_1), handing each packet to d0's receive path itself (xmit_mode netif_receive): the
# director's CPU builds the packets and forwards them, with no sender to wait for, so the rate is what
# that CPU forwards when it is 100% busy, the director's capacity (pktgen's own share in it, the same
# for both systems). pg_use client|inline chooses the set-up pg_flows, pg_start and pg_stop drive.
pg_setup() {
	local c mac mode=${3:-client}
	command -v ethtool >/dev/null && modprobe -a pktgen sch_ingress cls_matchall act_gact 2>/dev/null || return
	pg_use "$mode"
	mac=$(ip -n $NS_DIR -br link show d0 | awk '{print $3}')
	_pg "kpktgend_$_pg_cpu" "rem_device_all" && _pg "kpktgend_$_pg_cpu" "add_device $_pg_dev" || return
	# Inline, a burst of 64 packets per softirq, as a network card's NAPI poll hands them over: the
	# director's wake-ups of the real servers' CPU (an IPI each) are then per batch, as with a sender.
	[ "$mode" = client ] || { _pg $_pg_dev "xmit_mode netif_receive" && _pg $_pg_dev "burst 64"; } || return
	for c in "clone_skb 0" "pkt_size $((14 + 20 + 8 + 64))" "delay 0" "count 600000000" "dst $VIP" \
		"dst_mac $mac" "udp_dst_min $1" "udp_dst_max $1" "flag UDPCSUM"; do
		_pg $_pg_dev "$c" || return
	done
	[ "${2:-0}" = 0 ] || _pg $_pg_dev "ratep $2"
}
pg_use() {
	case $1 in
	client) _pg_ns=$NS_CLIENT _pg_dev=c0 _pg_cpu=0 ;;
	inline) _pg_ns=$NS_DIR _pg_dev=d0 _pg_cpu=1 ;;
	esac
}

# pg_flows SRC PORT N: the flows pktgen sends next, round-robin: from SRC, source ports PORT..PORT+N-1.
pg_flows() {
	local c
	for c in "src_min $1" "src_max $1" "udp_src_min $2" "udp_src_max $(($2 + $3))"; do
		_pg $_pg_dev "$c" || return
	done
}
_pg() { ip netns exec $_pg_ns sh -c "echo '$2' >/proc/net/pktgen/$1"; } # FILE COMMAND

# pg_start, pg_stop: run pktgen, with the device's checksum offload off meanwhile: pktgen then computes
# each UDP checksum, and the director receives complete packets, as from a network card (with the
# offload on, the checksum would be left to a "hardware" that no real sender has). Inline, d0's RPS is
# off meanwhile: pktgen's thread is already on the director's CPU and hands it the packet directly.
pg_start() {
	ns_exec $_pg_ns ethtool -K $_pg_dev tx off >/dev/null || return
	[ $_pg_dev = c0 ] || _rps $NS_DIR 0 d0 || return
	ip netns exec $_pg_ns sh -c 'echo start >/proc/net/pktgen/pgctrl' &
	_pg_pid=$!
	_pids+=($_pg_pid)
}
pg_stop() {
	_pg pgctrl stop
	wait $_pg_pid
	ns_exec $_pg_ns ethtool -K $_pg_dev tx on >/dev/null
	[ $_pg_dev = c0 ] || _rps $NS_DIR 2 d0
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
