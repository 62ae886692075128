/* The rule engine: loading, conditions, and recommendations merged per host. */
#include "engine/event_fields.h"
#include "engine/verdict.h"
#include "util/vocab.h"
#include "util/xalloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

static const char knobs[] =
	"knobs:\n"
	"  vm.lower_zone_protection: {kernel: {le: 2.6.10}}\n"
	"  vm.dirty_ratio: {floor: 5, floor_kernel: {lt: 2.6.37}, excludes: vm.dirty_bytes}\n";

static const char rules[] =
	"rules:\n"
	"  - id: dirty\n"
	"    title: dirty pages\n"
	"    severity: warning\n"
	"    params: {share: 30%}\n"
	"    explanation: x\n"
	"    when:\n"
	"      events:\n"
	"        type: oom_kill\n"
	"        where: {mem.dirty_share: {ge: $share}}\n"
	"    recommend:\n"
	"      - {sysctl: vm.dirty_ratio, value: 10, reason: r1}\n"
	"  - id: classic\n"
	"    title: classic advice\n"
	"    severity: critical\n"
	"    explanation: x\n"
	"    when:\n"
	"      all:\n"
	"        - hypervisor: vmware\n"
	"        - events: {type: [oom_kill, oom_panic]}\n"
	"    recommend:\n"
	"      - {sysctl: vm.dirty_ratio, value: 2, reason: r2}\n"
	"      - {sysctl: vm.lower_zone_protection, value: 100, reason: r3}\n"
	"      - {sysctl: vm.min_free_kbytes, value: {fact: meminfo.MemTotal, times: 0.01, max: 65536}, reason: r4}\n"
	"      - {action: set a reservation, reason: r5}\n"
	"  - id: swappy\n"
	"    title: swappiness zero\n"
	"    severity: info\n"
	"    explanation: x\n"
	"    when: {fact: sysctl.vm.swappiness, eq: 0}\n"
	"  - id: repeat\n"
	"    title: same victim\n"
	"    severity: warning\n"
	"    explanation: x\n"
	"    when:\n"
	"      events: {type: oom_kill, same: victim.comm}\n"
	"      count: {ge: 2}\n";

struct world {
	struct model m;
	struct ruleset rs;
	struct diag d;
	struct verdict v;
	struct host *h;
};

static void event(struct world *w, const char *victim, int64_t dirty, int64_t file)
{
	struct oom_event *e = oom_event_new(OOM_KILL);

	e->host = w->h->name;
	e->victim_pid = 1;
	e->victim_comm = vocab_str(victim);
	e->src = (struct src_loc){ "messages", (unsigned)w->h->nr_events + 10 };
	kv_set(&e->mem_info, "dirty", 5, dirty);
	kv_set(&e->mem_info, "writeback", 9, 0);
	kv_set(&e->mem_info, "active_file", 11, file / 2);
	kv_set(&e->mem_info, "inactive_file", 13, file / 2);
	model_add_event(&w->m, e);
}

static void fact(struct world *w, const char *name, int64_t v)
{
	fact_set_int(&w->h->facts, name, v, "", (struct src_loc){ "facts", 1 });
}

static void sfact(struct world *w, const char *name, const char *s)
{
	fact_set_str(&w->h->facts, name, s, strlen(s), (struct src_loc){ "facts", 2 });
}

static void setup(struct world *w, const char *site)
{
	memset(w, 0, sizeof(*w));
	model_init(&w->m);
	ruleset_init(&w->rs);
	diag_init(&w->d, NULL);
	assert_int_equal(ruleset_load_string(&w->rs, "knobs.yaml", knobs, false, &w->d), 0);
	assert_int_equal(ruleset_load_string(&w->rs, "r.yaml", rules, false, &w->d), 0);
	if (site)
		assert_int_equal(ruleset_load_string(&w->rs, "site.yaml", site, true, &w->d), 0);
	w->h = model_host(&w->m, intern_str(&w->m.strings, "h1"), 0);
}

static void teardown(struct world *w)
{
	verdict_release(&w->v);
	ruleset_release(&w->rs);
	model_release(&w->m);
	diag_release(&w->d);
}

static const struct finding *finding(const struct world *w, const char *id)
{
	size_t i;

	for (i = 0; i < w->v.nr_findings; i++)
		if (!strcmp(w->v.findings[i].rule->id, id))
			return &w->v.findings[i];
	return NULL;
}

