#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Connection dump benchmark: how long lvsadm -L -c -n takes to list N connections, for each lvs.ko given,
# in one guest (tests/vm/run --timeout 3600 -- tests/bench/dump.sh N KO...). The connections are SYN_SENT
# entries from tests/selftests/tools/synflood.c towards a real server that swallows everything (as in
# test_synflood.sh), kept by a long SYN_SENT timeout. Prints one line per module.
. "$(dirname "$0")/../selftests/lib.sh"
require_lvsadm
require_cmd cc
n=${1:?usage: dump.sh N KO...}
shift
tmp=$(mktemp -d)
cc -O2 -o "$tmp/synflood" "$LVS_TOP/tests/selftests/tools/synflood.c" || exit 1

for ko; do
	LVS_KO=$ko
	load_lvs max_conns=$((2 * n))
	topo_nat || exit 1
	topo_dead_server || exit 1
	lvsadm -A -t $VIP:80 -s rr
	lvsadm -a -t $VIP:80 -r $DEAD_RS_IP:80 -m
	lvsadm --set-timeout syn_sent=3000
	ns_exec $NS_CLIENT "$tmp/synflood" $VIP 80 "$n" 42
	conns=$(lvsadm -L -n | sed -n 's/.*size=\([0-9]*\).*/\1/p')
	for run in 1 2 3; do
		t0=${EPOCHREALTIME/./}
		lines=$(lvsadm -L -c -n --nosort | wc -l)
		t1=${EPOCHREALTIME/./}
		echo "# $ko: $conns connections, run $run: listed $((lines - 2)) in $(((t1 - t0) / 1000)) ms"
	done
	printf 'netns del %s\n' "${_netns[@]}" | ip -force -batch -
	_netns=()
	wait_until 60 unload_lvs || { echo "rmmod failed"; exit 1; }
done
rm -rf "$tmp"
