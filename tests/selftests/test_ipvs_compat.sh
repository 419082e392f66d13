#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lvs is IPVS to the tools written for ip_vs: Debian's unmodified ipvsadm, run with the same command
# lines against ip_vs and then against lvs in the same VM, gets the same exit status for each and prints
# the same -S -n, -L -n (and its --stats, --rate, --timeout, --thresholds, --persistent-conn) output;
# both families act on one state (ipvsadm's services are lvsadm's, and the reverse); ip_vs loaded first
# keeps the IPVS name and lvs says so once; ipvs_compat=0 leaves IPVS alone. ip_vs's net.ipv4.vs.* read
# the same in every namespace (snat_reroute apart) and refuse what lvs does not do; ipvsadm -R restores
# 10,000 services of 10 real servers each. On the debug kernel: lvs's side only (ipvs_load), 400 services.
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
# make the same way (10: a duplicate service and server, missing servers and services, a lower threshold
# above the upper, multicast real servers).
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
	"-a -t 203.0.113.5:80 -r 224.0.0.1 -g"
	"-a -t [2001:db8::5]:80 -r [ff02::1]:80 -g"
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

# vs_sysctls: net.ipv4.vs.* as sysctl prints them, but sync_qlen_max (ip_vs's default follows the free
# memory of the moment) and debug_level (only on an ip_vs built with debugging).
vs_sysctls() {
	ns_exec lvs-ipvs sysctl -a 2>/dev/null | grep '^net\.ipv4\.vs\.' | grep -v -e sync_qlen_max -e debug_level
}

# vs_write NAME VALUE: write one as a boot script would; bash's echo says the errno of a refused write.
vs_write() {
	ns_exec lvs-ipvs bash -c 'echo "$2" > "/proc/sys/net/ipv4/vs/$1"' _ "$1" "$2" 2>&1
}

