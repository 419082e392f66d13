# SPDX-License-Identifier: GPL-2.0
# Sourced by every tests/selftests/test_*.sh. Runs inside the test VM, as root, cwd = repo top.
#
# Reporting:  ok DESC | not_ok DESC WHY | skip DESC REASON | skip_all REASON (ends the script)
#             check CMD...  (ok if it exits 0)
#             check_fail TEXT CMD...  (ok if CMD fails and its output contains TEXT, e.g. its documented error)
#             check_eq DESC EXPECTED ACTUAL
#             check_rejected <<<"ARGS|MESSAGE..." (lvsadm ARGS fails, says MESSAGE, changes nothing)
#             summary (printed by the exit trap: "N passed, N failed, N skipped"; exit 1 if any failed)
# Namespaces: ns_create NAME..., ns_exec NAME CMD..., all deleted on exit
# Waiting:    wait_until SECS CMD...  (polls every 0.1 s)
# Topology:   topo_nat (client, lvs-dir, rs1, rs2; see below), dir_exec CMD..., lvsadm ARGS...
#             topo_dead_server (a real server DEAD_RS_IP that never answers, on topo_nat)
#             topo_dr (topo_nat + a reply path bypassing the director, VIP on the real servers; at the end)
# Traffic:    start_tcp_server / start_udp_server NS ADDR PORT NAME,
#             tcp_request / udp_request NS ADDR PORT
# Module:     require_lvs, load_lvs [PARAMS...], unload_lvs, require_lvsadm, require_cmd CMD...
# Kernel log: dmesg_check (also run by the exit trap)
set -u

LVS_TOP=${LVS_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LVS_KO=${LVS_KO:-$LVS_TOP/kernel/lvs.ko}
LVSADM=$LVS_TOP/tools/lvsadm/lvsadm
TEST_NAME=$(basename "$0")

_n=0 _pass=0 _fail=0 _skip=0
_netns=() _pids=() _lvs_loaded=0 _dmesg_checked=0 _summarized=0

ok() {
	_n=$((_n + 1)) _pass=$((_pass + 1))
	echo "ok $_n - $1"
}

not_ok() {
	_n=$((_n + 1)) _fail=$((_fail + 1))
	echo "not ok $_n - $1${2:+ # $2}"
}

skip() {
	_n=$((_n + 1)) _skip=$((_skip + 1))
	echo "ok $_n - $1 # SKIP ${2:-}"
}

# Skip the rest of the script (one skip is counted for it), with Kselftest's exit status for a skip.
KSFT_SKIP=4
skip_all() {
	skip "$TEST_NAME" "$1"
	_dmesg_checked=1 # nothing ran worth checking
	exit $KSFT_SKIP
}

# check CMD...: runs CMD; ok if it succeeds, else not_ok with the end of its output.
check() {
	local out
	if out=$("$@" 2>&1); then
		ok "$*"
	else
		not_ok "$*" "exit $?: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
	fi
}

# check_fail TEXT CMD...: ok if CMD fails and says TEXT (stdout or stderr), for input that must be
# rejected for that reason: a crash or a failure for another reason is not ok.
check_fail() {
	local want=$1 out rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	if [ $rc = 0 ]; then
		not_ok "fails: $*" "succeeded"
	elif grep -qF -- "$want" <<<"$out"; then
		ok "fails: $*"
	else
		not_ok "fails: $*" "exit $rc without '$want': $(tail -n 3 <<<"$out" | tr '\n' ' ')"
	fi
}

check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected '$2', got '$3'"
	fi
}

# check_rejected: for each line "ARGS|MESSAGE" of stdin, lvsadm ARGS (split on blanks) must fail, say
# MESSAGE, and leave the configuration (lvsadm -S -n) as it was.
check_rejected() {
	local args msg out rc before
	before=$(lvsadm -S -n)
	while IFS='|' read -r args msg; do
		# shellcheck disable=SC2086
		out=$(lvsadm $args 2>&1 </dev/null)
		rc=$?
		if [ $rc -ne 0 ] && grep -qF -- "$msg" <<<"$out" && [ "$(lvsadm -S -n)" = "$before" ]; then
			ok "rejected: lvsadm $args"
		else
			not_ok "rejected: lvsadm $args" "exit $rc, output: $out"
		fi
	done
}

