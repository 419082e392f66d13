#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IPVS schedulers mh, lblc and lblcr, and sh and mh with their -b flags: each assigns the same
# connections to the same real servers in the same order as the in-kernel ip_vs given the same
# configuration, and never picks a quiesced (weight 0) server; lvsadm and ipvsadm list the flags alike.
# mh differs from ip_vs on purpose for a server edited to weight 0: ip_vs keeps it in its table and
# refuses its clients, lvs gives them to the others.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd socat
# A table size that is not a prime fails the load, saying why (load_lvs first brings the dependencies).
load_lvs
unload_lvs
if insmod "$LVS_KO" mh_table_size=4096 2>/dev/null; then
	rmmod lvs
	not_ok "mh_table_size=4096 (not a prime) is refused"
else
	check_eq "mh_table_size=4096 (not a prime) is refused, saying why" 1 \
		"$(dmesg | tail -n 5 | grep -c 'mh_table_size=4096: must be a prime')"
fi
# ip_vs's mh table size (CONFIG_IP_VS_MH_TAB_INDEX=12, Debian's and the default), for the same picks.
load_lvs mh_table_size=4093
topo_nat || { not_ok "topology"; exit 1; }
. "$(dirname "$0")/sched_lib.sh"

SCHEDS="sh:sh-fallback sh:sh-port mh mh:mh-fallback,mh-port lblc lblcr"
lvs_sequences $SCHEDS

# Weights a=1 b=2 c=3, q=0, newest first in the list: q c b a. sh gives q buckets: without the flag
# their sources are refused (test_sched.sh), with it they go on to the next server.
[[ " ${lvs_seq[sh:sh-fallback]}" != *" - "* ]] && ok "sh-fallback refuses no source" ||
	not_ok "sh-fallback refuses no source" "${lvs_seq[sh:sh-fallback]}"
for s in sh:sh-port mh:mh-fallback,mh-port; do
	spreads "${lvs_seq[$s]}" && ok "$s spreads one source's ports over servers" ||
		not_ok "$s spreads one source's ports over servers" "${lvs_seq[$s]}"
done
[[ " ${lvs_seq[mh]}" != *" - "* ]] && spreads "${lvs_seq[mh]}" &&
	ok "mh spreads sources over servers, refusing none" || not_ok "mh spreads sources over servers" "${lvs_seq[mh]}"
check_eq "mh sends a source back to the same server" "$(cut -d' ' -f1-4 <<<"${lvs_seq[mh]}")" \
	"$(cut -d' ' -f9-12 <<<"${lvs_seq[mh]}")"
# A destination stays on its server until that one has more active connections than its weight while
# another has fewer than half its own: c (weight 3) takes 4, b (2) 3, then a (1) is never overloaded.
check_eq "lblc keeps a destination on one server until it overloads" "c c c c b b b a a a a a a a a a " \
	"${lvs_seq[lblc]}"
check_eq "lblcr keeps a destination on its set, adding the least loaded" "c c c c b b b a a " \
	"$(cut -d' ' -f1-9 <<<"${lvs_seq[lblcr]}") "