# check_sysctls_fixed: every net.ipv4.vs.* takes the value it reads, refuses any other with EINVAL and
# keeps its value. One shell in the namespace does all 29 (three processes each cost a debug guest 2 min).
check_sysctls_fixed() {
	local n same refused
	read -r n same refused < <(ns_exec lvs-ipvs bash -c 'n=0 same=0 refused=0
		while read -r name _ value; do
			n=$((n + 1)) f=/proc/sys/net/ipv4/vs/${name#net.ipv4.vs.}
			(echo "$value" >"$f") 2>/dev/null && same=$((same + 1))
			err=$( (echo "$((${value%%[[:space:]]*} + 1))" >"$f") 2>&1)
			[[ $err == *"Invalid argument"* ]] && [ "$(<"$f")" = "$value" ] && refused=$((refused + 1))
		done < <(sysctl -a 2>/dev/null | grep "^net\.ipv4\.vs\.")
		echo $n $same $refused')
	check_eq "net.ipv4.vs.*: ip_vs's 29 names (with lblc's and lblcr's)" 29 "$n"
	check_eq "net.ipv4.vs.*: each takes the value it reads" "$n" "$same"
	check_eq "net.ipv4.vs.*: each refuses another value (EINVAL) and keeps its own" "$n" "$refused"
}

# run_all: each command's exit status, then each listing, then a flush, by one shell in the namespace
# (an "ip netns exec" for each of the 52 ipvsadm costs a debug guest 20 s).
run_all_here() {
	local c
	for c in "${COMMANDS[@]}"; do
		ipvsadm $c >/dev/null 2>&1
		echo "$? ipvsadm $c"
	done
	for c in "${LISTINGS[@]}"; do
		echo "# ipvsadm $c"
		ipvsadm $c 2>&1
	done
	for c in "-A -t 203.0.113.30:80 -s rr" "-L -n" "-Z" "-C"; do
		echo "# unprivileged ipvsadm $c"
		env ${modprobe_conf:+MODPROBE_OPTIONS="-C $modprobe_conf"} \
			setpriv --reuid=65534 --regid=65534 --clear-groups ipvsadm $c 2>&1
		echo "exit $?"
	done
}
run_all() {
	ns_exec lvs-ipvs bash -c "$(declare -p COMMANDS LISTINGS; declare -f run_all_here)
modprobe_conf=$(printf %q "$modprobe_conf") run_all_here"
}

# ---- The same command lines on lvs (loaded now) and on ip_vs. ipvsadm refused runs "modprobe ip_vs":
# on lvs it finds lvs through etc/modprobe.d/lvs.conf, as installed, and stays silent as on ip_vs.
conf=$(realpath "$(dirname "$0")/../../etc/modprobe.d/lvs.conf")
modprobe_conf=$conf
lvs_sysctls=$(vs_sysctls)
check_sysctls_fixed
check_fail "Invalid argument" vs_write conntrack 1
ns_create lvs-ipvs-other
check_eq "net.ipv4.vs.* in every namespace" 29 \
	"$(ns_exec lvs-ipvs-other sysctl -a 2>/dev/null | grep -c '^net\.ipv4\.vs\.')"
lvs_out=$(run_all)
# errnos: what ipvs_errno.py's requests got, services sorted (the dump's order is the hash's).
errnos() {
	local out
	out=$(ns_exec lvs-ipvs python3 "$(dirname "$0")/tools/ipvs_errno.py" 2>&1)
	grep -v '^service' <<<"$out"
	grep '^service' <<<"$out" | sort
}
lvs_errnos=$(errnos)
n=$(grep -c '' <<<"$lvs_errnos")
# (An unknown command is genetlink's own refusal, without a message, on both.)
check_eq "lvs: every refusal of a bad IPVS request says why (extack)" "" \
	"$(grep '^no extack' <<<"$lvs_errnos" | grep -v 'unknown command' | tr '\n' ' ')"
check_eq "lvs: every command line ran (none refused as unknown family)" "" \
	"$(grep -m1 -i 'family\|protocol not available' <<<"$lvs_out")"
check_eq "lvs: 29 of the command lines succeeded, 10 were refused" "29 10" \
	"$(grep -c '^0 ipvsadm' <<<"$lvs_out") $(grep -c '^[1-9][0-9]* ipvsadm' <<<"$lvs_out")"
check_eq "lvs: an unprivileged ipvsadm is refused (EPERM) 4 times of 4" "4 0" \
	"$(sed -n '/^# unprivileged/,$p' <<<"$lvs_out" | grep -c 'Permission denied') \
$(sed -n '/^# unprivileged/,$p' <<<"$lvs_out" | grep -c '^exit 0')"
check_eq "lvsadm lists what ipvsadm configured" \
	"$(ipvsadm_ns -S -n | wc -l)" "$(lvsadm_ns -S -n | wc -l)"
check ipvsadm_ns -C
check lvsadm_ns -A -t 203.0.113.20:80 -s rr
check lvsadm_ns -a -t 203.0.113.20:80 -r 198.51.100.2 -m -w 4
check_eq "ipvsadm lists what lvsadm configured" \
	"-A -t 203.0.113.20:80 -s rr
-a -t 203.0.113.20:80 -r 198.51.100.2:80 -m -w 4" "$(ipvsadm_ns -S -n)"
check lvsadm_ns -C

# ---- ipvsadm -R of 10,000 services of 10 real servers each, one request per line, through lvs (400
# on the debug kernel, where 10,000 take seven minutes: there the point is the memory checks, not scale).
addrs=250
debug_kernel && addrs=10
big_rules() { # awk: a bash loop over 110,000 lines costs a TCG guest half a minute
	awk -v n=$addrs 'BEGIN { for (a = 1; a <= n; a++) for (p = 1001; p <= 1040; p++) {
		printf "-A -t 203.0.113.%d:%d -s wlc\n", a, p
		for (r = 1; r <= 10; r++) printf "-a -t 203.0.113.%d:%d -r 198.51.100.%d:80 -m -w %d\n", a, p, r, r } }'
}

services=$((addrs * 40))
start=$SECONDS
big_rules | ipvsadm_ns -R
rc=$?
check_eq "ipvsadm -R of $services services x 10 real servers through lvs ($((SECONDS - start)) s)" \
	"0 $services $((services * 10))" \
	"$rc $(lvsadm_ns -L -n | awk '/^TCP/ { s++ } /-> 198/ { r++ } END { print s + 0, r + 0 }')"
check_eq "ipvsadm -S lists them back" $((services * 11)) "$(ipvsadm_ns -S -n | wc -l)"
check lvsadm_ns -C
wait_until 10 unload_lvs || not_ok "rmmod lvs" "module busy"
check_eq "unloaded lvs leaves no net.ipv4.vs" "" "$(ls /proc/sys/net/ipv4/vs 2>/dev/null)"