summary() {
	_summarized=1
	echo "1..$_n" # the TAP plan, at the end as TAP allows
	echo "$_pass passed, $_fail failed, $_skip skipped"
	[ "$_fail" -eq 0 ]
}

# debug_kernel: true on the debug kernel (tests/vm/debug.config: KASAN, kmemleak, lockdep), where the
# same work is several times slower; a test sizes its bulk work to it.
debug_kernel() {
	[ -e /sys/kernel/debug/kmemleak ]
}

require_cmd() {
	local c
	for c; do
		command -v "$c" >/dev/null || skip_all "$c not installed"
	done
}

# wait_until SECS CMD...: poll CMD every 0.1 s until it succeeds (0) or SECS pass (1).
wait_until() {
	local deadline=$((${EPOCHREALTIME/./} + ${1%.*} * 1000000)) i
	shift
	for ((i = 0; i < 100000; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		[ "${EPOCHREALTIME/./}" -lt "$deadline" ] || return 1
		sleep 0.1
	done
	return 1
}

# Every process costs ~60 ms under TCG, so ip commands go in batches where they can.
ns_create() { # NAME...: one or more namespaces, lo up
	local ns
	printf 'netns add %s\n' "$@" | ip -batch - || return
	_netns+=("$@")
	for ns; do ip -n "$ns" link set lo up; done
}

ns_exec() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# The example cluster (NAT):
#   client 192.0.2.2/24, 2001:db8:1::2/64  --veth--  lvs-dir 192.0.2.1, 2001:db8:1::1
#   lvs-dir br0 198.51.100.1/24, 2001:db8:2::1/64  --veths--  rs1 .2 / ::2, rs2 .3 / ::3
#   VIP 203.0.113.5/32 and 2001:db8:5::5/128 on lvs-dir's lo; forwarding on.
# The director is a namespace so the VM's root namespace stays clean (lvs keeps state per netns).
# br0 makes the real-server side one L2 segment, as DR needs.
NS_CLIENT=client NS_DIR=lvs-dir NS_RS1=rs1 NS_RS2=rs2
CLIENT_IP=192.0.2.2 DIR_CLIENT_IP=192.0.2.1 DIR_RS_IP=198.51.100.1 RS1_IP=198.51.100.2 RS2_IP=198.51.100.3
VIP=203.0.113.5
CLIENT_IP6=2001:db8:1::2 DIR_CLIENT_IP6=2001:db8:1::1 DIR_RS_IP6=2001:db8:2::1
RS1_IP6=2001:db8:2::2 RS2_IP6=2001:db8:2::3 VIP6=2001:db8:5::5

topo_nat() {
	ns_create $NS_CLIENT $NS_DIR $NS_RS1 $NS_RS2 || return
	ip -batch - <<-EOF || return
	link add c0 netns $NS_CLIENT type veth peer name d0 netns $NS_DIR
	link add eth0 netns $NS_RS1 type veth peer name br-rs1 netns $NS_DIR
	link add eth0 netns $NS_RS2 type veth peer name br-rs2 netns $NS_DIR
	EOF
	ip -n $NS_CLIENT -batch - <<-EOF || return
	addr add $CLIENT_IP/24 dev c0
	addr add $CLIENT_IP6/64 dev c0 nodad
	link set c0 up
	route add default via $DIR_CLIENT_IP
	route add default via $DIR_CLIENT_IP6
	EOF
	ip -n $NS_DIR -batch - <<-EOF || return
	addr add $DIR_CLIENT_IP/24 dev d0
	addr add $DIR_CLIENT_IP6/64 dev d0 nodad
	link set d0 up
	addr add $VIP/32 dev lo
	addr add $VIP6/128 dev lo nodad
	link add br0 type bridge
	addr add $DIR_RS_IP/24 dev br0
	addr add $DIR_RS_IP6/64 dev br0 nodad
	link set br0 up
	link set br-rs1 master br0 up
	link set br-rs2 master br0 up
	EOF
	_topo_rs $NS_RS1 $RS1_IP $RS1_IP6 && _topo_rs $NS_RS2 $RS2_IP $RS2_IP6 &&
		ns_exec $NS_DIR sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

_topo_rs() { # NS IP IP6
	ip -n "$1" -batch - <<-EOF
	addr add $2/24 dev eth0
	addr add $3/64 dev eth0 nodad
	link set eth0 up
	route add default via $DIR_RS_IP
	route add default via $DIR_RS_IP6
	EOF
}

dir_exec() {
	ns_exec $NS_DIR "$@"
}

# lvsadm ARGS...: the built tools/lvsadm/lvsadm, run in the director namespace.
lvsadm() {
	ns_exec $NS_DIR "$LVSADM" "$@"
}

# drop_count REASON: the director's drop counter REASON ("drops" of lvsadm -L -j: no_dest, ttl...).
drop_count() {
	lvsadm -L -n -j | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["drops"][sys.argv[1]])' "$1"
}

# snmp NS GROUP FIELD: the IPv4 counter FIELD of GROUP (Ip, Icmp, Udp...) in NS's /proc/net/snmp, whose
# GROUP lines come in pairs: the field names, then their values.
snmp() {
	ns_exec "$1" awk -v g="$2:" -v f="$3" '$1 == g { if (!c) { for (i = 2; i <= NF; i++) if ($i == f) c = i }
		else print $c }' /proc/net/snmp
}

_host() { # ADDR as socat wants it: v6 literals bracketed
	case $1 in *:*) echo "[$1]" ;; *) echo "$1" ;; esac
}