static const struct sysctl_rec *rec(const struct world *w, const char *key)
{
	size_t i;

	for (i = 0; i < w->v.nr_recs; i++)
		if (!strcmp(w->v.recs[i].key, key))
			return &w->v.recs[i];
	return NULL;
}

/* A 2.6.9 VMware guest: both rules fire, the critical one's value wins, the floor applies. */
static void test_old_guest(void **state)
{
	struct world w;

	(void)state;
	setup(&w, NULL);
	sfact(&w, "kernel.release", "2.6.9-89.ELsmp");
	fact(&w, "kernel.version_code", 0x020609);
	sfact(&w, "virt.hypervisor", "vmware");
	fact(&w, "meminfo.MemTotal", 4096000);
	fact(&w, "sysctl.vm.dirty_ratio", 40);
	fact(&w, "sysctl.vm.lower_zone_protection", 0);
	fact(&w, "sysctl.vm.min_free_kbytes", 3831);
	event(&w, "java", 400, 1000);
	verdict_build(&w.v, &w.rs, w.h);
	assert_non_null(finding(&w, "dirty"));
	assert_non_null(finding(&w, "classic"));
	assert_null(finding(&w, "swappy"));
	assert_null(finding(&w, "repeat"));
	assert_int_equal(w.v.worst, SEV_CRITICAL);
	assert_string_equal(rec(&w, "vm.dirty_ratio")->value, "5"); /* 2 raised to the floor */
	assert_non_null(strstr(rec(&w, "vm.dirty_ratio")->note, "ignores lower values"));
	assert_non_null(strstr(rec(&w, "vm.dirty_ratio")->note, "more severe"));
	assert_int_equal(rec(&w, "vm.dirty_ratio")->nr_askers, 2);
	assert_int_equal(rec(&w, "vm.dirty_ratio")->current->i, 40);
	assert_string_equal(rec(&w, "vm.lower_zone_protection")->value, "100");
	assert_string_equal(rec(&w, "vm.min_free_kbytes")->value, "40960");
	assert_int_equal(w.v.nr_actions, 1);
	teardown(&w);
}

/* A new kernel: the old knob is dropped, no floor, dirty_bytes named. */
static void test_new_guest(void **state)
{
	struct world w;

	(void)state;
	setup(&w, NULL);
	fact(&w, "kernel.version_code", 0x041200);
	sfact(&w, "virt.hypervisor", "vmware");
	fact(&w, "sysctl.vm.dirty_ratio", 0);
	fact(&w, "sysctl.vm.dirty_bytes", 1073741824);
	event(&w, "java", 10, 1000);
	event(&w, "java", 10, 1000);
	verdict_build(&w.v, &w.rs, w.h);
	assert_null(finding(&w, "dirty")); /* 1% dirty */
	assert_non_null(finding(&w, "repeat"));
	assert_int_equal(finding(&w, "repeat")->nr_evidence, 2);
	assert_string_equal(rec(&w, "vm.dirty_ratio")->value, "2");
	assert_non_null(strstr(rec(&w, "vm.dirty_ratio")->note, "vm.dirty_bytes"));
	assert_null(rec(&w, "vm.lower_zone_protection"));
	assert_null(rec(&w, "vm.min_free_kbytes")); /* MemTotal unknown */
	assert_int_equal(w.v.nr_dropped, 2);
	teardown(&w);
}

/* `same`: the largest group of events with one value; on a tie, the group met first. */
static void test_same(void **state)
{
	static const char *const victims[] = { "x", "java", "y", "java", "x", "java", "z" };
	static const char *const tie[] = { "b", "a", "a", "b" };
	struct world w;

	(void)state;
	setup(&w, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(victims); i++)
		event(&w, victims[i], 10, 1000);
	verdict_build(&w.v, &w.rs, w.h);
	assert_non_null(finding(&w, "repeat"));
	assert_int_equal(finding(&w, "repeat")->nr_evidence, 3);
	assert_int_equal(finding(&w, "repeat")->evidence[0].line, 11); /* the second event */
	assert_int_equal(finding(&w, "repeat")->evidence[2].line, 15);
	teardown(&w);

	setup(&w, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(tie); i++)
		event(&w, tie[i], 10, 1000);
	verdict_build(&w.v, &w.rs, w.h);
	assert_int_equal(finding(&w, "repeat")->nr_evidence, 2);
	assert_int_equal(finding(&w, "repeat")->evidence[0].line, 10); /* "b", met first */
	assert_int_equal(finding(&w, "repeat")->evidence[1].line, 13);
	teardown(&w);

	setup(&w, NULL);
	event(&w, "x", 10, 1000);
	event(&w, "y", 10, 1000);
	verdict_build(&w.v, &w.rs, w.h);
	assert_null(finding(&w, "repeat"));
	teardown(&w);
}

