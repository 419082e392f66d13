#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian's keepalived, unmodified, drives lvs through the IPVS family: started in the director's
# namespace with a NAT virtual_server of two real servers (a TCP_CHECK and an HTTP_GET checker), it
# configures the service, the client's requests reach both servers, a killed server is removed within a
# few check intervals and put back when it answers again.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd keepalived
load_lvs
topo_nat || { not_ok "topology"; exit 1; }
work=$(mktemp -d)

# http_server NS ADDR NAME: a web server whose page is NAME; its pid in $http_pid.
http_server() {
	mkdir -p "$work/$3"
	echo "$3" >"$work/$3/index.html"
	ip netns exec "$1" python3 -m http.server 80 --bind "$2" --directory "$work/$3" >/dev/null 2>&1 &
	http_pid=$!
	_pids+=($http_pid)
	wait_until 30 _listening $http_pid tcp 80 || not_ok "web server $3" "not listening"
}
# get: one HTTP request from the client to the VIP, the page's body.
get() {
	ns_exec $NS_CLIENT timeout 10 bash -c 'exec 3<>"/dev/tcp/$0/80" &&
		printf "GET / HTTP/1.0\r\n\r\n" >&3 && exec cat <&3' $VIP 2>/dev/null | tail -n1
}
has_rs() { lvsadm -S -n | grep -q -- "-r $1:80 "; }
no_rs() { ! has_rs "$1"; }

http_server $NS_RS1 $RS1_IP rs1
rs1_pid=$http_pid
http_server $NS_RS2 $RS2_IP rs2

cat >"$work/keepalived.conf" <<CONF
global_defs {
	router_id lvs_selftest
}
virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server $RS1_IP 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
		}
	}
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
ip netns exec $NS_DIR keepalived -n -l -C -f "$work/keepalived.conf" -p "$work/k.pid" -c "$work/c.pid" \
	>"$work/keepalived.log" 2>&1 &
_pids+=($!)
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
http_server $NS_RS1 $RS1_IP rs1
if wait_until 20 has_rs $RS1_IP; then
	ok "it is put back when it answers again"
else
	not_ok "it is put back when it answers again" "$(lvsadm -S -n | tr '\n' ' ')"
fi
rm -rf "$work"
summary
