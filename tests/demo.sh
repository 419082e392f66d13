#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The example cluster, run inside the VM (make demo): client 192.0.2.2 -> director VIP 203.0.113.5:80
# (NAT, wrr) -> real servers 198.51.100.2:80 (weight 1) and 198.51.100.3:8000 (weight 2).
# LVS_DEMO_IPVS=1 runs the same with the in-kernel ip_vs and ipvsadm, as a reference.
. "$(dirname "$0")/selftests/lib.sh"

if [ "${LVS_DEMO_IPVS:-0}" = 1 ]; then
	# Not a test: with no ip_vs there is nothing to show, which is no failure of make demo (skip_all
	# would exit 4, Kselftest's skip).
	modprobe -a ip_vs ip_vs_wrr || { skip "$TEST_NAME" "no ip_vs"; exit 0; }
	lvsadm() { ns_exec $NS_DIR ipvsadm "$@"; }
else
	require_lvsadm
	load_lvs
fi

topo_nat || { not_ok "build the example cluster"; exit 1; }
start_tcp_server $NS_RS1 $RS1_IP 80 rs1 || exit 1
start_tcp_server $NS_RS2 $RS2_IP 8000 rs2 || exit 1

show() {
	echo "# lvsadm $*"
	lvsadm "$@" || not_ok "lvsadm $*"
}
show -A -t $VIP:80 -s wrr
show -a -t $VIP:80 -r $RS1_IP:80 -m -w 1
show -a -t $VIP:80 -r $RS2_IP:8000 -m -w 2

declare -A tally=()
start=${EPOCHREALTIME/./}
for i in $(seq 30); do
	who=$(tcp_request $NS_CLIENT $VIP 80)
	echo "connection $i: ${who:-(no answer)}"
	tally[${who:-none}]=$((${tally[${who:-none}]:-0} + 1))
done
echo "30 connections in $(((${EPOCHREALTIME/./} - start) / 1000)) ms; tally:"
for who in "${!tally[@]}"; do echo "  $who ${tally[$who]}"; done

show -L -n --stats
show -L -n

check_eq "30 connections answered" 30 $((${tally[rs1]:-0} + ${tally[rs2]:-0}))
check_eq "wrr 1:2 split (rs1 rs2)" "10 20" "${tally[rs1]:-0} ${tally[rs2]:-0}"
