#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lvs is IPVS to the tools written for ip_vs: Debian's unmodified ipvsadm, run with the same command
# lines against ip_vs and then against lvs in the same VM, gets the same exit status for each and prints
# the same -S -n, -L -n (and its --stats, --rate, --timeout, --thresholds, --persistent-conn) output;
# both families act on one state (ipvsadm's services are lvsadm's, and the reverse); ip_vs loaded first
# keeps the IPVS name and lvs says so once; ipvs_compat=0 leaves IPVS alone.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd ipvsadm
# ip_vs left loaded by an earlier test would hold the IPVS name.
IPVS_MODULES=(ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_sh ip_vs_mh ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf
	ip_vs_dh ip_vs_lblc ip_vs_lblcr)
modprobe -r "${IPVS_MODULES[@]}" ip_vs 2>/dev/null
grep -q '^ip_vs ' /proc/modules && skip_all "ip_vs is loaded and in use"
load_lvs
ns_create lvs-ipvs
ipvsadm_ns() { ns_exec lvs-ipvs ipvsadm "$@"; }
lvsadm_ns() { ns_exec lvs-ipvs "$LVSADM" "$@"; }

# Every ipvsadm option that configures a service, a real server or the timeouts, and the refusals both
# make the same way (8: a duplicate service and server, missing servers and services, a lower threshold
# above the upper).
COMMANDS=(
	"-A -t 203.0.113.5:80 -s wrr"
	"-a -t 203.0.113.5:80 -r 198.51.100.2:8080 -m -w 3"
	"-a -t 203.0.113.5:80 -r 198.51.100.3 -g -w 2 -x 100 -y 10"
	"-a -t 203.0.113.5:80 -r 198.51.100.4 -i -w 0"
	"-A -t 203.0.113.6:443 -s sh -b sh-fallback,sh-port -p 120 -M 255.255.255.0"
	"-a -t 203.0.113.6:443 -r 198.51.100.2 -g"
	"-A -u 203.0.113.5:53 -s rr -o"
	"-a -u 203.0.113.5:53 -r 198.51.100.2 -g"
	"-A -u [2001:db8::5]:53 -s mh -b mh-port"
	"-a -u [2001:db8::5]:53 -r [2001:db8::9]:53 -m -w 5"
	"-A -t [2001:db8::5]:80 -s lc -p -M 64"
	"-a -t [2001:db8::5]:80 -r [2001:db8::9]:80 -i"
	"-A -f 7 -s wlc -p 30"
	"-a -f 7 -r 198.51.100.5:0 -g"
	"-A -f 8 -6 -s sed"
	"-a -f 8 -6 -r [2001:db8::7]:0 -g"
	"-e -t 203.0.113.5:80 -r 198.51.100.3 -g -w 7 -x 0 -y 0"
	"-E -t 203.0.113.5:80 -s lblc -p 10"
	"-E -f 7 -s lblcr"
	"--set 100 20 30"
	"-A -t 203.0.113.5:80 -s rr"
	"-a -t 203.0.113.5:80 -r 198.51.100.2:8080 -m"
	"-e -t 203.0.113.5:80 -r 198.51.100.9 -m"
	"-d -t 203.0.113.5:80 -r 198.51.100.9"
	"-E -t 203.0.113.9:80 -s rr"
	"-D -t 203.0.113.9:80"
	"-a -t 203.0.113.9:80 -r 198.51.100.2"
	"-e -t 203.0.113.5:80 -r 198.51.100.3 -g -x 5 -y 10"
	"-A -t 203.0.113.7:80 -s nq"
	"-A -t 203.0.113.8:80 -s fo"
	"-a -t 203.0.113.8:80 -r 198.51.100.2 -m -w 65535"
	"-A -t 203.0.113.10:80 -s ovf"
	"-A -t 203.0.113.11:80 -s dh"
	"-d -t 203.0.113.5:80 -r 198.51.100.4"
	"-D -t 203.0.113.7:80"
	"-Z"
	"-Z -t 203.0.113.5:80"
)
LISTINGS=("-S -n" "-L -n" "-L -n --stats" "-L -n --rate" "-L -n --timeout" "-L -n --thresholds"
	"-L -n --persistent-conn" "-L -n -t 203.0.113.5:80" "-L -n -f 7")