if ipvs_load "${IPVS_MODULES[@]}"; then
	ipvs_out=$(modprobe_conf='' run_all)
	check_eq "bad IPVS requests: the same errno on lvs as on ip_vs, the same services left ($n lines)" \
		"$(errnos | grep -v 'extack')" "$(grep -v 'extack' <<<"$lvs_errnos")"
	ipvsadm_ns -C
	# lvs does not re-route NAT replies by their new source (ip_vs's snat_reroute).
	check_eq "net.ipv4.vs.* read as on ip_vs, snat_reroute apart" \
		"< net.ipv4.vs.snat_reroute = 1
> net.ipv4.vs.snat_reroute = 0" \
		"$(diff <(vs_sysctls) <(echo "$lvs_sysctls") | grep '^[<>]')"
	if [ "$lvs_out" = "$ipvs_out" ]; then
		ok "ipvsadm: the same exit status and output on lvs as on ip_vs (${#COMMANDS[@]} commands, ${#LISTINGS[@]} listings)"
	else
		not_ok "ipvsadm: the same exit status and output on lvs as on ip_vs" "differences below"
		diff <(echo "$ipvs_out") <(echo "$lvs_out") | sed 's/^/# /'
	fi
	# ---- ip_vs loaded first keeps IPVS: lvs serves LVS alone and says so.
	taken=$(dmesg | grep -c 'IPVS netlink family is taken')
	load_lvs
	check_eq "lvs loaded beside ip_vs says the IPVS family is taken, once" $((taken + 1)) \
		"$(dmesg | grep -c 'IPVS netlink family is taken')"
	check lvsadm_ns -A -t 203.0.113.20:80 -s rr
	check_eq "ipvsadm still talks to ip_vs" "" "$(ipvsadm_ns -S -n)"
	check lvsadm_ns -C
	unload_lvs
	modprobe -r "${IPVS_MODULES[@]}" ip_vs 2>/dev/null
else
	skip "ipvsadm on ip_vs for comparison" "$ipvs_why"
fi

# ---- ipvs_compat=0: IPVS is not lvs's; ipvsadm, finding no family, loads ip_vs (modprobe ip_vs) and
# configures that.
taken=$(dmesg | grep -c 'IPVS netlink family is taken')
load_lvs ipvs_compat=0
ipvsadm_ns -A -t 203.0.113.21:80 -s rr >/dev/null 2>&1
check_eq "ipvs_compat=0: ipvsadm's service is not lvs's" "" "$(lvsadm_ns -S -n)"
check_eq "ipvs_compat=0: no message about the IPVS family" "$taken" \
	"$(dmesg | grep -c 'IPVS netlink family is taken')"
check_eq "ipvs_compat=0: net.ipv4.vs is ip_vs's (its drop_entry takes 1)" 1 \
	"$(ns_exec lvs-ipvs sysctl -q -w net.ipv4.vs.drop_entry=1 >/dev/null 2>&1 &&
		ns_exec lvs-ipvs sysctl -n net.ipv4.vs.drop_entry)"
ipvsadm_ns -C >/dev/null 2>&1
unload_lvs
modprobe -r ip_vs_rr ip_vs 2>/dev/null

# ---- etc/modprobe.d/lvs.conf: "modprobe ip_vs" loads lvs. Tried on a module tree of lvs and its
# dependencies (modprobe -d), as installed by the package, not on the VM's own /lib/modules.
modtree=$(mktemp -d)
krel=$(uname -r)
mkdir -p "$modtree/lib/modules/$krel/updates"
cp "$LVS_KO" "$modtree/lib/modules/$krel/updates/"
for dep in $(modinfo -F depends "$LVS_KO" | tr ',' ' '); do
	modprobe --show-depends "$dep" | awk '$1 == "insmod" { print $2 }' |
		xargs -r cp -t "$modtree/lib/modules/$krel/updates/"
done
cp /lib/modules/"$krel"/modules.{order,builtin,builtin.modinfo} "$modtree/lib/modules/$krel/"
depmod -b "$modtree" "$krel"
check modprobe -d "$modtree" -C "$conf" ip_vs
check_eq "modprobe ip_vs loaded lvs, not ip_vs" "lvs" "$(grep -o -e '^lvs ' -e '^ip_vs ' /proc/modules | tr -d ' ')"
_lvs_loaded=1
check_eq "ipvsadm configures lvs" "-A -t 203.0.113.22:80 -s wlc" \
	"$(ipvsadm_ns -A -t 203.0.113.22:80 && lvsadm_ns -S -n)"
lvsadm_ns -C
rm -rf "$modtree"
summary
