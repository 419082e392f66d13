// SPDX-License-Identifier: GPL-2.0
/* Placeholder until written: see ipvs_nl.h. */
#include "ipvs_nl.h"

int lvs_ipvs_proc_init(void)
{
	return 0;
}

void lvs_ipvs_proc_exit(void)
{
}
