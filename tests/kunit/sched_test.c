// SPDX-License-Identifier: GPL-2.0
/*
 * The schedulers, on services and real servers made by the real
 * lvs_service_add()/lvs_dest_add(): rr, wrr and mh against reference
 * models of ip_vs_rr, ip_vs_wrr and ip_vs_mh written here over plain
 * arrays (the picks must match exactly), mh's disruption when a server
 * goes, lblc/lblcr locality, and sh's and mh's -b flags.
 */
#include <linux/gcd.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/siphash.h>

#include "lvs_kunit.h"
#include "restore.h"
#include "sched.h"

/* The service, and its dests in list (scheduling) order. */
struct sched_ctx {
	struct lvs_net *ln;
	struct lvs_service *svc;
	struct lvs_dest *list[SCHED_MAX_DESTS];
	u32 weight[SCHED_MAX_DESTS];	/* in list order */
	unsigned int n;
	unsigned int mh_size;		/* the namespace's mh table size, or 0 */
};

static int sched_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct sched_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void sched_test_exit(struct kunit *test)
{
	struct sched_ctx *ctx = test->priv;

	lvs_kunit_net_free(ctx->ln);
}

static void sched_del(struct lvs_dest *dest)
{
	struct lvs_net *ln = dest->svc->ln;

	mutex_lock(&ln->config_mutex);
	lvs_dest_del(dest);
	mutex_unlock(&ln->config_mutex);
}

static int sched_index(const struct sched_ctx *ctx, const struct lvs_dest *d)
{
	return lvs_kunit_index(ctx->list, ctx->n, d);
}

/* The list index of the pick for a packet-less new connection. */
static int sched_next(const struct sched_ctx *ctx)
{
	return sched_index(ctx, lvs_kunit_pick(ctx->svc, NULL));
}

/* Weighted round robin as ip_vs_wrr: cl, cw, mw, di over an array. */
struct wrr_model {
	int cl;		/* last pick, -1 for the list head */
	int cw, mw, di;
};

static void wrr_model_recalc(struct wrr_model *m, const u32 *w,
			     unsigned int n)
{
	int max = 0, g = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!w[i])
			continue;
		g = g ? gcd(g, w[i]) : w[i];
		max = max_t(int, max, w[i]);
	}
	m->di = g ? g : 1;
	m->mw = max - (m->di - 1);
	m->cl = -1;
	if (m->cw > m->mw || !m->cw)
		m->cw = m->mw;
	else if (m->di > 1)
		m->cw = (m->cw / m->di) * m->di + 1;
}

static int wrr_model_pick(struct wrr_model *m, const u32 *w, unsigned int n)
{
	int i;

	if (m->mw <= 0)
		return -1;
	for (;;) {
		for (i = m->cl + 1; i < n; i++) {
			if (w[i] >= m->cw) {
				m->cl = i;
				return i;
			}
		}
		m->cl = -1;
		m->cw -= m->di;
		if (m->cw <= 0)
			m->cw = m->mw;
	}
}

/* Round robin as ip_vs_rr: the next usable one after the last pick. */
static int rr_model_pick(int *last, const u32 *w, unsigned int n)
{
	unsigned int k;

	for (k = 1; k <= n; k++) {
		int i = (*last + k) % n;

		if (w[i] > 0) {
			*last = i;
			return i;
		}
	}
	return -1;
}

/*
 * Add the case's dests one by one (the wrr model recalculates on each,
 * as add_dest does) and check they are listed newest first, as IPVS.
 */
static struct sched_ctx *sched_setup(struct kunit *test,
				     const struct sched_case *c,
				     const char *sched, struct wrr_model *m)
{
	struct sched_ctx *ctx = test->priv;
	struct lvs_dest *dest;
	unsigned int i;

	ctx->ln = lvs_kunit_net_new(test);
	if (ctx->mh_size)
		ctx->ln->mh_table_size = ctx->mh_size;
	ctx->svc = lvs_kunit_service(test, ctx->ln, AF_INET, IPPROTO_TCP,
				     sched);
	memset(m, 0, sizeof(*m));
	wrr_model_recalc(m, ctx->weight, 0);
	for (i = 0; i < c->n; i++) {
		dest = lvs_kunit_dest(test, ctx->svc, i + 1, LVS_FWD_NAT,
				      c->weight[i]);
		memmove(&ctx->list[1], &ctx->list[0],
			i * sizeof(ctx->list[0]));
		memmove(&ctx->weight[1], &ctx->weight[0],
			i * sizeof(ctx->weight[0]));
		ctx->list[0] = dest;
		ctx->weight[0] = c->weight[i];
		ctx->n = i + 1;
		wrr_model_recalc(m, ctx->weight, ctx->n);
	}
	i = 0;
	list_for_each_entry(dest, &ctx->svc->dests, n_list) {
		KUNIT_ASSERT_LT(test, i, ctx->n);
		KUNIT_ASSERT_PTR_EQ(test, dest, ctx->list[i]);
		i++;
	}
	KUNIT_ASSERT_EQ(test, i, ctx->n);
	KUNIT_ASSERT_EQ(test, ctx->svc->num_dests, ctx->n);
	return ctx;
}

