// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table of conn.c: insert, lookup in both directions,
 * duplicates, many connections of one client port, expiry, persistence
 * templates, and no entry lost while the table grows under 20k
 * connections. Runs on a test lvs_net with real services and dests.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <net/tcp.h>

#include "lvs_kunit.h"

#define CONN_MANY	20000

/* Client n of the test: 192.168.x.y (2001:db8:2::n) port 1024 + n. */
static void conn_pkt(struct lvs_service *svc, unsigned int n,
		     struct lvs_pkt *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	pkt->af = svc->af;
	pkt->proto = svc->proto;
	if (svc->af == AF_INET6) {
		pkt->saddr.in6 = (struct in6_addr){ { { 0x20, 0x01, 0x0d,
							0xb8, 0, 2 } } };
		pkt->saddr.ip6[3] = htonl(n);
	} else {
		pkt->saddr.ip = htonl(0xc0a80000 + n);
	}
	pkt->daddr = svc->addr;
	pkt->sport = htons(1024 + n % 60000);
	pkt->dport = svc->port;
	pkt->tcp_flags = TCPHDR_SYN;
}

/* The reply real server dest (with a port) sends to the client of pkt. */
static void conn_reply(const struct lvs_pkt *pkt, const struct lvs_dest *dest,
		       struct lvs_pkt *reply)
{
	*reply = *pkt;
	reply->saddr = dest->addr;
	reply->sport = dest->port;
	reply->daddr = pkt->saddr;
	reply->dport = pkt->sport;
}

static struct lvs_conn *conn_new(struct lvs_net *ln, const struct lvs_pkt *pkt,
				 struct lvs_dest *dest, struct lvs_conn *control)
{
	struct lvs_conn *c;

	/* As the hooks call it: in softirq context, under RCU. */
	local_bh_disable();
	rcu_read_lock();
	c = lvs_conn_new(ln, pkt, dest, control);
	rcu_read_unlock();
	local_bh_enable();
	return c;
}

static struct lvs_conn *conn_lookup(struct lvs_net *ln, enum lvs_dir dir,
				    const struct lvs_pkt *pkt)
{
	struct lvs_conn *c;

	rcu_read_lock();
	c = lvs_conn_lookup(ln, dir, pkt);
	rcu_read_unlock();
	return c;
}

struct conn_case {
	u8 af;
	u8 proto;
	u8 fwd;
};

static const struct conn_case conn_cases[] = {
	{ AF_INET, IPPROTO_TCP, LVS_FWD_NAT },
	{ AF_INET, IPPROTO_UDP, LVS_FWD_NAT },
	{ AF_INET6, IPPROTO_TCP, LVS_FWD_NAT },
	{ AF_INET, IPPROTO_TCP, LVS_FWD_DR },
	{ AF_INET6, IPPROTO_UDP, LVS_FWD_TUN },
};

static void conn_case_desc(const struct conn_case *c, char *desc)
{
	static const char * const fwd[] = { "nat", "tun", "dr" };

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s %s",
		 c->af == AF_INET6 ? "ipv6" : "ipv4",
		 c->proto == IPPROTO_TCP ? "tcp" : "udp", fwd[c->fwd]);
}

KUNIT_ARRAY_PARAM(conn_case, conn_cases, conn_case_desc);

static const struct conn_case conn_many_cases[] = {
	{ AF_INET, IPPROTO_TCP, LVS_FWD_NAT },
	{ AF_INET6, IPPROTO_UDP, LVS_FWD_NAT },
	{ AF_INET, IPPROTO_TCP, LVS_FWD_DR },
};

KUNIT_ARRAY_PARAM(conn_many, conn_many_cases, conn_case_desc);

struct conn_ctx {
	struct lvs_net *ln;
	struct lvs_service *svc;
	struct lvs_dest *dest[3];
};

static struct conn_ctx *conn_setup(struct kunit *test, u8 af, u8 proto,
				   u8 fwd)
{
	struct conn_ctx *ctx = test->priv;
	unsigned int i;

	ctx->ln = lvs_kunit_net_new(test);
	ctx->svc = lvs_kunit_service(test, ctx->ln, af, proto, "rr");
	for (i = 0; i < ARRAY_SIZE(ctx->dest); i++)
		ctx->dest[i] = lvs_kunit_dest(test, ctx->svc, i + 1, fwd, 1);
	return ctx;
}

static int conn_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct conn_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void conn_test_exit(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;

	lvs_kunit_net_free(ctx->ln);
}

