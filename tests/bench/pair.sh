# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by tests/bench/run after load.sh: the paired capacity figures (nat_pair, dr_pair, tun_pair,
# nat_tcp_pair).
#
# The sequential figures measure lvs, then ip_vs, in windows seconds apart, and this emulator's speed
# moves between windows by more than the gap between the two. Here both forward at the same time, each
# on a director of its own: lvs on topo_dr's lvs-dir, ip_vs on a copy of that topology (ipvs-client,
# ipvs-dir, ipvs-rs1, ipvs-rs2: the same addresses, in other namespaces), both modules loaded, each one's
# hooks only where it has a service. Into each director's d0 a kernel thread of tests/bench/inject's
# lvs_inject.ko, bound to CPU 1, passes packets as a network card's driver does (a fresh skb each, in
# bursts of 64 with softirqs off) and so does all of that director's work. The two threads share CPU 1,
# interleaved by the scheduler tick by tick, so whatever the host does to the CPU's speed it does to
# both. A system's figure is what its director forwarded (to its real servers' links) per second of its
# own thread's CPU time: its capacity, measured in the same instants as the other's. nat_tcp_pair is
# figure 2's connection-setup path so measured: each connection a client's SYN, ACK, request and RST
# from a source of its own (16 addresses x 60,000 ports), the figure connections per second of CPU
# time. ip_vs gets a connection table of 2^18 buckets there (conn_tab_bits=18, enough for the
# connections of a window; its default 2^12 would make this figure 3's large-table cost as well).
# (pktgen's netif_receive mode, the *_cap figures' source, passes one shared skb again and again, which
# the IP stack must clone and either load balancer copy before rewriting it: no card's traffic costs that.)

PAIR_NS_CLIENT=ipvs-client PAIR_NS_DIR=ipvs-dir PAIR_NS_RS1=ipvs-rs1 PAIR_NS_RS2=ipvs-rs2
PAIR_INJECT=$LVS_TOP/tests/bench/inject/lvs_inject.ko

# pair_do CMD...: CMD with NS_CLIENT, NS_DIR, NS_RS1 and NS_RS2 naming ip_vs's copy of the topology.
pair_do() {
	local NS_CLIENT=$PAIR_NS_CLIENT NS_DIR=$PAIR_NS_DIR NS_RS1=$PAIR_NS_RS1 NS_RS2=$PAIR_NS_RS2
	"$@"
}

# pair_setup: the copy of the topology, steered like the first, and an anchor in its director.
pair_setup() {
	[ -f "$PAIR_INJECT" ] && pair_do topo_dr && pair_do steer_rps || return
	ip netns exec $PAIR_NS_DIR sleep 100000 &
	_pids+=($!)
	pair_anchor=$!
}

# threads_named NAME: PT = the PIDs of the threads called NAME.
threads_named() {
	local d c
	PT=()
	for d in /proc/[0-9]*; do
		read -r c <"$d/comm" 2>/dev/null && [ "$c" = "$1" ] && PT+=("${d#/proc/}")
	done
}
# thread_times: TT[PID] = each of PT's time on a CPU so far, in ns.
thread_times() {
	local p t
	TT=()
	for p in "${PT[@]}"; do
		read -r t _ <"/proc/$p/schedstat" 2>/dev/null && TT[$p]=$t
	done
}

# tx_to_rs ANCHOR: TX = packets the director of ANCHOR's namespace handed to its real servers' links: sent,
# or dropped there because the real servers' CPU had a full backlog (a hiccup of CPU 0, after the
# director's work was done).
tx_to_rs() {
	local l
	TX=0
	while read -r l; do
		case $l in br-rs1:* | br-rs2:*) set -- ${l#*:}; TX=$((TX + ${10} + ${12})) ;; esac
	done <"/proc/$1/net/dev"
}