static unsigned int sched_rounds(const struct sched_case *c)
{
	unsigned int i, sum = 0;

	for (i = 0; i < c->n; i++)
		sum += c->weight[i];
	return 3 * sum + 3 * c->n + 7;
}

static void lvs_sched_test_rr(struct kunit *test)
{
	const struct sched_case *c = test->param_value;
	struct wrr_model unused;
	struct sched_ctx *ctx = sched_setup(test, c, "rr", &unused);
	unsigned int round, rounds = sched_rounds(c);
	int last = -1;

	for (round = 0; round < rounds; round++) {
		int want = rr_model_pick(&last, ctx->weight, ctx->n);
		int got = sched_next(ctx);

		KUNIT_ASSERT_EQ_MSG(test, got, want, "pick %u", round);
	}
}

static void lvs_sched_test_wrr(struct kunit *test)
{
	const struct sched_case *c = test->param_value;
	struct wrr_model m;
	struct sched_ctx *ctx = sched_setup(test, c, "wrr", &m);
	unsigned int round, rounds = sched_rounds(c);
	unsigned int picks[SCHED_MAX_DESTS] = {}, i, sum = 0;

	for (round = 0; round < rounds; round++) {
		int want = wrr_model_pick(&m, ctx->weight, ctx->n);
		int got = sched_next(ctx);

		KUNIT_ASSERT_EQ_MSG(test, got, want, "pick %u", round);
		if (got >= 0)
			picks[got]++;
	}
	/* Over whole cycles the shares are the weights' (+-1 cycle). */
	for (i = 0; i < ctx->n; i++)
		sum += ctx->weight[i];
	if (!sum)
		return;
	for (i = 0; i < ctx->n; i++) {
		unsigned int cycles = rounds / sum;

		KUNIT_EXPECT_GE(test, picks[i], (cycles - 1) * ctx->weight[i]);
		KUNIT_EXPECT_LE(test, picks[i], (cycles + 1) * ctx->weight[i]);
	}
}

/*
 * Editing a weight mid-sequence (upd_dest) and deleting a dest keep the
 * sequence the models predict.
 */
static void lvs_sched_test_wrr_edit(struct kunit *test)
{
	static const struct sched_case c = { "edit", 3, { 1, 2, 3 } };
	struct wrr_model m;
	struct sched_ctx *ctx = sched_setup(test, &c, "wrr", &m);
	struct lvs_dest_cfg cfg = {
		.af = AF_INET, .fwd = LVS_FWD_NAT, .weight = 4,
	};
	unsigned int round;
	int ret;

	for (round = 0; round < 5; round++)
		KUNIT_ASSERT_EQ(test, sched_next(ctx),
				wrr_model_pick(&m, ctx->weight, ctx->n));
	cfg.addr = ctx->list[2]->addr;
	cfg.port = ctx->list[2]->port;
	mutex_lock(&ctx->ln->config_mutex);
	ret = lvs_dest_edit(ctx->list[2], &cfg, NULL);
	mutex_unlock(&ctx->ln->config_mutex);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ctx->weight[2] = 4;
	wrr_model_recalc(&m, ctx->weight, ctx->n);
	for (round = 0; round < 40; round++)
		KUNIT_ASSERT_EQ_MSG(test,
				    sched_next(ctx),
				    wrr_model_pick(&m, ctx->weight, ctx->n),
				    "pick %u after the edit", round);
}

/*
 * A restore's service edit keeps the scheduler it replaces, and its undo
 * puts that one back as it was instead of binding it afresh (which could
 * fail for memory and left the edit half undone): wrr's picks go on
 * where they stopped. The commit frees what was kept (kmemleak checks).
 */
