/*
 * Rebuilding OOM reports from kernel lines.  A report starts with a header
 *
 *   java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0     (2.6.19+)
 *   oom-killer: gfp_mask=0xd0                                              (2.6.9-2.6.18)
 *   swapper: page allocation failure. order:1, mode:0x4020                  (warn_alloc)
 *
 * then the trigger's stack, the memory dump (show_mem), the task table, and
 * for OOM kills ends with "Killed process N (comm) ...".  Each handler below
 * consumes one kind of line.  Lines that belong to no report are skipped;
 * lines of other kinds found inside a report are counted as foreign and, when
 * too many come in a row, the report is closed as broken off.
 */

#include "oom/oom_parse.h"
#include "util/litset.h"
#include "util/vocab.h"
#include "util/xalloc.h"

/* Foreign lines in a row after which an open report is considered over. */
#define OOM_FOREIGN_LIMIT 40
#define OOM_MAX_TRACE 256

static void close_report(struct oom_parser *p, const char *why);
static void adopt_loose_rows(struct oom_parser *p, struct oom_event *e);

void oom_parser_init(struct oom_parser *p, const char *host, oom_emit_fn emit, void *ctx)
{
	memset(p, 0, sizeof(*p));
	p->host = host;
	p->emit = emit;
	p->ctx = ctx;
}

void oom_parser_notes(struct oom_parser *p, oom_note_fn note)
{
	p->note = note;
}

/* ---- small parsing helpers ---------------------------------------------- */

static const char *find_in(struct span t, const char *lit)
{
	return span_find(t, lit);
}

static struct span after(struct span t, const char *at)
{
	return span_make(at, t.p + t.len);
}

static void set_str(const char **dst, struct span s)
{
	*dst = vocab_span(span_trim(s));
}

/* "Node 3 " -> 3; nothing -> -1 and the cursor stays. */
static int scan_node(const char **s, const char *end)
{
	const char *q = *s;
	uint64_t n;

	if (scan_lit(&q, end, "Node ") && scan_u64(&q, end, &n) && scan_char(&q, end, ' ') &&
	    n < 65536) {
		*s = q;
		return (int)n;
	}
	return -1;
}

/*
 * "key:123kB", "key:123KB", "key:123", "key: 123kB" and "all_unreclaimable? yes":
 * every such pair of @t goes into @kv, kB values as they are.  Returns the
 * number of pairs found.
 */
static size_t scan_kv_pairs(struct span t, struct kv_list *kv, const char **yesno)
{
	const char *s = t.p, *end = t.p + t.len;
	size_t n = 0;

	while (s < end) {
		const char *k = s, *colon;
		int64_t v;

		while (s < end && *s != ' ' && *s != ':' && *s != ',')
			s++;
		colon = s;
		if (s < end && *s == ':' && colon > k) {
			s++;
			scan_blanks(&s, end);
			if (scan_i64(&s, end, &v)) {
				kv_set(kv, k, (size_t)(colon - k), v);
				n++;
				if (!scan_lit(&s, end, "kB"))
					scan_lit(&s, end, "KB");
			}
		} else if (yesno && colon - k == 18 && !memcmp(k, "all_unreclaimable?", 18)) {
			struct span w;

			scan_blanks(&s, end);
			if (scan_word(&s, end, &w))
				set_str(yesno, w);
		}
		while (s < end && *s != ' ' && *s != ',')
			s++;
		while (s < end && (*s == ' ' || *s == ','))
			s++;
	}
	return n;
}

/* Where the OOM happened: set by the header (<= 4.20) and the oom-kill: summary (5.0+). */
static bool set_placement(struct oom_event *e, struct span key, struct span val)
{
	static const struct { const char *key; size_t off; } fields[] = {
		{ "nodemask", offsetof(struct oom_event, nodemask) },
		{ "cpuset", offsetof(struct oom_event, cpuset) },
		{ "mems_allowed", offsetof(struct oom_event, mems_allowed) },
		{ "oom_memcg", offsetof(struct oom_event, cgroup) },
		{ "task_memcg", offsetof(struct oom_event, task_memcg) },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		if (span_eq(key, fields[i].key)) {
			set_str((const char **)((char *)e + fields[i].off), val);
			return true;
		}
	}
	return false;
}

/* "gfp_mask=0x201da(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0" */
static void scan_header_params(struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len;

	while (s < end) {
		const char *k, *eq, *v;
		int depth = 0;

		/* ". order:2, mode:0x4020" (<= 2.6.36) starts with the sentence's period */
		while (s < end && (*s == ' ' || *s == ',' || *s == '.'))
			s++;
		k = s;
		while (s < end && *s != '=' && *s != ':' && *s != ' ' && *s != ',')
			s++;
		if (s >= end || (*s != '=' && *s != ':')) {
			while (s < end && *s != ',')
				s++;
			continue;
		}
		eq = s++;
		v = s;
		while (s < end && (depth || (*s != ',' && *s != ' '))) {
			depth += *s == '(';
			depth -= *s == ')' && depth;
			s++;
		}
		{
			struct span key = span_make(k, eq), val = span_make(v, s);
			const char *q = val.p;
			int64_t n;
			bool num = scan_i64(&q, val.p + val.len, &n) && q == val.p + val.len;

			if (span_eq(key, "gfp_mask") || span_eq(key, "mode")) {
				const char *paren = memchr(val.p, '(', val.len);

				set_str(&e->gfp_mask, paren ? span_make(val.p, paren) : val);
				if (paren && val.p[val.len - 1] == ')')
					set_str(&e->gfp_flags, span_make(paren + 1, val.p + val.len - 1));
			} else if (span_eq(key, "order") && num) {
				e->order = n;
				e->sysrq = n == -1;
			} else if ((span_eq(key, "oom_score_adj") || span_eq(key, "oom_adj") ||
				    span_eq(key, "oomkilladj")) && num) {
				/* oom_score_adj is the finer one: keep it when both are printed */
				if (!e->oom_adj_field || span_eq(key, "oom_score_adj")) {
					e->oom_score_adj = n;
					set_str(&e->oom_adj_field, key);
				}
			} else {
				set_placement(e, key, val);
			}
		}
	}
}

/* ---- report life cycle --------------------------------------------------- */

struct oom_event *oom_event_at(enum oom_type type, const char *host, const struct oom_line *l)
{
	struct oom_event *e = oom_event_new(type);

	e->src = l->src;
	e->src_off = l->off;
	e->last = l->src;
	e->host = host;
	if (l->time && l->time->valid)
		e->time = *l->time;
	e->has_uptime = l->has_uptime;
	e->uptime_us = l->uptime_us;
	return e;
}

static struct oom_event *open_report(struct oom_parser *p, enum oom_type type,
				     const struct oom_line *l, bool header)
{
	struct oom_event *e;

	if (p->cur)
		close_report(p, "a new report began before this one ended");
	e = oom_event_at(type, p->host, l);
	e->header_seen = header;
	if (!header)
		e->incomplete_why = vocab_str("the start of the report is not in the log");
	p->cur = e;
	p->lines = 0;
	p->foreign_run = 0;
	p->trailer_seen = false;
	p->victim_comm_pending = false;
	return e;
}

/*
 * Finished events stay here a while before they are handed over: an
 * "oom_reaper:" line may still come for them, and once handed over they
 * belong to someone else (who may free them).  The oldest leaves first.
 */
static void remember(struct oom_parser *p, struct oom_event *e)
{
	if (p->nr_recent == OOM_RECENT)
		p->emit(p->ctx, p->recent[--p->nr_recent]);
	memmove(p->recent + 1, p->recent, p->nr_recent * sizeof(*p->recent));
	p->recent[0] = e;
	p->nr_recent++;
}

/* Decide whether the report is complete, then hand it over. */
static void close_report(struct oom_parser *p, const char *why)
{
	struct oom_event *e = p->cur;

	if (!e)
		return;
	p->cur = NULL;
	p->last = LAST_NONE;
	adopt_loose_rows(p, e);
	switch (e->type) {
	case OOM_KILL:
		e->complete = e->header_seen && e->victim_pid != MT_UNKNOWN;
		break;
	case OOM_PANIC:
		e->complete = e->header_seen && e->panic;
		break;
	case OOM_ALLOC_FAILURE:
		e->complete = e->header_seen && p->trailer_seen;
		break;
	default:
		break;
	}
	/*
	 * No constraint line: global when the report says so, by its start and
	 * what followed it (a cgroup's report names its cgroup, "memory: usage
	 * ...", before the Mem-Info, the zones and the task table, or instead of
	 * the first two), or by the global OOM killer's own words on the
	 * selection or kill line ("Out of memory: Kill process", where a
	 * cgroup's says "Memory cgroup out of memory").  A report cut right after
	 * its start, or whose start is missing, and that names no killer is not
	 * said to be global.
	 */
	if (e->constraint == CONSTRAINT_UNKNOWN && e->type != OOM_ALLOC_FAILURE &&
	    ((e->header_seen && (e->mem_info.nr || e->nr_zones || e->nr_tasks)) ||
	     (e->kill_reason && !strncasecmp(e->kill_reason, "Out of memory", 13))))
		e->constraint = CONSTRAINT_GLOBAL;
	if (!e->complete && e->other_panic && !e->incomplete_why)
		why = "the kernel panicked, not for memory, before the report ended";
	if (!e->complete && !e->incomplete_why)
		e->incomplete_why = vocab_str(why);
	oom_event_fit(e);
	remember(p, e);
}

