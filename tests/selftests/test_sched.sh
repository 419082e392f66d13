#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IPVS schedulers sed, nq, fo, ovf, dh and sh: each assigns the same connections to the same real
# servers in the same order as the in-kernel ip_vs given the same configuration, and never picks a
# quiesced (weight 0) server. twos is random: it only has to spread and skip the quiesced server.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd socat
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

# Four servers, each answering its own name and then holding the connection open until the client
# closes, so connections stay ESTABLISHED (active) while a sequence runs; rs2:81 is quiesced.
start_tcp_server $NS_RS1 $RS1_IP 80 "a; exec cat" || exit 1
start_tcp_server $NS_RS1 $RS1_IP 81 "b; exec cat" || exit 1
start_tcp_server $NS_RS2 $RS2_IP 80 "c; exec cat" || exit 1
start_tcp_server $NS_RS2 $RS2_IP 81 "q; exec cat" || exit 1
SERVERS=("$RS1_IP:80 1" "$RS1_IP:81 2" "$RS2_IP:80 3" "$RS2_IP:81 0")

# Extra VIPs for dh (it hashes the destination) and client addresses for sh (the source).
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

# one_request SRC VIP: one connection from SRC; prints who answered, "-" if none. A refusal is
# quick, so it is asked twice: a request lost to a slow VM must not look like a refusal.
one_request() {
	local name
	for _ in 1 2; do
		name=$(ns_exec $NS_CLIENT socat -t5 -T5 - "TCP:$2:80,bind=$1" </dev/null 2>/dev/null)
		[ -n "$name" ] && break
	done
	echo "${name:--}"
}

# configure ADM SCHED VIP...: a NAT service per VIP with the four servers, added in SERVERS' order.
configure() {
	local adm=$1 sched=$2 vip s
	shift 2
	for vip; do
		$adm -A -t "$vip:80" -s "$sched" || return
		for s in "${SERVERS[@]}"; do
			set -- $s
			$adm -a -t "$vip:80" -r "$1" -m -w "$2" || return
		done
	done
}

# run_sched SCHED: the sequence this scheduler gives for its traffic pattern.
run_sched() {
	local vip src seq=""
	case $1 in
	dh)
		for vip in "${EXTRA_VIPS[@]}"; do seq+="$(one_request $CLIENT_IP "$vip") "; done ;;
	sh)
		for src in "${SRCS[@]}" "${SRCS[@]:0:4}"; do seq+="$(one_request "$src" $VIP) "; done ;;
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

SCHEDS="sed nq fo ovf dh sh"
declare -A lvs_seq
for s in $SCHEDS; do
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

# Sequences that do not depend on IPVS being there, so a broken scheduler fails even without it.
# Weights a=1 b=2 c=3, newest first in the list: q c b a.
check_eq "fo sends everything to the heaviest server" "$(printf 'c %.0s' $(seq 16))" "${lvs_seq[fo]}"
check_eq "ovf fills c to 3 active, then b to 2, then a to 1, then refuses" "c c c c b b b a a - " "${lvs_seq[ovf]}"
check_eq "sed: least (active + 1) / weight, first on ties" "c b c c b a c b c c b a c b c c " "${lvs_seq[sed]}"
check_eq "nq takes the idle servers first, then as sed" "c b a c c b c b c c b a c b c c " "${lvs_seq[nq]}"
[ "$(tr ' ' '\n' <<<"${lvs_seq[dh]}" | sort -u | grep -c '[abc]')" -ge 2 ] &&
	ok "dh spreads VIPs over servers" || not_ok "dh spreads VIPs over servers" "${lvs_seq[dh]}"
[ "$(tr ' ' '\n' <<<"${lvs_seq[sh]}" | sort -u | grep -c '[abc]')" -ge 2 ] &&
	ok "sh spreads sources over servers" || not_ok "sh spreads sources over servers" "${lvs_seq[sh]}"
check_eq "sh sends a source back to the same server" "$(cut -d' ' -f1-4 <<<"${lvs_seq[sh]}")" \
	"$(cut -d' ' -f9-12 <<<"${lvs_seq[sh]}")"

# twos: random, so only its invariants.
lvsadm -C
configure lvsadm twos $VIP
got=$(held_requests $VIP 12)
echo "# lvs twos: $got"
if [ "$(grep -o '[abc] ' <<<"$got" | wc -l)" -eq 12 ]; then
	ok "twos answers every connection, never from the quiesced server"
else
	not_ok "twos answers every connection, never from the quiesced server" "$got"
fi
lvsadm -C
# ip_vs gets the packets to itself: lvs's leftover connections go with the module.
wait_until 10 unload_lvs || not_ok "rmmod lvs before ip_vs" "module busy"

# The same configurations through the in-kernel ip_vs.
for s in $SCHEDS; do
	if ! modprobe -a ip_vs "ip_vs_$s" 2>/dev/null; then
		skip "ip_vs gives the same $s sequence" "ip_vs_$s not available"
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
	modprobe -r "ip_vs_$s" 2>/dev/null
done
modprobe -r ip_vs 2>/dev/null