static void lvs_sched_test_edit_revert(struct kunit *test)
{
	static const struct sched_case c = { "revert", 3, { 1, 2, 3 } };
	struct lvs_service_cfg old = { 0 }, cfg;
	struct lvs_sched_keep keep;
	struct wrr_model m;
	struct sched_ctx *ctx = sched_setup(test, &c, "wrr", &m);
	void *data = ctx->svc->sched_data;
	unsigned int round;
	int ret;

	for (round = 0; round < 5; round++)
		KUNIT_ASSERT_EQ(test, sched_next(ctx),
				wrr_model_pick(&m, ctx->weight, ctx->n));
	old.timeout = ctx->svc->timeout;
	old.netmask = ctx->svc->netmask;
	cfg = old;
	cfg.sched_name = "mh";
	cfg.flags = LVS_SVC_F_SCHED_FALLBACK;
	mutex_lock(&ctx->ln->config_mutex);
	ret = lvs_service_edit_keep(ctx->svc, &cfg, &keep, NULL);
	mutex_unlock(&ctx->ln->config_mutex);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_PTR_EQ(test, keep.sched, &lvs_sched_wrr);
	KUNIT_EXPECT_EQ(test, ctx->svc->flags, LVS_SVC_F_SCHED_FALLBACK);
	mutex_lock(&ctx->ln->config_mutex);
	lvs_service_revert(ctx->svc, &old, &keep);
	mutex_unlock(&ctx->ln->config_mutex);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(ctx->svc->sched),
			    &lvs_sched_wrr);
	KUNIT_EXPECT_PTR_EQ(test, ctx->svc->sched_data, data);
	KUNIT_EXPECT_EQ(test, ctx->svc->flags, 0);
	for (round = 0; round < 20; round++)
		KUNIT_ASSERT_EQ_MSG(test, sched_next(ctx),
				    wrr_model_pick(&m, ctx->weight, ctx->n),
				    "pick %u after the undo", round);
	/* Committed: the edit stays, wrr's state is freed. */
	mutex_lock(&ctx->ln->config_mutex);
	ret = lvs_service_edit_keep(ctx->svc, &cfg, &keep, NULL);
	if (!ret)
		lvs_sched_keep_release(&keep);
	mutex_unlock(&ctx->ln->config_mutex);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(ctx->svc->sched),
			    &lvs_sched_mh);
}

static void lvs_sched_test_rr_del(struct kunit *test)
{
	static const struct sched_case c = { "del", 4, { 1, 1, 1, 1 } };
	struct wrr_model unused;
	struct sched_ctx *ctx = sched_setup(test, &c, "rr", &unused);
	int last = -1, got, want;
	unsigned int round;

	for (round = 0; round < 6; round++)
		KUNIT_ASSERT_EQ(test, sched_next(ctx),
				rr_model_pick(&last, ctx->weight, ctx->n));
	/* last == 1: delete it, the cursor's own entry; 2 is next. */
	KUNIT_ASSERT_EQ(test, last, 1);
	mutex_lock(&ctx->ln->config_mutex);
	lvs_dest_del(ctx->list[1]);
	mutex_unlock(&ctx->ln->config_mutex);
	memmove(&ctx->list[1], &ctx->list[2], 2 * sizeof(ctx->list[0]));
	memmove(&ctx->weight[1], &ctx->weight[2], 2 * sizeof(ctx->weight[0]));
	ctx->n = 3;
	last = 0;
	for (round = 0; round < 10; round++) {
		want = rr_model_pick(&last, ctx->weight, ctx->n);
		got = sched_next(ctx);
		KUNIT_ASSERT_EQ_MSG(test, got, want, "pick %u after delete",
				    round);
	}
}

/*
 * Maglev hashing as ip_vs_mh: every dest in list order, with IPVS's
 * fixed hash keys; a dest of weight 0 takes no turn. owner[] gets list
 * indices, -1 everywhere if no dest has a weight.
 */
static const hsiphash_key_t mh_model_key1 = {
	.key = { 2654435761UL, 2654435761UL },
};

static const hsiphash_key_t mh_model_key2 = {
	.key = { 2654446892UL, 2654446892UL },
};

static u32 mh_model_hash(__be32 addr, __be16 port, const hsiphash_key_t *k,
			 u32 offset)
{
	u32 v = offset + ntohs(port) + ntohl(addr);

	return hsiphash(&v, sizeof(v), k);
}