static void set_constraint_from_reason(struct oom_event *e, struct span reason)
{
	if (find_in(reason, "cgroup") || find_in(reason, "Memory cgroup"))
		e->constraint = CONSTRAINT_MEMCG;
	else if (find_in(reason, "cpuset"))
		e->constraint = CONSTRAINT_CPUSET;
	else if (find_in(reason, "MPOL_BIND") || find_in(reason, "mempolicy"))
		e->constraint = CONSTRAINT_MEMPOLICY;
}

/* ---- notes: lines about the reports around them ------------------------- */

/*
 * A rate limit's count and the SysRq line are printed right before the
 * report they concern (___ratelimit() prints its count on the call that lets
 * the next message through); other programs' lines may come between them in
 * syslog.  A report opened at most this many lines later is theirs.
 */
#define OOM_NEXT_GAP 4
/*
 * A panic stops the machine, but the other CPUs' lines already on their way
 * are still printed, interleaved with the panic's stack: a report that
 * starts this many lines after a panic, on the same boot, is cut by it.
 */
#define OOM_PANIC_SHADOW 200

/*
 * The OOM killer's own panics: "Out of memory and no killable processes...",
 * "Out of memory: system-wide panic_on_oom is enabled", "... compulsory
 * panic_on_oom ...", the memcg "Out of memory: panic_on_oom is selected".
 */
static bool is_oom_panic(struct span why)
{
	return find_in(why, "Out of memory") || find_in(why, "out of memory") || find_in(why, "OOM");
}

