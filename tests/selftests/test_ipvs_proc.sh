#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ip_vs's /proc/net files, served by lvs with the IPVS family: Debian's ipvsadm configures the same NAT
# services (TCP and UDP, IPv4 and IPv6, persistent, fwmark) on ip_vs and then on lvs, the same client
# connections (fixed source ports) go through each, and /proc/net/ip_vs, /proc/net/ip_vs_conn (and
# ipvsadm -L -c, which reads it) are the same but for the expiry, a sane number, and ip_vs's ASSURED
# templates; /proc/net/ip_vs_stats has the same shape and connection count, and packet counts within a
# few. Each namespace sees its own; long listings read in small pieces lose and repeat nothing; the files
# go with lvs and are not there with ipvs_compat=0.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd ipvsadm
modprobe -r ip_vs_rr ip_vs 2>/dev/null
grep -q '^ip_vs ' /proc/modules && skip_all "ip_vs is loaded and in use"
topo_nat || { not_ok "topology"; exit 1; }
start_tcp_server $NS_RS1 $RS1_IP 80 rs1 && start_tcp_server $NS_RS2 $RS2_IP 80 rs2 &&
	start_tcp_server $NS_RS1 $RS1_IP 8080 rs1 && start_tcp_server $NS_RS2 $RS2_IP 81 rs2 &&
	start_tcp_server $NS_RS1 $RS1_IP6 80 rs1 && start_udp_server $NS_RS1 $RS1_IP 53 rs1 &&
	start_udp_server $NS_RS2 $RS2_IP6 53 rs2 || exit 1

# TCP to VIP:81 is marked 1 (a persistent fwmark service); nft's ip family, else iptables.
if dir_exec nft -f - 2>/dev/null <<-EOF; then
	table ip lvstest { chain pre { type filter hook prerouting priority mangle;
		ip daddr $VIP tcp dport 81 meta mark set 1; }; }
	EOF
	FWM=1
elif dir_exec iptables -t mangle -A PREROUTING -d $VIP -p tcp --dport 81 -j MARK --set-mark 1 2>/dev/null; then
	FWM=1
else
	FWM=0
	skip "fwmark service" "neither nft nor iptables marks packets here"
fi

ipvsadm_dir() { dir_exec ipvsadm "$@"; }
configure() {
	ipvsadm_dir -R <<-EOF
	-A -t $VIP:80 -s rr
	-a -t $VIP:80 -r $RS1_IP:80 -m
	-a -t $VIP:80 -r $RS2_IP:80 -m -w 2
	-A -u $VIP:53 -s rr
	-a -u $VIP:53 -r $RS1_IP:53 -m
	-A -t [$VIP6]:80 -s rr
	-a -t [$VIP6]:80 -r [$RS1_IP6]:80 -m
	-A -u [$VIP6]:53 -s rr
	-a -u [$VIP6]:53 -r [$RS2_IP6]:53 -m
	-A -t $VIP:8080 -s rr -p 60
	-a -t $VIP:8080 -r $RS1_IP:8080 -m
	$([ $FWM = 1 ] && printf '%s\n' "-A -f 1 -s rr -p 30" "-a -f 1 -r $RS2_IP:0 -m")
	EOF
}

# client PROTO ADDR PORT SPORT...: one request each from CLIENT_IP(6):SPORT, in one process; prints the
# replies. TCP waits for the server's close, so each connection ends the same way.
client() {
	ns_exec $NS_CLIENT timeout 60 /usr/bin/python3 -c '
import socket, sys
a = sys.argv[3:]
for p, addr, port, sport in zip(a[0::4], a[1::4], a[2::4], a[3::4]):
    v6 = ":" in addr
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET,
                      socket.SOCK_STREAM if p == "tcp" else socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.settimeout(10)
    s.bind((sys.argv[2] if v6 else sys.argv[1], int(sport)))
    s.connect((addr, int(port)))
    if p == "udp":
        s.send(b"ping")
    out = b""
    while True:
        d = s.recv(100)
        out += d
        if not d or p == "udp":
            break
    s.close()
    print(out.decode().strip())' $CLIENT_IP $CLIENT_IP6 "$@"
}
REQUESTS=(tcp $VIP 80 40001 tcp $VIP 80 40002 udp $VIP 53 40003 tcp $VIP6 80 40004 udp $VIP6 53 40005
	tcp $VIP 8080 40006)
