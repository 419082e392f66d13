#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Generic netlink robustness: a raw client (tools/nlfuzz.py, no libnl) sends the "LVS" family unknown
# commands and attributes, wrong types and lengths, missing and wrongly nested attributes, oversized
# strings, out-of-range weights, timeouts and flags, read-only attributes, thousands of attributes,
# deep nests and 300 seeded random messages. Every one must be refused with a negative errno, policy
# errors with an extack explanation (message or missing attribute); an unprivileged user gets EPERM for
# every command, reads included. The configuration (lvsadm -S -n, timeouts, info) is byte-identical afterwards.
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

NLFUZZ=$LVS_TOP/tests/selftests/tools/nlfuzz.py
lvsadm -R <<-END || not_ok "configure services"
-A -t $VIP:80 -s wrr
-a -t $VIP:80 -r $RS1_IP:80 -m -w 3
-a -t $VIP:80 -r $RS2_IP:80 -m -w 1
-A -u $VIP:53 -s rr
-a -u $VIP:53 -r $RS1_IP:53 -m
-A -t [$VIP6]:443 -s wlc
-a -t [$VIP6]:443 -r [$RS1_IP6]:443 -m -x 10 -y 5
END
check lvsadm --set 100 50 40

config() { lvsadm -S -n && lvsadm -L --timeout && lvsadm -L -n; }
before=$(config)
echo "$before" | sed 's/^/# /'

# run_fuzz DESC ARGS...: run nlfuzz.py in the director namespace; ok when every request PASSed.
run_fuzz() {
	local desc=$1 out total fails
	shift
	out=$(ns_exec $NS_DIR "$@" 2>&1)
	total=$(sed -n 's/^total //p' <<<"$out")
	fails=$(grep -c '^FAIL' <<<"$out")
	if [ -n "$total" ] && [ "$total" -gt 0 ] && [ "$fails" = 0 ]; then
		ok "$desc ($total requests)"
	else
		not_ok "$desc" "${total:-no} requests, $fails failed"
		grep -v '^PASS' <<<"$out" | head -n 30 | sed 's/^/#   /'
	fi
	[ -n "${LVS_NLFUZZ_VERBOSE:-}" ] && sed 's/^/#   /' <<<"$out"
	return 0
}

run_fuzz "a raw valid request adds and deletes a service (the encoding is right)" \
	/usr/bin/python3 "$NLFUZZ" valid $VIP 8080
check_eq "configuration unchanged by add + delete" "$before" "$(config)"
run_fuzz "structured bad requests all refused, with extack" /usr/bin/python3 "$NLFUZZ" bad $VIP 80 $RS1_IP
run_fuzz "300 seeded random messages all refused" /usr/bin/python3 "$NLFUZZ" random 1 300
run_fuzz "unprivileged (nobody): every command, reads included, gets EPERM" \
	setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/bin/python3 "$NLFUZZ" unpriv $VIP 8080
after=$(config)
check_eq "configuration byte-identical after the fuzzing" "$before" "$after"
[ "$before" = "$after" ] || diff <(echo "$before") <(echo "$after") | sed 's/^/# /'

# lvsadm still works against the same module.
check lvsadm -a -t $VIP:80 -r 198.51.100.9:80 -m
check lvsadm -d -t $VIP:80 -r 198.51.100.9:80
start_tcp_server $NS_RS1 $RS1_IP 80 rs1
start_tcp_server $NS_RS2 $RS2_IP 80 rs2
got=$(tcp_requests $NS_CLIENT $VIP 80 4 | xargs -n1 | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')
check_eq "the service still forwards with its weights (wrr 3:1 over 4 connections)" "rs1=3 rs2=1 " "$got"