/* One connection: found from the client, and from the server if NAT. */
static void lvs_conn_test_basic(struct kunit *test)
{
	const struct conn_case *p = test->param_value;
	struct conn_ctx *ctx = conn_setup(test, p->af, p->proto, p->fwd);
	const struct lvs_proto *pp = lvs_proto_get(p->proto);
	struct lvs_dest *dest = ctx->dest[1];
	struct lvs_pkt pkt, reply, other;
	struct lvs_conn *c;
	u8 first;

	conn_pkt(ctx->svc, 7, &pkt);
	c = conn_new(ctx->ln, &pkt, dest, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_EXPECT_PTR_EQ(test, c->dest, dest);
	KUNIT_EXPECT_EQ(test, c->fwd, p->fwd);
	KUNIT_EXPECT_EQ(test, c->state, (u8)LVS_STATE_NONE);
	KUNIT_EXPECT_TRUE(test, lvs_addr_equal(p->af, &c->daddr, &dest->addr));
	KUNIT_EXPECT_EQ(test, c->dport, dest->port);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&dest->inactconns), 1);
	KUNIT_EXPECT_EQ(test, refcount_read(&dest->refcnt), 2);
	/* Armed for the state its first packet puts it in, not NONE's. */
	first = pp->next_state(c, LVS_DIR_IN, pkt.tcp_flags);
	KUNIT_EXPECT_GT(test, lvs_conn_expires(c),
			ctx->ln->timeouts[LVS_STATE_NONE]);
	KUNIT_EXPECT_LE(test, lvs_conn_expires(c), ctx->ln->timeouts[first]);

	KUNIT_EXPECT_PTR_EQ(test, conn_lookup(ctx->ln, LVS_DIR_IN, &pkt), c);
	conn_reply(&pkt, c->dest, &reply);
	KUNIT_EXPECT_PTR_EQ(test, conn_lookup(ctx->ln, LVS_DIR_OUT, &reply),
			    p->fwd == LVS_FWD_NAT ? c : NULL);
	/* The reply tuple is not a client tuple, nor the reverse. */
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_IN, &reply));
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_OUT, &pkt));
	/* Every field of the key counts. */
	other = pkt;
	other.sport = htons(ntohs(pkt.sport) + 1);
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_IN, &other));
	other = pkt;
	other.proto = p->proto == IPPROTO_TCP ? IPPROTO_UDP : IPPROTO_TCP;
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_IN, &other));
	other = pkt;
	other.dport = htons(81);
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_IN, &other));

	/* The same client tuple again: the existing connection. */
	KUNIT_EXPECT_PTR_EQ(test, conn_new(ctx->ln, &pkt, ctx->dest[0], NULL), c);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dest[0]->inactconns), 0);
	KUNIT_EXPECT_EQ(test, refcount_read(&ctx->dest[0]->refcnt), 1);

	/* State changes move it between the dest's counters. */
	spin_lock_bh(&c->lock);
	lvs_conn_set_state(c, LVS_STATE_TCP_ESTABLISHED);
	spin_unlock_bh(&c->lock);
	KUNIT_EXPECT_EQ(test, atomic_read(&dest->activeconns), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&dest->inactconns), 0);
	KUNIT_EXPECT_GT(test, lvs_conn_expires(c), ctx->ln->timeouts[first]);

	/* Retired: gone in both directions at once, counters back to 0. */
	lvs_conn_retire(c);
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_IN, &pkt));
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_OUT, &reply));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 0);
	KUNIT_EXPECT_EQ(test, lvs_dest_conns(dest), 0U);
	/* ...and the tuple can be used again. */
	c = conn_new(ctx->ln, &pkt, ctx->dest[2], NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_EXPECT_PTR_EQ(test, c->dest, ctx->dest[2]);
}

