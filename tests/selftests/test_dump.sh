#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Listings stay consistent while the configuration changes. A loop cycles through ten single changes
# (add, edit and delete services and real servers, next to a fixed service with 150 real servers, so a
# listing spans several netlink messages) while lvsadm -S -n and -L -n run again and again. Every
# listing must be byte for byte one of the states the cycle passes through (recorded first, with
# nothing running concurrently), or lvsadm must have given up after its bounded retries with "kept
# changing"; most listings must succeed. A torn listing made by hand proves the check can fail.
# 80 listings; 40 on the debug kernel, where each takes two seconds and 40 walk the same dump paths.
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
ns_create $NS_DIR || { not_ok "namespace"; exit 1; }

T=$(mktemp -d /tmp/lvs-dump.XXXXXX)
{
	echo "-A -t 203.0.113.1:80 -s wlc"
	for i in $(seq 1 150); do
		echo "-a -t 203.0.113.1:80 -r 198.51.100.$((i % 250 + 1)):$((1000 + i)) -m -w $i"
	done
} | lvsadm -R || not_ok "base configuration"

steps=(
	"-A -t 203.0.113.10:80 -s rr"
	"-a -t 203.0.113.10:80 -r 198.51.100.10:80 -m -w 1"
	"-a -t 203.0.113.10:80 -r 198.51.100.11:80 -m -w 2"
	"-A -u 203.0.113.11:53 -s wrr"
	"-a -u 203.0.113.11:53 -r 198.51.100.12:53 -m"
	"-e -t 203.0.113.10:80 -r 198.51.100.10:80 -m -w 3"
	"-d -t 203.0.113.10:80 -r 198.51.100.11:80"
	"-D -u 203.0.113.11:53"
	"-d -t 203.0.113.10:80 -r 198.51.100.10:80"
	"-D -t 203.0.113.10:80"
)

# The states of the cycle, each listing kept as it is printed.
declare -A valid_S valid_L
record() {
	valid_S["$(lvsadm -S -n)"]=1
	valid_L["$(lvsadm -L -n)"]=1
}
record
for s in "${steps[@]}"; do
	lvsadm $s || not_ok "step $s"
	record
done
# Eleven states, the last as the first, and the one after step 9 (service .10 without real servers)
# as the one after step 1.
check_eq "the cycle passes through 9 distinct states" "9 9" "${#valid_S[@]} ${#valid_L[@]}"

# The check has teeth: a listing with a real server's weight from a later state is none of them.
for ((i = 0; i < 3; i++)); do lvsadm ${steps[i]}; done
b=$(lvsadm -S -n)
torn=$(sed 's/198.51.100.10:80 -m -w 1$/198.51.100.10:80 -m -w 3/' <<<"$b")
is_valid() { # S|L LISTING
	if [ $1 = S ]; then [ -n "${valid_S["$2"]+x}" ]; else [ -n "${valid_L["$2"]+x}" ]; fi
}
is_valid S "$b" && [ "$torn" != "$b" ] && ! is_valid S "$torn" && ok "a torn listing is told apart" ||
	not_ok "a torn listing is told apart"
for ((i = 3; i < 10; i++)); do lvsadm ${steps[i]}; done # back to the start of the cycle

# The churn: cycles until killed, counting the changes made.
(
	n=0
	for ((r = 0; r < 2000; r++)); do
		for s in "${steps[@]}"; do
			ns_exec $NS_DIR "$LVSADM" $s || echo "failed: $s" >>"$T/errors"
			echo $((++n)) >"$T/changes"
		done
	done
) &
churn=$!
_pids+=($churn)

bad=0 good=0 gaveup=0
listing() { # S|L: one listing, judged
	local out rc
	out=$(lvsadm -$1 -n 2>&1)
	rc=$?
	if [ $rc = 0 ] && is_valid $1 "$out"; then
		good=$((good + 1))
	elif [ $rc = 1 ] && grep -q "kept changing" <<<"$out"; then
		gaveup=$((gaveup + 1))
	else
		bad=$((bad + 1))
		[ $bad -le 2 ] && grep -v ':10[0-9][0-9] ' <<<"$out" | head -n 12 | sed 's/^/# torn: /'
	fi
}
rounds=40
debug_kernel && rounds=20
wait_until 10 test -s "$T/changes"
c0=$(cat "$T/changes")
for ((i = 0; i < rounds; i++)); do
	listing S
	listing L
done
c1=$(cat "$T/changes")
kill $churn 2>/dev/null
wait $churn 2>/dev/null
echo "# $((c1 - c0)) changes during $((2 * rounds)) listings: $good consistent, $gaveup gave up, $bad torn"
check_eq "no torn listing" 0 $bad
[ $((c1 - c0)) -ge $rounds ] && ok "the configuration changed throughout ($((c1 - c0)) changes)" ||
	not_ok "the configuration changed throughout" "$((c1 - c0)) changes"
[ $good -ge $rounds ] && ok "most listings succeed ($good of $((2 * rounds)))" ||
	not_ok "most listings succeed" "$good of $((2 * rounds))"
check_eq "every change applied" "" "$(cat "$T/errors" 2>/dev/null)"
rm -rf "$T"