static bool same_file(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The line being read is where @part of @e begins, unless an earlier one was. */
static void note_part(const struct oom_parser *p, struct oom_event *e, enum oom_part part)
{
	if (!e->part_line[part] && same_file(p->line_src.file, e->src.file))
		e->part_line[part] = p->line_src.line;
}

/* @now is @before's line or one of the @gap lines after it, in the same file. */
static bool follows(const struct src_loc *before, const struct src_loc *now, unsigned gap)
{
	return before->line && same_file(before->file, now->file) && now->line >= before->line &&
	       now->line - before->line <= gap;
}

static struct oom_note *new_note(struct oom_parser *p, const struct oom_line *l,
				 enum oom_note_kind kind, struct span text, bool oom)
{
	struct oom_note *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->src = l->src;
	n->src_off = l->off;
	n->host = p->host;
	if (l->time && l->time->valid)
		n->time = *l->time;
	else
		n->time.usec = -1;
	n->has_uptime = l->has_uptime;
	n->uptime_us = l->uptime_us;
	n->text = span_dup(span_trim(text));
	n->count = MT_UNKNOWN;
	n->oom = oom;
	return n;
}

static void give_note(struct oom_parser *p, struct oom_note *n)
{
	if (p->note)
		p->note(p->ctx, n);
	else
		oom_note_free(n);
}

/* The rate limit's count waiting for a report goes, with or without one. */
static void flush_suppressed(struct oom_parser *p)
{
	if (p->suppressed)
		give_note(p, p->suppressed);
	p->suppressed = NULL;
}

/*
 * "printk: 10696059 messages suppressed."   kernel/printk.c, <= 2.6.24
 * "__ratelimit: 12 callbacks suppressed"     lib/ratelimit.c __ratelimit(), 2.6.25-2.6.32
 * "warn_alloc: 3 callbacks suppressed"       ___ratelimit(), the caller's __func__, 2.6.33+
 */
static bool h_suppressed(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *at = find_in(t, " callbacks suppressed"), *digits, *colon, *name;
	int64_t n;

	if (!at)
		at = find_in(t, " messages suppressed");
	if (!at)
		return false;
	for (digits = at; digits > t.p && is_digit(digits[-1]); digits--)
		;
	colon = digits - 2;
	if (digits == at || digits - t.p < 3 || digits[-1] != ' ' || *colon != ':')
		return false;
	for (name = colon; name > t.p && name[-1] != ' '; name--)
		;
	if (name == colon || !scan_i64(&digits, at, &n))
		return false;
	flush_suppressed(p);
	p->suppressed = new_note(p, l, NOTE_SUPPRESSED, span_make(name, colon), false);
	p->suppressed->count = n;
	return true;
}

/*
 * "SysRq : Manual OOM execution"          drivers/tty/sysrq.c, <= 3.18 (printk "SysRq : " + action_msg)
 * "sysrq: SysRq : Manual OOM execution"   3.19-5.5 (pr_info with pr_fmt "sysrq: ")
 * "sysrq: Manual OOM execution"           5.6+ and the stable kernels given the fix
 * moom_callback() runs the OOM killer next; on kernels before 4.6 its
 * report says order=0, so this line is what tells it was forced.
 */
static bool h_sysrq(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	if (!find_in(t, "Manual OOM execution"))
		return false;
	p->sysrq_at = l->src;
	return true;
}

/*
 * "Kernel panic - not syncing: corrupted stack end detected inside scheduler",
 * "... Fatal exception", "... Attempted to kill init! exitcode=0x00000009":
 * panic() for another reason than memory.  It is why the host went down; a
 * report open then, or printed by another CPU in its shadow, is cut by it.
 */
static bool h_other_panic(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *at = find_in(t, "Kernel panic - not syncing:");
	struct span why;

	if (!at)
		return false;
	why = span_trim(after(t, at + 27));
	if (is_oom_panic(why))
		return false;
	give_note(p, new_note(p, l, NOTE_PANIC, why, false));
	free(p->panicked.text);
	p->panicked.text = span_dup(why);
	p->panicked.src = l->src;
	p->panicked.has_uptime = l->has_uptime;
	p->panicked.uptime_us = l->uptime_us;
	if (p->cur && !p->cur->other_panic)
		set_str(&p->cur->other_panic, why);
	return true;
}

/* ---- handlers that may start a report ------------------------------------ */

/* "X invoked oom-killer: gfp_mask=..." and 2.6.9's "oom-killer: gfp_mask=0xd0" */
static bool h_header(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *at = find_in(t, " invoked oom-killer:");
	struct oom_event *e;

	if (at) {
		e = open_report(p, OOM_KILL, l, true);
		set_str(&e->trigger_comm, span_make(t.p, at));
		scan_header_params(e, after(t, at + 20));
		if (!e->gfp_mask || e->order == MT_UNKNOWN)
			p->last = LAST_HEADER; /* a mail client wrapped it: h_header_cont() */
		return true;
	}
	/* a mail client ate the first bytes of the old header in some posts: "iller: gfp_mask" */
	if (span_starts(t, "oom-killer: gfp_mask=") || span_starts(t, "iller: gfp_mask=") ||
	    span_starts(t, "ller: gfp_mask=")) {
		e = open_report(p, OOM_KILL, l, true);
		scan_header_params(e, after(t, (const char *)memchr(t.p, ':', t.len) + 1));
		return true;
	}
	return false;
}

/*
 * "swapper: page allocation failure. order:1, mode:0x4020"        (<= 2.6.36)
 * "kworker/0:1: page allocation failure: order:4, mode:0x...(GFP_...), nodemask=(null)"
 */
static bool h_alloc_failure(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *at = find_in(t, ": page allocation failure");
	struct oom_event *e;

	if (!at)
		return false;
	e = open_report(p, OOM_ALLOC_FAILURE, l, true);
	set_str(&e->trigger_comm, span_make(t.p, at));
	scan_header_params(e, after(t, at + 25));
	return true;
}

/* "Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled" */
static bool h_panic(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *at = find_in(t, "Kernel panic - not syncing:");
	struct span why;
	struct oom_event *e = p->cur;

	if (!at)
		return false;
	why = span_trim(after(t, at + 27));
	if (!is_oom_panic(why))
		return false;
	if (!e || e->type != OOM_KILL || e->victim_pid != MT_UNKNOWN)
		e = open_report(p, OOM_PANIC, l, false);
	e->type = OOM_PANIC;
	set_str(&e->panic, why);
	give_note(p, new_note(p, l, NOTE_PANIC, why, true));
	e->last = p->line_src;
	close_report(p, "");
	return true;
}

/* The event a "Killed process" or "oom-kill:" line belongs to, opened if need be. */
static struct oom_event *kill_target(struct oom_parser *p, const struct oom_line *l, int64_t pid)
{
	struct oom_event *e = p->cur;

	if (e && e->type == OOM_KILL && (e->victim_pid == MT_UNKNOWN || e->victim_pid == pid))
		return e;
	return open_report(p, OOM_KILL, l, false);
}

/* "Kill process 1234 (java) sharing same memory" names no victim of its own. */
static bool is_sharing_line(struct span t)
{
	return find_in(t, "sharing same memory") != NULL;
}

/*
 * The selection line, 2.6.16-5.0:
 *   "Out of Memory: Kill process 13677 (kdeinit) score 1116 and children."
 *   "Out of memory: kill process 4235 (java) score 5432 or a child"
 *   "Memory cgroup out of memory: Kill process 11521 (mysqld) score 977 or sacrifice child"
 */
static bool h_select(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *at = find_in(t, "ill process "), *s, *end = t.p + t.len, *open, *close;
	struct oom_event *e;
	int64_t pid, score;

	if (!at || at == t.p || (at[-1] != 'K' && at[-1] != 'k') || is_sharing_line(t))
		return false;
	s = at + 12;
	if (!scan_i64(&s, end, &pid) || !scan_lit(&s, end, " ("))
		return false;
	open = s;
	close = find_in(after(t, open), ") score ");
	if (!close)
		return false;
	s = close + 8;
	if (!scan_i64(&s, end, &score))
		score = MT_UNKNOWN;
	e = p->cur && p->cur->type == OOM_KILL && p->cur->victim_pid == MT_UNKNOWN
		    ? p->cur
		    : open_report(p, OOM_KILL, l, false);
	e->selected_pid = pid;
	set_str(&e->selected_comm, span_make(open, close));
	e->selected_score = score;
	if (at - 1 > t.p)
		set_str(&e->kill_reason, span_make(t.p, at - 1));
	if (e->kill_reason)
		set_constraint_from_reason(e, (struct span){ e->kill_reason, strlen(e->kill_reason) });
	return true;
}

/* Normalise the kill line's field names to the JSON ones. */
static void victim_field(struct oom_event *e, const struct kv *f)
{
	static const struct { const char *printed, *name; } names[] = {
		{ "total-vm", "total_vm_kb" },   { "anon-rss", "anon_rss_kb" },
		{ "file-rss", "file_rss_kb" },   { "shmem-rss", "shmem_rss_kb" },
		{ "UID", "uid" },                { "pgtables", "pgtables_kb" },
		{ "oom_score_adj", "oom_score_adj" }, { "vsz", "total_vm_kb" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(f->key, names[i].printed))
			kv_set(&e->victim, names[i].name, strlen(names[i].name), f->val);
}

/* Where the comm in "(comm) total-vm:..." ends: comms may hold ')' themselves. */
static const char *comm_end(struct span rest)
{
	static const char *const stops[] = { ") total-vm:", ") vsz:", "), UID", ")." };
	const char *end = rest.p + rest.len, *q;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(stops); i++)
		if ((q = find_in(rest, stops[i])))
			return q;
	for (q = end; q > rest.p; q--)
		if (q[-1] == ')')
			return q - 1;
	return NULL;
}

/*
 * The kill, every era:
 *   "Out of Memory: Killed process 2731 (mozilla-bin)."                        2.6.9
 *   "Killed process 23212, UID 48, (php-fpm) total-vm:..kB, anon-rss:..kB, file-rss:..kB"   RHEL 6
 *   "Out of memory: Killed process 473206 (doxygen) total-vm:..kB, anon-rss:..kB,
 *    file-rss:0kB, shmem-rss:0kB, UID:504 pgtables:..kB oom_score_adj:0"      5.4+
 */
static bool h_killed(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *at = find_in(t, "Killed process "), *s, *end = t.p + t.len, *cend;
	struct kv_list fields = { 0 };
	struct oom_event *e;
	int64_t pid, uid = MT_UNKNOWN;
	size_t i;

	if (!at || find_in(t, "oom_reaper"))
		return false;
	s = at + 15;
	if (!scan_i64(&s, end, &pid))
		return false;
	if (scan_lit(&s, end, ", UID ")) {
		scan_i64(&s, end, &uid);
		scan_char(&s, end, ',');
	}
	e = kill_target(p, l, pid);
	e->kill_line_el6 |= uid != MT_UNKNOWN;
	if (e->victim_pid == pid && e->victim_comm) {
		p->last = LAST_KILLED;
		return true; /* the same line twice: a paste or two loggers */
	}
	e->victim_pid = pid;
	note_part(p, e, OOM_PART_KILL);
	if (at > t.p) {
		struct span reason = span_trim(span_make(t.p, at));

		if (reason.len && reason.p[reason.len - 1] == ':')
			reason.len--;
		if (reason.len)
			set_str(&e->kill_reason, reason);
		set_constraint_from_reason(e, reason);
	}
	if (uid != MT_UNKNOWN)
		kv_set(&e->victim, "uid", 3, uid);
	scan_blanks(&s, end);
	if (scan_char(&s, end, '(') && (cend = comm_end(span_make(s, end)))) {
		set_str(&e->victim_comm, span_make(s, cend));
		scan_kv_pairs(span_make(cend + 1, end), &fields, NULL);
		for (i = 0; i < fields.nr; i++)
			victim_field(e, &fields.items[i]);
		kv_release(&fields);
		e->last = p->line_src;
		close_report(p, "");
	} else {
		/* "Killed process 2731" wrapped before its "(comm)." */
		p->victim_comm_pending = true;
	}
	p->last = LAST_KILLED;
	return true;
}

/* The second half of a kill line that a mail client wrapped: "(mozilla-bin)." */
static bool h_victim_comm(struct oom_parser *p, struct span t)
{
	const char *cend;

	if (!p->victim_comm_pending || !p->cur || !t.len || t.p[0] != '(')
		return false;
	cend = comm_end(span_make(t.p + 1, t.p + t.len));
	if (!cend)
		return false;
	set_str(&p->cur->victim_comm, span_make(t.p + 1, cend));
	p->victim_comm_pending = false;
	p->cur->last = p->line_src;
	close_report(p, "");
	return true;
}

/*
 * 5.0+: "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,
 *        oom_memcg=/leaker,task_memcg=/leaker,task=leaker,pid=6736,uid=0"
 * task= is a comm and may hold commas, so pid= and uid= are taken from the right.
 */
static bool h_summary(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *at = find_in(t, "oom-kill:"), *end = t.p + t.len, *s, *pidp, *taskp;
	struct oom_event *e;
	int64_t pid = MT_UNKNOWN, uid = MT_UNKNOWN;

	if (!at)
		return false;
	s = at + 9;
	pidp = NULL;
	for (const char *q = s; (q = find_in(span_make(q, end), ",pid=")); q++)
		pidp = q;
	if (pidp) {
		const char *q = pidp + 5;

		scan_i64(&q, end, &pid);
		if (scan_lit(&q, end, ",uid="))
			scan_i64(&q, end, &uid);
	}
	e = kill_target(p, l, pid);
	note_part(p, e, OOM_PART_KILL);
	if (pid != MT_UNKNOWN)
		kv_set(&e->summary, "pid", 3, pid);
	if (uid != MT_UNKNOWN)
		kv_set(&e->summary, "uid", 3, uid);
	taskp = NULL;
	for (const char *q = s; q < (pidp ? pidp : end) && (q = find_in(span_make(q, pidp ? pidp : end), "task=")); q++)
		if (q == s || q[-1] == ',')
			taskp = q;
	if (taskp && pidp)
		set_str(&e->summary_task, span_make(taskp + 5, pidp));
	/* the comma-separated settings before task= */
	while (s < (taskp ? taskp : end)) {
		const char *stop = taskp ? taskp : end, *c = s, *eq;
		struct span key, val;

		while (c < stop && *c != ',')
			c++;
		eq = memchr(s, '=', (size_t)(c - s));
		key = eq ? span_make(s, eq) : span_make(s, c);
		val = eq ? span_make(eq + 1, c) : SPAN_NONE;
		if (span_eq(key, "constraint")) {
			if (span_eq(val, "CONSTRAINT_MEMCG"))
				e->constraint = CONSTRAINT_MEMCG;
			else if (span_eq(val, "CONSTRAINT_CPUSET"))
				e->constraint = CONSTRAINT_CPUSET;
			else if (span_eq(val, "CONSTRAINT_MEMORY_POLICY"))
				e->constraint = CONSTRAINT_MEMPOLICY;
			else if (span_eq(val, "CONSTRAINT_NONE"))
				e->constraint = CONSTRAINT_GLOBAL;
		} else {
			set_placement(e, key, val);
		}
		s = c < stop ? c + 1 : c;
	}
	return true;
}

/* "oom_reaper: reaped process 492 (allocate), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB" */
static bool h_reaper(struct oom_parser *p, struct span t)
{
	const char *at = find_in(t, "oom_reaper: "), *s, *end = t.p + t.len;
	bool reaped;
	int64_t pid;
	struct oom_event *e = NULL;
	unsigned i;

	if (!at)
		return false;
	s = at + 12;
	reaped = scan_lit(&s, end, "reaped process ");
	if (!reaped && !scan_lit(&s, end, "unable to reap pid:"))
		return true;
	if (!scan_i64(&s, end, &pid))
		return true;
	if (p->cur && p->cur->victim_pid == pid)
		e = p->cur;
	for (i = 0; !e && i < p->nr_recent; i++)
		if (p->recent[i]->victim_pid == pid)
			e = p->recent[i];
	if (!e)
		return true;
	if (reaped) {
		const char *now = find_in(after(t, s), "now ");
		struct kv_list f = { 0 };
		size_t k;

		e->reaped = true;
		if (now)
			scan_kv_pairs(after(t, now + 4), &f, NULL);
		for (k = 0; k < f.nr; k++) {
			struct kv tmp = f.items[k];

			if (!strcmp(tmp.key, "anon-rss"))
				kv_set(&e->reaper, "anon_rss_kb", 11, tmp.val);
			else if (!strcmp(tmp.key, "file-rss"))
				kv_set(&e->reaper, "file_rss_kb", 11, tmp.val);
			else if (!strcmp(tmp.key, "shmem-rss"))
				kv_set(&e->reaper, "shmem_rss_kb", 12, tmp.val);
		}
		kv_release(&f);
	} else {
		e->reap_failed = true;
	}
	return true;
}

/*
 * memcg v1: "Task in /docker/abc killed as a result of limit of /docker/abc"
 * 4.x:      "Memory limit reached of cgroup /foo"
 */
static bool h_task_in(struct oom_parser *p, struct span t, const struct oom_line *l)
{
	const char *in = NULL, *lim;
	struct oom_event *e;

	if (span_starts(t, "Task in "))
		in = t.p + 8;
	lim = find_in(t, " killed as a result of limit of ");
	if (in && lim && lim < in)
		lim = NULL; /* "Task in killed ...": no path between them */
	if (!(in && lim) && !span_starts(t, "Memory limit reached of cgroup "))
		return false;
	e = p->cur && p->cur->type == OOM_KILL && p->cur->victim_pid == MT_UNKNOWN
		    ? p->cur
		    : open_report(p, OOM_KILL, l, false);
	e->constraint = CONSTRAINT_MEMCG;
	if (in && lim) {
		set_str(&e->task_memcg, span_make(in, lim));
		set_str(&e->cgroup, after(t, lim + 32));
	} else {
		set_str(&e->cgroup, after(t, t.p + 31));
	}
	return true;
}

/* ---- handlers for lines inside a report ---------------------------------- */

/*
 * The rest of a header that a mail client wrapped (corpus 23):
 *   "kworker/u8:2 invoked oom-killer:"
 *   "gfp_mask=0x15080c0(GFP_KERNEL_ACCOUNT|__GFP_ZERO), nodemask=(null),"
 *   " order=1, oom_score_adj=0"
 * The kernel prints it as one line; each piece starts with one of its keys.
 */
static bool h_header_cont(struct oom_parser *p, struct oom_event *e, struct span t)
{
	static const char *const keys[] = { "gfp_mask=", "nodemask=", "order=", "oom_score_adj=" };

	if (p->last != LAST_HEADER)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (span_starts(t, keys[i])) {
			scan_header_params(e, t);
			return true;
		}
	}
	return false;
}

