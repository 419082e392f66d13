// SPDX-License-Identifier: GPL-2.0
/*
 * More schedulers, on services and real servers made by the real
 * lvs_service_add()/lvs_dest_add(): dh and sh against a model of
 * ip_vs_dh's and ip_vs_sh's bucket tables written here over plain
 * arrays; lc, wlc, sed, nq, fo and ovf against models of their choice
 * given the connection counts, which the tests set directly; twos's
 * shares against the exact odds of its two weighted draws; and, for
 * every scheduler, weight 0 and the -x/-y thresholds.
 */
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/prandom.h>

#include "lvs_kunit.h"

/* The service and the model's view of its servers, in list order. */
struct load_ctx {
	struct lvs_net *ln;
	struct lvs_service *svc;
	struct lvs_dest *list[SCHED_MAX_DESTS];
	unsigned int n;
	u32 weight[SCHED_MAX_DESTS];
	u32 act[SCHED_MAX_DESTS], inact[SCHED_MAX_DESTS];
	bool over[SCHED_MAX_DESTS];	/* past the -x threshold */
};

static int load_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct load_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void load_test_exit(struct kunit *test)
{
	struct load_ctx *ctx = test->priv;

	lvs_kunit_net_free(ctx->ln);
}

/*
 * A service of sched with servers of these weights, added in turn:
 * lvs_dest_add() puts each at the head, so list order is the reverse.
 */
static struct load_ctx *load_setup(struct kunit *test, u8 af,
				   const char *sched, const u32 *weight,
				   unsigned int n)
{
	struct load_ctx *ctx = test->priv;
	struct lvs_dest *d;
	unsigned int i;

	ctx->ln = lvs_kunit_net_new(test);
	ctx->svc = lvs_kunit_service(test, ctx->ln, af, IPPROTO_TCP, sched);
	ctx->n = n;
	for (i = 0; i < n; i++) {
		ctx->list[n - 1 - i] = lvs_kunit_dest(test, ctx->svc, i + 1,
						      LVS_FWD_NAT, weight[i]);
		ctx->weight[n - 1 - i] = weight[i];
	}
	i = 0;
	list_for_each_entry(d, &ctx->svc->dests, n_list) {
		KUNIT_ASSERT_LT(test, i, n);
		KUNIT_ASSERT_PTR_EQ(test, d, ctx->list[i]);
		i++;
	}
	KUNIT_ASSERT_EQ(test, i, n);
	return ctx;
}

/*
 * Server i gets weight w (an edit, so no thresholds) and these counts;
 * over sets the flag a -x threshold would.
 */
static void load_set(struct kunit *test, struct load_ctx *ctx,
		     unsigned int i, u32 w, u32 act, u32 inact, bool over)
{
	struct lvs_dest *d = ctx->list[i];

	if (ctx->weight[i] != w) {
		KUNIT_ASSERT_EQ(test, lvs_kunit_dest_edit(d, w, 0, 0), 0);
		ctx->weight[i] = w;
	}
	atomic_set(&d->activeconns, act);
	atomic_set(&d->inactconns, inact);
	WRITE_ONCE(d->overloaded, over);
	ctx->act[i] = act;
	ctx->inact[i] = inact;
	ctx->over[i] = over;
}

/* The state, for a failure's log. */
static void load_dump(struct kunit *test, const struct load_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->n; i++)
		kunit_info(test, "server %u: weight %u active %u inactive %u%s\n",
			   i, ctx->weight[i], ctx->act[i], ctx->inact[i],
			   ctx->over[i] ? " overloaded" : "");
}

static bool model_usable(const struct load_ctx *ctx, unsigned int i)
{
	return ctx->weight[i] > 0 && !ctx->over[i];
}

/* The k-th test connection: client, port and destination all vary. */
static u32 key_saddr(unsigned int k)
{
	return 0xc6336400 + k * 7919;		/* 198.51.100.0 on */
}

static u16 key_sport(unsigned int k)
{
	return 1024 + k * 37;
}

static u32 key_daddr(unsigned int k)
{
	return 0xcb007100 + k * 40503;		/* 203.0.113.0 on */
}