static void mh_model_build(int *owner, unsigned int m,
			   const struct sched_ctx *ctx)
{
	u32 next[SCHED_MAX_DESTS], skip[SCHED_MAX_DESTS];
	u32 turns[SCHED_MAX_DESTS];
	unsigned int i, t, g = 0, max = 0, filled = 0;
	int shift;

	for (i = 0; i < m; i++)
		owner[i] = -1;
	for (i = 0; i < ctx->n; i++) {
		if (!ctx->weight[i])
			continue;
		g = g ? gcd(ctx->weight[i], g) : ctx->weight[i];
		max = max(max, ctx->weight[i]);
	}
	if (!g)
		return;
	/* IP_VS_MH_TAB_BITS is half the table index: 4 for 251. */
	shift = max(fls(max / g) - (int)(ilog2(m) + 1) / 2, 0);
	for (i = 0; i < ctx->n; i++) {
		const struct lvs_dest *d = ctx->list[i];

		next[i] = mh_model_hash(d->addr.ip, d->port, &mh_model_key1,
					0) % m;
		skip[i] = mh_model_hash(d->addr.ip, d->port, &mh_model_key2,
					0) % (m - 1) + 1;
		turns[i] = ctx->weight[i] ?
			   ((ctx->weight[i] / g) >> shift ?: 1) : 0;
	}
	while (filled < m) {
		for (i = 0; i < ctx->n; i++) {
			for (t = 0; t < turns[i] && filled < m; t++) {
				while (owner[next[i]] >= 0)
					next[i] = (next[i] + skip[i]) % m;
				owner[next[i]] = i;
				filled++;
			}
		}
	}
}

/*
 * ip_vs_mh_get(_fallback) over the model's table, but for the bound on
 * the fallback's rehashes: twice the servers of non-zero weight, 16 at
 * most; then those servers in list order, from the first hash modulo
 * their number.
 */
static int mh_model_pick(const int *owner, unsigned int m,
			 const struct sched_ctx *ctx, u32 saddr, u16 sport,
			 bool fallback)
{
	u32 first = mh_model_hash(htonl(saddr), htons(sport), &mh_model_key1,
				  0) % m;
	unsigned int i, n = 0, live[SCHED_MAX_DESTS];
	int o = owner[first];

	if (o < 0 || lvs_dest_usable(ctx->list[o]) || !fallback)
		return o >= 0 && lvs_dest_usable(ctx->list[o]) ? o : -1;
	for (i = 0; i < ctx->n; i++)
		if (ctx->weight[i])
			live[n++] = i;
	for (i = 0; i < min3(m, 2 * n, 16U); i++) {
		o = owner[mh_model_hash(htonl(saddr), htons(sport),
					&mh_model_key1, (first + i) % m) % m];
		if (lvs_dest_usable(ctx->list[o]))
			return o;
	}
	for (i = 0; i < n; i++) {
		o = live[(first + i) % n];
		if (lvs_dest_usable(ctx->list[o]))
			return o;
	}
	return -1;
}

#define MH_SMALL	251	/* IPVS's smallest table (index 8) */
#define MH_KEYS		2000

/* Use a table of size m for the services the test makes. */
static void mh_size(struct kunit *test, unsigned int m)
{
	struct sched_ctx *ctx = test->priv;

	ctx->mh_size = m;
}

/* Every client address picks the model's server, never a weight-0 one. */
static void mh_check(struct kunit *test, struct sched_ctx *ctx, u16 sport,
		     bool fallback)
{
	int *owner = kunit_kcalloc(test, MH_SMALL, sizeof(int), GFP_KERNEL);
	unsigned int k;

	KUNIT_ASSERT_NOT_NULL(test, owner);
	mh_model_build(owner, MH_SMALL, ctx);
	for (k = 0; k < MH_KEYS; k++) {
		u32 saddr = 0xc6336400 + k * 7919;	/* 198.51.100.0 on */
		int want = mh_model_pick(owner, MH_SMALL, ctx, saddr, sport,
					 fallback);
		struct lvs_dest *d = lvs_kunit_pick_from(ctx->svc, saddr, sport,
							 0x0a000080);
		int got = sched_index(ctx, d);

		KUNIT_ASSERT_EQ_MSG(test, got, want, "client %u", k);
		if (got >= 0)
			KUNIT_ASSERT_GT(test, ctx->weight[got], 0);
	}
}

static void lvs_sched_test_mh(struct kunit *test)
{
	const struct sched_case *c = test->param_value;
	struct wrr_model unused;
	struct sched_ctx *ctx;

	mh_size(test, MH_SMALL);
	ctx = sched_setup(test, c, "mh", &unused);
	mh_check(test, ctx, 0, false);
}

/*
 * Unlike IPVS (which keeps a server edited to weight 0 in its table at
 * its last weight), the table is rebuilt without it: as if it had been
 * added with weight 0. Overloaded servers keep their slots; mh-fallback
 * walks on as ip_vs_mh does, and mh-port hashes the port.
 */