static const char within_rule[] =
	"rules:\n"
	"  - id: again\n"
	"    title: same victim over two days\n"
	"    severity: warning\n"
	"    explanation: x\n"
	"    when:\n"
	"      events: {type: oom_kill, same: victim.comm, within: 2d}\n"
	"      count: {ge: 3}\n";

/* An OOM kill of @victim at day @day (of 2026-03-01), this run's or (@past) an earlier run's. */
static void kill_at(struct world *w, const char *victim, double day, bool past)
{
	struct oom_event *e = oom_event_new(OOM_KILL);

	e->host = w->h->name;
	e->victim_pid = (int64_t)(day * 100);
	e->victim_comm = vocab_str(victim);
	e->src = (struct src_loc){ "messages", (unsigned)w->h->nr_events + 10 };
	mt_time_from_epoch(&e->time, 1772323200 + (int64_t)(day * 86400), -1, 0, false);
	if (past) {
		ALLOC_GROW(w->h->past, w->h->nr_past, w->h->alloc_past);
		w->h->past[w->h->nr_past++] = e;
	} else {
		model_add_event(&w->m, e);
	}
}

/* `within:` counts earlier runs' events near this run's newest, never the past alone. */
static void test_within(void **state)
{
	struct world w;
	struct ruleset bad;
	struct diag d;

	(void)state;
	setup(&w, within_rule);
	kill_at(&w, "java", 10, false);
	kill_at(&w, "java", 9, true);
	kill_at(&w, "java", 8.5, true);
	verdict_build(&w.v, &w.rs, w.h);
	assert_non_null(finding(&w, "again"));
	assert_int_equal(finding(&w, "again")->nr_evidence, 1); /* tonight's event only has a line */
	assert_int_equal(finding(&w, "again")->nr_details, 3);
	assert_non_null(strstr(finding(&w, "again")->details[1], "(an earlier run), killed java (pid 900)"));
	teardown(&w);

	/* beyond the window: two in it */
	setup(&w, within_rule);
	kill_at(&w, "java", 10, false);
	kill_at(&w, "java", 9, true);
	kill_at(&w, "java", 7.5, true);
	verdict_build(&w.v, &w.rs, w.h);
	assert_null(finding(&w, "again"));
	teardown(&w);

	/* the past alone: three java kills before, httpd tonight */
	setup(&w, within_rule);
	kill_at(&w, "httpd", 10, false);
	kill_at(&w, "java", 9.5, true);
	kill_at(&w, "java", 9, true);
	kill_at(&w, "java", 8.5, true);
	verdict_build(&w.v, &w.rs, w.h);
	assert_null(finding(&w, "again"));
	teardown(&w);

	/* without within: the past is not seen */
	setup(&w, NULL);
	kill_at(&w, "java", 10, false);
	kill_at(&w, "java", 9.9, true);
	verdict_build(&w.v, &w.rs, w.h);
	assert_null(finding(&w, "repeat"));
	teardown(&w);

	ruleset_init(&bad);
	diag_init(&d, NULL);
	assert_int_equal(ruleset_load_string(&bad, "w.yaml",
					     "rules:\n  - id: w\n    title: t\n    severity: info\n    explanation: x\n"
					     "    when: {events: {type: oom_kill, within: 7x}}\n", false, &d), 1);
	ruleset_release(&bad);
	diag_release(&d);
}

/* A site lowers a threshold, disables a rule and replaces another. */
static void test_site(void **state)
{
	static const char site[] =
		"params:\n  dirty: {share: 1%}\n"
		"disable: [classic]\n"
		"rules:\n"
		"  - id: swappy\n    title: replaced\n    severity: critical\n    explanation: y\n"
		"    when: {fact: sysctl.vm.swappiness, ge: 60}\n";
	struct world w;

	(void)state;
	setup(&w, site);
	sfact(&w, "virt.hypervisor", "vmware");
	fact(&w, "sysctl.vm.swappiness", 60);
	event(&w, "java", 10, 1000);
	verdict_build(&w.v, &w.rs, w.h);
	assert_non_null(finding(&w, "dirty"));
	assert_null(finding(&w, "classic"));
	assert_non_null(finding(&w, "swappy"));
	assert_string_equal(finding(&w, "swappy")->rule->title, "replaced");
	teardown(&w);
}

