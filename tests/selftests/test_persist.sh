#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Persistence (-p, -M): a client network sticks to one real server under rr, which would otherwise
# alternate; templates show in -L -c and --persistent-conn as ipvsadm shows them, expire on their timer,
# follow a quiesced server, leave with a deleted one, count as connections, and go with the service.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd socat
load_lvs
topo_nat || { not_ok "topology"; exit 1; }

# Clients: A and B in 192.0.2.0/24, C in another /24 (203.0.113.66, routed back through the client);
# A6 and B6 in one IPv6 /64.
A=$CLIENT_IP B=192.0.2.10 C=203.0.113.66 A6=$CLIENT_IP6 B6=2001:db8:1::10
ip -n $NS_CLIENT -batch - <<EOF || { not_ok "client addresses"; exit 1; }
addr add $B/24 dev c0
addr add $C/32 dev c0
addr add $B6/64 dev c0 nodad
EOF
ip -n $NS_DIR route add $C/32 via $CLIENT_IP || { not_ok "route to C"; exit 1; }

for p in 80 8080; do
	start_tcp_server $NS_RS1 $RS1_IP $p rs1 || exit 1
	start_tcp_server $NS_RS2 $RS2_IP $p rs2 || exit 1
done
start_tcp_server $NS_RS1 $RS1_IP6 80 rs1 || exit 1
start_tcp_server $NS_RS2 $RS2_IP6 80 rs2 || exit 1
start_udp_server $NS_RS1 $RS1_IP 5353 rs1 || exit 1
start_udp_server $NS_RS2 $RS2_IP 5353 rs2 || exit 1

# requests N SRC VIP PORT [udp]: who answered each of N requests from SRC, each from a new socket bound
# to SRC, all in one process (a short template must outlive them; tools/requests.py); "-" for no answer.
requests() {
	local i
	for ((i = 0; i < $1; i++)); do echo "$2 0 $3 $4"; done |
		ns_exec $NS_CLIENT /usr/bin/python3 "$(dirname "$0")/tools/requests.py" ${5:+--$5}
}

# templates: "caddr:cport vaddr:vport daddr:dport proto expires_ms" per template, from the JSON dump.
templates() {
	lvsadm -L -c -j | /usr/bin/python3 -c '
import json, sys
for c in json.load(sys.stdin)["connections"]:
    if c["template"]:
        print("%s:%d %s:%d %s:%d %s %d" % (c["client_address"], c["client_port"], c["virtual_address"],
              c["virtual_port"], c["dest_address"], c["dest_port"], c["protocol"], c["expires_ms"]))'
}

other() { [ "$1" = rs1 ] && echo rs2 || echo rs1; }

# ---- Templates count against max_conns: with room for one entry (first, while the table is empty), a new
# client's template takes it and its connection is refused (conn_limit).
info() { # KEY: conns, or drops.KEY, from -L -j
	lvsadm -L -j | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
print(j["conns"] if sys.argv[1] == "conns" else j["drops"][sys.argv[1]])' "$1"
}
check lvsadm -A -u $VIP:5354 -s rr -p
check lvsadm -a -u $VIP:5354 -r $RS1_IP -m
old_max=$(lvsadm --show-config | sed -n 's/^max_conns=//p')
n=$(info conns) limited=$(info conn_limit)
check lvsadm --set-config max_conns=$((n + 1))
requests 1 $A $VIP 5354 udp >/dev/null
check lvsadm --set-config max_conns="$old_max"
check_eq "max_conns: the template got the last entry, the connection was refused" \
	"$((n + 1)) $((limited + 1)) 1" "$(info conns) $(info conn_limit) $(templates | grep -c " $VIP:5354 ")"
check lvsadm -D -u $VIP:5354
check_eq "and the template went with its service" 0 "$(info conns)"

# expires_in LABEL TIMEOUT_MS T0 MS: a template last used after T0 (ms since the epoch) expires in MS ms, at
# most its timeout and at least the timeout less the time since T0 (however slow the guest is).
expires_in() {
	local since=$(($(date +%s%3N) - $3))
	[ "${4:-0}" -le "$2" ] && [ "${4:-0}" -ge $(($2 - since - 1000)) ] && ok "$1 ($4 ms, $since ms since)" ||
		not_ok "$1" "${4:-none} ms, $since ms since"
}