static void lvs_sched_test_mh_edit(struct kunit *test)
{
	static const struct sched_case c = { "edit", 4, { 1, 2, 3, 4 } };
	struct wrr_model unused;
	struct sched_ctx *ctx;

	mh_size(test, MH_SMALL);
	ctx = sched_setup(test, &c, "mh", &unused);
	KUNIT_ASSERT_EQ(test, lvs_kunit_dest_edit(ctx->list[1], 0, 0, 0), 0);
	ctx->weight[1] = 0;
	mh_check(test, ctx, 0, false);
	WRITE_ONCE(ctx->list[2]->overloaded, true);
	mh_check(test, ctx, 0, false);
	KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, NULL,
						 LVS_SVC_F_SCHED_FALLBACK), 0);
	mh_check(test, ctx, 0, true);
	KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, NULL,
						 LVS_SVC_F_SCHED_FALLBACK |
						 LVS_SVC_F_SCHED_PORT), 0);
	mh_check(test, ctx, 40001, true);
	WRITE_ONCE(ctx->list[2]->overloaded, false);
	mh_check(test, ctx, 40002, true);
}

/*
 * mh-fallback with every server overloaded costs a bounded number of
 * hashes (at most 1 + 16), not one per slot as in IPVS: 256 picks in
 * the largest table take well under a second where IPVS's loop would
 * hash 256 million times (seconds even without KASAN). A single usable
 * server is still found by every client, however few slots it owns.
 */
#define MH_MAX_SIZE	1048573
#define MH_FLOOD_PICKS	256

static void lvs_sched_test_mh_fallback_bound(struct kunit *test)
{
	static const struct sched_case c = { "bound", 3, { 1, 100, 100 } };
	struct wrr_model unused;
	struct sched_ctx *ctx;
	unsigned int i, k;
	u64 start, ns;

	mh_size(test, MH_MAX_SIZE);
	ctx = sched_setup(test, &c, "mh", &unused);
	KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, NULL,
						 LVS_SVC_F_SCHED_FALLBACK), 0);
	for (i = 0; i < ctx->n; i++)
		WRITE_ONCE(ctx->list[i]->overloaded, true);
	start = ktime_get_ns();
	for (k = 0; k < MH_FLOOD_PICKS; k++)
		KUNIT_ASSERT_NULL(test, lvs_kunit_pick_from(ctx->svc,
							    0xc6336400 + k,
							    0, 0x0a000080));
	ns = ktime_get_ns() - start;
	kunit_info(test, "%u picks with every server overloaded: %llu us\n",
		   MH_FLOOD_PICKS, ns / 1000);
	KUNIT_EXPECT_LT(test, ns, (u64)NSEC_PER_SEC);
	/* Only the weight-1 server (added first: last listed) is left. */
	WRITE_ONCE(ctx->list[ctx->n - 1]->overloaded, false);
	for (k = 0; k < MH_FLOOD_PICKS; k++)
		KUNIT_ASSERT_PTR_EQ(test,
				    lvs_kunit_pick_from(ctx->svc,
							0xc6336400 + k * 7919,
							0, 0x0a000080),
				    ctx->list[ctx->n - 1]);
}

/*
 * Removing one of ten equal servers moves its clients (a tenth) and only
 * a few others: Maglev rebuilds the table, and slots change hands only
 * where the remaining servers' claiming race changes. Simulated with
 * random permutations, 65537 slots and ten servers move 0.25-0.35% of
 * the other clients (a 4093-slot table about 1.1-1.6%); 1% leaves
 * margin for these hashes and 8192 clients, and stays far below the
 * 1/N = 10% a modulo hash would move.
 */
#define MH_DISRUPT_KEYS	8192