/* The release a mail client wrapped off the CPU line: " 4.14.65 #606" */
static bool h_release_cont(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len;
	struct span w;

	if (p->last != LAST_CPU || e->kernel || !t.len || !is_digit(*t.p) || !scan_word(&s, end, &w))
		return false;
	scan_blanks(&s, end);
	if (s < end && *s != '#')
		return false;
	set_str(&e->kernel, w);
	return true;
}

/* A frame's saved registers on ARM: " r6:600f0113 r5:c141c0dc r4:00000000 r3:cf08b34d" */
static bool h_arm_regs(struct span t)
{
	const char *s = t.p, *end = t.p + t.len;
	struct span w;
	size_t n = 0;

	while (scan_blanks(&s, end), scan_word(&s, end, &w)) {
		const char *q = w.p + 1, *colon = memchr(w.p, ':', w.len);

		if (w.p[0] != 'r' || !colon || colon == q || w.p + w.len - colon != 9)
			return false;
		for (; q < colon; q++)
			if (!is_digit(*q))
				return false;
		for (q = colon + 1; q < w.p + w.len; q++)
			if (!is_digit(*q) && !(*q >= 'a' && *q <= 'f'))
				return false;
		n++;
	}
	return n > 0;
}

/* "sed cpuset=/ mems_allowed=0-1" (2.6.29-4.20) */
static bool h_cpuset(struct oom_event *e, struct span t)
{
	const char *c = find_in(t, " cpuset="), *m = find_in(t, " mems_allowed=");

	if (!c || !m || m < c)
		return false;
	set_str(&e->cpuset, span_make(c + 8, m));
	set_str(&e->mems_allowed, after(t, m + 14));
	if (!e->trigger_comm)
		set_str(&e->trigger_comm, span_make(t.p, c));
	return true;
}

/*
 * "CPU: 4 PID: 29481 Comm: sed Not tainted 3.10.0-514.6.1.el7.x86_64 #1"
 * "CPU: 0 UID: 0 PID: 1 Comm: init Tainted: G   O   6.12.0 #1"
 * "Pid: 23212, comm: php-fpm Not tainted 2.6.32-642.11.1.el6.x86_64 #1"
 * The comm may hold blanks; the release is the first word after the taint
 * flags that starts with a digit.
 */
static bool h_cpu_line(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *end = t.p + t.len, *s, *comm, *taint;
	int64_t pid;

	if (span_starts(t, "CPU: ")) {
		if (!(s = find_in(t, " PID: ")))
			return false;
		s += 6;
	} else if (span_starts(t, "Pid: ")) {
		s = t.p + 5;
	} else {
		return false;
	}
	if (!scan_i64(&s, end, &pid))
		return false;
	if (!(comm = find_in(after(t, s), "omm: ")))
		return false;
	comm += 5;
	taint = find_in(after(t, comm), " Not tainted ");
	if (!taint)
		taint = find_in(after(t, comm), " Tainted: ");
	if (!taint)
		return true; /* a second stack dump in the report, e.g. the reaper's */
	if (!e->kernel)
		p->last = LAST_CPU; /* the release may follow, wrapped: h_release_cont() */
	if (e->trigger_pid == MT_UNKNOWN)
		e->trigger_pid = pid;
	if (!e->trigger_comm)
		set_str(&e->trigger_comm, span_make(comm, taint));
	for (s = taint + 1; s < end; s++) {
		if (is_digit(*s) && s[-1] == ' ') {
			const char *w = s;

			while (w < end && *w != ' ')
				w++;
			if (!e->kernel)
				set_str(&e->kernel, span_make(s, w));
			break;
		}
	}
	return true;
}

static bool h_hardware(struct oom_event *e, struct span t)
{
	if (!span_starts(t, "Hardware name: "))
		return false;
	if (!e->hardware)
		set_str(&e->hardware, after(t, t.p + 15));
	return true;
}

/* Call trace frames: " [<ffffffff816861ac>] dump_stack+0x19/0x1b", " ? oom_kill_process+0x24e/0x3c0" */
static bool h_frames(struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len, *plus;
	bool found = false;

	while ((plus = find_in(span_make(s, end), "+0x"))) {
		const char *n = plus;

		while (n > t.p && (is_ident(n[-1]) || n[-1] == '.' || n[-1] == '$'))
			n--;
		if (n < plus && memchr(plus, '/', (size_t)(end - plus))) {
			if (e->nr_trace < OOM_MAX_TRACE) {
				ALLOC_GROW(e->trace, e->nr_trace, e->alloc_trace);
				e->trace[e->nr_trace++] = vocab_n(n, (size_t)(plus - n));
			}
			found = true;
		}
		s = plus + 3;
	}
	return found;
}

/* "Node 0 DMA32 free:59728kB min:7832kB low:9788kB high:11748kB ..." */
static bool h_zone(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len, *name;
	const char *free_at = find_in(t, " free:");
	struct oom_zone *z;
	int node;

	if (!free_at || !find_in(t, " min:"))
		return false;
	node = scan_node(&s, end);
	name = s;
	while (s < free_at && *s != ' ')
		s++;
	if (s != free_at || s == name)
		return false;
	z = oom_event_zone(e, node, name, (size_t)(s - name));
	scan_kv_pairs(after(t, free_at + 1), &z->fields, &z->all_unreclaimable);
	p->last = LAST_ZONE;
	note_part(p, e, OOM_PART_ZONES);
	return true;
}

/*
 * "Node 0 hugepages_total=512 hugepages_free=512 hugepages_surp=0 hugepages_size=2048kB"
 * (hugetlb_show_meminfo, 2.6.32+), one line per node and huge page size:
 * summed into what the huge pages reserve.
 */