static int key_pick(const struct load_ctx *ctx, unsigned int k)
{
	struct lvs_dest *d = lvs_kunit_pick_from(ctx->svc, key_saddr(k),
						 key_sport(k), key_daddr(k));

	return lvs_kunit_index(ctx->list, ctx->n, d);
}

/*
 * dh and sh as ip_vs_dh and ip_vs_sh: 256 buckets dealt to the servers
 * in list order, cycling; dh gives each one bucket a turn, sh as many
 * in a row as its weight, at least one (so a server of weight 0 holds
 * buckets, which refuse). owner[] gets list indices.
 */
#define TAB_SIZE	256

static void tab_model_fill(int *owner, const struct load_ctx *ctx,
			   bool weighted)
{
	unsigned int b = 0, i = 0, run;

	if (!ctx->n) {
		for (b = 0; b < TAB_SIZE; b++)
			owner[b] = -1;
		return;
	}
	while (b < TAB_SIZE) {
		run = weighted ? max(ctx->weight[i], 1U) : 1;
		for (; run && b < TAB_SIZE; run--)
			owner[b++] = i;
		i = (i + 1) % ctx->n;
	}
}

/* hash_32(key, 8): the top byte of key times the golden ratio. */
static unsigned int tab_model_hash(u32 key)
{
	return (u32)(key * 0x61c88647U) >> 24;
}

/*
 * The key's bucket's server if usable, else none; with fallback, the
 * first usable one from bucket 2 * hash on (ip_vs_sh adds the hash to
 * its walk's offset, which starts at the hash).
 */
static int tab_model_pick(const int *owner, const struct load_ctx *ctx,
			  u32 key, bool fallback)
{
	unsigned int h = tab_model_hash(key), off;
	int o = owner[h];

	if (o < 0 || model_usable(ctx, o))
		return o;
	if (!fallback)
		return -1;
	for (off = 0; off < TAB_SIZE; off++) {
		o = owner[(2 * h + off) % TAB_SIZE];
		if (model_usable(ctx, o))
			return o;
	}
	return -1;
}

#define TAB_KEYS	1024

/* dh hashes the destination; sh the client, and with sh-port its port. */
static void tab_check(struct kunit *test, const struct load_ctx *ctx,
		      bool dh, u32 flags)
{
	int *owner = kunit_kcalloc(test, TAB_SIZE, sizeof(int), GFP_KERNEL);
	unsigned int k;

	KUNIT_ASSERT_NOT_NULL(test, owner);
	tab_model_fill(owner, ctx, !dh);
	for (k = 0; k < TAB_KEYS; k++) {
		u32 key = dh ? key_daddr(k) : key_saddr(k);
		int want, got = key_pick(ctx, k);

		if (flags & LVS_SVC_F_SCHED_PORT)
			key += key_sport(k);
		want = tab_model_pick(owner, ctx, key,
				      flags & LVS_SVC_F_SCHED_FALLBACK);
		if (got != want)
			load_dump(test, ctx);
		KUNIT_ASSERT_EQ_MSG(test, got, want, "key %u, flags %#x", k,
				    flags);
		if (got >= 0)
			KUNIT_ASSERT_TRUE(test, model_usable(ctx, got));
	}
	kunit_kfree(test, owner);
}

/* Over its -x threshold of one connection, as lvs_dest_update_load finds. */
static void load_overload(struct kunit *test, struct load_ctx *ctx,
			  unsigned int i)
{
	struct lvs_dest *d = ctx->list[i];

	KUNIT_ASSERT_EQ(test, lvs_kunit_dest_edit(d, ctx->weight[i], 1, 0), 0);
	atomic_set(&d->inactconns, 1);
	lvs_dest_update_load(d);
	KUNIT_ASSERT_TRUE(test, READ_ONCE(d->overloaded));
	ctx->inact[i] = 1;
	ctx->over[i] = true;
}

/*
 * dh: weight 0 and overloaded servers keep their buckets, which refuse;
 * weights do not shape the table, so an edit of one changes nothing else.
 */