# ---- /32 (the default): one client, one server; another client of the same /24 gets the next one.
check lvsadm -A -t $VIP:80 -s rr -p
check lvsadm -a -t $VIP:80 -r $RS1_IP:80 -m
check lvsadm -a -t $VIP:80 -r $RS2_IP:80 -m
t0=$(date +%s%3N)
got=$(requests 6 $A $VIP 80)
first=${got%% *}
check_eq "persistent rr: six connections from A all reach one server" "$(printf "$first %.0s" 1 2 3 4 5 6)" "$got"
got=$(requests 3 $B $VIP 80)
check_eq "B, another /32, gets the other server, and keeps it" \
	"$(printf "$(other $first) %.0s" 1 2 3)" "$got"

tmpl=$(templates)
echo "$tmpl" | sed 's/^/# /'
a_server=$([ "$first" = rs1 ] && echo $RS1_IP || echo $RS2_IP)
check_eq "A's template: client network, port 0, VIP:port, its server" "$A:0 $VIP:80 $a_server:80 tcp" \
	"$(grep "^$A:0 " <<<"$tmpl" | cut -d' ' -f1-4)"
expires_in "template expires in the default 300 s" 300000 $t0 "$(grep "^$A:0 " <<<"$tmpl" | cut -d' ' -f5)"
line=$(lvsadm -L -c -n | grep "NONE .*$A:0 ")
echo "# $line"
[[ $line =~ ^TCP\ 0[45]:[0-9][0-9]\ \ NONE\ +$A:0\ +$VIP:80\ +$a_server:80$ ]] &&
	ok "-L -c shows the template as ipvsadm does" || not_ok "-L -c shows the template as ipvsadm does" "$line"

pc=$(lvsadm -L -n --persistent-conn)
echo "$pc" | sed 's/^/# /'
check_eq "--persistent-conn header as ipvsadm's" \
	"Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn " "$(sed -n 2p <<<"$pc")"
check_eq "--persistent-conn: one template per server" "1 1" \
	"$(awk '$1 == "->" && $2 ~ /:80$/ {printf "%s%s", s, $4; s=" "}' <<<"$pc")"
check_eq "-L shows persistence" "TCP  $VIP:80 rr persistent 300" "$(lvsadm -L -n | grep "^TCP  $VIP:80")"
check_eq "-S shows persistence" "-A -t $VIP:80 -s rr -p 300" "$(lvsadm -S -n | grep -- "-A -t $VIP:80")"

# ---- Templates are connection entries for --del-conn: B's, named by its whole key (client network, port
# 0), is deleted alone and B is scheduled afresh; a filter without a port matches B's template and
# connections alike.
check_eq "--del-conn of B's template by its key" "1 connection deleted" \
	"$(lvsadm --del-conn -t $VIP:80 --client $B:0)"
check_eq "B's template is gone, A's stays" "$A:0" "$(templates | cut -d' ' -f1 | grep -E "^($A|$B):0$" | tr '\n' ' ' | sed 's/ $//')"
check_eq "and B gets a new template" "1" "$(requests 1 $B $VIP 80 >/dev/null; templates | grep -c "^$B:0 ")"
n_b=$(lvsadm -L -c -n | grep -c " $B:")
out=$(lvsadm --del-conn -t $VIP:80 --client $B -j)
check_eq "--client without a port deletes B's connections and its template" "{\"deleted\":$n_b} 0" \
	"$out $(templates | grep -c "^$B:0 ")"

# ---- A restore that fails is undone whole: a server it deleted comes back with its templates (undoing the
# batch's additions must not retire them). The last line adds a server the batch already added: EEXIST.
a_rs=$([ "$first" = rs1 ] && echo $RS1_IP:80 || echo $RS2_IP:80)
E=198.51.100.99:80
out=$(lvsadm -R 2>&1 <<-END
	-d -t $VIP:80 -r $a_rs
	-a -t $VIP:80 -r $E -m
	-a -t $VIP:80 -r $E -m
	END
)
rc=$?
check_eq "-R with a refused line fails" "failed" "$([ $rc != 0 ] && echo failed || echo "exit 0")"
echo "# $out"
check_eq "and is undone: A's server is back, E is not" "1 0" \
	"$(lvsadm -L -n | grep -c -- "-> $a_rs ") $(lvsadm -L -n | grep -c -- "-> $E ")"
check_eq "and A's template is still listed" "1" "$(lvsadm -L -c -n | grep -c "NONE .*$A:0 .*$a_rs")"

