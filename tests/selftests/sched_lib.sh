# SPDX-License-Identifier: GPL-2.0
# Sourced by test_sched.sh and test_sched_hash.sh (after lib.sh, load_lvs and topo_nat): four real
# servers, extra VIPs and client addresses, and running the same configuration through lvs and ip_vs.

# Four servers, each answering its own name and then holding the connection open until the client
# closes, so connections stay ESTABLISHED (active) while a sequence runs; rs2:81 is quiesced.
start_tcp_server $NS_RS1 $RS1_IP 80 "a; exec cat" || exit 1
start_tcp_server $NS_RS1 $RS1_IP 81 "b; exec cat" || exit 1
start_tcp_server $NS_RS2 $RS2_IP 80 "c; exec cat" || exit 1
start_tcp_server $NS_RS2 $RS2_IP 81 "q; exec cat" || exit 1
SERVERS=("$RS1_IP:80 1" "$RS1_IP:81 2" "$RS2_IP:80 3" "$RS2_IP:81 0")
# One direct request to each first: a loaded guest's first fork of a server's shell can outlast a
# request's bound, which would then look like a refusal in a sequence.
for s in "${SERVERS[@]}"; do
	ns_exec $NS_DIR socat -t15 -T15 - "TCP:${s% *}" </dev/null >/dev/null 2>&1
done

# Extra VIPs for dh (it hashes the destination) and client addresses for sh and mh (the source).
EXTRA_VIPS=() SRCS=()
for i in 6 7 8 9 10 11 12 13; do EXTRA_VIPS+=("203.0.113.$i"); done
for i in 10 11 12 13 14 15 16 17; do SRCS+=("192.0.2.$i"); done
printf 'addr add %s/32 dev lo\n' "${EXTRA_VIPS[@]}" | ip -n $NS_DIR -batch - || { not_ok "extra VIPs"; exit 1; }
printf 'addr add %s/24 dev c0\n' "${SRCS[@]}" | ip -n $NS_CLIENT -batch - || { not_ok "extra sources"; exit 1; }

# held_requests VIP N: N connections from one process, all kept open until the end, so each is
# scheduled with the earlier ones still active; prints who answered each, "-" for a refused one.
held_requests() {
	ns_exec $NS_CLIENT timeout 60 bash -c 'for ((i = 0; i < $1; i++)); do
		if exec {fd}<>"/dev/tcp/$0/80" && read -r -t 5 -u $fd name; then
			printf "%s " "$name"
		else
			printf -- "- "
		fi
	done' "$1" "$2" 2>/dev/null
}

# requests: for each line "SRC CPORT VIP 80" of stdin (CPORT 0: any), one connection, in turn
# (tools/requests.py); prints who answered each and a space, "-" if none. The servers echo until the
# client closes: it closes after their name. A refusal is asked twice.
requests() {
	ns_exec $NS_CLIENT /usr/bin/python3 "$(dirname "$0")/tools/requests.py" --first-line --twice
}

# configure ADM SPEC VIP...: a NAT service per VIP with the four servers, added in SERVERS' order. SPEC
# is a scheduler, or SCHED:FLAGS for -s SCHED -b FLAGS.
configure() {
	local adm=$1 sched=${2%%:*} flags vip s
	[[ $2 == *:* ]] && flags=${2#*:}
	shift 2
	for vip; do
		$adm -A -t "$vip:80" -s "$sched" ${flags:+-b "$flags"} || return
		for s in "${SERVERS[@]}"; do
			set -- $s
			$adm -a -t "$vip:80" -r "$1" -m -w "$2" || return
		done
	done
}

# run_sched SPEC: the sequence this scheduler gives for its traffic pattern: many sources for the
# source hashes, one source from many ports with a -port flag.
run_sched() {
	local vip src port seq=""
	case $1 in
	dh)
		seq=$(for vip in "${EXTRA_VIPS[@]}"; do echo "$CLIENT_IP 0 $vip 80"; done | requests) ;;
	*-port*)
		# Fixed ports, so ip_vs sees the same: below the ephemeral range, so no earlier connection
		# left one in TIME_WAIT, and a range per scheduler, so that ip_vs's run minutes later
		# never meets lvs's.
		local base=20000
		[[ $1 == mh* ]] && base=21000
		seq=$(for port in $(seq $((base + 1)) $((base + 12))); do echo "${SRCS[0]} $port $VIP 80"; done |
			requests) ;;
	sh* | mh*)
		seq=$(for src in "${SRCS[@]}" "${SRCS[@]:0:4}"; do echo "$src 0 $VIP 80"; done | requests) ;;
	ovf)
		seq=$(held_requests $VIP 10) ;;
	*)
		seq=$(held_requests $VIP 16) ;;
	esac
	echo "$seq"
}