static void lvs_sched_load_test_dh(struct kunit *test)
{
	const struct sched_case *c = test->param_value;
	struct load_ctx *ctx = load_setup(test, AF_INET, "dh", c->weight, c->n);

	tab_check(test, ctx, true, 0);
	load_set(test, ctx, 0, ctx->weight[0] + 3, 0, 0, false);
	tab_check(test, ctx, true, 0);
	load_overload(test, ctx, ctx->n / 2);
	tab_check(test, ctx, true, 0);
}

static void sh_check(struct kunit *test, const struct load_ctx *ctx)
{
	static const u32 flags[] = {
		0, LVS_SVC_F_SCHED_PORT, LVS_SVC_F_SCHED_FALLBACK,
		LVS_SVC_F_SCHED_FALLBACK | LVS_SVC_F_SCHED_PORT,
	};
	unsigned int f;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, NULL,
							 flags[f]), 0);
		tab_check(test, ctx, false, flags[f]);
	}
}

/*
 * sh, with and without sh-port and sh-fallback: a weight edit refills
 * the table; an overloaded server keeps its buckets.
 */
static void lvs_sched_load_test_sh(struct kunit *test)
{
	const struct sched_case *c = test->param_value;
	struct load_ctx *ctx = load_setup(test, AF_INET, "sh", c->weight, c->n);

	sh_check(test, ctx);
	load_set(test, ctx, 0, ctx->weight[0] + 3, 0, 0, false);
	sh_check(test, ctx);
	load_overload(test, ctx, ctx->n / 2);
	sh_check(test, ctx);
}

/* IPVS's fold of an IPv6 address: its four words XORed. */
static u32 tab_model_fold6(const struct in6_addr *a)
{
	return be32_to_cpu(a->s6_addr32[0]) ^ be32_to_cpu(a->s6_addr32[1]) ^
	       be32_to_cpu(a->s6_addr32[2]) ^ be32_to_cpu(a->s6_addr32[3]);
}

/* dh, then sh (the same service, its scheduler changed), over IPv6. */
static void lvs_sched_load_test_tab_ipv6(struct kunit *test)
{
	static const u32 weights[] = { 2, 0, 1, 3 };
	struct load_ctx *ctx = load_setup(test, AF_INET6, "dh", weights, 4);
	int *owner = kunit_kcalloc(test, TAB_SIZE, sizeof(int), GFP_KERNEL);
	struct lvs_pkt pkt = {
		.af = AF_INET6, .proto = IPPROTO_TCP, .dport = htons(80),
	};
	unsigned int k, sh;
	int want, got;
	u32 key;

	KUNIT_ASSERT_NOT_NULL(test, owner);
	for (sh = 0; sh < 2; sh++) {
		if (sh)
			KUNIT_ASSERT_EQ(test, lvs_kunit_svc_edit(ctx->svc, "sh",
								 0), 0);
		tab_model_fill(owner, ctx, sh);
		for (k = 0; k < TAB_KEYS; k++) {
			pkt.saddr.in6 = (struct in6_addr){ { {
				0x20, 0x01, 0x0d, 0xb8, 0xc0, 0xde,
				[10] = k >> 8, [11] = k, [13] = k * 7,
				[15] = k * 13 } } };
			pkt.daddr.in6 = pkt.saddr.in6;
			pkt.daddr.in6.s6_addr32[1] = htonl(key_daddr(k));
			pkt.sport = htons(key_sport(k));
			key = tab_model_fold6(sh ? &pkt.saddr.in6 :
					      &pkt.daddr.in6);
			want = tab_model_pick(owner, ctx, key, false);
			got = lvs_kunit_index(ctx->list, ctx->n,
					      lvs_kunit_pick(ctx->svc, &pkt));
			KUNIT_ASSERT_EQ_MSG(test, got, want, "%s key %u",
					    sh ? "sh" : "dh", k);
		}
	}
}

/* What lc and wlc compare: an active connection costs 256 inactive. */
static u64 model_overhead(const struct load_ctx *ctx, unsigned int i)
{
	return (u64)ctx->act[i] * 256 + ctx->inact[i];
}