# pair_start PARAM...: one lvs_inject.ko load starts both threads, lvs_inject/0 into lvs-dir's d0 and
# lvs_inject/1 into ipvs-dir's, the traffic PARAM says (UDP: the packets pktgen sends in the other
# figures, 64-byte payloads over $flows flows; the checksums complete, as a card hands them over);
# THREAD[SYS] = each one's PID. Meanwhile the real servers drop what arrives (rs_drop) and d0's RPS is
# off (the thread is already on the director's CPU). pair_stop: all back.
pair_start() {
	_pair_quiet add && pair_do _pair_quiet add || { not_ok "rs_drop, RPS"; exit 1; }
	insmod "$PAIR_INJECT" pids=$dir_anchor,$pair_anchor dev=d0 src=$CLIENT_IP dst=$VIP cpu=1 "$@" ||
		{ not_ok "insmod lvs_inject"; exit 1; }
	threads_named lvs_inject/0; THREAD[lvs]=${PT[0]}
	threads_named lvs_inject/1; THREAD[ipvs]=${PT[0]}
}
pair_sent() { # INJ[SYS] = the packets each thread has passed on so far
	local a
	IFS=, read -r -a a </sys/module/lvs_inject/parameters/sent
	INJ[lvs]=${a[0]} INJ[ipvs]=${a[1]}
}
pair_stop() {
	rmmod lvs_inject || note "rmmod lvs_inject failed"
	_pair_quiet del
	pair_do _pair_quiet del
}
_pair_quiet() { # add|del: the real servers drop (add), d0's RPS off (add) or back on (del)
	if [ "$1" = add ]; then rs_drop add && _rps $NS_DIR 0 d0; else rs_drop del; _rps $NS_DIR 2 d0; fi
}

# pair_sample: for lvs and ipvs, CPU[SYS] (its thread's ns), FWD[SYS] (TX) and INJ[SYS]; T.
pair_sample() {
	thread_times
	CPU[lvs]=${TT[${THREAD[lvs]}]:-0} CPU[ipvs]=${TT[${THREAD[ipvs]}]:-0}
	tx_to_rs $dir_anchor; FWD[lvs]=$TX
	tx_to_rs $pair_anchor; FWD[ipvs]=$TX
	pair_sent
	now
}

# created SYS: CREATED = the connections SYS's service has created (its statistics, which ip_vs
# updates every 2 s). created_all SYS N: CREATED is at least 98% of N.
created() {
	CREATED=$(tool "$1" -L -n --stats --exact | awk '$1 == "TCP" || $1 == "UDP" {n += $3} END {print n + 0}')
}
created_all() {
	if [ "$1" = lvs ]; then created "$1"; else pair_do created "$1"; fi
	((CREATED * 100 >= $2 * 98))
}

# pair_measure FIGURE ROUND METHOD: lvs (lvs-dir) and ip_vs (ipvs-dir) with the same service, both
# threads started, one window; records FIGURE (packets, or for TCP connections, forwarded per second of
# the system's CPU time) and FIGURE_share (its share of CPU 1, percent) for each. ROUND is the round's
# number.
pair_measure() {
	local fig=$1 r=$2 m=$3 s t0 cpu fwd inj per=1 svc=(-u $port_udp) bits=
	local inject=(proto=udp sport=10000 flows=$flows dport=$port_udp)
	local -A CPU FWD INJ CPU0 FWD0 INJ0 THREAD
	if [[ $fig == *_tcp_* ]]; then
		per=4 svc=(-t $port_tcp) bits=conn_tab_bits=18
		inject=(proto=tcp sport=1024 flows=60000 addrs=16 dport=$port_tcp)
	fi
	sys_on lvs
	modprobe ip_vs $bits && modprobe ip_vs_rr || { not_ok "modprobe ip_vs"; exit 1; }
	service lvs "${svc[@]}" "$m"
	pair_do service ipvs "${svc[@]}" "$m"
	pair_start "${inject[@]}"
	if [ -n "${THREAD[lvs]}" ] && [ -n "${THREAD[ipvs]}" ]; then
		PT=("${THREAD[lvs]}" "${THREAD[ipvs]}")
		sleep $warm
		pair_sample
		for s in lvs ipvs; do CPU0[$s]=${CPU[$s]} FWD0[$s]=${FWD[$s]} INJ0[$s]=${INJ[$s]}; done
		t0=$T
		sleep "$secs"
		pair_sample
		for s in lvs ipvs; do
			cpu=$((CPU[$s] - CPU0[$s])) fwd=$((FWD[$s] - FWD0[$s])) inj=$((INJ[$s] - INJ0[$s]))
			((cpu > 0)) && record "$fig" $s "$r" $((fwd * 1000000000 / per / cpu))
			record "${fig}_share" $s "$r" $((cpu / 10 / (T - t0)))
			((fwd * 100 >= inj * 98)) || note "$fig $s round $r: $fwd of $inj injected packets forwarded"
		done
	else
		note "$fig round $r: no lvs_inject threads"
	fi
	pair_sent
	pair_stop
	# Each connection injected was one its director created (counted a moment after the threads).
	for s in lvs ipvs; do
		((per > 1)) || break
		wait_until 5 created_all $s $((INJ[$s] / per)) ||
			note "$fig $s round $r: $CREATED connections created for $((INJ[$s] / per)) injected"
	done
	pair_do tool ipvs -C
}
