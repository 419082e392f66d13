#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IPVS schedulers sed, nq, fo, ovf, dh and sh: each assigns the same connections to the same real
# servers in the same order as the in-kernel ip_vs given the same configuration, and never picks a
# quiesced (weight 0) server. twos is random: it only has to spread and skip the quiesced server.
# mh, lblc, lblcr and the scheduler flags are in test_sched_hash.sh.
. "$(dirname "$0")/lib.sh"
require_lvsadm
require_cmd socat
load_lvs
topo_nat || { not_ok "topology"; exit 1; }
. "$(dirname "$0")/sched_lib.sh"

SCHEDS="sed nq fo ovf dh sh"
lvs_sequences $SCHEDS

# Sequences that do not depend on IPVS being there, so a broken scheduler fails even without it.
# Weights a=1 b=2 c=3, newest first in the list: q c b a.
check_eq "fo sends everything to the heaviest server" "$(printf 'c %.0s' $(seq 16))" "${lvs_seq[fo]}"
check_eq "ovf fills c to 3 active, then b to 2, then a to 1, then refuses" "c c c c b b b a a - " "${lvs_seq[ovf]}"
check_eq "sed: least (active + 1) / weight, first on ties" "c b c c b a c b c c b a c b c c " "${lvs_seq[sed]}"
check_eq "nq takes the idle servers first, then as sed" "c b a c c b c b c c b a c b c c " "${lvs_seq[nq]}"
spreads "${lvs_seq[dh]}" && ok "dh spreads VIPs over servers" || not_ok "dh spreads VIPs over servers" "${lvs_seq[dh]}"
spreads "${lvs_seq[sh]}" && ok "sh spreads sources over servers" ||
	not_ok "sh spreads sources over servers" "${lvs_seq[sh]}"
check_eq "sh sends a source back to the same server" "$(cut -d' ' -f1-4 <<<"${lvs_seq[sh]}")" \
	"$(cut -d' ' -f9-12 <<<"${lvs_seq[sh]}")"


# twos: random, so only its invariants.
lvsadm -C
configure lvsadm twos $VIP
got=$(held_requests $VIP 12)
echo "# lvs twos: $got"
if [ "$(grep -o '[abc] ' <<<"$got" | wc -l)" -eq 12 ]; then
	ok "twos answers every connection, never from the quiesced server"
else
	not_ok "twos answers every connection, never from the quiesced server" "$got"
fi
lvsadm -C

ipvs_sequences $SCHEDS
ipvs_unload