/* A healthy host: nothing fires. */
static void test_healthy(void **state)
{
	struct world w;

	(void)state;
	setup(&w, NULL);
	fact(&w, "sysctl.vm.swappiness", 60);
	verdict_build(&w.v, &w.rs, w.h);
	assert_int_equal(w.v.nr_findings, 0);
	assert_int_equal(w.v.worst, -1);
	teardown(&w);
}

/*
 * A rule that names a cause and tests "cause" runs while no event has one
 * yet; without "unknown" in the vocabulary, events no rule explains never
 * get one.  Either way "cause" is a field the event does not give (it once
 * read the vocabulary at -1).
 */
static void test_cause_undecided(void **state)
{
	static const char with_unknown[] = "causes:\n  - {kind: forced, doc: d}\n  - {kind: unknown, doc: d}\n";
	static const char without_unknown[] = "causes:\n  - {kind: forced, doc: d}\n";
	static const char cause_rules[] =
		"rules:\n"
		"  - {id: names-and-tests, title: t, severity: info, explanation: x,\n"
		"     cause: forced, summary: s,\n"
		"     when: {events: {where: {cause: {ne: unknown}}}}}\n"
		"  - {id: tests-after, title: t, severity: info, explanation: x,\n"
		"     when: {events: {where: {cause: unknown}}}}\n";
	const char *const vocabularies[] = { with_unknown, without_unknown };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vocabularies); i++) {
		struct world w;

		setup(&w, NULL);
		assert_int_equal(ruleset_load_string(&w.rs, "causes.yaml", vocabularies[i], false, &w.d), 0);
		assert_int_equal(ruleset_load_string(&w.rs, "c.yaml", cause_rules, false, &w.d), 0);
		event(&w, "java", 10, 1000);
		verdict_build(&w.v, &w.rs, w.h);
		assert_null(finding(&w, "names-and-tests"));
		assert_int_equal(w.v.causes[0].kind, i == 0 ? ruleset_cause(&w.rs, "unknown") : -1);
		if (i == 0)
			assert_non_null(finding(&w, "tests-after"));
		else
			assert_null(finding(&w, "tests-after"));
		teardown(&w);
	}
}