_fam() {
	case $1 in *:*) echo 6 ;; *) echo 4 ;; esac
}

# _listening PID tcp|udp PORT: PID's namespace has a TCP listener / bound UDP socket on PORT.
# Reads /proc/PID/net directly: ss costs ~300 ms a call under TCG.
_listening() {
	local f l st=0A lines port
	[ "$2" = udp ] && st=07
	printf -v port %04X "$3"
	for f in "/proc/$1/net/$2" "/proc/$1/net/${2}6"; do
		mapfile -t lines <"$f" || continue
		for l in "${lines[@]}"; do
			[[ $l =~ :$port\ [0-9A-F]+:0000\ $st ]] && return 0
		done
	done
	return 1
}

# start_tcp_server NS ADDR PORT NAME: answer each connection with the line NAME, then close.
# "ip netns exec" execs socat, so $! is socat itself (what the exit trap kills); a function would fork.
start_tcp_server() {
	ip netns exec "$1" socat "TCP$(_fam "$2")-LISTEN:$3,bind=$(_host "$2"),reuseaddr,fork" "SYSTEM:echo $4" \
		>/dev/null 2>&1 &
	_pids+=($!)
	wait_until 30 _listening $! tcp "$3" || { not_ok "tcp server $4 on $2:$3" "not listening"; return 1; }
}

# start_udp_server NS ADDR PORT NAME [LATE]: answer every datagram with the line NAME, and with the line
# LATE a second later if given (a client gone by then answers that with a port unreachable). One process:
# socat's forking UDP server may hand a flow's next datagram to the child of its previous one, and forks
# a shell per datagram, which a loaded guest can take seconds over.
start_udp_server() {
	ip netns exec "$1" /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
while True:
    _, peer = s.recvfrom(100)
    s.sendto(sys.argv[3].encode() + b"\n", peer)
    if len(sys.argv) > 4:
        time.sleep(1)
        s.sendto(sys.argv[4].encode() + b"\n", peer)' "${@:2}" >/dev/null 2>&1 &
	_pids+=($!)
	wait_until 30 _listening $! udp "$3" || { not_ok "udp server $4 on $2:$3" "not listening"; return 1; }
}

# tcp_request NS ADDR PORT [SECS]: connect from NS and print what the server sends until it closes
# (<= SECS, default 15: a bound, not a wait; a loaded TCG guest can take seconds to fork a server).
# bash's /dev/tcp costs one process per request, less than a socat client.
tcp_request() {
	ns_exec "$1" timeout "${4:-15}" bash -c 'exec 3<>"/dev/tcp/$0/$1" && exec cat <&3' "$2" "$3" 2>/dev/null
}