static void lvs_sched_test_mh_disruption(struct kunit *test)
{
	static const struct sched_case c = {
		"ten", SCHED_MAX_DESTS, { 1, 1, 1, 1, 1, 1, 1, 1 },
	};
	struct lvs_dest **before, *gone, *d;
	unsigned int k, others = 0, moved = 0, own = 0;
	struct wrr_model unused;
	struct sched_ctx *ctx;

	before = kunit_kcalloc(test, MH_DISRUPT_KEYS, sizeof(*before),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	mh_size(test, 65537);
	ctx = sched_setup(test, &c, "mh", &unused);
	/* Two more, for ten: the context only tracks eight. */
	lvs_kunit_dest(test, ctx->svc, 9, LVS_FWD_NAT, 1);
	lvs_kunit_dest(test, ctx->svc, 10, LVS_FWD_NAT, 1);
	for (k = 0; k < MH_DISRUPT_KEYS; k++) {
		before[k] = lvs_kunit_pick_from(ctx->svc,
						0xcb007100 + k * 40503, 0,
						0x0a000080);
		KUNIT_ASSERT_NOT_NULL(test, before[k]);
	}
	gone = ctx->list[3];
	sched_del(gone);
	for (k = 0; k < MH_DISRUPT_KEYS; k++) {
		d = lvs_kunit_pick_from(ctx->svc, 0xcb007100 + k * 40503, 0,
					0x0a000080);
		KUNIT_ASSERT_NOT_NULL(test, d);
		KUNIT_ASSERT_PTR_NE(test, d, gone);
		if (before[k] == gone) {
			own++;
			continue;
		}
		others++;
		if (d != before[k])
			moved++;
	}
	kunit_info(test, "removed server had %u of %u clients; %u of the other %u moved\n",
		   own, MH_DISRUPT_KEYS, moved, others);
	/* Its share is about a tenth: 65537 slots split evenly. */
	KUNIT_EXPECT_GT(test, own * 100, MH_DISRUPT_KEYS * 7);
	KUNIT_EXPECT_LT(test, own * 100, MH_DISRUPT_KEYS * 13);
	KUNIT_EXPECT_LE(test, moved * 100, others);
}

/*
 * lblc: a destination keeps its server while that one is usable and not
 * overloaded (more active connections than its weight while another has
 * fewer than half its own), even when another is now less loaded; then
 * it moves to the weighted least connection choice and stays there. A
 * removed server's destinations move, and nothing points at it.
 */
#define LBL_D1	0xcb007101	/* destination addresses, 203.0.113.x */
#define LBL_D2	0xcb007102

static void lvs_sched_test_lblc(struct kunit *test)
{
	static const struct sched_case c = { "lblc", 3, { 1, 2, 3 } };
	struct wrr_model unused;
	struct sched_ctx *ctx = sched_setup(test, &c, "lblc", &unused);
	struct lvs_dest *x, *y, *z;
	int i;

	/* List: weights 3, 2, 1; all idle, so the first. */
	x = lvs_kunit_pick_from(ctx->svc, 0xc0000201, 1000, LBL_D1);
	KUNIT_ASSERT_PTR_EQ(test, x, ctx->list[0]);
	atomic_set(&x->inactconns, 1000);
	y = lvs_kunit_pick_from(ctx->svc, 0xc0000202, 1000, LBL_D2);
	KUNIT_ASSERT_PTR_EQ(test, y, ctx->list[1]);
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_PTR_EQ(test,
				    lvs_kunit_pick_from(ctx->svc,
							0xc0000300 + i, 1000,
							LBL_D1), x);
	/* Overloaded as IPVS means it: it moves to the least loaded. */
	atomic_set(&x->activeconns, 4);
	atomic_set(&y->inactconns, 2000);
	z = lvs_kunit_pick_from(ctx->svc, 0xc0000203, 1000, LBL_D1);
	KUNIT_ASSERT_PTR_EQ(test, z, ctx->list[2]);
	atomic_set(&x->activeconns, 0);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000204,
						      1000, LBL_D1), z);
	/* Over its -x threshold, or quiesced: not used either. */
	WRITE_ONCE(z->overloaded, true);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000205,
						      1000, LBL_D1), x);
	WRITE_ONCE(z->overloaded, false);
	atomic_set(&z->inactconns, 5000);
	KUNIT_ASSERT_EQ(test, lvs_kunit_dest_edit(x, 0, 0, 0), 0);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000206,
						      1000, LBL_D1), y);
	/* y leaves: both destinations move to z, the one usable left. */
	sched_del(y);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000207,
						      1000, LBL_D1), z);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000208,
						      1000, LBL_D2), z);
}

/*
 * lblcr: a destination's set grows by the least loaded server when its
 * best member is overloaded; it then goes to the least loaded member.
 */
