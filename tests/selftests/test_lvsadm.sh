#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lvsadm against the module: listing shows what was configured, -S | -R round trips, and every bad input
# gets its error message, a non-zero exit, and changes nothing.
. "$(dirname "$0")/lib.sh"
require_lvsadm
load_lvs
ns_create $NS_DIR

check lvsadm -A -t $VIP:80 -s wrr
check lvsadm -a -t $VIP:80 -r $RS1_IP:80 -m -w 1
check lvsadm -a -t $VIP:80 -r $RS2_IP:8000 -m -w 2
check lvsadm -A -u $VIP:53 -s rr
check lvsadm -a -u $VIP:53 -r $RS1_IP -m -w 5 -x 100 -y 50
check lvsadm -A -t "[$VIP6]:443"
check lvsadm -a -t "[$VIP6]:443" -r "[$RS1_IP6]:8443" -m
check lvsadm -A -f 7 -s rr -p 60 -M 255.255.255.0
check lvsadm -a -f 7 -r $RS2_IP -g

# ipvsadm's order (family, protocol, address, port) and its columns, trailing blanks included.
expect="TCP  $VIP:80 wrr
  -> $RS1_IP:80              Masq    1      0          0         
  -> $RS2_IP:8000            Masq    2      0          0         
UDP  $VIP:53 rr
  -> $RS1_IP:53              Masq    5      0          0         
TCP  [$VIP6]:443 wlc
  -> [$RS1_IP6]:8443         Masq    1      0          0         
FWM  7 rr persistent 60 mask 255.255.255.0
  -> $RS2_IP:0               Route   1      0          0         "
list=$(lvsadm -L -n)
echo "$list" | sed 's/^/# /'
check_eq "-L -n shows the configuration in ipvsadm's format" "$expect" "$(tail -n +4 <<<"$list")"
check_eq "-L -n header" "Prot LocalAddress:Port Scheduler Flags" "$(sed -n 2p <<<"$list")"

save=$(lvsadm -S -n)
echo "$save" | sed 's/^/# /'
check_eq "-S lists services and real servers" 9 "$(wc -l <<<"$save")"
check lvsadm -C
check_eq "-C empties the table" "" "$(lvsadm -S -n)"
ns_exec $NS_DIR "$LVSADM" -R <<<"$save"
check_eq "-S | -R gives identical output" "$save" "$(lvsadm -S -n)"

# -E and -e change what they say and nothing else.
check lvsadm -E -t $VIP:80 -s rr
check lvsadm -e -t $VIP:80 -r $RS2_IP:8000 -m -w 0
check_eq "-E changed the scheduler" "-A -t $VIP:80 -s rr" "$(lvsadm -S -n | grep -- "-A -t $VIP:80")"
check_eq "-e set weight 0" "-a -t $VIP:80 -r $RS2_IP:8000 -m -w 0" \
	"$(lvsadm -S -n | grep -- "-r $RS2_IP:8000")"
check lvsadm -d -t $VIP:80 -r $RS2_IP:8000
check lvsadm -D -u $VIP:53
check_eq "-d and -D removed them" 6 "$(lvsadm -S -n | wc -l)"
ns_exec $NS_DIR "$LVSADM" -C
ns_exec $NS_DIR "$LVSADM" -R <<<"$save"