/* Two VIP clients whose NAT replies collide: the second is refused. */
static void lvs_conn_test_reply_clash(struct kunit *test)
{
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_TCP,
					  LVS_FWD_NAT);
	struct lvs_service *svc2;
	struct lvs_pkt pkt, pkt2;
	struct lvs_conn *c, *c2;
	struct lvs_service_cfg cfg = {
		.af = AF_INET, .proto = IPPROTO_TCP, .port = htons(80),
		.addr.ip = htonl(0x0a000081), .sched_name = "rr",
	};
	struct lvs_dest_cfg dcfg = {
		.af = AF_INET, .port = ctx->dest[0]->port,
		.addr = ctx->dest[0]->addr, .fwd = LVS_FWD_NAT, .weight = 1,
	};
	struct lvs_dest *d2;

	d2 = ERR_PTR(-ENOENT);
	mutex_lock(&ctx->ln->config_mutex);
	svc2 = lvs_service_add(ctx->ln, &cfg, NULL);
	if (!IS_ERR(svc2))
		d2 = lvs_dest_add(svc2, &dcfg, NULL);
	mutex_unlock(&ctx->ln->config_mutex);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, d2);

	conn_pkt(ctx->svc, 1, &pkt);
	c = conn_new(ctx->ln, &pkt, ctx->dest[0], NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	/* Same client and port, other VIP, same real server. */
	pkt2 = pkt;
	pkt2.daddr = svc2->addr;
	c2 = conn_new(ctx->ln, &pkt2, d2, NULL);
	KUNIT_EXPECT_PTR_EQ(test, c2, ERR_PTR(-EEXIST));
	/* Nothing of it is left; the first is untouched. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 1);
	KUNIT_EXPECT_EQ(test, lvs_dest_conns(d2), 0U);
	KUNIT_EXPECT_EQ(test, refcount_read(&d2->refcnt), 1);
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_IN, &pkt2));
	KUNIT_EXPECT_PTR_EQ(test, conn_lookup(ctx->ln, LVS_DIR_IN, &pkt), c);
	conn_reply(&pkt, c->dest, &pkt2);
	KUNIT_EXPECT_PTR_EQ(test, conn_lookup(ctx->ln, LVS_DIR_OUT, &pkt2), c);
}

/*
 * One client port to many VIP ports (a resolver with a fixed source port,
 * say): more connections than an rhashtable chain may hold with one hash,
 * each found in both directions, each retired alone.
 */
static void lvs_conn_test_one_port(struct kunit *test)
{
	const struct conn_case *p = test->param_value;
	struct conn_ctx *ctx = conn_setup(test, p->af, p->proto, p->fwd);
	struct lvs_dest *dests[24];
	struct lvs_conn *conns[24];
	struct lvs_pkt pkt, reply;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		/* NAT replies tell them apart by their real server. */
		dests[i] = lvs_kunit_dest(test, ctx->svc, 10 + i, p->fwd, 1);
		conn_pkt(ctx->svc, 7, &pkt);
		pkt.dport = htons(1000 + i);
		conns[i] = conn_new(ctx->ln, &pkt, dests[i], NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, conns[i],
						 "connection %u", i);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conns.ht.nelems), 1);
	for (i = 0; i < ARRAY_SIZE(conns); i += 2)
		KUNIT_EXPECT_TRUE(test, lvs_conn_retire(conns[i]));
	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		conn_pkt(ctx->svc, 7, &pkt);
		pkt.dport = htons(1000 + i);
		conn_reply(&pkt, dests[i], &reply);
		KUNIT_EXPECT_PTR_EQ_MSG(test,
					conn_lookup(ctx->ln, LVS_DIR_IN, &pkt),
					i % 2 ? conns[i] : NULL,
					"connection %u going in", i);
		KUNIT_EXPECT_PTR_EQ_MSG(test,
					conn_lookup(ctx->ln, LVS_DIR_OUT, &reply),
					i % 2 && p->fwd == LVS_FWD_NAT ?
					conns[i] : NULL,
					"connection %u going out", i);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count),
			(int)ARRAY_SIZE(conns) / 2);
}

/* Expiry: timers tear connections down and take them out of the tables. */
static void lvs_conn_test_expire(struct kunit *test)
{
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_UDP,
					  LVS_FWD_NAT);
	struct lvs_conn *conns[64];
	unsigned long deadline;
	struct lvs_pkt pkt;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		conn_pkt(ctx->svc, i, &pkt);
		conns[i] = conn_new(ctx->ln, &pkt,
				    ctx->dest[i % ARRAY_SIZE(ctx->dest)], NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, conns[i]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 64);
	/* Half now, half through a 1-jiffy state timeout. */
	WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], 1);
	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		if (i % 2) {
			lvs_conn_expire_now(conns[i]);
			continue;
		}
		spin_lock_bh(&conns[i]->lock);
		lvs_conn_set_state(conns[i], LVS_STATE_UDP);
		spin_unlock_bh(&conns[i]->lock);
	}
	deadline = jiffies + 10 * HZ;
	while (atomic_read(&ctx->ln->conn_count) &&
	       time_before(jiffies, deadline))
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 0);
	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		conn_pkt(ctx->svc, i, &pkt);
		KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_IN, &pkt));
	}
	for (i = 0; i < ARRAY_SIZE(ctx->dest); i++) {
		KUNIT_EXPECT_EQ(test, lvs_dest_conns(ctx->dest[i]), 0U);
		KUNIT_EXPECT_EQ(test, refcount_read(&ctx->dest[i]->refcnt), 1);
	}
}

/*
 * Packets push the deadline back without re-arming the timer: the timer
 * fires at its old time, finds the later deadline and re-arms for it. A
 * shorter state timeout brings the timer forward at once.
 */
static void lvs_conn_test_deadline(struct kunit *test)
{
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_UDP,
					  LVS_FWD_NAT);
	struct lvs_conn *c, *found;
	unsigned long armed, end;
	struct lvs_pkt pkt;

	WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], HZ);
	conn_pkt(ctx->svc, 1, &pkt);
	c = conn_new(ctx->ln, &pkt, ctx->dest[0], NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	spin_lock_bh(&c->lock);
	lvs_conn_set_state(c, LVS_STATE_UDP);
	armed = c->timer.expires;
	spin_unlock_bh(&c->lock);

	/* A packet every 50 ms for three timeouts: it must stay. */
	end = jiffies + 3 * HZ;
	while (time_before(jiffies, end)) {
		msleep(50);
		/* Found as a packet finds it, so never touched once freed. */
		local_bh_disable();
		rcu_read_lock();
		found = lvs_conn_lookup(ctx->ln, LVS_DIR_IN, &pkt);
		if (found == c) {
			spin_lock(&c->lock);
			lvs_conn_set_state(c, LVS_STATE_UDP);
			spin_unlock(&c->lock);
		}
		rcu_read_unlock();
		local_bh_enable();
		KUNIT_ASSERT_PTR_EQ(test, found, c);
	}
	KUNIT_EXPECT_GT(test, lvs_conn_expires(c), (unsigned long)HZ / 2);
	/* The timer fired and re-armed at least once on its way. */
	KUNIT_EXPECT_TRUE(test, time_after(c->timer.expires, armed));

	/* A 1-jiffy timeout takes effect now, not at the old deadline. */
	WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], 1);
	spin_lock_bh(&c->lock);
	lvs_conn_set_state(c, LVS_STATE_UDP);
	KUNIT_EXPECT_TRUE(test, time_before_eq(c->timer.expires, jiffies + 1));
	spin_unlock_bh(&c->lock);
	end = jiffies + HZ / 2;
	while (atomic_read(&ctx->ln->conn_count) && time_before(jiffies, end))
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 0);
	KUNIT_EXPECT_NULL(test, conn_lookup(ctx->ln, LVS_DIR_IN, &pkt));
}