/* What sed and nq compare: the active connections with the new one. */
static u64 model_delay(const struct load_ctx *ctx, unsigned int i)
{
	return (u64)ctx->act[i] + 1;
}

/*
 * The usable server with the least cost (per weight if weighted); on
 * ties the first in list order: a later one must be strictly better.
 */
static int model_least(const struct load_ctx *ctx,
		       u64 (*cost)(const struct load_ctx *ctx, unsigned int i),
		       bool weighted)
{
	unsigned int i;
	int best = -1;

	for (i = 0; i < ctx->n; i++) {
		u64 wi = weighted ? ctx->weight[i] : 1;
		u64 wb;

		if (!model_usable(ctx, i))
			continue;
		if (best < 0) {
			best = i;
			continue;
		}
		wb = weighted ? ctx->weight[best] : 1;
		if (cost(ctx, i) * wb < cost(ctx, best) * wi)
			best = i;
	}
	return best;
}

/* lc: the least active * 256 + inactive, whatever the weights. */
static int lc_model(const struct load_ctx *ctx)
{
	return model_least(ctx, model_overhead, false);
}

/* wlc: the least (active * 256 + inactive) / weight. */
static int wlc_model(const struct load_ctx *ctx)
{
	return model_least(ctx, model_overhead, true);
}

/* sed: the least (active + 1) / weight; inactive ones cost nothing. */
static int sed_model(const struct load_ctx *ctx)
{
	return model_least(ctx, model_delay, true);
}

/* nq: the first usable server with no active connection, else sed's. */
static int nq_model(const struct load_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->n; i++)
		if (model_usable(ctx, i) && !ctx->act[i])
			return i;
	return sed_model(ctx);
}

/*
 * fo: the highest weight, the first on ties; ovf the same among the
 * servers with no more active connections than their weight.
 */
static int model_heaviest(const struct load_ctx *ctx, bool spill)
{
	unsigned int i;
	int best = -1;

	for (i = 0; i < ctx->n; i++) {
		if (!model_usable(ctx, i) ||
		    (spill && ctx->act[i] > ctx->weight[i]))
			continue;
		if (best < 0 || ctx->weight[i] > ctx->weight[best])
			best = i;
	}
	return best;
}

static int fo_model(const struct load_ctx *ctx)
{
	return model_heaviest(ctx, false);
}

static int ovf_model(const struct load_ctx *ctx)
{
	return model_heaviest(ctx, true);
}

/*
 * Three servers, in list order, whose picks tell the schedulers apart;
 * each scheduler's expected picks are written out by hand below.
 */
#define LOAD_EXAMPLES	4

static const struct {
	u32 weight[3], act[3], inact[3];
} load_examples[LOAD_EXAMPLES] = {
	{ { 1, 2, 4 }, { 0, 1, 3 }, { 10, 0, 0 } },
	{ { 1, 2, 4 }, { 1, 1, 2 }, { 0, 0, 600 } },
	{ { 3, 3, 1 }, { 4, 3, 0 }, { 0, 0, 0 } },
	{ { 1, 4, 2 }, { 0, 0, 0 }, { 0, 0, 0 } },	/* idle */
};

struct load_sched {
	const char *name;
	int (*model)(const struct load_ctx *ctx);
	int example[LOAD_EXAMPLES];	/* the pick in each example */
};

static const struct load_sched load_scheds[] = {
	{ "lc",		lc_model,	{ 0, 0, 2, 0 } },
	{ "wlc",	wlc_model,	{ 0, 1, 2, 0 } },
	{ "sed",	sed_model,	{ 0, 2, 2, 1 } },
	{ "nq",		nq_model,	{ 0, 2, 2, 0 } },
	{ "fo",		fo_model,	{ 2, 2, 0, 1 } },
	{ "ovf",	ovf_model,	{ 2, 2, 1, 1 } },
};