static void lvs_sched_test_lblcr(struct kunit *test)
{
	static const struct sched_case c = { "lblcr", 3, { 1, 2, 3 } };
	struct wrr_model unused;
	struct sched_ctx *ctx = sched_setup(test, &c, "lblcr", &unused);
	struct lvs_dest *x = ctx->list[0], *y = ctx->list[1];
	struct lvs_dest *z = ctx->list[2];

	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000201,
						      1000, LBL_D1), x);
	atomic_set(&x->inactconns, 1000);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000202,
						      1000, LBL_D1), x);
	/* x overloaded: y, the least loaded of all, joins {x}. */
	atomic_set(&x->activeconns, 4);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000203,
						      1000, LBL_D1), y);
	/* Within {x, y}: the less loaded, never z, although idle. */
	atomic_set(&x->activeconns, 0);
	atomic_set(&y->inactconns, 5000);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000204,
						      1000, LBL_D1), x);
	atomic_set(&x->inactconns, 0);
	atomic_set(&y->inactconns, 0);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000205,
						      1000, LBL_D1), y);
	/* A new destination gets the least loaded of all. */
	atomic_set(&y->inactconns, 10);
	atomic_set(&x->inactconns, 10);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000206,
						      1000, LBL_D2), z);
	/* The set loses a removed member; an emptied set, its entry. */
	sched_del(y);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000207,
						      1000, LBL_D1), x);
	sched_del(z);
	KUNIT_ASSERT_PTR_EQ(test, lvs_kunit_pick_from(ctx->svc, 0xc0000208,
						      1000, LBL_D2), x);
}

/* ip_vs_sh's bucket for a key, and its fallback walk. */
static struct lvs_dest *sh_model(struct lvs_service *svc, u32 key,
				 bool fallback)
{
	struct lvs_sched_tab *tab = svc->sched_data;
	u32 ihash = hash_32(key, LVS_SCHED_TAB_BITS), off;
	struct lvs_dest *d = rcu_access_pointer(tab->bucket[ihash]);

	if (lvs_dest_usable(d) || !fallback)
		return lvs_dest_usable(d) ? d : NULL;
	for (off = 0; off < 256; off++) {
		u32 roff = (off + ihash) % 256;

		d = rcu_access_pointer(tab->bucket[(roff + hash_32(key, 8)) & 255]);
		if (lvs_dest_usable(d))
			return d;
	}
	return NULL;
}

/*
 * sh: sh-port hashes the client's port too, sh-fallback passes a bucket
 * of an unusable server on; flags other schedulers do not use, or that
 * a change of scheduler would leave behind, are refused.
 */
static void lvs_sched_test_sh_flags(struct kunit *test)
{
	static const struct sched_case c = { "sh", 4, { 1, 1, 1, 1 } };
	struct wrr_model unused;
	struct sched_ctx *ctx = sched_setup(test, &c, "sh", &unused);
	struct lvs_dest *first = NULL, *d;
	bool spread = false;
	u32 saddr = 0xc0000207, k;

	for (k = 0; k < 64; k++) {
		d = lvs_kunit_pick_from(ctx->svc, saddr, 40000 + k, 0x0a000080);
		KUNIT_ASSERT_NOT_NULL(test, d);
		if (!first)
			first = d;
		KUNIT_ASSERT_PTR_EQ(test, d, first);
	}
	KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, NULL,
						 LVS_SVC_F_SCHED_PORT), 0);
	for (k = 0; k < 64; k++) {
		d = lvs_kunit_pick_from(ctx->svc, saddr, 40000 + k, 0x0a000080);
		KUNIT_ASSERT_PTR_EQ(test, d, sh_model(ctx->svc,
						      saddr + 40000 + k, false));
		spread |= d != first;
	}
	KUNIT_EXPECT_TRUE(test, spread);
	/* Quiesce one: its buckets refuse, or with fallback pass on. */
	KUNIT_ASSERT_EQ(test, lvs_kunit_dest_edit(ctx->list[1], 0, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, NULL, 0), 0);
	for (k = 0; k < 512; k++)
		KUNIT_ASSERT_PTR_EQ(test,
				    lvs_kunit_pick_from(ctx->svc, saddr + k, 1,
							0x0a000080),
				    sh_model(ctx->svc, saddr + k, false));
	KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, NULL,
						 LVS_SVC_F_SCHED_FALLBACK), 0);
	for (k = 0; k < 512; k++) {
		d = lvs_kunit_pick_from(ctx->svc, saddr + k, 1, 0x0a000080);
		KUNIT_ASSERT_PTR_EQ(test, d, sh_model(ctx->svc, saddr + k,
						      true));
		KUNIT_ASSERT_PTR_NE(test, d, ctx->list[1]);
		KUNIT_ASSERT_NOT_NULL(test, d);
	}
	/* rr has no flags: the edit fails and leaves sh as it was. */
	KUNIT_EXPECT_EQ(test, lvs_kunit_svc_edit(ctx->svc, "rr",
						 LVS_SVC_F_SCHED_FALLBACK),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test,
			   rcu_dereference_protected(ctx->svc->sched, 1)->name,
			   "sh");
	KUNIT_EXPECT_EQ(test, ctx->svc->flags, LVS_SVC_F_SCHED_FALLBACK);
	KUNIT_EXPECT_EQ(test, lvs_kunit_svc_edit(ctx->svc, "mh",
						 LVS_SVC_F_SCHED_FALLBACK), 0);
	KUNIT_EXPECT_EQ(test, lvs_kunit_svc_edit(ctx->svc, "rr", 0), 0);
}