/*
 * S9: the longest timeout the uapi allows (30 days) is honoured, not cut
 * to 2^31 jiffies (24.8 days at HZ=1000).
 */
static void lvs_conn_test_long_timeout(struct kunit *test)
{
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_UDP,
					  LVS_FWD_NAT);
	unsigned long t = (unsigned long)LVS_TIMEOUT_MAX * HZ;
	struct lvs_conn *c;
	struct lvs_pkt pkt;

	WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], t);
	conn_pkt(ctx->svc, 1, &pkt);
	c = conn_new(ctx->ln, &pkt, ctx->dest[0], NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	spin_lock_bh(&c->lock);
	lvs_conn_set_state(c, LVS_STATE_UDP);
	spin_unlock_bh(&c->lock);
	KUNIT_EXPECT_GE(test, lvs_conn_expires(c), t - HZ);
	KUNIT_EXPECT_LE(test, lvs_conn_expires(c), t);
	KUNIT_EXPECT_TRUE(test, timer_pending(&c->timer));
	KUNIT_EXPECT_TRUE(test, time_after_eq(c->timer.expires,
					      jiffies + t - HZ));
}

/* A new connection of client n in state; NULL if refused. */
static struct lvs_conn *conn_new_in(struct conn_ctx *ctx, unsigned int n,
				    u8 state, int *err)
{
	struct lvs_conn *c;
	struct lvs_pkt pkt;

	conn_pkt(ctx->svc, n, &pkt);
	c = conn_new(ctx->ln, &pkt, ctx->dest[n % ARRAY_SIZE(ctx->dest)],
		     NULL);
	if (IS_ERR(c)) {
		*err = PTR_ERR(c);
		return NULL;
	}
	spin_lock_bh(&c->lock);
	lvs_conn_set_state(c, state);
	spin_unlock_bh(&c->lock);
	return c;
}

#define CONN_FULL	48	/* 3/4 of a new table's 64 buckets: no growth */

/*
 * S1: a full table makes room by evicting a half-open TCP entry (a SYN
 * flood's) or a quiet UDP one; established connections and UDP that is
 * in use stay, and refuse new ones (-ENOSPC). Eviction looks at a few
 * random buckets only, so it may miss now and then: 100 tries.
 */
static void lvs_conn_test_evict(struct kunit *test)
{
	const struct conn_case *p = test->param_value;
	struct conn_ctx *ctx = conn_setup(test, p->af, p->proto, p->fwd);
	u8 open = p->proto == IPPROTO_TCP ? LVS_STATE_TCP_ESTABLISHED :
					    LVS_STATE_UDP;
	u8 half = p->proto == IPPROTO_TCP ? LVS_STATE_TCP_SYN_SENT :
					    LVS_STATE_UDP;
	unsigned int i, made = 0;
	struct lvs_conn *c;
	int err = 0;

	/* Entries in use: nothing to evict. */
	WRITE_ONCE(ctx->ln->max_conns, CONN_FULL);
	WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], 100 * HZ);
	for (i = 0; i < CONN_FULL; i++)
		KUNIT_ASSERT_NOT_NULL(test, conn_new_in(ctx, i, open, &err));
	KUNIT_EXPECT_NULL(test, conn_new_in(ctx, 1000, half, &err));
	KUNIT_EXPECT_EQ(test, err, -ENOSPC);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), CONN_FULL);
	for (i = 0; i < CONN_FULL; i++) {
		struct lvs_pkt pkt;

		conn_pkt(ctx->svc, i, &pkt);
		c = conn_lookup(ctx->ln, LVS_DIR_IN, &pkt);
		KUNIT_EXPECT_NOT_NULL_MSG(test, c, "connection %u evicted", i);
		if (c)
			lvs_conn_retire(c);
	}

	/*
	 * Half-open (TCP), or quiet (UDP: armed for 100 s of a timeout now
	 * 200 s, as if their last datagram were 100 s old): evicted.
	 */
	for (i = 0; i < CONN_FULL; i++)
		KUNIT_ASSERT_NOT_NULL(test, conn_new_in(ctx, i, half, &err));
	WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], 200 * HZ);
	for (i = 0; i < 100; i++) {
		c = conn_new_in(ctx, 1000 + i, half, &err);
		made += !!c;
		/* New UDP entries are quiet too, as their timeout goes. */
		if (c && p->proto == IPPROTO_UDP) {
			WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], 100 * HZ);
			spin_lock_bh(&c->lock);
			lvs_conn_set_state(c, LVS_STATE_UDP);
			spin_unlock_bh(&c->lock);
			WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], 200 * HZ);
		}
	}
	KUNIT_EXPECT_GE(test, made, 90U);
	KUNIT_EXPECT_LE(test, atomic_read(&ctx->ln->conn_count), CONN_FULL);
}

