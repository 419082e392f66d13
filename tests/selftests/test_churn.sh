#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configuration churn and teardown under traffic. While a client sends TCP requests and UDP datagrams
# (tools/traffic.py, 15 s), 165 lvsadm operations add and delete services and real servers (with live
# connections) and change weights and schedulers, and 5 batches like them, refused at their last line,
# are rolled back whole. Afterwards, with the configuration stable again, rr
# splits new connections evenly. Then, three times, the module is unloaded while traffic flows (rmmod
# must succeed) and loaded again (the service forwards again), and finally the director namespace is
# deleted with connections live and the module unloaded. No kernel warnings (exit trap).
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

TRAFFIC=$LVS_TOP/tests/selftests/tools/traffic.py
tmp=$(mktemp -d)
start_tcp_server $NS_RS1 $RS1_IP 80 rs1
start_tcp_server $NS_RS2 $RS2_IP 80 rs2
start_udp_server $NS_RS1 $RS1_IP 53 u-rs1
start_udp_server $NS_RS2 $RS2_IP 53 u-rs2

configure() { # the stable configuration
	lvsadm -R <<-END
	-A -t $VIP:80 -s rr
	-a -t $VIP:80 -r $RS1_IP:80 -m
	-a -t $VIP:80 -r $RS2_IP:80 -m
	-A -u $VIP:53 -s rr
	-a -u $VIP:53 -r $RS1_IP:53 -m
	-a -u $VIP:53 -r $RS2_IP:53 -m
	END
}

# traffic SECS NAME: background traffic to VIP tcp:80, tcp:81, udp:53; summary in $tmp/NAME.
traffic() {
	ip netns exec $NS_CLIENT /usr/bin/python3 "$TRAFFIC" "$1" "$tmp/$2" $VIP tcp:80 tcp:81 udp:53 \
		>/dev/null 2>&1 &
	_pids+=($!)
}

summary_of() { cat "$tmp/$1" 2>/dev/null; }

check configure

# The churn: 20 rounds of 11 operations, in batches (one process per round, not per operation).
traffic 15 churn
scheds=(rr wrr lc wlc sed nq)
failed=0 ops=0 unrolled=0
for ((i = 0; i < 20; i++)); do
	s=${scheds[i % ${#scheds[@]}]}
	batch="-A -t $VIP:81 -s $s
-a -t $VIP:81 -r $RS1_IP:80 -m
-a -t $VIP:81 -r $RS2_IP:80 -m -w 2
-e -t $VIP:81 -r $RS1_IP:80 -m -w $((i % 5 + 1))
-E -t $VIP:81 -s ${scheds[(i + 1) % ${#scheds[@]}]}
-e -t $VIP:80 -r $RS2_IP:80 -m -w $((i % 3))
-E -t $VIP:80 -s $s
-d -t $VIP:80 -r $RS1_IP:80
-a -t $VIP:80 -r $RS1_IP:80 -m -w $((i % 4 + 1))
-d -u $VIP:53 -r $RS2_IP:53
-a -u $VIP:53 -r $RS2_IP:53 -m"
	# Every other round, delete the service with its connections live; else delete its servers.
	if ((i % 2)); then
		batch+=$'\n'"-D -t $VIP:81"
	else
		batch+=$'\n'"-d -t $VIP:81 -r $RS1_IP:80"$'\n'"-d -t $VIP:81 -r $RS2_IP:80"$'\n'"-D -t $VIP:81"
	fi
	# Every fourth round ends with a line the kernel refuses (the service exists): all of it, live
	# connections' servers deleted and schedulers changed included, is rolled back under traffic.
	if ((i % 4 == 3)); then
		before=$(lvsadm -S -n)
		out=$(lvsadm -R <<<"$batch"$'\n'"-A -t $VIP:80" 2>&1) && failed=$((failed + 1))
		grep -q "line $(($(wc -l <<<"$batch") + 1)): Service already exists" <<<"$out" || failed=$((failed + 1))
		[ "$(lvsadm -S -n)" = "$before" ] || unrolled=$((unrolled + 1))
		continue
	fi
	lvsadm -R <<<"$batch" || failed=$((failed + 1))
	ops=$((ops + $(wc -l <<<"$batch")))
	# Sample the connection table now and then (walks while it changes).
	((i % 5)) || lvsadm -L -c -n >/dev/null || failed=$((failed + 1))
done
check_eq "$ops churn operations in 15 batches all applied, 5 batches refused at their last line" 0 $failed
check_eq "the 5 refused batches rolled back whole" 0 $unrolled
wait_until 30 test -s "$tmp/churn"
s=$(summary_of churn)
echo "# traffic during churn: $s"
/usr/bin/python3 -c 'import json,sys; j=json.loads(sys.argv[1]); sys.exit(not (j["tcp_ok"] > 0 and j["udp_ok"] > 0))' \
	"$s" 2>/dev/null && ok "traffic flowed during the churn" || not_ok "traffic flowed during the churn" "$s"

# Stable again: the same configuration as at the start, rr splits evenly. The churn's connections
# go too: they outlive their services, and a request whose source port one of them used (one in
# about a hundred runs) would follow it instead of being scheduled.
check lvsadm -C
check lvsadm --del-conn --all
check configure
got=$(tcp_requests $NS_CLIENT $VIP 80 6 | xargs -n1 | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')
check_eq "after the churn rr splits 6 TCP connections evenly" "rs1=3 rs2=3 " "$got"
# UDP: 4 datagrams alternate between the servers. A lost datagram is not retried (no retransmission
# in UDP); one loss in four is tolerated and shown, both servers must still answer.
got=$(for i in 1 2 3 4; do echo "$(udp_request $NS_CLIENT $VIP 53)"; done | tr '\n' ' ')
answered=$(wc -w <<<"$got")
[ "$answered" -lt 4 ] && echo "# a UDP datagram got no answer: '$got'"
if [ "$answered" -ge 3 ] && [[ $got == *u-rs1* ]] && [[ $got == *u-rs2* ]] && [[ $got != *u-rs1\ u-rs1* ]] &&
	[[ $got != *u-rs2\ u-rs2* ]]; then
	ok "after the churn UDP alternates ($got)"
else
	not_ok "after the churn UDP alternates" "got '$got'"
fi
dir_conns() { lvsadm -L -n -j | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["conns"])'; }
has_conns() { [ "$(dir_conns)" -gt 0 ]; }

# Unload with traffic flowing, load again, three times.
for round in 1 2 3; do
	traffic 3 unload$round
	wait_until 10 has_conns
	conns=$(dir_conns)
	if wait_until 10 unload_lvs; then
		ok "round $round: rmmod with traffic flowing and $conns connections"
	else
		not_ok "round $round: rmmod with traffic flowing" "module busy"
		break
	fi
	load_lvs
	check configure
	wait_until 10 test -s "$tmp/unload$round"
	check_eq "round $round: forwarding again after reload" rs1 \
		"$( (tcp_request $NS_CLIENT $VIP 80; tcp_request $NS_CLIENT $VIP 80) | sort | head -n1)"
done

# Delete the director's namespace with connections live and traffic flowing, then unload.
traffic 3 netns
wait_until 10 has_conns
conns=$(dir_conns)
ip netns del $NS_DIR && ok "director namespace deleted with $conns connections live" ||
	not_ok "director namespace deleted"
wait_until 10 test -s "$tmp/netns"
if wait_until 10 unload_lvs; then ok "rmmod after the namespace deletion"; else not_ok "rmmod after the namespace deletion" "module busy"; fi
rm -rf "$tmp"