static void load_sched_desc(const struct load_sched *s, char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(load_sched, load_scheds, load_sched_desc);

#define LOAD_ROUNDS	600

/* The pick for a packet-less new connection against want. */
static void load_check(struct kunit *test, const struct load_ctx *ctx,
		       int want, const char *what, unsigned int round)
{
	int got = lvs_kunit_index(ctx->list, ctx->n,
				  lvs_kunit_pick(ctx->svc, NULL));

	if (got != want)
		load_dump(test, ctx);
	KUNIT_ASSERT_EQ_MSG(test, got, want, "%s %u", what, round);
}

/*
 * The hand-written examples, then random counts, weights (0 included)
 * and overloads against the model. Small ranges make ties common, so
 * the tie-breaks count; every other round keeps every server busy, so
 * that nq falls back to sed's choice.
 */
static void lvs_sched_load_test_least(struct kunit *test)
{
	static const u32 weights[] = { 0, 1, 1, 2, 3, 4, 5, 8 };
	static const u32 inacts[] = { 0, 1, 255, 256, 257, 512 };
	static const u32 ones[SCHED_MAX_DESTS] = {
		1, 1, 1, 1, 1, 1, 1, 1,
	};
	const struct load_sched *s = test->param_value;
	struct load_ctx *ctx = load_setup(test, AF_INET, s->name, ones,
					  SCHED_MAX_DESTS);
	unsigned int round, i;
	struct rnd_state rnd;

	for (round = 0; round < LOAD_EXAMPLES; round++) {
		for (i = 0; i < ctx->n; i++) {
			if (i >= 3) {
				load_set(test, ctx, i, 0, 0, 0, false);
				continue;
			}
			load_set(test, ctx, i, load_examples[round].weight[i],
				 load_examples[round].act[i],
				 load_examples[round].inact[i], false);
		}
		KUNIT_ASSERT_EQ(test, s->model(ctx), s->example[round]);
		load_check(test, ctx, s->example[round], "example", round);
	}
	prandom_seed_state(&rnd, 0x1e5ced);
	for (round = 0; round < LOAD_ROUNDS; round++) {
		for (i = 0; i < ctx->n; i++) {
			u32 w = weights[prandom_u32_state(&rnd) % 8];
			u32 act = (round & 1) + prandom_u32_state(&rnd) % 4;
			u32 inact = inacts[prandom_u32_state(&rnd) % 6];
			bool over = !(prandom_u32_state(&rnd) % 8);

			load_set(test, ctx, i, w, act, inact, over);
		}
		load_check(test, ctx, s->model(ctx), "round", round);
	}
}

/*
 * twos draws twice from [0, total], total being the usable servers'
 * weights, and takes the first usable server in list order whose
 * running sum of weights reaches the draw: each gets weight of the
 * total + 1 draws, the first one more. Of the two, the one with less
 * (active * 256 + inactive) / weight wins, the first draw on ties.
 * chances[] gets each server's odds out of the return value.
 */
#define TWOS_DESTS	4
#define TWOS_PICKS	20000

static u64 twos_model(const struct load_ctx *ctx, u64 *chances)
{
	u32 draws[TWOS_DESTS] = {}, total = 0;
	unsigned int i, j, win;
	int first = -1;

	for (i = 0; i < ctx->n; i++) {
		chances[i] = 0;
		if (!model_usable(ctx, i))
			continue;
		draws[i] = ctx->weight[i];
		total += ctx->weight[i];
		if (first < 0)
			first = i;
	}
	if (first < 0)
		return 1;
	draws[first]++;
	for (i = 0; i < ctx->n; i++) {
		for (j = 0; j < ctx->n; j++) {
			win = model_overhead(ctx, j) * ctx->weight[i] <
			      model_overhead(ctx, i) * ctx->weight[j] ? j : i;
			chances[win] += (u64)draws[i] * draws[j];
		}
	}
	return (u64)(total + 1) * (total + 1);
}

static const struct {
	u32 weight[TWOS_DESTS], act[TWOS_DESTS], inact[TWOS_DESTS];
	bool over[TWOS_DESTS];
} twos_cases[] = {
	/* Idle: the first draw wins every tie, so shares are the draws'. */
	{ { 1, 2, 3, 0 } },
	/* Equal weights: the less loaded win more often than drawn. */
	{ { 2, 2, 2, 2 }, { 0 }, { 0, 100, 200, 300 } },
	/* Load per weight decides, so the heavier may carry more. */
	{ { 1, 4, 2, 3 }, { 1, 2, 0, 3 }, { 10, 0, 500, 0 } },
	/* Overloaded or of weight 0: never picked. */
	{ { 3, 5, 0, 2 }, { 0, 1, 0, 0 }, { 0, 0, 0, 50 }, { false, true } },
	/* One usable server takes everything. */
	{ { 0, 0, 7, 0 }, { 0, 0, 3 } },
};

/*
 * Over TWOS_PICKS picks each server's count is within five standard
 * deviations (plus 5) of its exact expectation: a false failure about
 * once in a million runs per server. One with no chance gets none.
 */
static void lvs_sched_load_test_twos(struct kunit *test)
{
	static const u32 ones[TWOS_DESTS] = { 1, 1, 1, 1 };
	struct load_ctx *ctx = load_setup(test, AF_INET, "twos", ones,
					  TWOS_DESTS);
	u64 chances[TWOS_DESTS], denom, var, diff;
	unsigned int count[TWOS_DESTS];
	unsigned int t, i, k;
	int got;

	for (t = 0; t < ARRAY_SIZE(twos_cases); t++) {
		for (i = 0; i < TWOS_DESTS; i++)
			load_set(test, ctx, i, twos_cases[t].weight[i],
				 twos_cases[t].act[i], twos_cases[t].inact[i],
				 twos_cases[t].over[i]);
		denom = twos_model(ctx, chances);
		memset(count, 0, sizeof(count));
		for (k = 0; k < TWOS_PICKS; k++) {
			got = lvs_kunit_index(ctx->list, ctx->n,
					      lvs_kunit_pick(ctx->svc, NULL));
			KUNIT_ASSERT_GE_MSG(test, got, 0, "case %u", t);
			count[got]++;
		}
		for (i = 0; i < TWOS_DESTS; i++) {
			var = div64_u64((u64)TWOS_PICKS * chances[i] *
					(denom - chances[i]), denom * denom);
			diff = abs((s64)count[i] * denom -
				   (s64)TWOS_PICKS * chances[i]);
			if (!chances[i])
				KUNIT_EXPECT_EQ_MSG(test, count[i], 0,
						    "case %u server %u", t, i);
			KUNIT_EXPECT_LE_MSG(test, diff,
					    (5 * int_sqrt(var) + 5) * denom,
					    "case %u server %u: %u of %u, expected %llu",
					    t, i, count[i], TWOS_PICKS,
					    div64_u64(TWOS_PICKS * chances[i],
						      denom));
		}
	}
}

/*
 * Every scheduler: a server of weight 0 is never picked, nor one that
 * reached its -x threshold until it is back below its -y one (or 3/4
 * of -x without one); with no usable server, nothing is. Hashing
 * schedulers (dh, sh, mh without fallback) refuse a key whose own
 * server is not usable rather than move it; the others always pick.
 */
struct thresh_sched {
	const char *name;
	bool hashed;
};

static const struct thresh_sched thresh_scheds[] = {
	{ "rr" }, { "wrr" }, { "lc" }, { "wlc" }, { "sed" }, { "nq" },
	{ "fo" }, { "ovf" }, { "dh", true }, { "sh", true }, { "mh", true },
	{ "twos" }, { "lblc" }, { "lblcr" },
};

static void thresh_sched_desc(const struct thresh_sched *s, char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(thresh_sched, thresh_scheds, thresh_sched_desc);

#define THRESH_PICKS	128

/* THRESH_PICKS connections as the comment above says; hits of want. */
static unsigned int thresh_picks(struct kunit *test,
				 const struct load_ctx *ctx, bool hashed,
				 unsigned int want)
{
	unsigned int i, k, hits = 0;
	bool any = false;
	int got;

	for (i = 0; i < ctx->n; i++)
		any |= model_usable(ctx, i);
	for (k = 0; k < THRESH_PICKS; k++) {
		got = key_pick(ctx, k);
		if (got == -1 && (!any || hashed))
			continue;
		if (got < 0 || !model_usable(ctx, got))
			load_dump(test, ctx);
		KUNIT_ASSERT_GE_MSG(test, got, 0, "pick %u", k);
		KUNIT_ASSERT_TRUE_MSG(test, model_usable(ctx, got),
				      "pick %u: server %d", k, got);
		hits += got == want;
	}
	return hits;
}

/* conns connections on server i, then the thresholds applied. */
static void thresh_load(struct kunit *test, struct load_ctx *ctx,
			unsigned int i, u32 conns, bool over)
{
	struct lvs_dest *d = ctx->list[i];

	atomic_set(&d->inactconns, conns);
	lvs_dest_update_load(d);
	KUNIT_ASSERT_EQ_MSG(test, READ_ONCE(d->overloaded), over,
			    "server %u with %u connections", i, conns);
	ctx->inact[i] = conns;
	ctx->over[i] = over;
}

static void lvs_sched_load_test_thresholds(struct kunit *test)
{
	static const u32 weights[] = { 0, 3, 1 };	/* as added */
	enum { LIGHT, HEAVY, ZERO };			/* list order */
	const struct thresh_sched *s = test->param_value;
	struct load_ctx *ctx = load_setup(test, AF_INET, s->name, weights, 3);

	/* Both out at 10 connections; back below 5, and below 3/4 of 10. */
	KUNIT_ASSERT_EQ(test, lvs_kunit_dest_edit(ctx->list[HEAVY], 3, 10, 5),
			0);
	KUNIT_ASSERT_EQ(test, lvs_kunit_dest_edit(ctx->list[LIGHT], 1, 10, 0),
			0);
	thresh_picks(test, ctx, s->hashed, ZERO);
	thresh_load(test, ctx, HEAVY, 10, true);
	KUNIT_EXPECT_GT(test, thresh_picks(test, ctx, s->hashed, LIGHT), 0);
	thresh_load(test, ctx, HEAVY, 6, true);
	KUNIT_EXPECT_GT(test, thresh_picks(test, ctx, s->hashed, LIGHT), 0);
	thresh_load(test, ctx, HEAVY, 4, false);
	thresh_load(test, ctx, LIGHT, 10, true);
	KUNIT_EXPECT_GT(test, thresh_picks(test, ctx, s->hashed, HEAVY), 0);
	thresh_load(test, ctx, LIGHT, 8, true);
	thresh_load(test, ctx, HEAVY, 12, true);
	thresh_picks(test, ctx, s->hashed, ZERO);
	thresh_load(test, ctx, LIGHT, 7, false);
	KUNIT_EXPECT_GT(test, thresh_picks(test, ctx, s->hashed, LIGHT), 0);
	/* Every weight 0 (the edits drop the thresholds): nothing. */
	load_set(test, ctx, LIGHT, 0, 0, 0, false);
	load_set(test, ctx, HEAVY, 0, 0, 0, false);
	thresh_picks(test, ctx, s->hashed, ZERO);
}

static struct kunit_case lvs_sched_load_cases[] = {
	KUNIT_CASE_PARAM(lvs_sched_load_test_dh, sched_case_gen_params),
	KUNIT_CASE_PARAM(lvs_sched_load_test_sh, sched_case_gen_params),
	KUNIT_CASE(lvs_sched_load_test_tab_ipv6),
	KUNIT_CASE_PARAM(lvs_sched_load_test_least, load_sched_gen_params),
	KUNIT_CASE(lvs_sched_load_test_twos),
	KUNIT_CASE_PARAM(lvs_sched_load_test_thresholds,
			 thresh_sched_gen_params),
	{}
};

static struct kunit_suite lvs_sched_load_suite = {
	.name = "lvs_sched_load",
	.suite_init = lvs_kunit_env_init,
	.init = load_test_init,
	.exit = load_test_exit,
	.test_cases = lvs_sched_load_cases,
};

kunit_test_suite(lvs_sched_load_suite);
