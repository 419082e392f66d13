#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The harness itself: the VM sees the repo, namespaces and veths work, and topo_nat's routing works.
# Needs no lvs.
. "$(dirname "$0")/lib.sh"

check test -f "$LVS_TOP/tests/selftests/lib.sh"
check test -d "$LVS_VM_OUT"
check_eq "running as root" 0 "$(id -u)"

ns_create h-a
ns_create h-b
ip link add va netns h-a type veth peer name vb netns h-b
ip -n h-a addr add 192.0.2.10/24 dev va
ip -n h-b addr add 192.0.2.11/24 dev vb
ip -n h-a link set va up
ip -n h-b link set vb up
check ns_exec h-a ping -c1 -W2 192.0.2.11

topo_nat
check ns_exec $NS_CLIENT ping -c1 -W2 $DIR_CLIENT_IP
check ns_exec $NS_CLIENT ping -c1 -W2 $VIP
check ns_exec $NS_CLIENT ping -c1 -W2 $RS1_IP
check ns_exec $NS_RS2 ping -c1 -W2 $CLIENT_IP
check ns_exec $NS_CLIENT ping -6 -c1 -W2 $VIP6
check ns_exec $NS_CLIENT ping -6 -c1 -W2 $RS2_IP6

start_tcp_server $NS_RS1 $RS1_IP 80 rs1
start_udp_server $NS_RS2 $RS2_IP 8000 rs2
start_tcp_server $NS_RS2 $RS2_IP6 8000 rs2-v6
check_eq "tcp through the director (routed)" rs1 "$(tcp_request $NS_CLIENT $RS1_IP 80)"
check_eq "udp through the director (routed)" rs2 "$(udp_request $NS_CLIENT $RS2_IP 8000)"
check_eq "tcp over IPv6" rs2-v6 "$(tcp_request $NS_CLIENT $RS2_IP6 8000)"
