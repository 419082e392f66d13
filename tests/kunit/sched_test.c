// SPDX-License-Identifier: GPL-2.0
/*
 * The rr and wrr schedulers, on services and real servers made by the
 * real lvs_service_add()/lvs_dest_add(), against reference models of
 * ip_vs_rr and ip_vs_wrr written here over plain arrays: the sequences of
 * picks must match exactly.
 */
#include <linux/gcd.h>

#include "lvs_kunit.h"

#define SCHED_MAX_DESTS	8

struct sched_case {
	const char *name;
	unsigned int n;
	u32 weight[SCHED_MAX_DESTS];	/* in the order they are added */
};

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

KUNIT_ARRAY_PARAM(sched_case, sched_cases, sched_case_desc);

/* The service, and its dests in list (scheduling) order. */
struct sched_ctx {
	struct lvs_net *ln;
	struct lvs_service *svc;
	struct lvs_dest *list[SCHED_MAX_DESTS];
	u32 weight[SCHED_MAX_DESTS];	/* in list order */
	unsigned int n;
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

static struct lvs_dest *sched_pick(struct lvs_service *svc)
{
	struct lvs_scheduler *s;
	struct lvs_dest *dest;

	local_bh_disable();
	rcu_read_lock();
	s = rcu_dereference(svc->sched);
	dest = s->schedule(svc, NULL, NULL);
	rcu_read_unlock();
	local_bh_enable();
	return dest;
}

/* Index of dest in list order, -1 for NULL, -2 for a stranger. */
static int sched_index(const struct sched_ctx *ctx, const struct lvs_dest *d)
{
	unsigned int i;

	if (!d)
		return -1;
	for (i = 0; i < ctx->n; i++)
		if (ctx->list[i] == d)
			return i;
	return -2;
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
		int got = sched_index(ctx, sched_pick(ctx->svc));

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
		int got = sched_index(ctx, sched_pick(ctx->svc));

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
		KUNIT_ASSERT_EQ(test, sched_index(ctx, sched_pick(ctx->svc)),
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
				    sched_index(ctx, sched_pick(ctx->svc)),
				    wrr_model_pick(&m, ctx->weight, ctx->n),
				    "pick %u after the edit", round);
}

static void lvs_sched_test_rr_del(struct kunit *test)
{
	static const struct sched_case c = { "del", 4, { 1, 1, 1, 1 } };
	struct wrr_model unused;
	struct sched_ctx *ctx = sched_setup(test, &c, "rr", &unused);
	int last = -1, got, want;
	unsigned int round;

	for (round = 0; round < 6; round++)
		KUNIT_ASSERT_EQ(test, sched_index(ctx, sched_pick(ctx->svc)),
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
		got = sched_index(ctx, sched_pick(ctx->svc));
		KUNIT_ASSERT_EQ_MSG(test, got, want, "pick %u after delete",
				    round);
	}
}

static struct kunit_case lvs_sched_cases[] = {
	KUNIT_CASE_PARAM(lvs_sched_test_rr, sched_case_gen_params),
	KUNIT_CASE_PARAM(lvs_sched_test_wrr, sched_case_gen_params),
	KUNIT_CASE(lvs_sched_test_wrr_edit),
	KUNIT_CASE(lvs_sched_test_rr_del),
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