static const struct conn_case conn_evict_cases[] = {
	{ AF_INET, IPPROTO_TCP, LVS_FWD_NAT },
	{ AF_INET6, IPPROTO_TCP, LVS_FWD_DR },
	{ AF_INET, IPPROTO_UDP, LVS_FWD_NAT },
};

KUNIT_ARRAY_PARAM(conn_evict, conn_evict_cases, conn_case_desc);

/* A persistence template for client network 192.168.0.0 of ctx->svc. */
static struct lvs_conn *conn_template(struct conn_ctx *ctx,
				      union nf_inet_addr *snet,
				      struct lvs_tuple *key,
				      unsigned long timeout)
{
	struct lvs_conn *t;

	memset(snet, 0, sizeof(*snet));
	snet->ip = htonl(0xc0a80000);
	*key = (struct lvs_tuple){
		.saddr = snet, .daddr = &ctx->svc->addr,
		.dport = ctx->svc->port, .af = AF_INET,
		.proto = ctx->svc->proto, .flags = LVS_CONN_F_TEMPLATE,
	};
	local_bh_disable();
	rcu_read_lock();
	t = lvs_conn_new_template(ctx->ln, key, ctx->dest[0],
				  ctx->dest[0]->port, timeout);
	rcu_read_unlock();
	local_bh_enable();
	return t;
}

static struct lvs_conn *conn_find(struct lvs_net *ln,
				  const struct lvs_tuple *key)
{
	struct lvs_conn *c;

	rcu_read_lock();
	c = lvs_conn_find(ln, key);
	rcu_read_unlock();
	return c;
}

/*
 * Templates: held by the connections they direct, out of the table at
 * once when retired, released with the last of those connections; their
 * timer waits for them.
 */
static void lvs_conn_test_template(struct kunit *test)
{
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_TCP,
					  LVS_FWD_NAT);
	struct lvs_dest *dest = ctx->dest[0];
	union nf_inet_addr snet;
	struct lvs_tuple key;
	struct lvs_conn *t, *c;
	unsigned long deadline;
	struct lvs_pkt pkt;

	t = conn_template(ctx, &snet, &key, 60 * HZ);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	/* The table's reference and the caller's, passed to the conn. */
	KUNIT_EXPECT_EQ(test, refcount_read(&t->refcnt), 2);
	conn_pkt(ctx->svc, 1, &pkt);
	c = conn_new(ctx->ln, &pkt, dest, t);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_EXPECT_PTR_EQ(test, c->control, t);
	KUNIT_EXPECT_PTR_EQ(test, conn_find(ctx->ln, &key), t);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->tmpl_count), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&dest->persistconns), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&dest->inactconns), 1);
	/* The same key again: the live template, held once more. */
	KUNIT_EXPECT_PTR_EQ(test, conn_template(ctx, &snet, &key, 60 * HZ), t);
	KUNIT_EXPECT_EQ(test, refcount_read(&t->refcnt), 3);
	lvs_conn_put(t);

	/* Retired: out of the table, kept by its connection. */
	KUNIT_EXPECT_TRUE(test, lvs_conn_retire(t));
	KUNIT_EXPECT_FALSE(test, lvs_conn_retire(t));
	KUNIT_EXPECT_NULL(test, conn_find(ctx->ln, &key));
	KUNIT_EXPECT_EQ(test, refcount_read(&t->refcnt), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->tmpl_count), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&dest->persistconns), 1);
	/* The connection's end releases it. */
	KUNIT_EXPECT_TRUE(test, lvs_conn_retire(c));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->tmpl_count), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&dest->persistconns), 0);
	KUNIT_EXPECT_EQ(test, refcount_read(&dest->refcnt), 1);

	/* A 1-jiffy template outlives its connection, then expires. */
	t = conn_template(ctx, &snet, &key, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	c = conn_new(ctx->ln, &pkt, dest, t);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	msleep(50);
	KUNIT_EXPECT_PTR_EQ(test, conn_find(ctx->ln, &key), t);
	lvs_conn_retire(c);
	deadline = jiffies + 10 * HZ;
	while (atomic_read(&ctx->ln->conn_count) &&
	       time_before(jiffies, deadline))
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->tmpl_count), 0);
	KUNIT_EXPECT_NULL(test, conn_find(ctx->ln, &key));
}

/* A dump's view: room for budget connections per message. */
struct conn_walk_count {
	unsigned int seen, budget;
};

static int conn_count_fill(struct lvs_conn *c, void *arg)
{
	struct conn_walk_count *w = arg;

	if (!w->budget)
		return 1;	/* full: c is offered first next time */
	w->budget--;
	w->seen++;
	return 0;
}

