#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own IPVS selftest, tools/testing/selftests/netfilter/ipvs.sh of Debian's linux-source-6.1,
# passes on lvs: its DR, NAT and TUN tests configure lvs with Debian's ipvsadm and send data through it.
# It runs unmodified but for its addresses, rewritten to documentation ones. ip_vs stays unloaded, so the
# data can only have crossed lvs (the director holds the VIP but does not listen on it).
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd ipvsadm nc
src=/usr/src/linux-source-6.1/tools/testing/selftests/netfilter/ipvs.sh
[ -f "$src" ] || skip_all "$src: linux-source-6.1 is not unpacked (tests/vm/build-kernel unpacks it)"
modprobe -r ip_vs 2>/dev/null
grep -q '^ip_vs ' /proc/modules && skip_all "ip_vs is loaded and in use"
load_lvs
work=$(mktemp -d)
# Its addresses (207.175.44.0/24, 10.0.0.0/24, 172.16.0.0/24) to documentation ones.
sed -e 's/207\.175\.44\./203.0.113./g' -e 's/\b10\.0\.0\./192.0.2./g' -e 's/172\.16\.0\./198.51.100./g' \
	"$src" >"$work/ipvs.sh"
check_eq "only documentation addresses are left in it" "" \
	"$(grep -oE '\b[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+\b' "$work/ipvs.sh" |
		grep -vE '^(192\.0\.2|198\.51\.100|203\.0\.113)\.' | sort -u | tr '\n' ' ')"
# Its three tests take under a minute, a few on the debug kernel beside other guests. Its server_listen
# gives nc 0.2 s to listen: a client that comes earlier is refused and the script then waits for the
# server forever. Such a hang (a server waiting 20 s, 60 on the debug kernel, where one lives for
# seconds) ends that try: its server is killed and the script run again, twice at most.
limit=150 stuck=20
debug_kernel && limit=360 stuck=60
run_once() { # the script's exit status, 124 when it hung; its output in $out
	local pid server last='' since=$SECONDS hung=0
	(cd "$work" && exec timeout $limit sh ./ipvs.sh) >"$work/out" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		server=$(pgrep -f 'nc -l -p 8080' | head -n 1)
		[ "$server" = "$last" ] || last=$server since=$SECONDS
		if [ -n "$server" ] && ((SECONDS - since >= stuck)); then
			hung=1
			pkill -f 'nc -l -p 8080'
		fi
		sleep 0.5
	done
	wait $pid
	rc=$?
	out=$(cat "$work/out")
	[ $hung = 0 ] || rc=124
}
for attempt in 1 2 3; do
	run_once
	[ $rc = 124 ] || break
	pkill -f 'nc -l -p 8080' # the server a timed-out run left waiting
	echo "# attempt $attempt hung"
done
if [ $rc = 0 ] && grep -q 'PASS' <<<"$out"; then
	ok "the kernel's ipvs.sh: DR, NAT and TUN pass on lvs (attempt $attempt)"
else
	not_ok "the kernel's ipvs.sh: DR, NAT and TUN pass on lvs" "exit $rc"
	sed 's/^/# /' <<<"$out" | tail -n 20
fi
check_eq "ip_vs was not loaded meanwhile" "" "$(grep -o '^ip_vs ' /proc/modules)"
rm -rf "$work"
summary