# Bad input: "args|expected message". Each must fail, say so, and leave -S unchanged.
before=$(lvsadm -S -n)
check_rejected <<EOF2
-A -t 203.0.113.300:80|Illegal virtual server address
-A -t $VIP:0|Illegal virtual server address
-A -t $VIP|Illegal virtual server address
-A -t $VIP:80 -s wrr|Service already exists
-A -t $VIP:81 -s nosuch|Scheduler not found
-E -t $VIP:99 -s rr|No such service
-D -t $VIP:99|No such service
-a -t $VIP:80 -r $RS1_IP:80 -m|Destination already exists
-a -t $VIP:99 -r $RS1_IP:80 -m|No such service
-a -t $VIP:80 -r 198.51.100.400 -m|Illegal real server address
-a -t $VIP:80 -r $RS2_IP:80 -m -w 65536|Illegal weight
-a -t $VIP:80 -r $RS2_IP:80 -m -w -1|Illegal weight
-a -t $VIP:80 -r [$RS1_IP6]:80 -m|address families differ
-e -t $VIP:80 -r $RS2_IP:9 -m|No such destination
-d -t $VIP:80 -r $RS2_IP:9|No such destination
-A -t $VIP:82 -p 0|invalid timeout value
-A -t $VIP:82 -p 2592001|invalid timeout value
-A -t $VIP:82 -p x|invalid timeout value
-A -t $VIP:82 -p -M 255.0.255.0|persistent mask specified (not contiguous)
-A -t $VIP:82 -p -M 255.255.255.256|illegal virtual server persistent mask
-A -f 8 -6 -p -M 129|illegal ipv6 netmask
-A -t $VIP:82 -o|One-Packet Scheduling is only for UDP
-E -u $VIP:53 -s rr -o|cannot be used with NAT real servers
-A -f 0|invalid fwmark value
-A -f x|invalid fwmark value
-A -f 8 -t $VIP:82|multiple 'service-address' options
-A -t $VIP:82 -6|-6 used without -f
-A -f 7|Service already exists
-a -f 7 -r $RS2_IP -g|Destination already exists
-D -f 8|No such service
-D -f 7 -6|No such service
-A -t $VIP:82 --persistent-conn|Illegal 'persistent-conn' option
-L --timeout --persistent-conn|options conflicts
-a -t $VIP:80 -r $RS2_IP:80 --tun-type ipip|Tunnel options conflict with forward method
-a -t $VIP:80 -r $RS2_IP:80 -m --tun-type ipip|Tunnel options conflict with forward method
-a -t $VIP:80 -r $RS2_IP:80 -i --tun-type gue|gue' is not supported: lvs tunnels with ipip only
-a -t $VIP:80 -r $RS2_IP:80 -i --tun-type gre|gre' is not supported: lvs tunnels with ipip only
-a -t $VIP:80 -r $RS2_IP:80 -i --tun-type foo|illegal tunnel type
-a -t $VIP:80 -r $RS2_IP:80 -i --tun-type ipip --tun-port 6080|option --tun-port is for gue and gre
-a -t $VIP:80 -r $RS2_IP:80 -i --tun-nocsum|option --tun-nocsum is for gue and gre
-A -t $VIP:82 --tun-type ipip|Illegal 'tun-type' option
-L --tun-type ipip|Illegal 'tun-type' option
--set 1 2|3 timeout values
--set 1 2 99999999|invalid timeout value
-Q|invalid option
EOF2

# Unprivileged callers may neither change nor read, as with ipvsadm (test_userns.sh: nor the root of their
# own user namespace).
if id nobody >/dev/null 2>&1; then
	for args in "-A -t $VIP:83" "-L -n"; do
		# shellcheck disable=SC2086
		out=$(ns_exec $NS_DIR setpriv --reuid=nobody --regid=nogroup --clear-groups "$LVSADM" $args 2>&1)
		rc=$?
		[ $rc -ne 0 ] && grep -q "Permission denied (you must be root)" <<<"$out" &&
			ok "unprivileged $args gets EPERM" || not_ok "unprivileged $args gets EPERM" "exit $rc: $out"
	done
	check_eq "and changed nothing" "$before" "$(lvsadm -S -n)"
fi

# A restore with a bad line applies nothing of it (it is checked before anything is sent).
out=$(printf -- '-A -t %s:90\n-A -t 203.0.113.999:91\n' $VIP | ns_exec $NS_DIR "$LVSADM" -R 2>&1)
rc=$?
[ $rc -ne 0 ] && grep -q "line 2" <<<"$out" && [ "$(lvsadm -S -n)" = "$before" ] &&
	ok "-R with a bad line 2 names it and applies nothing" || not_ok "-R with a bad line" "exit $rc: $out"

# Atomic restore: the kernel refuses line 4 (the service exists), so lines 1-3, including a flush,
# a deletion and an edit, are rolled back: -S is byte-identical, scheduler order included.
before=$(lvsadm -S -n)
out=$(printf -- '-C\n-A -t %s:90 -s rr\n-a -t %s:90 -r %s:80 -m\n-A -t %s:90\n' $VIP $VIP $RS1_IP $VIP |
	ns_exec $NS_DIR "$LVSADM" -R 2>&1)
rc=$?
[ $rc -ne 0 ] && grep -q "line 4: Service already exists" <<<"$out" &&
	ok "-R refused at line 4 names it ($out)" || not_ok "-R refused at line 4" "exit $rc: $out"
check_eq "and nothing of the batch stayed applied" "$before" "$(lvsadm -S -n)"
out=$(printf -- '-d -t %s:80 -r %s:8000\n-e -t %s:80 -r %s:80 -m -w 7\n-E -t %s:80 -s rr\n-D -u %s:53\n--set 5 6 7\n-e -t %s:80 -r %s:1 -m\n' \
	$VIP $RS2_IP $VIP $RS1_IP $VIP $VIP $VIP $RS2_IP | ns_exec $NS_DIR "$LVSADM" -R 2>&1)