/*
 * 20k connections: the table grows through several resizes while we
 * insert; every connection must stay findable in both directions, during
 * the growth (a sample after each batch) and at the end (all of them).
 */
static void lvs_conn_test_many(struct kunit *test)
{
	const struct conn_case *p = test->param_value;
	struct conn_ctx *ctx = conn_setup(test, p->af, p->proto, p->fwd);
	unsigned int i, j, lost = 0, restarts = 0;
	struct conn_walk_count walk = { 0 };
	struct rhashtable_iter iter;
	struct lvs_conn **conns;
	struct lvs_pkt pkt, reply;

	conns = kunit_kcalloc(test, CONN_MANY, sizeof(*conns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, conns);
	/* Long timeouts: nothing may expire while we look. */
	for (i = 0; i < __LVS_STATE_MAX; i++)
		ctx->ln->timeouts[i] = 600 * HZ;
	for (i = 0; i < CONN_MANY; i++) {
		conn_pkt(ctx->svc, i, &pkt);
		conns[i] = conn_new(ctx->ln, &pkt,
				    ctx->dest[i % ARRAY_SIZE(ctx->dest)], NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, conns[i],
						 "connection %u", i);
		if (i % 1000 == 999) {
			/* Spot-check earlier entries mid-growth. */
			for (j = 0; j <= i; j += 97) {
				conn_pkt(ctx->svc, j, &pkt);
				if (conn_lookup(ctx->ln, LVS_DIR_IN, &pkt) !=
				    conns[j])
					lost++;
			}
			cond_resched();
		}
	}
	KUNIT_EXPECT_EQ(test, lost, 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), CONN_MANY);
	/* Hashed once each, whatever the method: a client port each. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conns.ht.nelems),
			CONN_MANY);

	for (i = 0; i < CONN_MANY; i++) {
		conn_pkt(ctx->svc, i, &pkt);
		if (conn_lookup(ctx->ln, LVS_DIR_IN, &pkt) != conns[i]) {
			lost++;
			continue;
		}
		if (p->fwd != LVS_FWD_NAT)
			continue;
		conn_reply(&pkt, conns[i]->dest, &reply);
		if (conn_lookup(ctx->ln, LVS_DIR_OUT, &reply) != conns[i])
			lost++;
		if (i % 1000 == 0)
			cond_resched();
	}
	KUNIT_EXPECT_EQ_MSG(test, lost, 0U, "connections not found");

	/*
	 * A dump resumed after every 100 connections sees each once (no
	 * resize meanwhile).
	 */
	lvs_conn_walk_enter(ctx->ln, &iter);
	do {
		walk.budget = 100;
	} while (lvs_conn_walk(&iter, conn_count_fill, &walk, &restarts));
	lvs_conn_walk_exit(&iter);
	KUNIT_EXPECT_EQ(test, walk.seen, (unsigned int)CONN_MANY);
	KUNIT_EXPECT_EQ(test, restarts, 0U);

	/* Retire every other one; the rest must stay (shrinking). */
	for (i = 0; i < CONN_MANY; i += 2)
		lvs_conn_retire(conns[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count),
			CONN_MANY / 2);
	for (i = 0; i < CONN_MANY; i++) {
		conn_pkt(ctx->svc, i, &pkt);
		if (conn_lookup(ctx->ln, LVS_DIR_IN, &pkt) !=
		    (i % 2 ? conns[i] : NULL))
			lost++;
	}
	KUNIT_EXPECT_EQ_MSG(test, lost, 0U, "wrong lookups after retiring");
	/* Each connection holds its dest once. */
	for (i = 0; i < ARRAY_SIZE(ctx->dest); i++)
		KUNIT_EXPECT_EQ(test,
				(unsigned int)refcount_read(&ctx->dest[i]->refcnt),
				lvs_dest_conns(ctx->dest[i]) + 1);
	/* The rest go with the namespace (conn_test_exit). */
}

/* Sets c's life as a teardown in progress (LVS_CONN_DYING) would, or back. */
static void conn_set_life(struct lvs_conn *c, u8 life)
{
	spin_lock_bh(&c->lock);
	WRITE_ONCE(c->dead, life);
	spin_unlock_bh(&c->lock);
}

/*
 * S6: an older entry whose teardown has begun (dead, not yet unlinked:
 * its timer is between the two) is not handed out in place of a new
 * one; the packet gets an entry of its own. Connections and templates.
 */