# tcp_requests NS ADDR PORT N: N connections from NS in turn, all from one process (a process a request
# costs a debug guest two seconds); prints what each server sent until it closed, and a space. At most
# 15 s each.
tcp_requests() {
	ns_exec "$1" timeout $((15 * $4)) bash -c 'for ((i = 0; i < $2; i++)); do
		out=
		if exec 3<>"/dev/tcp/$0/$1"; then
			while IFS= read -r -t 15 -u 3 line; do out+=$line; done
			out+=$line
			exec 3<&-
		fi
		printf "%s " "$out"
	done' "$2" "$3" "$4" 2>/dev/null
}

# udp_request NS ADDR PORT: send one datagram from NS, print the reply (<= 15 s). dd reads one datagram;
# bash's read would take its first byte and drop the rest.
udp_request() {
	ns_exec "$1" timeout 15 bash -c 'exec 3<>"/dev/udp/$0/$1" && echo ping >&3 && exec dd bs=64k count=1 status=none <&3' \
		"$2" "$3" 2>/dev/null
}

# ipvs_load MODULE...: load ip_vs and MODULE... (its schedulers) to compare lvs with. Fails, the reason in
# $ipvs_why, where they cannot be loaded, and on the debug kernel: there the time goes to lvs's own code
# under KASAN, lockdep and kmemleak, and ip_vs's behaviour does not change with the kernel's checks.
ipvs_why=''
ipvs_load() {
	if debug_kernel; then
		ipvs_why="lvs is compared with ip_vs on Debian's kernel"
		return 1
	fi
	modprobe -a ip_vs "$@" 2>/dev/null && return 0
	ipvs_why="ip_vs or one of $* cannot be loaded"
	return 1
}

# ipvs_same_save SAVE: unload lvs, give SAVE (lvsadm -S output) to ip_vs with ipvsadm -R in the director's
# namespace and check that ipvsadm -S prints it back identically; ip_vs stays loaded, its table empty.
# Fails (nothing checked, the reason in $ipvs_why) when ipvs_load ip_vs_rr does.
ipvs_same_save() {
	wait_until 10 unload_lvs || not_ok "rmmod lvs before ip_vs" "module busy"
	ipvs_load ip_vs_rr || return 1
	ns_exec $NS_DIR ipvsadm -R <<<"$1"
	check_eq "ipvsadm -S of the same configuration is identical" "$1" "$(ns_exec $NS_DIR ipvsadm -S -n)"
	ns_exec $NS_DIR ipvsadm -C
}

require_lvs() {
	[ -f "$LVS_KO" ] || skip_all "kernel/lvs.ko not built"
}

require_lvsadm() {
	[ -x "$LVSADM" ] || skip_all "tools/lvsadm/lvsadm not built"
}

# load_lvs [PARAMS...]: load the built module (its dependencies through modprobe); skips the script when
# it is not built, bails out when it does not load. The exit trap unloads it.
load_lvs() {
	local dep
	require_lvs
	grep -q '^lvs ' /proc/modules && rmmod lvs
	for dep in $(modinfo -F depends "$LVS_KO" | tr ',' ' '); do
		modprobe "$dep" || { not_ok "modprobe $dep"; exit 1; }
	done
	insmod "$LVS_KO" "$@" || { not_ok "insmod kernel/lvs.ko"; exit 1; }
	_lvs_loaded=1
}

unload_lvs() {
	_lvs_loaded=0
	rmmod lvs
}

# Kernel log since this script started; the marker keeps earlier scripts' messages out.
_marker="lvs-selftest: start $TEST_NAME $$ $RANDOM"
echo "$_marker" >/dev/kmsg 2>/dev/null

dmesg_check() {
	local bad
	_dmesg_checked=1
	bad=$(dmesg | sed -n "/$_marker/,\$p" | grep -v 'lvs-selftest: ' |
		grep -E 'BUG:|WARNING:|Oops|general protection|KASAN|UBSAN|refcount_t|leak')
	if [ -z "$bad" ]; then
		ok "no kernel warnings"
	else
		not_ok "no kernel warnings" "dmesg has:"
		echo "$bad" | head -n 20 | sed 's/^/#   /'
	fi
}

