#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian's keepalived, unmodified, drives lvs through the IPVS family: started in the director's
# namespace with a NAT virtual_server of two real servers (a TCP_CHECK and an HTTP_GET checker), it
# configures the service, the client's requests reach both servers, a killed server is removed within a
# few check intervals and put back when it answers again. Then a DR virtual_server behind a fwmark that
# keepalived sets itself with nftables (nftables_ipvs and a virtual_server_group): the mark rule and
# the fwmark service are in place and the requests reach both servers directly.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd keepalived
load_lvs
topo_dr || { not_ok "topology"; exit 1; }
work=$(mktemp -d)

# http_server NS NAME: a web server whose page is NAME; its pid in $http_pid.
http_server() {
	mkdir -p "$work/$2"
	echo "$2" >"$work/$2/index.html"
	# All addresses: the real server's for NAT, the VIP on its lo for DR.
	ip netns exec "$1" python3 -m http.server 80 --directory "$work/$2" >/dev/null 2>&1 &
	http_pid=$!
	_pids+=("$http_pid")
	wait_until 30 _listening $http_pid tcp 80 || not_ok "web server $2" "not listening"
}
# get: one HTTP request from the client to the VIP, the page's body.
get() {
	ns_exec $NS_CLIENT timeout 10 bash -c 'exec 3<>"/dev/tcp/$0/80" &&
		printf "GET / HTTP/1.0\r\n\r\n" >&3 && exec cat <&3' $VIP 2>/dev/null | tail -n1
}
has_rs() { lvsadm -S -n | grep -q -- "-r $1:80 "; }
no_rs() { ! has_rs "$1"; }

http_server $NS_RS1 rs1
rs1_pid=$http_pid
http_server $NS_RS2 rs2

# tcp_checked IP: a real server of port 80 that keepalived checks by connecting to it.
tcp_checked() {
	printf '\treal_server %s 80 {\n\t\tweight 1\n\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n\t\t}\n\t}\n' "$1"
}
cat >"$work/keepalived.conf" <<CONF
global_defs {
	router_id lvs_selftest
}
virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
$(tcp_checked $RS1_IP)
	real_server $RS2_IP 80 {
		weight 1
		HTTP_GET {
			url {
				path /
				status_code 200
			}
			connect_timeout 1
		}
	}
}
CONF
# start_keepalived: in the director's namespace, in the foreground, its pid in $ka_pid.
start_keepalived() {
	ip netns exec $NS_DIR keepalived -n -l -C -f "$work/keepalived.conf" -p "$work/k.pid" \
		-c "$work/c.pid" >"$work/keepalived.log" 2>&1 &
	ka_pid=$!
	_pids+=("$ka_pid")
}
start_keepalived
if wait_until 30 has_rs $RS2_IP && wait_until 10 has_rs $RS1_IP; then
	ok "keepalived configured the service and both real servers on lvs"
else
	not_ok "keepalived configured the service and both real servers on lvs" "$(lvsadm -S -n | tr '\n' ' ')"
	sed 's/^/# /' "$work/keepalived.log" | tail -n 20
fi
check_eq "lvsadm shows keepalived's service" "-A -t $VIP:80 -s rr" "$(lvsadm -S -n | head -n1)"
pages=$(for i in 1 2 3 4; do get; done | sort | uniq -c | awk '{ print $2 "=" $1 }' | tr '\n' ' ')
check_eq "the client's four requests: two to each real server" "rs1=2 rs2=2 " "$pages"

kill "$rs1_pid"
if wait_until 20 no_rs $RS1_IP; then
	ok "a killed real server (TCP_CHECK) is removed"
else
	not_ok "a killed real server (TCP_CHECK) is removed" "$(lvsadm -S -n | tr '\n' ' ')"
fi
check_eq "requests go to the other one" "rs2 rs2" "$(get) $(get)"
http_server $NS_RS1 rs1
if wait_until 20 has_rs $RS1_IP; then
	ok "it is put back when it answers again"
else
	not_ok "it is put back when it answers again" "$(lvsadm -S -n | tr '\n' ' ')"
fi

# ---- lb_kind DR on a fwmark keepalived sets with nftables.
kill "$ka_pid"
no_service() { [ -z "$(lvsadm -S -n)" ]; }
wait_until 20 no_service || not_ok "keepalived removed its service on exit" "$(lvsadm -S -n | tr '\n' ' ')"
# keepalived's rules need nftables' inet family, which the debug kernel (tinyconfig) is built without.
if ! ip netns exec $NS_DIR nft add table inet lvs_probe 2>/dev/null ||
	! ip netns exec $NS_DIR nft delete table inet lvs_probe; then
	skip "DR behind keepalived's nftables fwmark" "the kernel has no nftables inet family"
	rm -rf "$work"
	summary
	exit
fi
cat >"$work/keepalived.conf" <<CONF
global_defs {
	router_id lvs_selftest
	nftables_ipvs lvs_selftest
}
virtual_server_group web {
	$VIP 80
}
virtual_server group web {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	protocol TCP
$(tcp_checked $RS1_IP)
$(tcp_checked $RS2_IP)
}
CONF
start_keepalived
# (keepalived gives DR real servers the service's port, as ipvsadm does: a fwmark service's is 0.)
has_dr_rs() { lvsadm -S -n | grep -q -- "-r $1:0 -g"; }
if wait_until 30 has_dr_rs $RS1_IP && wait_until 10 has_dr_rs $RS2_IP; then
	ok "keepalived configured a fwmark service of two DR real servers on lvs"
else
	not_ok "keepalived configured a fwmark service of two DR real servers on lvs" \
		"$(lvsadm -S -n | tr '\n' ' ')"
	sed 's/^/# /' "$work/keepalived.log" | tail -n 20
fi
mark=$(lvsadm -S -n | sed -n 's/^-A -f \([0-9]*\) .*/\1/p')
check_eq "the service is keepalived's first fwmark" 1000 "$mark"
rules=$(ip netns exec $NS_DIR nft list ruleset 2>&1)
if grep -q "meta mark set ip daddr . tcp dport map" <<<"$rules" &&
	grep -q "$VIP . 80 : 0x0*3e8" <<<"$rules"; then
	ok "keepalived's nftables rules mark the VIP's port with it"
else
	not_ok "keepalived's nftables rules mark the VIP's port with it" "ruleset below"
	sed 's/^/# /' <<<"$rules"
fi
pages=$(for i in 1 2 3 4; do get; done | sort | uniq -c | awk '{ print $2 "=" $1 }' | tr '\n' ' ')
check_eq "DR: the client's four requests, two to each real server" "rs1=2 rs2=2 " "$pages"
check_eq "DR: the replies did not cross the director (no packets out)" 0 \
	"$(lvsadm -L -n --stats | awk '$1 == "FWM" { print $5 }')"
rm -rf "$work"
summary
