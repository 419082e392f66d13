// SPDX-License-Identifier: GPL-2.0
/*
 * lvsadm - administer the lvs layer-4 load balancer: parse the command
 * line (cmdline.c), then dispatch.
 */
#include <stdio.h>

#include "lvsadm.h"

static void usage(void)
{
	printf("lvsadm v%u.%u.%u\n"
	       "Usage:\n"
	       "  lvsadm -A|E virtual-service [-s scheduler] [-b sched-flags] [-p [timeout]] [-M netmask] [-o]\n"
	       "  lvsadm -D virtual-service\n"
	       "  lvsadm -C\n"
	       "  lvsadm -R\n"
	       "  lvsadm -S [-n]\n"
	       "  lvsadm -a|e virtual-service -r server-address [options]\n"
	       "  lvsadm -d virtual-service -r server-address\n"
	       "  lvsadm -L|l [virtual-service] [options]\n"
	       "  lvsadm -Z [virtual-service]\n"
	       "  lvsadm --set tcp tcpfin udp\n"
	       "  lvsadm --set-timeout state=seconds[,state=seconds...]\n"
	       "  lvsadm --set-config key=value[,key=value...]\n"
	       "  lvsadm --show-config [-j]\n"
	       "  lvsadm -L -c [-t|u service-address] [-r server-address] [--state state] [--client address]\n"
	       "  lvsadm --del-conn [-t|u service-address] [-r server-address] [--state state] [--client address] | --all\n"
	       "  lvsadm --monitor [filters as -L -c] [--count n] [-j]\n"
	       "  lvsadm -h\n\n"
	       "virtual-service: -t|u service-address, or -f fwmark [-6]\n\n"
	       "Commands:\n"
	       "Either long or short options are allowed.\n"
	       "  --add-service     -A        add virtual service with options\n"
	       "  --edit-service    -E        edit virtual service with options\n"
	       "  --delete-service  -D        delete virtual service\n"
	       "  --clear           -C        clear the whole table\n"
	       "  --restore         -R        restore rules from stdin\n"
	       "  --save            -S        save rules to stdout\n"
	       "  --add-server      -a        add real server with options\n"
	       "  --edit-server     -e        edit real server with options\n"
	       "  --delete-server   -d        delete real server\n"
	       "  --list            -L|-l     list the table\n"
	       "  --zero            -Z        zero counters in a service or all services\n"
	       "  --set tcp tcpfin udp        set connection timeout values (0 = unchanged)\n"
	       "  --set-timeout list          set the timeouts of states: established=900,time_wait=60\n"
	       "  --set-config list           set this namespace's max_conns (0 = no limit),\n"
	       "                              fast_path (0 or 1), mh_table_size (a prime)\n"
	       "  --show-config               show them, as --set-config takes them\n"
	       "  --del-conn                  delete the connections matching the filters\n"
	       "  --monitor                   print connection events until interrupted\n"
	       "  --help            -h        display this help message\n"
	       "  --version         -v        display the version\n\n"
	       "Options:\n"
	       "  --tcp-service  -t service-address   service-address is addr:port or [addr6]:port\n"
	       "  --udp-service  -u service-address   service-address is addr:port or [addr6]:port\n"
	       "  --fwmark-service -f fwmark          fwmark is an integer greater than zero\n"
	       "  --ipv6         -6                   fwmark entry uses IPv6\n"
	       "  --persistent   -p [timeout]         persistent service (default timeout 300 s)\n"
	       "  --netmask      -M netmask           persistent granularity mask (IPv4 a.b.c.d, IPv6 prefix length)\n"
	       "  --ops          -o                   one-packet scheduling (UDP)\n"
	       "  --scheduler    -s scheduler         the default scheduler is the kernel's (wlc).\n"
	       "  --real-server  -r server-address    server-address is addr[:port] or [addr6]:port\n"
	       "  --gatewaying   -g                   gatewaying (direct routing) (default)\n"
	       "  --ipip         -i                   ipip encapsulation (tunneling)\n"
	       "  --tun-type     type                 with -i: ipip, the only type lvs has\n"
	       "  --masquerading -m                   masquerading (NAT)\n"
	       "  --weight       -w weight            capacity of real server (0..65535, default 1)\n"
	       "  --u-threshold  -x uthreshold        upper threshold of connections\n"
	       "  --l-threshold  -y lthreshold        lower threshold of connections\n"
	       "  --connection   -c                   output of current connections\n"
	       "  --timeout                           output of timeout (tcp tcpfin udp)\n"
	       "  --stats                             output of statistics information\n"
	       "  --rate                              output of rate information\n"
	       "  --exact                             expand numbers (display exact values)\n"
	       "  --thresholds                        output of thresholds information\n"
	       "  --persistent-conn                   output of persistent connection info\n"
	       "  --tun-info                          output of tunnel information\n"
	       "  --nosort                            disable sorting output of service/server entries\n"
	       "  --sort                              does nothing, for backwards compatibility\n"
	       "  --numeric      -n                   numeric output (lvsadm is always numeric)\n"
	       "  --json         -j                   JSON output of listings\n"
	       "  --state        state                with -c, --del-conn, --monitor: only that state\n"
	       "  --client       address[:port]       with -c, --del-conn, --monitor: only that client\n"
	       "  --count        n                    --monitor stops after n events\n"
	       "  --all                               --del-conn deletes every connection\n"
	       "  --sched-flags  -b flags             scheduler flags (comma-separated): sh-fallback,\n"
	       "                                      sh-port (sh), mh-fallback, mh-port (mh)\n",
	       LVS_VERSION_ARGS);
}

int main(int argc, char **argv)
{
	struct lvs_cmd_req req;
	char err[256];

	if (parse_cmd(argc, argv, &req, err, sizeof(err))) {
		fprintf(stderr, "lvsadm: %s\n"
			"Try `lvsadm -h' or 'lvsadm --help' for more information.\n",
			err);
		return EXIT_USAGE;
	}

	switch (req.op) {
	case OP_HELP:
		usage();
		return 0;
	case OP_VERSION:
		printf("lvsadm v%u.%u.%u (genl family " LVS_GENL_NAME
		       " version %d)\n", LVS_VERSION_ARGS, LVS_GENL_VERSION);
		return 0;
	case OP_LIST:
	case OP_SAVE:
		return show_list(&req);
	case OP_RESTORE:
		return restore_run();
	case OP_DEL_CONN:
		return del_conns(&req);
	case OP_MONITOR:
		return monitor(&req);
	case OP_SHOW_CONFIG:
		return show_config(&req);
	default:
		return apply_cmd(&req, 0);
	}
}