rc=$?
[ $rc -ne 0 ] && grep -q "line 6: No such destination" <<<"$out" && ok "-R refused at line 6 ($out)" ||
	not_ok "-R refused at line 6" "exit $rc: $out"
check_eq "edits, deletions and timeouts before it did not stay" "$before" "$(lvsadm -S -n)"
check_eq "timeouts unchanged" "Timeout (tcp tcpfin udp): 900 60 300" "$(lvsadm -L --timeout)"
# The same kind of batch without an error applies completely.
printf -- '-d -t %s:80 -r %s:8000\n-E -t %s:80 -s rr\n-D -u %s:53\n' $VIP $RS2_IP $VIP $VIP |
	ns_exec $NS_DIR "$LVSADM" -R
check_eq "a good batch applies" "-A -t $VIP:80 -s rr
-a -t $VIP:80 -r $RS1_IP:80 -m -w 1
-A -t [$VIP6]:443 -s wlc
-a -t [$VIP6]:443 -r [$RS1_IP6]:8443 -m -w 1
-A -f 7 -s rr -p 60 -M 255.255.255.0
-a -f 7 -r $RS2_IP:0 -g -w 1" "$(lvsadm -S -n)"

# A restore carries persistence, one-packet scheduling and fwmark services; an error rolls them back.
before=$(lvsadm -S -n)
out=$(printf -- '-A -f 9 -6 -s sh -p 20 -M 48\n-A -u %s:54 -o -p\n-E -f 7 -s wlc\n-A -f 7\n' $VIP |
	ns_exec $NS_DIR "$LVSADM" -R 2>&1)
rc=$?
[ $rc -ne 0 ] && grep -q "line 4: Service already exists" <<<"$out" && ok "-R with -f/-p/-o refused at line 4" ||
	not_ok "-R with -f/-p/-o refused at line 4" "exit $rc: $out"
check_eq "and rolled back" "$before" "$(lvsadm -S -n)"
printf -- '-A -f 9 -6 -s sh -p 20 -M 48\n-A -u %s:54 -o -p\n' $VIP | ns_exec $NS_DIR "$LVSADM" -R
check_eq "-R applies them" "-A -u $VIP:54 -s wlc -p 300 -o|-A -f 9 -6 -s sh -p 20 -M 48" \
	"$(lvsadm -S -n | grep -E -- "-A (-u $VIP:54|-f 9)" | tr '\n' '|' | sed 's/|$//')"

# -M without -p: accepted, as by ipvsadm; kept for when -E turns persistence on.
check lvsadm -A -t $VIP:84 -M 255.255.0.0
check_eq "-M without -p is kept but not shown" "-A -t $VIP:84 -s wlc" "$(lvsadm -S -n | grep -- "-A -t $VIP:84")"
check_eq "JSON shows it" "False 16 300" "$(lvsadm -L -j -t $VIP:84 | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)["services"][0]
print(s["persistent"], s["netmask"], s["timeout"])')"
check lvsadm -E -t $VIP:84 -p 30
check_eq "-E -p keeps that mask" "-A -t $VIP:84 -s wlc -p 30 -M 255.255.0.0" "$(lvsadm -S -n | grep -- "-A -t $VIP:84")"

# --tun-type ipip: what -i is; -S writes it as ipvsadm -S does, -R takes it back, --tun-info shows it.
check lvsadm -a -t $VIP:80 -r $RS2_IP -i --tun-type ipip -w 3
line="-a -t $VIP:80 -r $RS2_IP:80 -i -w 3 --tun-type ipip"
check_eq "-S writes --tun-type ipip after the weight" "$line" "$(lvsadm -S -n | grep -- "-r $RS2_IP:80 ")"
check lvsadm -d -t $VIP:80 -r $RS2_IP
ns_exec $NS_DIR "$LVSADM" -R <<<"$line"
check_eq "-R takes that line back" "$line" "$(lvsadm -S -n | grep -- "-r $RS2_IP:80 ")"
expect="  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn
TCP  $VIP:80 rr
  -> $RS1_IP:80              Masq    n/a           1      0          0         
  -> $RS2_IP:80              Tunnel  ipip          3      0          0         "
check_eq "-L --tun-info has ipvsadm's TunnelInfo column" "$expect" "$(lvsadm -L -n --tun-info -t $VIP:80 | grep -v -e '^IP Virtual' -e '^Prot')"
