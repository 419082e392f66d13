// SPDX-License-Identifier: GPL-2.0
/*
 * lvs_kunit.ko: the module's code (every object of kernel/Kbuild but
 * main.o, compiled a second time) plus KUnit suites that call it. KUnit
 * runs a module's suites when it loads, before module_init, so the
 * module-wide setup that main.c does is done by each suite's suite_init.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "lvs_kunit.h"

static DEFINE_MUTEX(lvs_kunit_env_lock);
static bool lvs_kunit_env_ready;

int lvs_kunit_env_init(struct kunit_suite *suite)
{
	int ret = 0;

	mutex_lock(&lvs_kunit_env_lock);
	if (!lvs_kunit_env_ready) {
		ret = lvs_conn_cache_init();
		if (!ret)
			ret = lvs_sched_init();
		if (!ret)
			lvs_kunit_env_ready = true;
	}
	mutex_unlock(&lvs_kunit_env_lock);
	return ret;
}

struct lvs_net *lvs_kunit_net_new(struct kunit *test)
{
	struct lvs_net *ln = kvzalloc(sizeof(*ln), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, ln);
	mutex_init(&ln->config_mutex);
	/*
	 * An hour more than the defaults: nothing expires while a test
	 * looks at it, even in a slow guest, and the states keep their
	 * order. Tests that want expiry set their own.
	 */
	lvs_timeouts_default(ln->timeouts);
	for (i = 0; i < ARRAY_SIZE(ln->timeouts); i++)
		ln->timeouts[i] += 3600 * HZ;
	ln->mh_table_size = lvs_mh_table_size;
	if (lvs_conn_init(ln)) {
		kvfree(ln);
		KUNIT_ASSERT_FAILURE(test, "lvs_conn_init failed");
	}
	return ln;
}

void lvs_kunit_net_free(struct lvs_net *ln)
{
	if (!ln)
		return;
	lvs_conn_exit(ln);
	mutex_lock(&ln->config_mutex);
	lvs_service_flush(ln);
	lvs_service_table_free(ln);
	mutex_unlock(&ln->config_mutex);
	/* Connections free real servers, which free their service. */
	rcu_barrier();
	rcu_barrier();
	mutex_destroy(&ln->config_mutex);
	kvfree(ln);
}

struct lvs_service *lvs_kunit_service(struct kunit *test, struct lvs_net *ln,
				      u8 af, u8 proto, const char *sched)
{
	struct lvs_service_cfg cfg = {
		.af = af,
		.proto = proto,
		.port = htons(80),
		.sched_name = sched,
	};
	struct lvs_service *svc;

	if (af == AF_INET6)
		cfg.addr.in6 = (struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb8,
						     [15] = 0x80 } } };
	else
		cfg.addr.ip = htonl(0x0a000080);	/* 10.0.0.128 */
	mutex_lock(&ln->config_mutex);
	svc = lvs_service_add(ln, &cfg, NULL);
	mutex_unlock(&ln->config_mutex);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, svc);
	return svc;
}

int lvs_kunit_svc_edit(struct lvs_service *svc, const char *sched,
		       u32 flags)
{
	struct lvs_service_cfg cfg = { .sched_name = sched, .flags = flags };
	int ret;

	mutex_lock(&svc->ln->config_mutex);
	ret = lvs_service_edit(svc, &cfg, NULL);
	mutex_unlock(&svc->ln->config_mutex);
	return ret;
}

struct lvs_dest *lvs_kunit_dest(struct kunit *test, struct lvs_service *svc,
				unsigned int n, u8 fwd, u32 weight)
{
	struct lvs_dest_cfg cfg = {
		.af = svc->af,
		.port = htons(8080),
		.fwd = fwd,
		.weight = weight,
	};
	struct lvs_dest *dest;

	if (svc->af == AF_INET6) {
		cfg.addr.in6 = (struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb8,
						     0, 1 } } };
		cfg.addr.ip6[3] = htonl(n);
	} else {
		cfg.addr.ip = htonl(0x0a010000 | n);	/* 10.1.x.y */
	}
	mutex_lock(&svc->ln->config_mutex);
	dest = lvs_dest_add(svc, &cfg, NULL);
	mutex_unlock(&svc->ln->config_mutex);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dest);
	return dest;
}