static bool h_hugepages(struct oom_event *e, struct span t)
{
	static const char *const keys[] = { "hugepages_total=", "hugepages_free=", "hugepages_size=" };
	const char *end = t.p + t.len;
	int64_t v[3];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *at = find_in(t, keys[i]);

		if (!at)
			return false;
		at += strlen(keys[i]);
		if (!scan_i64(&at, end, &v[i]))
			return false;
	}
	for (i = 0; i < 2; i++) {
		const char *key = i ? "hugepages_free_kb" : "hugepages_total_kb";
		int64_t had = kv_get(&e->totals, key);

		kv_set(&e->totals, key, strlen(key), (had == MT_UNKNOWN ? 0 : had) + v[i] * v[2]);
	}
	return true;
}

/* "Node 0 active_anon:5584kB inactive_anon:...kB ... all_unreclaimable? no" (4.8+) */
static bool h_node(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len;
	int node = scan_node(&s, end);
	struct kv_list *kv;
	const char *unrecl = NULL;

	if (node < 0 || s >= end || !is_ident(*s) || find_in(t, "hugepages_"))
		return false;
	{
		const char *c = s;

		while (c < end && is_ident(*c))
			c++;
		/* "Node 0 active_anon:5584kB", not the buddy line "Node 0 Normal: 1*4kB" */
		if (c + 1 >= end || *c != ':' || !is_digit(c[1]))
			return false;
	}
	if ((size_t)node >= e->nr_node_stats) {
		ALLOC_GROW(e->node_stats, (size_t)node, e->alloc_node_stats);
		memset(e->node_stats + e->nr_node_stats, 0,
		       ((size_t)node + 1 - e->nr_node_stats) * sizeof(*e->node_stats));
		e->nr_node_stats = (size_t)node + 1;
	}
	kv = &e->node_stats[node];
	scan_kv_pairs(span_make(s, end), kv, &unrecl);
	if (unrecl)
		kv_set(kv, "all_unreclaimable", 17, !strcmp(unrecl, "yes"));
	p->last = LAST_NODE;
	p->last_node = (size_t)node;
	return true;
}

/* "lowmem_reserve[]: 0 2780 15835 15835", before 2.6.12 "protections[]: 10 358 358" */
static bool h_reserve(struct oom_event *e, struct span t)
{
	bool prot = span_starts(t, "protections[]:");
	const char *s, *end = t.p + t.len;
	struct oom_zone *z;

	if (!prot && !span_starts(t, "lowmem_reserve[]:"))
		return false;
	if (!e->nr_zones)
		return true;
	z = &e->zones[e->nr_zones - 1];
	z->reserve_is_protections = prot;
	z->nr_reserve = 0;
	s = (const char *)memchr(t.p, ':', t.len) + 1;
	for (;;) {
		int64_t v;

		scan_blanks(&s, end);
		if (!scan_i64(&s, end, &v))
			break;
		ALLOC_GROW(z->reserve, z->nr_reserve, z->alloc_reserve);
		z->reserve[z->nr_reserve++] = v;
	}
	return true;
}

/* "(UMH)": the migrate types of the order before it (show_migration_types(), 3.10+). */
static void scan_migrate_types(struct oom_zone *z, const char *s, const char *end)
{
	static const char letters[] = "UMEHCIR"; /* in the order of enum oom_migrate_bits */
	const char *at;

	if (!z->nr_buddy || !scan_char(&s, end, '('))
		return;
	z->buddy_typed = true;
	for (; s < end && *s != ')' && *s != ' '; s++)
		if ((at = memchr(letters, *s, sizeof(letters) - 1)))
			z->buddy_types[z->nr_buddy - 1] |= (uint8_t)(1u << (at - letters));
}

/* "1*256kB 0*512kB (UM) ... = 1488kB": the counts, their types and the total, from @s on. */
static void scan_buddy_counts(struct oom_zone *z, const char *s, const char *end)
{
	while (s < end) {
		int64_t n;

		scan_blanks(&s, end);
		if (scan_char(&s, end, '=')) {
			scan_blanks(&s, end);
			if (scan_i64(&s, end, &z->buddy_total_kb))
				return;
			break;
		}
		if (s < end && *s == '(')
			scan_migrate_types(z, s, end);
		else if (scan_i64(&s, end, &n) && scan_char(&s, end, '*') && z->nr_buddy < OOM_MAX_ORDERS)
			z->buddy[z->nr_buddy++] = n;
		while (s < end && *s != ' ')
			s++;
	}
}

/* "Node 0 DMA: 1*4kB (U) 2*8kB (U) ... = 15872kB", "Normal: empty" */
static bool h_buddy(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len, *name, *colon;
	struct oom_zone *z;
	int node;

	node = scan_node(&s, end);
	name = s;
	colon = memchr(s, ':', (size_t)(end - s));
	if (!colon || colon == name || memchr(name, ' ', (size_t)(colon - name)))
		return false;
	s = colon + 1;
	scan_blanks(&s, end);
	if (span_eq(span_trim(span_make(s, end)), "empty")) {
		oom_event_zone(e, node, name, (size_t)(colon - name))->buddy_total_kb = 0;
		return true;
	}
	if (!find_in(span_make(s, end), "kB") || s >= end || !is_digit(*s))
		return false;
	{
		const char *q = s;
		int64_t n;

		if (!scan_i64(&q, end, &n) || !scan_char(&q, end, '*'))
			return false;
	}
	z = oom_event_zone(e, node, name, (size_t)(colon - name));
	z->nr_buddy = 0;
	z->buddy_typed = false;
	memset(z->buddy_types, 0, sizeof(z->buddy_types));
	scan_buddy_counts(z, s, end);
	p->last = z->buddy_total_kb == MT_UNKNOWN ? LAST_BUDDY : LAST_NONE;
	return true;
}

/* The rest of a buddy line that a mail client wrapped: "70*64kB (UMH) ...", "(C) 1335*64kB ..." */
static bool h_buddy_cont(struct oom_parser *p, struct oom_event *e, struct span t)
{
	struct oom_zone *z;
	const char *q = t.p;
	int64_t n;
	size_t i;

	if (p->last != LAST_BUDDY || !e->nr_zones)
		return false;
	if (t.len && *q == '(') {
		q = memchr(t.p, ')', t.len);
		if (!q)
			return false;
		q++;
		scan_blanks(&q, t.p + t.len);
	}
	if (!scan_i64(&q, t.p + t.len, &n) || !scan_char(&q, t.p + t.len, '*'))
		return false;
	for (i = e->nr_zones; i > 0; i--)
		if (e->zones[i - 1].buddy_total_kb == MT_UNKNOWN && e->zones[i - 1].nr_buddy)
			break;
	if (!i)
		return false;
	z = &e->zones[i - 1];
	scan_buddy_counts(z, t.p, t.p + t.len);
	p->last = z->buddy_total_kb == MT_UNKNOWN ? LAST_BUDDY : LAST_NONE;
	return true;
}

/*
 * Lines made of "key:value" words only.  The global counters
 * ("active_anon:7355653 inactive_anon:660960 ...", 2.6.x "Active:659 inactive:558 ...")
 * and, right after a zone or node line, the wrapped rest of that line (in kB).
 */
static bool h_counters(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len;
	struct kv_list tmp = { 0 }, *to = NULL;
	size_t n, i;

	/* "isolated(anon):0kB": the node line's keys hold parentheses */
	while (s < end && (is_ident(*s) || *s == '(' || *s == ')'))
		s++;
	if (s == t.p || s + 1 >= end || *s != ':' || !is_digit(s[1]))
		return false;
	n = scan_kv_pairs(t, &tmp, NULL);
	if (p->last == LAST_ZONE && e->nr_zones && find_in(t, "kB"))
		to = &e->zones[e->nr_zones - 1].fields;
	else if (p->last == LAST_NODE && p->last_node < e->nr_node_stats && find_in(t, "kB"))
		to = &e->node_stats[p->last_node];
	if (to) {
		for (i = 0; i < tmp.nr; i++)
			kv_set(to, tmp.items[i].key, strlen(tmp.items[i].key), tmp.items[i].val);
	} else {
		for (i = 0; i < tmp.nr; i++)
			kv_set(&e->mem_info, tmp.items[i].key, strlen(tmp.items[i].key), tmp.items[i].val);
		p->last = LAST_COUNTERS;
		if (tmp.nr)
			note_part(p, e, OOM_PART_MEM_INFO);
	}
	kv_release(&tmp);
	return n > 0;
}

