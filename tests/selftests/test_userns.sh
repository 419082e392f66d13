#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Who may use lvs: CAP_NET_ADMIN in the initial user namespace, as for IPVS's netlink family. An
# unprivileged user who makes its own user and network namespaces (unshare -Urn) is root there and may
# configure that network, but every lvs command, reads included, gets EPERM and changes nothing. Init's
# root may still configure lvs in that network namespace: the privilege is the caller's, not the
# namespace's. The one thing the namespace's root may do is join its own namespace's conn_events group.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd setpriv unshare nsenter
id nobody >/dev/null 2>&1 || skip_all "no user nobody"
load_lvs

NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
out=$("${NOBODY[@]}" unshare -Urn true 2>&1) ||
	skip_all "an unprivileged user cannot create a user namespace here: $out"

# nobody's own user and network namespace, held open by this process (setpriv and unshare exec it, so
# $! is the process the exit trap kills).
"${NOBODY[@]}" unshare -Urn sleep 3600 &
holder=$!
_pids+=("$holder")
own_netns() { [ "$(readlink /proc/$holder/ns/net)" != "$(readlink /proc/self/ns/net)" ]; }
wait_until 10 own_netns || { not_ok "nobody's namespaces"; exit 1; }
# uid 0 of nobody's user namespace, with every capability there, in its network namespace.
USERNS_ROOT=("${NOBODY[@]}" nsenter -t "$holder" -U -n --preserve-credentials)
userns_root() { "${USERNS_ROOT[@]}" "$@"; }
# Init's root in nobody's network namespace.
init_root() { nsenter -t $holder -n "$@"; }

check userns_root ip link set lo up
init_root "$LVSADM" -R <<EOF
-A -t $VIP:80 -s rr
-a -t $VIP:80 -r $RS1_IP:80 -m
EOF
check_eq "init's root configures lvs in nobody's network namespace" 2 "$(init_root "$LVSADM" -S -n | wc -l)"
state() { init_root "$LVSADM" -S -n; init_root "$LVSADM" -L --timeout; init_root "$LVSADM" --show-config; }
before=$(state)
echo "$before" | sed 's/^/# /'

# Every command, each "args[|stdin]", as the user namespace's root: EPERM and lvsadm's message for it.
while IFS='|' read -r args input; do
	# shellcheck disable=SC2086
	out=$(userns_root "$LVSADM" $args <<<"$input" 2>&1)
	rc=$?
	[ $rc = 1 ] && grep -q "Permission denied (you must be root)" <<<"$out" &&
		ok "userns root: lvsadm $args gets EPERM" ||
		not_ok "userns root: lvsadm $args gets EPERM" "exit $rc: $out"
done <<EOF
-A -t $VIP:81
-E -t $VIP:80 -s wlc
-D -t $VIP:80
-a -t $VIP:80 -r $RS2_IP:80 -m
-e -t $VIP:80 -r $RS1_IP:80 -m -w 5
-d -t $VIP:80 -r $RS1_IP:80
-C
-Z
--set 10 20 30
--set-timeout syn_recv=30
--set-config max_conns=10
--del-conn --all
-R|-A -t $VIP:82
-L -n
-L -c -n
-S -n
-L --timeout
--show-config
EOF
check_eq "and nothing changed in nobody's network namespace" "$before" "$(state)"
check_eq "nor in init's" "" "$("$LVSADM" -S -n)"

# Events are per network namespace; its root may already capture all its traffic. 6.1's multicast
# groups have no init-namespace-only flag (GENL_MCAST_CAP_NET_ADMIN is checked against its owner).
mon=$(mktemp /tmp/lvs-userns.XXXXXX)
"${USERNS_ROOT[@]}" "$LVSADM" --monitor >"$mon" 2>&1 &
_pids+=($!)
monitoring() { [ -s "$mon" ] && ! grep -q "lvsadm:" "$mon"; }
wait_until 10 monitoring && ok "userns root joins its own namespace's conn_events" ||
	not_ok "userns root joins its own namespace's conn_events" "$(cat "$mon")"
rm -f "$mon"