# mh_zero ADM: mh with rs2:81 ("q") at weight 1, then edited to weight 0; prints the sources' servers
# before and after the edit, separated by "/".
mh_zero() {
	local adm=$1 before after
	configure "$adm" mh $VIP || return
	$adm -e -t $VIP:80 -r $RS2_IP:81 -m -w 1 || return
	before=$(run_sched mh)
	$adm -e -t $VIP:80 -r $RS2_IP:81 -m -w 0 || return
	after=$(run_sched mh)
	echo "$before/ $after"
}
lvsadm -C
got=$(mh_zero lvsadm)
echo "# lvs mh, rs2:81 at weight 1 then 0: $got"
if [[ $got == */* && " ${got#*/}" != *" q "* && " ${got#*/}" != *" - "* ]]; then
	ok "mh: a server edited to weight 0 is never picked, its sources go to others"
else
	not_ok "mh: a server edited to weight 0 is never picked, its sources go to others" "$got"
fi

# Scheduler flags in listings, as ipvsadm 1.31 shows them (compared with ipvsadm's output below).
FLAG_SPECS=("sh:sh-fallback,sh-port" "mh:mh-port" rr)
# configure_flags ADM: the three FLAG_SPECS, on VIP and the first two extra VIPs.
configure_flags() {
	configure "$1" "${FLAG_SPECS[0]}" $VIP && configure "$1" "${FLAG_SPECS[1]}" "${EXTRA_VIPS[0]}" &&
		configure "$1" "${FLAG_SPECS[2]}" "${EXTRA_VIPS[1]}"
}
lvsadm -C
configure_flags lvsadm || not_ok "configure services with flags"
lvs_list=$(lvsadm -L -n | tail -n +2)
lvs_save=$(lvsadm -S -n)
echo "$lvs_list" | sed 's/^/# /'
check_eq "-L shows the flags after the scheduler" "TCP  $VIP:80 sh (sh-fallback,sh-port)" \
	"$(grep "^TCP  $VIP:80 " <<<"$lvs_list")"
check_eq "-S writes them with -b" "-A -t $VIP:80 -s sh -b sh-fallback,sh-port" \
	"$(grep -- "^-A -t $VIP:80 " <<<"$lvs_save")"
lvsadm -L -j | grep -qF '"scheduler":"mh","flags":16,"sched_flags":["mh-port"]' &&
	ok "-L -j has the flags, by number and name" || not_ok "-L -j has the flags" "$(lvsadm -L -j)"
lvsadm -C
ns_exec $NS_DIR "$LVSADM" -R <<<"$lvs_save"
check_eq "-S | -R keeps the flags" "$lvs_save" "$(lvsadm -S -n)"
# Flags the scheduler does not use are refused, by lvsadm or by the module, changing nothing.
check_rejected <<BAD
-A -t $VIP:81 -b sh-port|needs scheduler sh
-A -t $VIP:81 -s mh -b sh-fallback|needs scheduler sh
-A -t $VIP:81 -s rr -b flag-1|needs scheduler sh or mh
-A -t $VIP:81 -s sh -b flag-3|not used by any lvs scheduler
-A -t $VIP:81 -s sh -b sh-nosuch|invalid scheduler flag
-E -t $VIP:80 -b mh-port|needs -s mh
-E -t ${EXTRA_VIPS[0]}:80 -s rr -b flag-1,flag-2|needs scheduler sh or mh
-E -t ${EXTRA_VIPS[1]}:80 -b flag-1|scheduler flags (-b) need scheduler sh or mh
BAD
check lvsadm -E -t $VIP:80 -b flag-2
check_eq "-E -b flag-2 sets sh-port alone" "-A -t $VIP:80 -s sh -b sh-port" \
	"$(lvsadm -S -n | grep -- "^-A -t $VIP:80 ")"
check lvsadm -E -t $VIP:80 -s rr
check_eq "-E -s without -b clears the flags, as ipvsadm" "-A -t $VIP:80 -s rr" \
	"$(lvsadm -S -n | grep -- "^-A -t $VIP:80 ")"
lvsadm -C

ipvs_sequences $SCHEDS
# ipvsadm prints the same listings for the same services with flags.
if ipvs_load sh mh rr; then
	configure_flags ipvsadm_dir
	check_eq "ipvsadm -L -n lists flags as lvsadm" "$lvs_list" "$(ipvsadm_dir -L -n | tail -n +2)"
	check_eq "ipvsadm -S -n saves flags as lvsadm" "$lvs_save" "$(ipvsadm_dir -S -n)"
	ipvsadm_dir -C
else
	skip "ipvsadm lists flags as lvsadm" "ip_vs_sh, ip_vs_mh or ip_vs_rr not available"
fi
# Where lvs differs on purpose: ip_vs keeps a server edited to weight 0 in its mh table and refuses
# the sources that hash to it (mh-fallback would send them elsewhere); lvs rebuilds the table.
if ipvs_load mh; then
	echo "# ip_vs mh, rs2:81 at weight 1 then 0: $(mh_zero ipvsadm_dir)"
	ipvsadm_dir -C
fi
ipvs_unload