/* The show_mem trailer: "Free swap  = 0kB", "4194174 pages RAM", "0 pages HighMem/MovableOnly" ... */
static bool h_totals(struct oom_parser *p, struct oom_event *e, struct span t)
{
	static const struct { const char *text, *key; } names[] = {
		{ "pages RAM", "pages_ram" },
		{ "pages of RAM", "pages_ram" },
		{ "pages HighMem/MovableOnly", "pages_highmem" },
		{ "pages HighMem", "pages_highmem" },
		{ "pages of HIGHMEM", "pages_highmem" },
		{ "pages reserved", "pages_reserved" },
		{ "reserved pages", "pages_reserved" },
		{ "pages cma reserved", "pages_cma_reserved" },
		{ "pages hwpoisoned", "pages_hwpoisoned" },
		{ "pages shared", "pages_shared" },
		{ "pages non-shared", "pages_non_shared" },
		{ "pages swap cached", "pages_swap_cached" },
		{ "total pagecache pages", "pagecache_pages" },
		{ "pages in swap cache", "swap_cache_pages" },
		{ "pages in pagetable cache", "pagetable_cache_pages" },
		{ "pages dirty", "pages_dirty" },
		{ "pages writeback", "pages_writeback" },
		{ "pages mapped", "pages_mapped" },
		{ "pages slab", "pages_slab" },
		{ "pages pagetables", "pages_pagetables" },
	};
	const char *s = t.p, *end = t.p + t.len;
	int64_t v;
	size_t i;

	if (span_starts(t, "Free swap") || span_starts(t, "Total swap")) {
		const char *key = t.p[0] == 'F' ? "swap_free_kb" : "swap_total_kb";

		while (s < end && !is_digit(*s) && *s != '-')
			s++;
		if (scan_i64(&s, end, &v))
			kv_set(&e->totals, key, strlen(key), v);
		p->trailer_seen = true;
		note_part(p, e, OOM_PART_SWAP);
		return true;
	}
	if (span_starts(t, "Free pages:")) {
		s += 11;
		scan_blanks(&s, end);
		if (scan_i64(&s, end, &v))
			kv_set(&e->totals, "free_pages_kb", 13, v);
		return true;
	}
	if (!scan_i64(&s, end, &v) || !scan_char(&s, end, ' '))
		return false;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (span_eq(span_trim(span_make(s, end)), names[i].text)) {
			kv_set(&e->totals, names[i].key, strlen(names[i].key), v);
			p->trailer_seen = true;
			if (!strcmp(names[i].key, "pages_ram"))
				note_part(p, e, OOM_PART_RAM);
			return true;
		}
	}
	return false;
}

/* "memory: usage 524288kB, limit 524288kB, failcnt 1152" and its memory+swap/kmem/swap kin */
static bool h_memcg_usage(struct oom_parser *p, struct oom_event *e, struct span t)
{
	static const struct { const char *printed, *name; } kinds[] = {
		{ "memory: usage ", "memory" }, { "memory+swap: usage ", "memsw" },
		{ "kmem: usage ", "kmem" },     { "swap: usage ", "swap" },
	};
	const char *s, *end = t.p + t.len;
	char key[32];
	int64_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (span_starts(t, kinds[i].printed))
			break;
	if (i == ARRAY_SIZE(kinds))
		return false;
	s = t.p + strlen(kinds[i].printed);
	if (scan_i64(&s, end, &v)) {
		snprintf(key, sizeof(key), "%s_usage_kb", kinds[i].name);
		kv_set(&e->memcg, key, strlen(key), v);
	}
	if (scan_lit(&s, end, "kB, limit ") && scan_i64(&s, end, &v)) {
		snprintf(key, sizeof(key), "%s_limit_kb", kinds[i].name);
		kv_set(&e->memcg, key, strlen(key), v);
	}
	if (scan_lit(&s, end, "kB, failcnt ") && scan_i64(&s, end, &v)) {
		snprintf(key, sizeof(key), "%s_failcnt", kinds[i].name);
		kv_set(&e->memcg, key, strlen(key), v);
	}
	if (e->constraint == CONSTRAINT_UNKNOWN)
		e->constraint = CONSTRAINT_MEMCG;
	note_part(p, e, OOM_PART_MEMCG);
	return true;
}

/*
 * "Memory cgroup stats for /docker/abc: cache:0KB rss:524096KB ..." (v1, one line)
 * "Memory cgroup stats for /leaker:" followed by "anon 98742272" lines (v2, bytes)
 */
static bool h_memcg_stats(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *colon, *s;
	struct oom_memcg_stats *b;

	if (!span_starts(t, "Memory cgroup stats for "))
		return false;
	s = t.p + 24;
	colon = NULL;
	for (const char *q = s; q < t.p + t.len; q++)
		if (*q == ':' && (q + 1 == t.p + t.len || q[1] == ' '))
			{ colon = q; break; }
	if (!colon)
		colon = t.p + t.len;
	ALLOC_GROW(e->memcg_stats, e->nr_memcg_stats, e->alloc_memcg_stats);
	b = &e->memcg_stats[e->nr_memcg_stats++];
	memset(b, 0, sizeof(*b));
	b->cgroup = vocab_span(span_make(s, colon));
	if (colon < t.p + t.len)
		scan_kv_pairs(after(t, colon + 1), &b->stats, NULL);
	if (e->constraint == CONSTRAINT_UNKNOWN)
		e->constraint = CONSTRAINT_MEMCG;
	p->last = LAST_MEMCG_STATS;
	return true;
}

/* A v2 memory.stat line after "Memory cgroup stats for": "anon 98742272" */
static bool h_memcg_stat_line(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len, *key_end;
	int64_t v;

	if (p->last != LAST_MEMCG_STATS || !e->nr_memcg_stats)
		return false;
	while (s < end && is_ident(*s))
		s++;
	key_end = s;
	if (key_end == t.p || !scan_char(&s, end, ' ') || !scan_i64(&s, end, &v) || s != end)
		return false;
	kv_set(&e->memcg_stats[e->nr_memcg_stats - 1].stats, t.p, (size_t)(key_end - t.p), v);
	return true;
}

/*
 * The task table header, whose columns changed with every era:
 *   "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name"         2.6.36
 *   "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"  4.19+
 */
static bool h_task_header(struct oom_parser *p, struct oom_event *e, struct span t)
{
	const char *s, *end = t.p + t.len, *close;

	if (!span_starts(t, "[ pid ]") && !span_starts(t, "[  pid  ]"))
		return false;
	note_part(p, e, OOM_PART_TASKS);
	if (e->nr_tasks)
		return true; /* a header repeated by a paste */
	close = memchr(t.p, ']', t.len);
	e->nr_task_cols = 0;
	ALLOC_GROW(e->task_cols, e->nr_task_cols, e->alloc_task_cols);
	e->task_cols[e->nr_task_cols++] = vocab_str("pid");
	for (s = close + 1; s < end;) {
		struct span w;

		scan_blanks(&s, end);
		if (!scan_word(&s, end, &w) || span_eq(w, "name"))
			break;
		ALLOC_GROW(e->task_cols, e->nr_task_cols, e->alloc_task_cols);
		e->task_cols[e->nr_task_cols++] = vocab_n(w.p, w.len);
	}
	return true;
}

/* A row's "[29481]" or "[  29481]": its pid, the cursor after the ']'. */
static bool scan_row_pid(const char **s, const char *end, int64_t *pid)
{
	if (!scan_char(s, end, '['))
		return false;
	scan_blanks(s, end);
	return scan_i64(s, end, pid) && scan_char(s, end, ']');
}

/* "[29481]     0 29481    28860      170      14        0             0 sed" */
static bool h_task_row(struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len;
	int64_t vals[OOM_MAX_TASK_COLS];
	size_t i, n = e->nr_task_cols;

	if (!n || n > ARRAY_SIZE(vals) || !scan_row_pid(&s, end, &vals[0]))
		return false;
	for (i = 1; i < n; i++) {
		scan_blanks(&s, end);
		if (!scan_i64(&s, end, &vals[i]))
			return false;
	}
	scan_blanks(&s, end);
	if (oom_task_has_pid(&e->tasks, e->nr_tasks, vals[0]))
		return true; /* duplicated by a paste: the first stays */
	if (e->nr_tasks >= MT_MAX_TASKS) {
		e->tasks_dropped++;
		return true;
	}
	oom_task_add(&e->tasks, &e->nr_tasks, vals, n, s, (size_t)(end - s));
	return true;
}

/* ---- task table rows without their header -------------------------------- */

/*
 * A row of a task table holds these blanks in every era: the format's
 * "%3d     %3d" (2.6.25-2.6.35 and RHEL 6's, as 2.6.36) or "%8lu         %5hd"
 * (3.6+).  It is a report's literal for the rows of a table whose header
 * is not in the log (a log that begins inside it), which only it marks; the
 * space runs of other lines cost the prefilter little (no stamp has five).
 */
#define TASK_ROW_LIT "     "