/*
 * Counts past 32-bit arithmetic: 9M active connections are an overhead
 * of 2.3e9 (an int wraps negative, and lc and wlc would pick that
 * server), and an upper threshold of 1.5e9 resumes below 3/4 of it
 * (u32 upper * 3 wraps to 2e8, so the server would stay overloaded).
 */
static void lvs_sched_test_overflow(struct kunit *test)
{
	static const struct sched_case c = { "two", 2, { 1, 1 } };
	static const char *const scheds[] = { "lc", "wlc" };
	struct wrr_model unused;
	struct sched_ctx *ctx;
	struct lvs_dest *busy;
	unsigned int i;

	ctx = sched_setup(test, &c, "lc", &unused);
	busy = ctx->list[0];
	atomic_set(&busy->activeconns, 9000000);
	atomic_set(&ctx->list[1]->activeconns, 1);
	for (i = 0; i < ARRAY_SIZE(scheds); i++) {
		KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, scheds[i], 0),
				0);
		KUNIT_EXPECT_PTR_EQ_MSG(test, lvs_kunit_pick(ctx->svc, NULL),
					ctx->list[1], "%s", scheds[i]);
	}
	atomic_set(&busy->activeconns, 1500000000);
	KUNIT_ASSERT_EQ(test, lvs_kunit_dest_edit(busy, 1, 1500000000, 0), 0);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(busy->overloaded));
	atomic_set(&busy->activeconns, 1000000000);
	lvs_dest_update_load(busy);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(busy->overloaded));
	atomic_set(&busy->activeconns, 0);
	atomic_set(&ctx->list[1]->activeconns, 0);
}

/*
 * twos draws two servers in proportion to their weights: every pick is a
 * usable server, never the quiesced one, and each of the others comes up
 * (a weight-1 server of six missing 300 draws: about 1e-24).
 */
#define TWOS_PICKS	300

static void lvs_sched_test_twos(struct kunit *test)
{
	static const struct sched_case c = { "twos", 4, { 1, 0, 2, 3 } };
	unsigned int k, seen[SCHED_MAX_DESTS] = { 0 };
	struct wrr_model unused;
	struct sched_ctx *ctx;
	int i;

	ctx = sched_setup(test, &c, "twos", &unused);
	for (k = 0; k < TWOS_PICKS; k++) {
		i = sched_next(ctx);
		KUNIT_ASSERT_GE_MSG(test, i, 0, "pick %u", k);
		KUNIT_ASSERT_GT(test, ctx->weight[i], 0);
		seen[i]++;
	}
	for (i = 0; i < ctx->n; i++)
		if (ctx->weight[i])
			KUNIT_EXPECT_GT_MSG(test, seen[i], 0, "server %d", i);
}

static struct kunit_case lvs_sched_cases[] = {
	KUNIT_CASE_PARAM(lvs_sched_test_rr, sched_case_gen_params),
	KUNIT_CASE_PARAM(lvs_sched_test_wrr, sched_case_gen_params),
	KUNIT_CASE(lvs_sched_test_wrr_edit),
	KUNIT_CASE(lvs_sched_test_rr_del),
	KUNIT_CASE(lvs_sched_test_edit_revert),
	KUNIT_CASE_PARAM(lvs_sched_test_mh, sched_case_gen_params),
	KUNIT_CASE(lvs_sched_test_mh_edit),
	KUNIT_CASE(lvs_sched_test_mh_disruption),
	KUNIT_CASE(lvs_sched_test_mh_fallback_bound),
	KUNIT_CASE(lvs_sched_test_overflow),
	KUNIT_CASE(lvs_sched_test_twos),
	KUNIT_CASE(lvs_sched_test_lblc),
	KUNIT_CASE(lvs_sched_test_lblcr),
	KUNIT_CASE(lvs_sched_test_sh_flags),
	{}
};

static struct kunit_suite lvs_sched_suite = {
	.name = "lvs_sched",
	.suite_init = lvs_kunit_env_init,
	.init = sched_test_init,
	.exit = sched_test_exit,
	.test_cases = lvs_sched_cases,
};

kunit_test_suite(lvs_sched_suite);