# vips_for SCHED: the VIPs its services listen on, one a line.
vips_for() {
	if [ "$1" = dh ]; then printf '%s\n' "${EXTRA_VIPS[@]}"; else echo $VIP; fi
}

ipvsadm_dir() { ns_exec $NS_DIR ipvsadm "$@"; }

# lvs_sequences SPEC...: for each, a fresh lvs service and its sequence in lvs_seq[SPEC]; it must
# answer and never from the quiesced server.
declare -A lvs_seq
lvs_sequences() {
	local s vips
	for s; do
		lvsadm -C
		mapfile -t vips < <(vips_for "$s")
		if ! configure lvsadm "$s" "${vips[@]}"; then
			not_ok "$s: configure lvs"
			continue
		fi
		lvs_seq[$s]=$(run_sched "$s")
		echo "# lvs $s: ${lvs_seq[$s]}"
		if [[ " ${lvs_seq[$s]}" != *" q "* && ${lvs_seq[$s]} == *[abc]* ]]; then
			ok "$s answers, never from the quiesced server"
		else
			not_ok "$s answers, never from the quiesced server" "${lvs_seq[$s]}"
		fi
	done
	lvsadm -C
}

# spreads SEQ: true if SEQ has answers from at least two servers.
spreads() {
	[ "$(tr ' ' '\n' <<<"$1" | sort -u | grep -c '[abc]')" -ge 2 ]
}

# ipvs_unload: ip_vs and its schedulers, and so its connections.
ipvs_unload() {
	modprobe -r ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_dh ip_vs_sh ip_vs_mh ip_vs_lblc \
		ip_vs_lblcr ip_vs_rr ip_vs 2>/dev/null
}

# ipvs_load SCHED...: a fresh ip_vs with these schedulers. Fresh, because ip_vs keeps a deleted real
# server, with its connection counts, to reuse it when it is added again, and lblc and lblcr weigh
# the inactive connections earlier sequences left; lvs starts each real server from zero.
ipvs_load() {
	ipvs_unload
	modprobe -a ip_vs "${@/#/ip_vs_}" 2>/dev/null
}

# ipvs_sequences SPEC...: the same through the in-kernel ip_vs, after unloading lvs (ip_vs would get
# the packets to itself; lvs's leftover connections go with the module).
ipvs_sequences() {
	local s vips
	wait_until 10 unload_lvs || not_ok "rmmod lvs before ip_vs" "module busy"
	for s; do
		if ! ipvs_load "${s%%:*}"; then
			skip "ip_vs gives the same $s sequence" "ip_vs_${s%%:*} not available"
			continue
		fi
		ipvsadm_dir -C
		mapfile -t vips < <(vips_for "$s")
		if configure ipvsadm_dir "$s" "${vips[@]}"; then
			check_eq "ip_vs gives the same $s sequence" "${lvs_seq[$s]}" "$(run_sched "$s")"
		else
			not_ok "ip_vs gives the same $s sequence" "configure failed"
		fi
		ipvsadm_dir -C
	done
}