/* "[", up to 8 blanks, the pid, "]", then uid and tgid, each after 1 to 12 blanks. */
static bool task_row_shape(struct span t)
{
	static const unsigned max_blanks[] = { 8, 12, 12 }; /* before the pid, uid, tgid */
	const char *s = t.p, *end = t.p + t.len;

	for (size_t i = 0; i < ARRAY_SIZE(max_blanks); i++) {
		unsigned blanks = 0, digits = 0;

		if ((i == 0 && !scan_char(&s, end, '[')) || (i == 1 && !scan_char(&s, end, ']')))
			return false;
		for (; s < end && *s == ' ' && blanks <= max_blanks[i]; s++)
			blanks++;
		for (; s < end && is_digit(*s) && digits <= 10; s++)
			digits++;
		if ((i && !blanks) || blanks > max_blanks[i] || !digits || digits > 10)
			return false;
	}
	return s < end && *s == ' ';
}

static void loose_rows_clear(struct oom_loose_rows *r)
{
	oom_task_table_release(&r->rows);
	memset(r, 0, sizeof(*r));
}

/*
 * A task table row while no table header was read: its numbers, as many as
 * the row has (the era decides), then the name.  Rows in a run, each within
 * a few lines of the one before and with as many numbers, are kept together
 * for the kill line that follows (adopt_loose_rows()).
 */
static bool h_loose_row(struct oom_parser *p, struct span t)
{
	struct oom_loose_rows *r = &p->loose;
	const char *s = t.p, *end = t.p + t.len;
	int64_t vals[16];
	size_t n = 1;
	bool padded;

	if (!task_row_shape(t) || !scan_row_pid(&s, end, &vals[0]))
		return false;
	/* "[  29481]" is 4.19+'s "[%7d]"; "[3117813]" a pid too wide for "[%5d]" */
	padded = s - t.p - 2 >= 7 && t.p[1] == ' ';
	for (;;) {
		const char *q = s;

		scan_blanks(&q, end);
		if (n == ARRAY_SIZE(vals) || !scan_i64(&q, end, &vals[n]) || q == end || *q != ' ')
			break; /* a comm of digits only is the last word: the name */
		n++;
		s = q;
	}
	scan_blanks(&s, end);
	if (r->nr && (!follows(&r->last, &p->line_src, OOM_NEXT_GAP) || r->ncols != n))
		loose_rows_clear(r);
	r->ncols = n;
	r->last = p->line_src;
	r->wide_pid |= padded;
	if (oom_task_has_pid(&r->rows, r->nr, vals[0]))
		return true; /* duplicated by a paste: the first stays */
	if (r->nr >= MT_MAX_TASKS) {
		r->dropped++;
		return true;
	}
	oom_task_add(&r->rows, &r->nr, vals, n, s, (size_t)(end - s));
	return true;
}

/*
 * The columns of rows whose header is not in the log, from what the rows
 * and the kill line show (FORMATS-oom.md, the task table): the count of
 * numbers tells the eras apart but three of 8 (pid included), which RHEL 6's
 * kill line ("Killed process N, UID N,"), the 7-place pid of 4.19+ or the
 * pgtables of the 5.4+ kill line tell.  NULL: nothing tells them.
 */
static const char *loose_row_columns(const struct oom_loose_rows *r, const struct oom_event *e)
{
	switch (r->ncols) {
	case 7: /* 2.6.25-2.6.35 */
		return "pid uid tgid total_vm rss cpu oom_adj";
	case 8:
		if (e->kill_line_el6) /* 2.6.32 RHEL 6, as 2.6.36-3.5 */
			return "pid uid tgid total_vm rss cpu oom_adj oom_score_adj";
		if (r->wide_pid || kv_get(&e->victim, "pgtables_kb") != MT_UNKNOWN)
			return "pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj";
		return NULL; /* 2.6.36-3.5, 3.6-3.19 or 4.15-4.18 */
	case 9: /* 4.0-4.14 */
		return "pid uid tgid total_vm rss nr_ptes nr_pmds swapents oom_score_adj";
	case 11: /* 6.8+ */
		return "pid uid tgid total_vm rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj";
	default:
		return NULL;
	}
}

/* The loose rows come right before the report @e, or inside it. */
static bool loose_rows_of(const struct oom_loose_rows *r, const struct oom_event *e)
{
	if (!r->nr || !same_file(r->last.file, e->src.file))
		return false;
	return follows(&r->last, &e->src, OOM_NEXT_GAP) ||
	       (r->last.line >= e->src.line && r->last.line <= e->last.line);
}

/*
 * A kill whose report has no task table header takes the loose rows read
 * right before it (or in it) when its victim is among them: the tail of its
 * table, which the log kept without the header.
 */
static void adopt_loose_rows(struct oom_parser *p, struct oom_event *e)
{
	struct oom_loose_rows *r = &p->loose;
	const char *cols;
	bool victim = false;

	if (e->type != OOM_KILL || e->nr_task_cols || !loose_rows_of(r, e) ||
	    !(cols = loose_row_columns(r, e)))
		return;
	for (size_t i = 0; i < r->nr && !victim; i++)
		victim = oom_task_val(&r->rows, i, 0) == e->selected_pid ||
			 oom_task_val(&r->rows, i, 0) == e->victim_pid;
	if (!victim)
		return;
	for (const char *c = cols, *sp; *c; c = *sp ? sp + 1 : sp) {
		sp = strchrnul(c, ' ');
		ALLOC_GROW(e->task_cols, e->nr_task_cols, e->alloc_task_cols);
		e->task_cols[e->nr_task_cols++] = vocab_n(c, (size_t)(sp - c));
	}
	e->tasks = r->rows;
	e->nr_tasks = r->nr;
	e->tasks_dropped = r->dropped;
	e->tasks_headerless = true;
	memset(r, 0, sizeof(*r));
}

/* Lines of a report that carry nothing memtriage keeps. */
static bool h_known(struct span t)
{
	static const char *const starts[] = {
		"Mem-Info:", "Mem-info:", "Call Trace:", "Call trace:", "Backtrace:",
		"Tasks state", "<TASK>", "</TASK>", "<IRQ>", "</IRQ>", "<EOI>", "RIP:", "RSP:",
		"RAX:", "RBX:", "RCX:", "RDX:", "RBP:", "RSI:", "RDI:", "R08:", "R09:", "R10:",
		"R11:", "R12:", "R13:", "R14:", "R15:", "FS:", "CS:", "CR2:", "Code:",
		"Workqueue:", "Modules linked in:", "Swap cache", "COMPACTION is disabled",
		"Unreclaimable slab info:", "Name ", "Out of memory and no killable",
		"Out of memory: system-wide panic_on_oom", "Out of memory: compulsory panic_on_oom",
		"cpu ", "CPU ", "Free pages", "Memory allocations:", "pc :", "lr :", "sp :",
		"x29:", "---[ end trace", "Exception stack", "Hot:", "Cold:", "warn_alloc",
		"Tainted:", "Task:", "Kill process", "=======",
	};
	size_t i;

	if (!t.len)
		return true;
	for (i = 0; i < ARRAY_SIZE(starts); i++)
		if (starts[i][0] == t.p[0] && span_starts(t, starts[i]))
			return true;
	return find_in(t, " per-cpu:") || find_in(t, "hugepages_total=") ||
	       find_in(t, "callbacks suppressed") || find_in(t, "messages suppressed");
}

/* "kmalloc-512      1024KB     2048KB": a row of the 4.15+ "Unreclaimable slab info:" table */
static bool h_slab_row(struct oom_event *e, struct span t)
{
	const char *s = t.p, *end = t.p + t.len;
	struct span w;
	int64_t used, total;

	(void)e;
	if (!scan_word(&s, end, &w))
		return false;
	scan_blanks(&s, end);
	if (!scan_i64(&s, end, &used) || !scan_lit(&s, end, "KB"))
		return false;
	scan_blanks(&s, end);
	return scan_i64(&s, end, &total) && scan_lit(&s, end, "KB") && s == end;
}

/* Hex stack words printed before "Call Trace:" on <= 4.4: "ffff880182272f10 00000000021dcb0a ..." */
static bool h_hexwords(struct span t)
{
	size_t i, hex = 0;

	for (i = 0; i < t.len; i++) {
		char c = t.p[i];

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
			hex++;
		else if (c != ' ' && c != '<' && c != '>')
			return false;
	}
	return hex >= 8;
}

/* ---- the dispatcher ------------------------------------------------------- */

/*
 * Every line that starts a report, or adds to one already handed over,
 * holds one of these: the handlers of starts_report() look for nothing
 * else ("X invoked oom-killer:", "oom-kill:", "oom_reaper: ", "Killed process ",
 * "Kill process ", a mail-mangled "iller: gfp_mask="), is a note about the
 * report that follows (a rate limit's count, the SysRq line), or a task table
 * row that a kill line may take (TASK_ROW_LIT, h_loose_row()).  The log prefilter
 * searches whole logs for them, so lines without one are never fed here
 * while no report is open.
 */