[ $FWM = 1 ] && REQUESTS+=(tcp $VIP 81 40007)
NCONNS=$((${#REQUESTS[@]} / 4))

# Every TCP connection closed (TIME_WAIT at the director): what the listing shows is settled. (Templates
# are NONE, or on ip_vs ASSURED once one of their connections was established.)
settled() {
	! dir_exec awk 'NR > 1 && $1 == "TCP" && $8 != "TIME_WAIT" && $8 != "NONE" && $8 != "ASSURED"' \
		/proc/net/ip_vs_conn | grep -q .
}

# Services with their real servers sorted (ip_vs's order depends on a namespace pointer and adds real
# servers at the head), the counters of TIME_WAIT connections included.
info() { dir_exec awk 'NR <= 3 { print; next } /^  ->/ { print s "|" $0; next } { s = $0 }' /proc/net/ip_vs | sort; }
# Connections without their expiry (field 9 of the file, 2 of ipvsadm -L -c), sorted; bad expiries are
# reported as such, against each state's timeout (TIME_WAIT 120, UDP 300, templates 60).
conns() {
	dir_exec cat /proc/net/ip_vs_conn | awk 'NR == 1 { print; next }
		{ t = $8 == "TIME_WAIT" ? 120 : $8 == "UDP" ? 300 : $8 == "NONE" ? 60 : 900
		  if ($9 !~ /^[0-9]+$/ || $9 > t) print "bad expiry " $0; $9 = "-"; print }' | sort
}
ipvsadm_conns() { ipvsadm_dir -L -c -n | awk 'NR <= 2 { print; next } { $2 = "-"; print }' | sort; }
stats() { dir_exec cat /proc/net/ip_vs_stats; }
# stat_field N FILE: the Nth counter of the totals (conns, in packets, out packets, in bytes, out bytes).
stat_field() { echo $((16#$(awk -v n="$1" 'NR == 3 { print $n }' "$2"))); }
# shape FILE: the file with each counter replaced by N.
shape() { awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9A-F]+$/) $i = "N"; print }' "$1"; }

run() { # NAME: configure, the requests, then the listings in files NAME.*
	configure || { not_ok "$1: ipvsadm -R"; return 1; }
	check_eq "$1: every request answered" $NCONNS "$(client "${REQUESTS[@]}" | grep -c '^rs[12]$')"
	wait_until 10 settled || not_ok "$1: TCP connections in TIME_WAIT"
	info >"$TMP/$1.info"
	conns >"$TMP/$1.conn"
	ipvsadm_conns >"$TMP/$1.lc"
	stats >"$TMP/$1.stats"
}
TMP=$(mktemp -d) # in the guest's tmpfs

if ipvs_load ip_vs_rr; then
	run ipvs
	ipvsadm_dir -C
	modprobe -r ip_vs_rr ip_vs || not_ok "modprobe -r ip_vs before lvs"
	have_ipvs=1
else
	skip "ip_vs for comparison" "$ipvs_why"
	have_ipvs=0
fi

load_lvs
run lvs
check_eq "ip_vs_conn: one entry per connection and template" $((NCONNS + 1 + FWM)) \
	"$(($(wc -l <"$TMP/lvs.conn") - 1))"
check_eq "ip_vs_conn: every expiry sane" "" "$(grep '^bad expiry' "$TMP/lvs.conn")"
check_eq "ip_vs_stats: connections counted" $NCONNS "$(stat_field 1 "$TMP/lvs.stats")"
if [ $have_ipvs = 1 ]; then
	# lvs's templates have no ASSURED state (ip_vs's drops a template none of whose connections got
	# established when they expire; lvs keeps it for its timeout).
	check_eq "ip_vs_conn: ip_vs's templates ASSURED, lvs's NONE" "$((1 + FWM)) $((1 + FWM))" \
		"$(grep -c ' ASSURED ' "$TMP/ipvs.conn") $(grep -c '^[A-Z]* C0000202 0000 .* NONE ' "$TMP/lvs.conn")"
	sed -i 's/ ASSURED / NONE /' "$TMP/ipvs.conn" "$TMP/ipvs.lc"
	for f in info conn lc; do
		if cmp -s "$TMP/ipvs.$f" "$TMP/lvs.$f"; then
			ok "the same $f listing as ip_vs's"
		else
			not_ok "the same $f listing as ip_vs's" "differences below"
			diff "$TMP/ipvs.$f" "$TMP/lvs.$f" | sed 's/^/# /'
		fi
	done
	check_eq "ip_vs_stats: ip_vs's shape" "$(shape "$TMP/ipvs.stats")" "$(shape "$TMP/lvs.stats")"
	check_eq "ip_vs_stats: ip_vs's connection count" "$(stat_field 1 "$TMP/ipvs.stats")" \
		"$(stat_field 1 "$TMP/lvs.stats")"
	for n in 2 3; do
		a=$(stat_field $n "$TMP/ipvs.stats") b=$(stat_field $n "$TMP/lvs.stats")
		if [ "$b" -ge $NCONNS ] && [ $((a - b)) -le 4 ] && [ $((b - a)) -le 4 ]; then
			ok "ip_vs_stats: packets ($n) as ip_vs's within 4: $a, $b"
		else
			not_ok "ip_vs_stats: packets ($n) as ip_vs's within 4" "ip_vs $a, lvs $b"
		fi
	done
fi

# ---- A listing of many buffers read in small pieces: nothing lost or repeated.
many=()
for ((p = 41000; p < 41300; p++)); do many+=(udp $VIP 53 $p); done
check_eq "300 more UDP requests answered" 300 "$(client "${many[@]}" | grep -c rs1)"
whole=$(dir_exec cat /proc/net/ip_vs_conn | awk '{ $9 = "-"; print }' | sort)
pieces=$(dir_exec dd if=/proc/net/ip_vs_conn bs=61 status=none | awk '{ $9 = "-"; print }' | sort)
check_eq "ip_vs_conn: 300 more entries" $((NCONNS + 1 + FWM + 300)) "$(($(wc -l <<<"$whole") - 1))"
check_eq "ip_vs_conn: no entry twice" "" "$(uniq -d <<<"$whole")"
check_eq "ip_vs_conn: read 61 bytes at a time, the same" "$whole" "$pieces"

# ---- Each namespace its own files.
ns_create other
check ns_exec other ipvsadm -A -t 203.0.113.99:80 -s rr
check_eq "another namespace lists only its service" "TCP  CB007163:0050 rr  " \
	"$(ns_exec other awk 'NR > 3' /proc/net/ip_vs)"
check_eq "another namespace has no connections" 1 "$(ns_exec other wc -l </proc/net/ip_vs_conn)"
check_eq "the director does not list it" "" "$(dir_exec grep CB007163 /proc/net/ip_vs)"
check_eq "the root namespace has its own, empty" 3 "$(wc -l </proc/net/ip_vs)"

# ---- The files go with lvs, and are not there with ipvs_compat=0.
ipvsadm_dir -C
ns_exec other ipvsadm -C
wait_until 10 unload_lvs || not_ok "rmmod lvs" "module busy"
check_eq "unloaded: no ip_vs files" "" "$(ls /proc/net/ip_vs* 2>/dev/null; dir_exec ls /proc/net/ip_vs* 2>/dev/null)"
load_lvs ipvs_compat=0
check_eq "ipvs_compat=0: no ip_vs files" "" \
	"$(ls /proc/net/ip_vs* 2>/dev/null; dir_exec ls /proc/net/ip_vs* 2>/dev/null)"
summary
