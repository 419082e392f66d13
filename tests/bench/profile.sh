#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where the time goes: 4 s of NAT traffic through lvs, then through ip_vs, each under
# "perf record -a -g -e cpu-clock", printing the top kernel symbols, the director's and rs1's counters and
# the service statistics. udp (default): a UDP flood over 256 flows, NAT; dr, tun: the same by DR, TUN;
# tcp: 16 threads of connect, request, reply, close by NAT (the connection-setup path).
# --max (udp, dr, tun): the director alone at full load instead: pktgen offers more than it forwards
# (tests/bench/load.sh), perf watches only CPU 1, which does all of the director's work.
# --cap (udp, dr, tun): as --max, with pktgen on CPU 1 itself handing packets to the director's receive
# path (load.sh, pg_setup inline): the director at capacity; packets counted at the real servers.
# Runs inside the VM: tests/vm/run -- tests/bench/profile.sh [--max|--cap] [udp|dr|tun|tcp]
. "$(dirname "$0")/../selftests/lib.sh"
require_lvsadm
require_lvs
require_cmd perf nstat ipvsadm cc
max=0 pg_mode=client
case ${1:-} in
--max) max=1; shift ;;
--cap) max=1 pg_mode=inline; shift ;;
esac
mode=${1:-udp}
case $mode in
udp) proto=-u fwd=-m tools="udpflood udpsink" ;;
dr) proto=-u fwd=-g tools="udpflood udpsink" ;;
tun) proto=-u fwd=-i tools="udpflood udpsink" ;;
tcp) proto=-t fwd=-m tools="tcpcrr tcpsrv" ;;
*) echo "usage: tests/bench/profile.sh [--max|--cap] [udp|dr|tun|tcp]" >&2; exit 2 ;;
esac
[ $max = 0 ] || [ $mode != tcp ] || { echo "--max and --cap are for udp, dr and tun" >&2; exit 2; }
B=/tmp/lvs-profile
mkdir -p $B
for p in $tools; do
	cc -O2 -Wall -Wextra -Werror -pthread -o $B/$p "$LVS_TOP/tests/bench/$p.c" || { not_ok "cc $p.c"; exit 1; }
done
topo_dr || { not_ok "topology"; exit 1; }
for ns in $NS_RS1 $NS_RS2; do
	if [ $mode != tcp ]; then
		ip netns exec $ns $B/udpsink -p 9000 >/dev/null &
	else
		ip netns exec $ns $B/tcpsrv -p 9000 >/dev/null 2>&1 &
	fi
	_pids+=($!)
	srv+=($!)
	wait_until 30 _listening $! "$([ $mode = tcp ] && echo tcp || echo udp)" 9000 ||
		{ not_ok "server on $ns"; exit 1; }
done
# What perf watches: the client's traffic, or 4 s of CPU 1 at full load.
if [ $max = 1 ]; then
	. "$LVS_TOP/tests/bench/load.sh"
	steer_director && pg_setup 9000 0 $pg_mode && pg_flows $CLIENT_IP 10000 256 ||
		skip_all "--max and --cap need 2 CPUs, RPS, ethtool, pktgen and tc's matchall/gact"
	# The window is the command perf runs: it notes the packets the director took in (--max; pktgen's
	# packets inline are not counted by d0) or forwarded (--cap: the real servers' eth0 rx packets) at its
	# start and end.
	rx="ip netns exec $NS_DIR cat /sys/class/net/d0/statistics/rx_packets"
	[ $pg_mode = client ] || rx="cat /proc/${srv[0]}/net/dev /proc/${srv[1]}/net/dev | awk '\$1 == \"eth0:\" {n += \$3} END {print n}'"
	perf_args=(-C 1 -g -e cpu-clock -c 1000000 -- sh -c "$rx >$B/rx0; sleep 4; $rx >$B/rx1")
elif [ $mode != tcp ]; then
	perf_args=(-a -g -e cpu-clock -- ip netns exec $NS_CLIENT $B/udpflood -d $VIP -P 9000 -n 256 -t 4)
else
	perf_args=(-a -g -e cpu-clock -- ip netns exec $NS_CLIENT $B/tcpcrr -d $VIP -P 9000 -c 16 -w 1 -t 4)
fi
rules() { printf '%s\n' "-A $proto $VIP:9000 -s rr" "-a $proto $VIP:9000 -r $RS1_IP:9000 $fwd" "-a $proto $VIP:9000 -r $RS2_IP:9000 $fwd"; }
for s in lvs ipvs; do
	if [ $s = lvs ]; then
		load_lvs
		rules | lvsadm -R
	else
		modprobe -a ip_vs ip_vs_rr
		rules | dir_exec ipvsadm -R
	fi
	# nstat keeps one history per user, not per namespace: give each namespace its own.
	for ns in $NS_DIR $NS_RS1; do NSTAT_HISTORY=$B/nstat-$ns ip netns exec $ns nstat -n >/dev/null; done
	echo "=== $s"
	if [ $max = 1 ]; then
		rs_drop add && pg_start || { not_ok "full load"; exit 1; }
		sleep 1
	fi
	perf record -q -o $B/perf-$s.data "${perf_args[@]}"
	if [ $max = 1 ]; then
		pg_stop
		rs_drop del
		# cpu-clock every 1,000,000 ns: a sample is 1 ms of CPU 1.
		perf report -i $B/perf-$s.data --no-children --sort sym --stdio -g none -n 2>/dev/null |
			awk -v p=$(($(<$B/rx1) - $(<$B/rx0))) '
			$1 ~ /%$/ { n += $2; if ($4 == "native_safe_halt") idle += $2 }
			END { printf "-- director: %d packets in the window, %d ms busy, %.0f ns/packet\n", p, n - idle, p ? (n - idle) * 1e6 / p : 0 }'
	fi
	for ns in $NS_DIR $NS_RS1; do
		echo "-- nstat $ns"
		NSTAT_HISTORY=$B/nstat-$ns ip netns exec $ns nstat 2>/dev/null | grep -E '^(Ip|Udp|Tcp)[A-Z]'
	done
	perf report -i $B/perf-$s.data --no-children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -n 30
	echo "-- load balancer's own symbols"
	perf report -i $B/perf-$s.data --no-children --sort sym --stdio -g none 2>/dev/null |
		awk '$3 ~ /^(lvs_|ip_vs_)/ {t += $1; print} END {printf "   total %.2f%%\n", t}'
	if [ $s = lvs ]; then
		lvsadm -L -n --stats
		lvsadm -C
		unload_lvs
	else
		dir_exec ipvsadm -L -n --stats
		dir_exec ipvsadm -C
		rmmod ip_vs_rr ip_vs
	fi
done
ok "profile ran"