# ---- A quiesced server keeps its templates (IPVS's default); a deleted one loses them.
check lvsadm -e -t $VIP:80 -r $a_rs -m -w 0
check_eq "A still reaches its quiesced server" "$first $first " "$(requests 2 $A $VIP 80)"
check lvsadm -d -t $VIP:80 -r $a_rs
check_eq "A's server deleted: its template is gone" "" "$(templates | grep "^$A:0 ")"
check_eq "and A is scheduled afresh, to the remaining server, and stays there" \
	"$(other $first) $(other $first) " "$(requests 2 $A $VIP 80)"

# ---- Deleting the service takes its templates with it, connections or not.
check lvsadm -D -t $VIP:80
check_eq "-D: no template left" "" "$(templates)"

# ---- -M 255.255.255.0: A and B share a template, C (another /24) gets the other server.
check lvsadm -A -t $VIP:8080 -s rr -p 600 -M 255.255.255.0
check lvsadm -a -t $VIP:8080 -r $RS1_IP:8080 -m
check lvsadm -a -t $VIP:8080 -r $RS2_IP:8080 -m
t0=$(date +%s%3N)
got=$(requests 2 $A $VIP 8080)
first=${got%% *}
check_eq "/24: A sticks" "$first $first " "$got"
check_eq "/24: B, same /24, follows A" "$first $first " "$(requests 2 $B $VIP 8080)"
check_eq "/24: C, another /24, gets the other server" "$(other $first) $(other $first) " \
	"$(requests 2 $C $VIP 8080)"
check_eq "/24: two templates, keyed by network" "192.0.2.0:0 203.0.113.0:0" \
	"$(templates | grep ":8080 " | cut -d' ' -f1 | sort | tr '\n' ' ' | sed 's/ $//')"
expires_in "template expires in -p's 600 s" 600000 $t0 "$(templates | awk '$1 == "192.0.2.0:0" {print $5}')"
check_eq "-S shows -p and -M" "-A -t $VIP:8080 -s rr -p 600 -M 255.255.255.0" \
	"$(lvsadm -S -n | grep -- "-A -t $VIP:8080")"

# ---- IPv6 with -M 64: A6 and B6 share a /64.
check lvsadm -A -t "[$VIP6]:80" -s rr -p 60 -M 64
check lvsadm -a -t "[$VIP6]:80" -r "[$RS1_IP6]:80" -m
check lvsadm -a -t "[$VIP6]:80" -r "[$RS2_IP6]:80" -m
got="$(requests 2 $A6 $VIP6 80)$(requests 2 $B6 $VIP6 80)"
first=${got%% *}
check_eq "IPv6 /64: A6 and B6 on one server" "$first $first $first $first " "$got"
check_eq "IPv6 template keyed by the /64" "[2001:db8:1::]:0" \
	"$(lvsadm -L -c -n | awk '$3 == "NONE" && $5 == "['$VIP6']:80" {print $4}')"
check_eq "-L shows the IPv6 mask" "TCP  [$VIP6]:80 rr persistent 60 mask 64" \
	"$(lvsadm -L -n | grep "^TCP  \[$VIP6\]:80")"

# ---- Expiry: UDP, -p 2 and 1 s UDP connections. A template lives while its connections do, then its
# own timeout; the next datagram is scheduled afresh (rr moves on).
check lvsadm --set 0 0 1
check lvsadm -A -u $VIP:5353 -s rr -p 2
check lvsadm -a -u $VIP:5353 -r $RS1_IP -m
check lvsadm -a -u $VIP:5353 -r $RS2_IP -m
got=$(requests 2 $A $VIP 5353 udp)
first=${got%% *}
check_eq "UDP: A sticks within the timeout" "$first $first " "$got"
no_template() { ! templates | grep -q " $VIP:5353 "; }
if wait_until 20 no_template; then ok "the template expires on its own"; else not_ok "the template expires on its own"; fi
check_eq "the next datagram is scheduled afresh: the other server" "$(other $first) " "$(requests 1 $A $VIP 5353 udp)"
check lvsadm --set 0 0 300

# ---- The same configuration through ip_vs saves the same lines (ipvsadm -S round trip).
save=$(lvsadm -S -n)
echo "$save" | sed 's/^/# /'
check lvsadm -C
check_eq "-C: templates and connections of deleted services are no longer listed as templates" "" "$(templates)"
check_eq "-S | -R round trip" "$save" "$(lvsadm -C && ns_exec $NS_DIR "$LVSADM" -R <<<"$save" && lvsadm -S -n)"
check lvsadm -C
if ipvs_same_save "$save"; then
	modprobe -r ip_vs_rr ip_vs 2>/dev/null
else
	skip "ipvsadm -S of the same configuration is identical" "$ipvs_why"
fi
