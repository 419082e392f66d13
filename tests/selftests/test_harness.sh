#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The harness itself: the VM runs in the tree under test, lib.sh's checks fail when they must, every
# test is listed in the Makefile, the YNL spec matches the uapi header, namespaces and veths work, and
# topo_nat's routing works. Needs no lvs.
. "$(dirname "$0")/lib.sh"

D=$(cd "$(dirname "$0")" && pwd)
check_eq "the guest runs at the top of the tree under test" "$(cd "$D/../.." && pwd)" "$PWD"
check touch "$LVS_VM_OUT/harness-probe"
check_eq "running as root" 0 "$(id -u)"

# ---- lib.sh's own checks: each case runs in a subshell, whose counts and exit trap are its own.
first() { _n=0; "$@" 2>&1 | head -n 1 | cut -d' ' -f1-2; }
fails_with() { echo "$1" >&2; return "${2:-1}"; }
check_eq "check_fail: the expected error" "ok 1" "$(first check_fail "no such state" fails_with "no such state")"
check_eq "check_fail: another error" "not ok" "$(first check_fail "no such state" fails_with "permission denied")"
check_eq "check_fail: a crash" "not ok" "$(first check_fail "no such state" fails_with "" 139)"
check_eq "check_fail: success saying the text" "not ok" "$(first check_fail "no such state" echo "no such state")"
check_eq "check: a failure" "not ok" "$(first check false)"
check_eq "check_eq: a difference" "not ok" "$(first check_eq x a b)"
out=$(_n=0; skip_all "reason" 2>&1)
check_eq "skip_all exits with KSFT_SKIP (4)" 4 $?
check_eq "skip_all reports a TAP skip" "ok 1 - $TEST_NAME # SKIP reason" "$out"

# ---- tests/selftests/Makefile (Kselftest's TEST_PROGS) lists every test, config the module's dependencies.
progs=" $(make -s --no-print-directory -C "$D" print-test-progs) " missing=
for t in "$D"/test_*.sh; do
	t=${t##*/}
	[[ $progs == *" $t "* ]] || missing+=" $t"
done
check_eq "TEST_PROGS in tests/selftests/Makefile lists every test_*.sh (missing:$missing)" "" "$missing"
# ... and seconds, run-all's order on a machine without times of its own, times every one.
missing=
for t in "$D"/test_*.sh; do
	t=${t##*/}
	awk -v t="$t" '$1 == t && $2 ~ /^[0-9]+$/ { f = 1 } END { exit !f }' "$D/seconds" || missing+=" $t"
done
check_eq "tests/selftests/seconds times every test_*.sh (missing:$missing)" "" "$missing"
for dep in $(modinfo -F depends "$LVS_KO" 2>/dev/null | tr ',' ' '); do
	dep=${dep^^}
	check grep -qE "^CONFIG_${dep}=[ym]$" "$D/config"
done

# ---- Documentation/netlink/specs/lvs.yaml, the family's YNL spec, says what include/uapi/linux/lvs.h and
# the kernel's policies say (names, values, types, checks; the schema too where a kernel tree has it).
check "$LVS_TOP/tests/tools/check-ynl-spec"

ns_create h-a
ns_create h-b
ip link add va netns h-a type veth peer name vb netns h-b
ip -n h-a addr add 192.0.2.10/24 dev va
ip -n h-b addr add 192.0.2.11/24 dev vb
ip -n h-a link set va up
ip -n h-b link set vb up
check ns_exec h-a ping -c1 -W2 192.0.2.11

topo_nat
check ns_exec $NS_CLIENT ping -c1 -W2 $DIR_CLIENT_IP
check ns_exec $NS_CLIENT ping -c1 -W2 $VIP
check ns_exec $NS_CLIENT ping -c1 -W2 $RS1_IP
check ns_exec $NS_RS2 ping -c1 -W2 $CLIENT_IP
check ns_exec $NS_CLIENT ping -6 -c1 -W2 $VIP6
check ns_exec $NS_CLIENT ping -6 -c1 -W2 $RS2_IP6

start_tcp_server $NS_RS1 $RS1_IP 80 rs1
start_udp_server $NS_RS2 $RS2_IP 8000 rs2
start_tcp_server $NS_RS2 $RS2_IP6 8000 rs2-v6
check_eq "tcp through the director (routed)" rs1 "$(tcp_request $NS_CLIENT $RS1_IP 80)"
check_eq "udp through the director (routed)" rs2 "$(udp_request $NS_CLIENT $RS2_IP 8000)"
check_eq "tcp over IPv6" rs2-v6 "$(tcp_request $NS_CLIENT $RS2_IP6 8000)"