int lvs_kunit_dest_edit(struct lvs_dest *dest, u32 weight, u32 upper,
			u32 lower)
{
	struct lvs_dest_cfg cfg = {
		.af = dest->af, .addr = dest->addr, .port = dest->port,
		.fwd = dest->fwd, .weight = weight,
		.u_threshold = upper, .l_threshold = lower,
	};
	int ret;

	mutex_lock(&dest->svc->ln->config_mutex);
	ret = lvs_dest_edit(dest, &cfg, NULL);
	mutex_unlock(&dest->svc->ln->config_mutex);
	return ret;
}

/* As the data path: in softirq context, under RCU. */
struct lvs_dest *lvs_kunit_pick(struct lvs_service *svc,
				const struct lvs_pkt *pkt)
{
	const struct lvs_scheduler *s;
	struct lvs_dest *dest;

	local_bh_disable();
	rcu_read_lock();
	s = rcu_dereference(svc->sched);
	dest = s->schedule(svc, NULL, pkt);
	rcu_read_unlock();
	local_bh_enable();
	return dest;
}

struct lvs_dest *lvs_kunit_pick_from(struct lvs_service *svc, u32 saddr,
				     u16 sport, u32 daddr)
{
	struct lvs_pkt pkt = {
		.af = AF_INET, .proto = IPPROTO_TCP,
		.sport = htons(sport), .dport = htons(80),
	};

	pkt.saddr.ip = htonl(saddr);
	pkt.daddr.ip = htonl(daddr);
	return lvs_kunit_pick(svc, &pkt);
}

int lvs_kunit_index(struct lvs_dest *const *list, unsigned int n,
		    const struct lvs_dest *d)
{
	unsigned int i;

	if (!d)
		return -1;
	for (i = 0; i < n; i++)
		if (list[i] == d)
			return i;
	return -2;
}

static const struct sched_case sched_cases[] = {
	{ "one",		1, { 1 } },
	{ "equal",		3, { 1, 1, 1 } },
	{ "1-2",		2, { 1, 2 } },
	{ "2-1",		2, { 2, 1 } },
	{ "4-3-2",		3, { 4, 3, 2 } },
	{ "5-1-1",		3, { 5, 1, 1 } },
	{ "gcd2",		3, { 2, 4, 6 } },
	{ "gcd3",		4, { 3, 9, 6, 3 } },
	{ "zero-first",		3, { 0, 1, 2 } },
	{ "zero-middle",	3, { 3, 0, 3 } },
	{ "zero-last",		4, { 1, 1, 1, 0 } },
	{ "all-zero",		2, { 0, 0 } },
	{ "100-1",		2, { 100, 1 } },
	{ "eight",		8, { 1, 2, 3, 4, 5, 6, 7, 8 } },
	{ "primes",		5, { 7, 5, 3, 2, 11 } },
};

static void sched_case_desc(const struct sched_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

/* KUNIT_ARRAY_PARAM makes a static generator: one for every suite. */
KUNIT_ARRAY_PARAM(sched_case_array, sched_cases, sched_case_desc);

const void *sched_case_gen_params(const void *prev, char *desc)
{
	return sched_case_array_gen_params(prev, desc);
}

static int __init lvs_kunit_init(void)
{
	return 0;
}

static void __exit lvs_kunit_exit(void)
{
	if (!lvs_kunit_env_ready)
		return;
	rcu_barrier();
	rcu_barrier();
	lvs_conn_cache_exit();
}

module_init(lvs_kunit_init);
module_exit(lvs_kunit_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of lvs, linked with the module's own code");
