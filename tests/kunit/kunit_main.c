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

static int __init lvs_kunit_init(void)
{
	return 0;
}

static void __exit lvs_kunit_exit(void)
{
	if (!lvs_kunit_env_ready)
		return;
	lvs_sched_exit();
	rcu_barrier();
	rcu_barrier();
	lvs_conn_cache_exit();
}

module_init(lvs_kunit_init);
module_exit(lvs_kunit_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of lvs, linked with the module's own code");