# run_all: each command's exit status, then each listing, then a flush.
run_all() {
	local c
	for c in "${COMMANDS[@]}"; do
		ipvsadm_ns $c >/dev/null 2>&1
		echo "$? ipvsadm $c"
	done
	for c in "${LISTINGS[@]}"; do
		echo "# ipvsadm $c"
		ipvsadm_ns $c 2>&1
	done
}

# ---- The same command lines on lvs (loaded now) and on ip_vs.
lvs_out=$(run_all)
check_eq "lvs: every command line ran (none refused as unknown family)" "" \
	"$(grep -m1 -i 'family\|protocol not available' <<<"$lvs_out")"
check_eq "lvs: 29 of the command lines succeeded, 8 were refused" "29 8" \
	"$(grep -c '^0 ipvsadm' <<<"$lvs_out") $(grep -c '^[1-9][0-9]* ipvsadm' <<<"$lvs_out")"
check_eq "lvsadm lists what ipvsadm configured" \
	"$(ipvsadm_ns -S -n | wc -l)" "$(lvsadm_ns -S -n | wc -l)"
check ipvsadm_ns -C
check lvsadm_ns -A -t 203.0.113.20:80 -s rr
check lvsadm_ns -a -t 203.0.113.20:80 -r 198.51.100.2 -m -w 4
check_eq "ipvsadm lists what lvsadm configured" \
	"-A -t 203.0.113.20:80 -s rr
-a -t 203.0.113.20:80 -r 198.51.100.2:80 -m -w 4" "$(ipvsadm_ns -S -n)"
check lvsadm_ns -C
wait_until 10 unload_lvs || not_ok "rmmod lvs" "module busy"

if modprobe -a ip_vs "${IPVS_MODULES[@]}" 2>/dev/null; then
	ipvs_out=$(run_all)
	ipvsadm_ns -C
	if [ "$lvs_out" = "$ipvs_out" ]; then
		ok "ipvsadm: the same exit status and output on lvs as on ip_vs (${#COMMANDS[@]} commands, ${#LISTINGS[@]} listings)"
	else
		not_ok "ipvsadm: the same exit status and output on lvs as on ip_vs" "differences below"
		diff <(echo "$ipvs_out") <(echo "$lvs_out") | sed 's/^/# /'
	fi
	# ---- ip_vs loaded first keeps IPVS: lvs serves LVS alone and says so.
	load_lvs
	check_eq "lvs loaded beside ip_vs says the IPVS family is taken, once" 1 \
		"$(dmesg | sed -n "/$_marker/,\$p" | grep -c 'IPVS netlink family is taken')"
	check lvsadm_ns -A -t 203.0.113.20:80 -s rr
	check_eq "ipvsadm still talks to ip_vs" "" "$(ipvsadm_ns -S -n)"
	check lvsadm_ns -C
	unload_lvs
	modprobe -r "${IPVS_MODULES[@]}" ip_vs 2>/dev/null
else
	skip "ipvsadm on ip_vs for comparison" "ip_vs or its schedulers cannot be loaded"
fi

# ---- ipvs_compat=0: IPVS is not lvs's; ipvsadm, finding no family, loads ip_vs (modprobe ip_vs) and
# configures that.
taken=$(dmesg | grep -c 'IPVS netlink family is taken')
load_lvs ipvs_compat=0
ipvsadm_ns -A -t 203.0.113.21:80 -s rr >/dev/null 2>&1
check_eq "ipvs_compat=0: ipvsadm's service is not lvs's" "" "$(lvsadm_ns -S -n)"
check_eq "ipvs_compat=0: no message about the IPVS family" "$taken" \
	"$(dmesg | grep -c 'IPVS netlink family is taken')"
ipvsadm_ns -C >/dev/null 2>&1
unload_lvs
modprobe -r ip_vs_rr ip_vs 2>/dev/null
summary