static void lvs_conn_test_dying_rival(struct kunit *test)
{
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_TCP,
					  LVS_FWD_NAT);
	struct lvs_conn *old, *c, *t, *t2;
	union nf_inet_addr snet;
	struct lvs_tuple key;
	struct lvs_pkt pkt;

	conn_pkt(ctx->svc, 3, &pkt);
	old = conn_new(ctx->ln, &pkt, ctx->dest[0], NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, old);
	conn_set_life(old, LVS_CONN_DYING);
	c = conn_new(ctx->ln, &pkt, ctx->dest[1], NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_EXPECT_PTR_NE(test, c, old);
	/* The teardown goes on (retire stands in for the timer). */
	conn_set_life(old, LVS_CONN_LIVE);
	KUNIT_EXPECT_TRUE(test, lvs_conn_retire(old));
	if (c != old) {
		KUNIT_EXPECT_EQ(test, c->dead, (u8)LVS_CONN_LIVE);
		KUNIT_EXPECT_PTR_EQ(test, c->dest, ctx->dest[1]);
		KUNIT_EXPECT_PTR_EQ(test, conn_lookup(ctx->ln, LVS_DIR_IN,
						      &pkt), c);
		KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 1);
	}

	t = conn_template(ctx, &snet, &key, 60 * HZ);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	conn_set_life(t, LVS_CONN_DYING);
	t2 = conn_template(ctx, &snet, &key, 60 * HZ);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, t2);
	KUNIT_EXPECT_PTR_NE(test, t2, t);
	conn_set_life(t, LVS_CONN_LIVE);
	KUNIT_EXPECT_TRUE(test, lvs_conn_retire(t));
	lvs_conn_put(t);
	if (!IS_ERR_OR_NULL(t2) && t2 != t) {
		KUNIT_EXPECT_PTR_EQ(test, conn_find(ctx->ln, &key), t2);
		lvs_conn_put(t2);
	}
}

struct conn_walk_grow {
	struct conn_ctx *ctx;
	unsigned int seen;
	bool grown;
};

/*
 * On the first entry, insert past the table's size: the next table is
 * allocated at once, and the rehash waits for the mutex the test holds,
 * so the walk reaches the end of the old table and moves on to the new
 * one (ERR_PTR(-EAGAIN)). Every entry asks for a yield.
 */
static int conn_walk_grow_fn(struct lvs_conn *c, void *arg)
{
	struct conn_walk_grow *w = arg;
	struct lvs_net *ln = w->ctx->ln;
	const struct bucket_table *tbl;
	struct lvs_pkt pkt;
	unsigned int i;

	if (!w->seen++) {
		for (i = 0; i < 80; i++) {
			conn_pkt(w->ctx->svc, 100 + i, &pkt);
			if (IS_ERR(conn_new(ln, &pkt, w->ctx->dest[0], NULL)))
				break;
		}
		tbl = rht_dereference_rcu(ln->conns.ht.tbl, &ln->conns.ht);
		w->grown = rcu_access_pointer(tbl->future_tbl);
	}
	set_tsk_need_resched(current);
	return 0;
}

/* C7: a walk that moves on to a new table while it yields counts a restart. */
static void lvs_conn_test_walk_resize(struct kunit *test)
{
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_TCP,
					  LVS_FWD_NAT);
	struct conn_walk_grow w = { .ctx = ctx };
	struct rhashtable_iter iter;
	unsigned int i, restarts = 0;
	struct lvs_pkt pkt;

	for (i = 0; i < 8; i++) {
		conn_pkt(ctx->svc, i, &pkt);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, conn_new(ctx->ln, &pkt,
							    ctx->dest[0], NULL));
	}
	mutex_lock(&ctx->ln->conns.ht.mutex);
	lvs_conn_walk_enter(ctx->ln, &iter);
	lvs_conn_walk(&iter, conn_walk_grow_fn, &w, &restarts);
	lvs_conn_walk_exit(&iter);
	mutex_unlock(&ctx->ln->conns.ht.mutex);
	KUNIT_ASSERT_TRUE(test, w.grown);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->ln->conn_count), 88);
	/* Entries created during the walk may or may not be listed. */
	KUNIT_EXPECT_GE(test, w.seen, 8U);
	KUNIT_EXPECT_GE(test, restarts, 1U);
}

/* A dump's view that keeps what it saw. */
struct conn_walk_log {
	struct lvs_conn *seen[32];
	unsigned int n, budget;
};

static int conn_walk_log_fn(struct lvs_conn *c, void *arg)
{
	struct conn_walk_log *w = arg;

	if (!w->budget)
		return 1;
	w->budget--;
	if (w->n < ARRAY_SIZE(w->seen))
		w->seen[w->n++] = c;
	return 0;
}

static unsigned int conn_walk_count(const struct conn_walk_log *w,
				    const struct lvs_conn *c)
{
	unsigned int i, n = 0;

	for (i = 0; i < w->n; i++)
		n += w->seen[i] == c;
	return n;
}

/*
 * C7: between two calls of a dump, the entry it stopped at (the anchor)
 * and one it listed before it, in the same slot, are destroyed. Every
 * entry that lived throughout must still be listed; one listed twice
 * must come with a restart.
 */
