#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Control-plane benchmark, run inside the VM: restore S services x D real servers with ipvsadm -R and with
# lvsadm -R (the same input), and time adding one real server with one service loaded and with all of
# them (it must not grow with the number of services). Each tool runs in its own network namespaces;
# prints the times and the ratio ipvs/lvs.
# Usage: tests/bench/restore.sh [SERVICES [DESTS]]   (default 10000 x 10)
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
services=${1:-10000} dests=${2:-10}
input=$(mktemp)
trap 'rm -f "$input"; for ns in bench-ipvs bench-lvs bench-ipvs1 bench-lvs1; do ip netns del $ns 2>/dev/null; done' EXIT

# Services on 203.0.113.0/24 ports 1.., real servers in 198.51.100.0/24.
awk -v s="$services" -v d="$dests" 'BEGIN {
	for (i = 0; i < s; i++) {
		vip = sprintf("203.0.113.%d:%d", 1 + i % 250, 1 + int(i / 250))
		printf "-A -t %s -s wrr\n", vip
		for (j = 0; j < d; j++)
			printf "-a -t %s -r 198.51.100.%d:80 -m -w 1\n", vip, 1 + j
	}
}' >"$input"

now() { echo "${EPOCHREALTIME/./}"; }
# elapsed_ms CMD...: run CMD, print its wall time in ms; fail if CMD fails.
elapsed_ms() {
	local t0 t1
	t0=$(now)
	"$@" || return 1
	t1=$(now)
	echo $(((t1 - t0) / 1000))
}

modprobe -a ip_vs ip_vs_wrr || { echo "no ip_vs"; exit 1; }
grep -q '^lvs ' /proc/modules || insmod "$TOP/kernel/lvs.ko" || exit 1
# Per tool: one namespace holding a single service, one for the restore.
for ns in bench-ipvs bench-lvs bench-ipvs1 bench-lvs1; do
	ip netns add $ns
	# ip_vs checks real server addresses against the routing table: it needs lo up.
	ip -n $ns link set lo up
done
ipvs() { ip netns exec bench-ipvs ipvsadm "$@"; }
lvs() { ip netns exec bench-lvs "$TOP/tools/lvsadm/lvsadm" "$@"; }
ipvs1() { ip netns exec bench-ipvs1 ipvsadm "$@"; }
lvs1() { ip netns exec bench-lvs1 "$TOP/tools/lvsadm/lvsadm" "$@"; }

# One more real server on the first service: the median of 5 (a process start each, as a script has).
one() { # TOOL
	local i ms=()
	for i in 1 2 3 4 5; do
		ms+=("$(elapsed_ms "$1" -a -t 203.0.113.1:1 -r 198.51.100.$((100 + i)):80 -m)")
	done
	printf '%s\n' "${ms[@]}" | sort -n | sed -n 3p
}

lines=$(wc -l <"$input")
# lvs first, all of it: ip_vs keeps estimator threads busy for every loaded service and real server,
# which would slow down whatever ran after it.
head -n $((dests + 1)) "$input" | lvs1 -R || { echo "lvsadm -R of one service failed"; exit 1; }
lvs_one1=$(one lvs1)
lvs_ms=$(elapsed_ms lvs -R <"$input") || { echo "lvsadm -R failed"; exit 1; }
lvs_one=$(one lvs)
head -n $((dests + 1)) "$input" | ipvs1 -R || { echo "ipvsadm -R of one service failed"; exit 1; }
ipvs_one1=$(one ipvs1)
ipvs_ms=$(elapsed_ms ipvs -R <"$input") || { echo "ipvsadm -R failed"; exit 1; }
ipvs_one=$(one ipvs)
[ "$(ipvs -S -n | wc -l)" = $((lines + 5)) ] || { echo "ipvsadm did not load every line"; exit 1; }
[ "$(lvs -S -n | wc -l)" = $((lines + 5)) ] || { echo "lvsadm did not load every line"; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }
printf 'restore %d services x %d real servers (%d lines)\n' "$services" "$dests" "$lines"
printf '  ipvsadm -R  %8d ms\n  lvsadm -R   %8d ms\n  ratio ipvs/lvs %s x\n' \
	"$ipvs_ms" "$lvs_ms" "$(ratio "$ipvs_ms" "$lvs_ms")"
printf 'add one real server, median of 5: with 1 service loaded / with %d\n' "$services"
printf '  ipvsadm -a  %8d ms  %8d ms\n  lvsadm -a   %8d ms  %8d ms\n' \
	"$ipvs_one1" "$ipvs_one" "$lvs_one1" "$lvs_one"
if [ -n "${LVS_VM_OUT:-}" ]; then
	printf '{"services":%d,"dests":%d,"ipvsadm_restore_ms":%d,"lvsadm_restore_ms":%d,"ipvsadm_add_ms":%d,"lvsadm_add_ms":%d,"ipvsadm_add_1svc_ms":%d,"lvsadm_add_1svc_ms":%d}\n' \
		"$services" "$dests" "$ipvs_ms" "$lvs_ms" "$ipvs_one" "$lvs_one" "$ipvs_one1" "$lvs_one1" \
		>"$LVS_VM_OUT/restore.json"
fi