enum report_lit {
	LIT_OOM_KILL, LIT_REAPER, LIT_KILL_PROCESS, LIT_KILLED_PROCESS, LIT_GFP_MASK, LIT_ALLOC_FAILURE,
	LIT_PANIC, LIT_TASK_IN, LIT_LIMIT_REACHED, LIT_CALLBACKS, LIT_MESSAGES, LIT_SYSRQ, LIT_TASK_ROW,
	NR_REPORT_LITS
};
#define LIT(x) (UINT64_C(1) << (x))

const char *const oom_report_literals[] = {
	[LIT_OOM_KILL] = "oom-kill",
	[LIT_REAPER] = "oom_reaper",
	[LIT_KILL_PROCESS] = "ill process ",
	[LIT_KILLED_PROCESS] = "illed process ",
	[LIT_GFP_MASK] = "ller: gfp_mask=",
	[LIT_ALLOC_FAILURE] = "page allocation failure",
	[LIT_PANIC] = "Kernel panic",
	[LIT_TASK_IN] = "Task in ",
	[LIT_LIMIT_REACHED] = "Memory limit reached",
	[LIT_CALLBACKS] = "callbacks suppressed",
	[LIT_MESSAGES] = "messages suppressed",
	[LIT_SYSRQ] = "Manual OOM execution",
	[LIT_TASK_ROW] = TASK_ROW_LIT,
	[NR_REPORT_LITS] = NULL,
};

static struct litset_lazy report_lits = LITSET_LAZY(oom_report_literals);

/* Which of oom_report_literals @t holds (bit LIT(i) for each). */
static uint64_t report_lits_in(struct span t)
{
	return litset_lazy_scan(&report_lits, t);
}

bool oom_line_may_start(struct span t)
{
	return report_lits_in(t) != 0;
}

/* Each handler is tried only on a line that holds its literal: without it, it takes nothing. */
static bool starts_report(struct oom_parser *p, struct span t, const struct oom_line *l, uint64_t lits)
{
	return ((lits & (LIT(LIT_OOM_KILL) | LIT(LIT_GFP_MASK))) && h_header(p, t, l)) ||
	       ((lits & LIT(LIT_ALLOC_FAILURE)) && h_alloc_failure(p, t, l)) ||
	       ((lits & LIT(LIT_PANIC)) && h_panic(p, t, l)) ||
	       ((lits & LIT(LIT_REAPER)) && h_reaper(p, t)) ||
	       ((lits & LIT(LIT_KILLED_PROCESS)) && h_killed(p, t, l)) ||
	       ((lits & LIT(LIT_KILL_PROCESS)) && h_select(p, t, l)) ||
	       ((lits & LIT(LIT_OOM_KILL)) && h_summary(p, t, l)) ||
	       ((lits & (LIT(LIT_TASK_IN) | LIT(LIT_LIMIT_REACHED))) && h_task_in(p, t, l));
}

/* Lines that are no part of a report but concern the reports around them. */
static bool note_line(struct oom_parser *p, struct span t, const struct oom_line *l, uint64_t lits)
{
	return ((lits & (LIT(LIT_CALLBACKS) | LIT(LIT_MESSAGES))) && h_suppressed(p, t, l)) ||
	       ((lits & LIT(LIT_SYSRQ)) && h_sysrq(p, t, l)) ||
	       ((lits & LIT(LIT_PANIC)) && h_other_panic(p, t, l));
}

/* The event that a report start on @l opened, or NULL (the line added to one begun before). */
static struct oom_event *opened_on(struct oom_parser *p, const struct oom_line *l)
{
	struct oom_event *e = p->cur ? p->cur : p->nr_recent ? p->recent[0] : NULL;

	return e && e->src_off == l->off && e->src.line == l->src.line && same_file(e->src.file, l->src.file)
		       ? e
		       : NULL;
}

/*
 * A report begun on this line takes the notes that came right before it:
 * the rate limit's count of the messages it held back, the SysRq line that
 * forced it, a panic in whose shadow it is printed (on the same boot: the
 * uptime did not start again).
 */
static void mark_opened(struct oom_parser *p, const struct oom_line *l)
{
	struct oom_event *e = opened_on(p, l);

	if (!e)
		return;
	if (p->suppressed && follows(&p->suppressed->src, &l->src, OOM_NEXT_GAP)) {
		e->suppressed_before = p->suppressed->count;
		e->suppressed_by = vocab_str(p->suppressed->text);
		p->suppressed->oom = true;
		flush_suppressed(p);
	}
	if (e->type == OOM_KILL && follows(&p->sysrq_at, &l->src, OOM_NEXT_GAP)) {
		e->sysrq = true;
		e->sysrq_src = p->sysrq_at;
		p->sysrq_at.line = 0;
	}
	if (p->panicked.text && !e->other_panic && follows(&p->panicked.src, &l->src, OOM_PANIC_SHADOW) &&
	    !(l->has_uptime && p->panicked.has_uptime && l->uptime_us < p->panicked.uptime_us))
		e->other_panic = vocab_str(p->panicked.text);
}

static bool inside_report(struct oom_parser *p, struct oom_event *e, struct span t)
{
	/* continuations first: they depend on what the previous line was */
	if (h_victim_comm(p, t) || h_memcg_stat_line(p, e, t) || h_buddy_cont(p, e, t) ||
	    h_header_cont(p, e, t) || h_release_cont(p, e, t))
		return true;
	if (h_arm_regs(t))
		return true; /* before the counters, whose "key:value" words they look like */
	/*
	 * Most lines of a report are rows of its task table, "[ pid ] ...", which
	 * none of the handlers below takes before h_task_row(): tried first.
	 */
	if (e->nr_task_cols && t.len && t.p[0] == '[' && h_task_row(e, t)) {
		p->last = LAST_NONE;
		return true;
	}
	if (h_zone(p, e, t) || h_counters(p, e, t))
		return true;
	p->last = LAST_NONE;
	return h_cpuset(e, t) || h_cpu_line(p, e, t) || h_hardware(e, t) || h_reserve(e, t) ||
	       h_hugepages(e, t) || h_node(p, e, t) || h_buddy(p, e, t) || h_totals(p, e, t) ||
	       h_memcg_usage(p, e, t) || h_memcg_stats(p, e, t) || h_task_header(p, e, t) ||
	       h_task_row(e, t) || (!e->nr_task_cols && h_loose_row(p, t)) || h_frames(e, t) || h_known(t) || h_hexwords(t) || h_slab_row(e, t);
}

/*
 * Whether @t, in the open report @e, has a row's start "[ pid]" (not an
 * uptime stamp "[ 123.456789]" left on a line): no literal of a report's
 * start or note can be in it, so it is not searched for them.
 */
static bool in_task_table(const struct oom_event *e, struct span t)
{
	const char *s = t.p;
	int64_t pid;

	return e && e->nr_task_cols && scan_row_pid(&s, t.p + t.len, &pid);
}

void oom_parser_line(struct oom_parser *p, const struct oom_line *l)
{
	struct span t = span_trim(l->text);
	/* once a line: which of the literals it holds, and most lines in a report hold none */
	uint64_t lits = in_task_table(p->cur, t) ? 0 : l->lits_known ? l->report_lits : report_lits_in(t);
	struct oom_event *e;

	p->line_src = l->src;
	if (p->suppressed && !follows(&p->suppressed->src, &l->src, OOM_NEXT_GAP))
		flush_suppressed(p); /* no report came right after it */
	if (!p->cur && !lits)
		return;
	if (note_line(p, t, l, lits))
		return;
	if (starts_report(p, t, l, lits)) {
		if (p->cur) {
			p->cur->last = l->src;
			p->foreign_run = 0;
		}
		mark_opened(p, l);
		return;
	}
	e = p->cur;
	if (!e) {
		h_loose_row(p, t);
		return;
	}
	if (inside_report(p, e, t)) {
		/* the line may have ended the report, which then belongs to the model */
		if (p->cur == e)
			e->last = l->src;
		p->foreign_run = 0;
	} else {
		e->foreign_lines++;
		p->last = LAST_NONE;
		if (++p->foreign_run > OOM_FOREIGN_LIMIT)
			close_report(p, "the report breaks off");
		else if (e->type == OOM_ALLOC_FAILURE && p->trailer_seen)
			close_report(p, "");
	}
	if (p->cur && ++p->lines > MT_MAX_REPORT_LINES)
		close_report(p, "the report is longer than any real one; cut");
}

struct oom_event *oom_parser_take_open(struct oom_parser *p)
{
	struct oom_event *e = p->cur;

	p->cur = NULL;
	p->last = LAST_NONE;
	return e;
}

void oom_parser_finish(struct oom_parser *p)
{
	close_report(p, "the log ends before the report does");
	while (p->nr_recent)
		p->emit(p->ctx, p->recent[--p->nr_recent]);
	flush_suppressed(p);
	loose_rows_clear(&p->loose);
	free(p->panicked.text);
	p->panicked.text = NULL;
	p->sysrq_at.line = 0;
}