_cleanup() {
	local rc=$? p ns
	for p in "${_pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${_pids[@]}"; do wait "$p" 2>/dev/null; done
	[ ${#_netns[@]} -eq 0 ] || printf 'netns del %s\n' "${_netns[@]}" | ip -force -batch - 2>/dev/null
	if [ "$_lvs_loaded" = 1 ]; then
		# Namespaces go away asynchronously; the module may stay busy a moment.
		if wait_until 10 unload_lvs; then ok "rmmod lvs"; else not_ok "rmmod lvs" "module busy"; fi
	fi
	[ "$_dmesg_checked" = 1 ] || dmesg_check
	[ "$_summarized" = 1 ] || summary
	# A script that died before its summary still fails.
	[ "$_fail" -eq 0 ] && exit "$rc"
	exit 1
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

# The DR/TUN cluster: topo_nat plus a path back to the client that bypasses the director:
#   client br-bypass 203.0.113.17/28, 2001:db8:3::1/64  --veths--  rs1 eth1 .18 / ::2, rs2 eth1 .19 / ::3
# Real servers hold the VIPs on lo without answering ARP for them, and send what comes from a VIP out
# eth1 (policy rule, table 100); NAT replies, from their own addresses, still go through the director.
# tunl0 and ip6tnl0 decapsulate TUN traffic. rp_filter is off wherever a path is asymmetric.
BYPASS_IP=203.0.113.17 RS1_BYPASS_IP=203.0.113.18 RS2_BYPASS_IP=203.0.113.19
BYPASS_IP6=2001:db8:3::1 RS1_BYPASS_IP6=2001:db8:3::2 RS2_BYPASS_IP6=2001:db8:3::3

# topo_dead_server: on topo_nat's director, route DEAD_RS_IP into a veth whose peer is down, which
# swallows every packet (a real server that never answers: its connections stay in SYN_SENT), and
# accept spoofed sources on d0 from ranges routed elsewhere. A veth, not a dummy: the debug kernel
# has no dummy driver.
DEAD_RS_IP=198.51.100.200
topo_dead_server() {
	ip -n $NS_DIR -batch - <<-END || return 1
	link add dead0 type veth peer name dead1
	link set dead0 up
	route add $DEAD_RS_IP/32 dev dead0
	neigh add $DEAD_RS_IP lladdr 02:00:00:00:00:01 dev dead0 nud permanent
	END
	dir_exec sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.d0.rp_filter=0
}

topo_dr() {
	modprobe -a ipip ip6_tunnel && topo_nat || return
	ip -batch - <<-EOF || return
	link add eth1 netns $NS_RS1 type veth peer name bp-rs1 netns $NS_CLIENT
	link add eth1 netns $NS_RS2 type veth peer name bp-rs2 netns $NS_CLIENT
	EOF
	ip -n $NS_CLIENT -batch - <<-EOF || return
	link add br-bypass type bridge
	addr add $BYPASS_IP/28 dev br-bypass
	addr add $BYPASS_IP6/64 dev br-bypass nodad
	link set br-bypass up
	link set bp-rs1 master br-bypass up
	link set bp-rs2 master br-bypass up
	EOF
	ns_exec $NS_CLIENT sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.c0.rp_filter=0 \
		net.ipv4.conf.br-bypass.rp_filter=0 &&
		_topo_dr_rs $NS_RS1 $RS1_BYPASS_IP $RS1_BYPASS_IP6 && _topo_dr_rs $NS_RS2 $RS2_BYPASS_IP $RS2_BYPASS_IP6
}

_topo_dr_rs() { # NS BYPASS_IP BYPASS_IP6
	ip -n "$1" -batch - <<-EOF || return
	addr add $VIP/32 dev lo
	addr add $VIP6/128 dev lo nodad
	addr add $2/28 dev eth1
	addr add $3/64 dev eth1 nodad
	link set eth1 up
	link set tunl0 up
	link set ip6tnl0 up
	rule add from $VIP table 100
	route add default via $BYPASS_IP table 100
	route add default via $BYPASS_IP6 table 100
	EOF
	ip -6 -n "$1" rule add from $VIP6 table 100 || return
	ns_exec "$1" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0 net.ipv4.conf.tunl0.rp_filter=0
}