static void lvs_conn_test_walk_lost_anchor(struct kunit *test)
{
	/* DR: NAT entries of one client port to one server would clash. */
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_TCP,
					  LVS_FWD_DR);
	struct conn_walk_log w = { .budget = 2 };
	struct lvs_conn *conns[8], *anchor, *first;
	struct rhashtable_iter iter;
	unsigned int i, restarts = 0, twice = 0;
	struct lvs_pkt pkt;

	/* One client port to 8 VIP ports: one list in one slot. */
	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		conn_pkt(ctx->svc, 7, &pkt);
		pkt.dport = htons(1000 + i);
		conns[i] = conn_new(ctx->ln, &pkt, ctx->dest[0], NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, conns[i]);
	}
	lvs_conn_walk_enter(ctx->ln, &iter);
	KUNIT_ASSERT_EQ(test, lvs_conn_walk(&iter, conn_walk_log_fn, &w,
					    &restarts), 1);
	KUNIT_ASSERT_EQ(test, w.n, 2U);
	anchor = container_of(iter.list, struct lvs_conn, node);
	first = w.seen[0];
	KUNIT_EXPECT_TRUE(test, lvs_conn_retire(anchor));
	KUNIT_EXPECT_TRUE(test, lvs_conn_retire(first));
	w.budget = 100;
	KUNIT_EXPECT_EQ(test, lvs_conn_walk(&iter, conn_walk_log_fn, &w,
					    &restarts), 0);
	lvs_conn_walk_exit(&iter);
	for (i = 0; i < ARRAY_SIZE(conns); i++) {
		if (conns[i] == anchor || conns[i] == first)
			continue;
		KUNIT_EXPECT_GE_MSG(test, conn_walk_count(&w, conns[i]), 1U,
				    "connection %u not listed", i);
		twice += conn_walk_count(&w, conns[i]) > 1;
	}
	if (twice)
		KUNIT_EXPECT_GE(test, restarts, 1U);
}

/* What the exit walk saw, through lvs_conn_exit_visit. */
static unsigned int conn_exit_visits;

/*
 * The first entry's timer fires as the exit walk reaches it, and the walk
 * yields right after: a removal between rhashtable_walk_stop() and
 * _start(), which makes the walk skip the entry after the one removed.
 * Busy-waits: the walk holds the RCU read lock.
 */
static void conn_exit_visit(struct lvs_conn *c)
{
	unsigned long end = jiffies + 2 * HZ;

	if (!conn_exit_visits++) {
		lvs_conn_expire_now(c);
		while (timer_pending(&c->timer) && time_before(jiffies, end))
			cpu_relax();
	}
	set_tsk_need_resched(current);
}

/*
 * C1: lvs_conn_exit() must shut down every timer, even while timers
 * expire under it; an entry it skipped would be freed with its timer
 * armed, which then fires on freed memory (KASAN).
 */
static void lvs_conn_test_exit_race(struct kunit *test)
{
	struct conn_ctx *ctx = conn_setup(test, AF_INET, IPPROTO_UDP,
					  LVS_FWD_DR);
	struct lvs_conn *c;
	struct lvs_pkt pkt;
	unsigned int i;

	/* One client port to 8 VIP ports: one list in one slot (DR, as NAT's would clash). */
	WRITE_ONCE(ctx->ln->timeouts[LVS_STATE_UDP], 2 * HZ);
	for (i = 0; i < 8; i++) {
		conn_pkt(ctx->svc, 7, &pkt);
		pkt.dport = htons(1000 + i);
		c = conn_new(ctx->ln, &pkt, ctx->dest[0], NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
		spin_lock_bh(&c->lock);
		lvs_conn_set_state(c, LVS_STATE_UDP);
		spin_unlock_bh(&c->lock);
	}
	conn_exit_visits = 0;
	lvs_conn_exit_visit = conn_exit_visit;
	lvs_kunit_net_free(ctx->ln);
	lvs_conn_exit_visit = NULL;
	ctx->ln = NULL;
	KUNIT_EXPECT_EQ(test, conn_exit_visits, 8U);
	/* A timer left armed would fire within its 2 s, on freed memory. */
	msleep(3000);
}

static struct kunit_case lvs_conn_cases[] = {
	KUNIT_CASE_PARAM(lvs_conn_test_basic, conn_case_gen_params),
	KUNIT_CASE(lvs_conn_test_reply_clash),
	KUNIT_CASE_PARAM(lvs_conn_test_one_port, conn_case_gen_params),
	KUNIT_CASE(lvs_conn_test_expire),
	KUNIT_CASE(lvs_conn_test_deadline),
	KUNIT_CASE(lvs_conn_test_long_timeout),
	KUNIT_CASE_PARAM(lvs_conn_test_evict, conn_evict_gen_params),
	KUNIT_CASE(lvs_conn_test_template),
	KUNIT_CASE_PARAM(lvs_conn_test_many, conn_many_gen_params),
	KUNIT_CASE(lvs_conn_test_dying_rival),
	KUNIT_CASE(lvs_conn_test_walk_resize),
	KUNIT_CASE(lvs_conn_test_walk_lost_anchor),
	/* Last: before its fix it takes the guest down (KASAN). */
	KUNIT_CASE(lvs_conn_test_exit_race),
	{}
};

static struct kunit_suite lvs_conn_suite = {
	.name = "lvs_conn",
	.suite_init = lvs_kunit_env_init,
	.init = conn_test_init,
	.exit = conn_test_exit,
	.test_cases = lvs_conn_cases,
};

kunit_test_suite(lvs_conn_suite);
