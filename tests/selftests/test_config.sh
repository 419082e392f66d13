#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-namespace settings (lvsadm --set-config / --show-config, LVS_CMD_SET_CONFIG / GET_CONFIG): a new
# namespace starts from the module's load-time defaults, each namespace changes its own, a request with
# one bad value changes nothing, and max_conns really bounds the table.
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs max_conns=777 fast_path=0 mh_table_size=4093
topo_nat || { not_ok "topology"; exit 1; }

# show NS: --show-config's three lines joined by spaces.
show() {
	ns_exec "$1" "$LVSADM" --show-config | tr '\n' ' '
}

check_eq "a new namespace starts from the load-time defaults" \
	"max_conns=777 fast_path=0 mh_table_size=4093 " "$(show $NS_DIR)"
check_eq "the module parameters are read-only defaults" "444 444 444" \
	"$(stat -c %a /sys/module/lvs/parameters/{max_conns,fast_path,mh_table_size} | tr '\n' ' ' | sed 's/ $//')"
check lvsadm --set-config max_conns=5,fast_path=1
check lvsadm --set-config mh_table_size=65537
check_eq "--set-config changes what it names" "max_conns=5 fast_path=1 mh_table_size=65537 " "$(show $NS_DIR)"
check_eq "another namespace keeps its own" "max_conns=777 fast_path=0 mh_table_size=4093 " "$(show $NS_CLIENT)"
check_eq "--show-config -j" '{"max_conns":5,"fast_path":true,"mh_table_size":65537}' \
	"$(lvsadm --show-config -j)"

# Bad input: the documented message, exit 2 for what lvsadm refuses itself, 1 for the kernel's refusal;
# either way nothing changed.
rejected() { # EXIT MESSAGE ARGS...
	local want=$1 msg=$2 out rc
	shift 2
	out=$(lvsadm "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -qF -- "$msg" <<<"$out"; then
		ok "rejected: lvsadm $* | $msg"
	else
		not_ok "rejected: lvsadm $*" "exit $rc (want $want): $out"
	fi
}
rejected 1 "mh table size must be a prime" --set-config max_conns=9,mh_table_size=4095
rejected 2 "unknown setting \`bogus'" --set-config bogus=1
rejected 2 "invalid value \`2' for fast_path (0..1)" --set-config fast_path=2
rejected 2 "\`max_conns' given twice" --set-config max_conns=1,max_conns=2
rejected 2 "is not key=value" --set-config max_conns
rejected 2 "invalid value \`1048576' for mh_table_size" --set-config mh_table_size=1048576
check_eq "a refused request changed nothing" "max_conns=5 fast_path=1 mh_table_size=65537 " "$(show $NS_DIR)"

# max_conns bounds the table: 5 entries, then the sixth client port is refused and counted.
start_udp_server $NS_RS1 $RS1_IP 53 rs1
check lvsadm -A -u $VIP:53 -s rr
check lvsadm -a -u $VIP:53 -r $RS1_IP -m
limit0=$(drop_count conn_limit)
answered=0
for port in 2001 2002 2003 2004 2005 2006 2007; do
	r=$(ns_exec $NS_CLIENT socat -T 2 - UDP4:$VIP:53,sourceport=$port <<<x 2>/dev/null)
	[ "$r" = rs1 ] && answered=$((answered + 1))
done
check_eq "max_conns=5: five of seven client ports answered" 5 "$answered"
check_eq "the two refused are conn_limit drops" 2 $(($(drop_count conn_limit) - limit0))
check_eq "the table holds five" 5 "$(lvsadm -L -c -n -j | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["connections"]))')"
check lvsadm --set-config max_conns=0
r=$(ns_exec $NS_CLIENT socat -T 2 - UDP4:$VIP:53,sourceport=2008 <<<x 2>/dev/null)
check_eq "max_conns=0: no limit" rs1 "$r"