static void test_values(void **state)
{
	static const struct { const char *in; int kind; double num; } cases[] = {
		{ "12", RV_NUM, 12 }, { "512 MB", RV_NUM, 524288 }, { "30%", RV_NUM, 0.30 },
		{ "2 GiB", RV_NUM, 2097152 }, { "2.6.37", RV_STR, 0 }, { "$x", RV_PARAM, 0 },
		{ "256 256 32", RV_STR, 0 }, { "-1", RV_NUM, -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct rvalue v;

		assert_true(rvalue_parse(cases[i].in, &v));
		if ((int)v.kind != cases[i].kind || (v.kind == RV_NUM && v.num != cases[i].num)) {
			print_message("case %zu: %s\n", i, cases[i].in);
			fail();
		}
		free(v.str);
	}
	assert_int_equal(version_code_of("2.6.37"), 0x020625);
	assert_int_equal(version_code_of("4.18.0-513.el8.x86_64"), 0x041200);
	assert_int_equal(version_code_of("5.4"), 0x050400);
	assert_int_equal(version_code_of("x"), -1);
}

/* A zone line's figures, kB, and its lowmem_reserve[] (pages). */
static void zone(struct oom_event *e, const char *name, int64_t min, int64_t high, int64_t managed,
		 int64_t reserve)
{
	struct oom_zone *z = oom_event_zone(e, 0, name, strlen(name));

	kv_set(&z->fields, "min", 3, min);
	kv_set(&z->fields, "high", 4, high);
	kv_set(&z->fields, "managed", 7, managed);
	kv_set(&z->fields, "present", 7, managed);
	z->reserve = calloc(2, sizeof(*z->reserve));
	z->reserve[1] = reserve;
	z->nr_reserve = 2;
}

/*
 * The fields effects are computed with, by kernel era, on one report:
 * free 1000, file LRU 2000 + 3000, anon LRU 1000 + 1000 pages, 4 kB of
 * swap free; DMA32 high 400 kB + lowmem_reserve 100 pages = 800 kB reserve.
 */
static void test_effect_fields(void **state)
{
	static const struct {
		const char *field;
		const char *kernel;
		double arg;
		double kb;               /* -1: unknown */
	} cases[] = {
		/* 3.10: free + file LRU (swap free: + anon) less the reserve: 24000 + 8000 - 800 */
		{ "mem.dirtyable_kb", "3.10.0-1160.el7.x86_64", 0, 31200 },
		{ "dirty.limit_kb", "3.10.0-1160.el7.x86_64", 10, 3120 },
		{ "dirty.limit_kb", "3.10.0-1160.el7.x86_64", 3, 936 },          /* no floor after 2.6.37 */
		/* 2.6.32: no reserve yet */
		{ "dirty.limit_kb", "2.6.32-754.el6.x86_64", 3, 1600 },          /* 3 raised to 5 */
		{ "dirty.background_kb", "2.6.32-754.el6.x86_64", 3, 960 },      /* no floor for background */
		/* 4.18: file LRU only */
		{ "mem.dirtyable_kb", "4.18.0-513.el8.x86_64", 0, 23200 },
		{ "dirty.limit_kb", NULL, 10, -1 },                               /* which pages count: unknown */
	};
	struct oom_event *e = oom_event_new(OOM_KILL);
	size_t i;

	(void)state;
	kv_set(&e->mem_info, "free", 4, 1000);
	kv_set(&e->mem_info, "active_file", 11, 2000);
	kv_set(&e->mem_info, "inactive_file", 13, 3000);
	kv_set(&e->mem_info, "active_anon", 11, 1000);
	kv_set(&e->mem_info, "inactive_anon", 13, 1000);
	kv_set(&e->totals, "swap_free_kb", 12, 4);
	zone(e, "DMA32", 1000, 400, 3000000, 100);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct field_ctx c = { cases[i].kernel ? version_code_of(cases[i].kernel) : -1, cases[i].arg };
		struct fval fv;

		event_field_get_at(e, cases[i].field, &c, &fv);
		if (cases[i].kb < 0 ? fv.kind != FV_NONE || !fv.str || !strstr(fv.str, "kernel version")
				    : fv.kind != FV_NUM || fv.num != cases[i].kb) {
			print_message("case %zu: %s at %g on %s: %g\n", i, cases[i].field, cases[i].arg,
				      cases[i].kernel ? cases[i].kernel : "?", fv.num);
			fail();
		}
	}
	oom_event_free(e);
}

/* Each low zone's min scaled by new / the sum of mins; HighMem's is not min_free_kbytes'. */
static void test_min_at(void **state)
{
	struct oom_event *e = oom_event_new(OOM_KILL);
	struct field_ctx c = { -1, 7560 };
	struct strbuf sb = STRBUF_INIT;
	struct fval fv;

	(void)state;
	event_field_get_at(e, "zones.min_at", &c, &fv);
	assert_int_equal(fv.kind, FV_NONE);
	assert_non_null(strstr(fv.str, "min watermarks are not in the report"));
	zone(e, "DMA", 64, 192, 16384, 0);
	zone(e, "Normal", 3716, 11148, 901120, 0);
	zone(e, "HighMem", 512, 1536, 4325376, 0);
	event_field_get_at(e, "zones.min_at", &c, &fv);
	assert_string_equal(fv.str, "DMA 64 KiB -> 128 KiB, Normal 3.6 MiB -> 7.3 MiB");
	event_field_get(e, "zones.min_sum_kb", &fv);
	fval_format(&sb, "zones.min_sum_kb", &fv);
	assert_string_equal(sb.buf, "3.7 MiB");
	/* a field computed at a value has none outside an effect */
	event_field_get(e, "zones.min_at", &fv);
	assert_int_equal(fv.kind, FV_NONE);
	strbuf_release(&sb);
	oom_event_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_guest),
		cmocka_unit_test(test_new_guest),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_within),
		cmocka_unit_test(test_site),
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_cause_undecided),
		cmocka_unit_test(test_effect_fields),
		cmocka_unit_test(test_min_at),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
