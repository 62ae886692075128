#include "log/logscan.h"
#include "input/filemap.h"
#include "input/linereader.h"
#include "input/state.h"
#include "log/log_line.h"
#include "log/readahead.h"
#include "util/xalloc.h"

#include <assert.h>

static void add_event(void *ctx, struct oom_event *e);
static void add_note(void *ctx, struct oom_note *n);

void logscan_begin_stream(struct logscan *ls, unsigned origin)
{
	ls->unit = origin;
	ls->year.newest_mtime = 0;
	ls->year.rollovers = 0;
	ls->year.last_mon = ls->year.last_day = 0;
	ls->cont.host = NULL;
	ls->cont.kernel = true;
	memset(&ls->cont.time, 0, sizeof(ls->cont.time));
	ls->cont.has_uptime = false;
	ls->seen.nr = 0;
	ls->seen.last_sf = NULL;
	ls->seen.last_file = NULL;
}

/* The stream of a host in this log: the last one again, mostly; else looked up. */
static struct host_stream *stream_for(struct logscan *ls, const char *host)
{
	struct host_stream *hs;
	size_t i;

	if (ls->streams.last < ls->streams.nr && ls->streams.at[ls->streams.last].host == host)
		return &ls->streams.at[ls->streams.last];
	i = host ? ptrmap_get(&ls->streams.of, host) : SIZE_MAX;
	for (size_t k = 0; !host && k < ls->streams.nr; k++)
		if (!ls->streams.at[k].host)
			i = k;
	if (i != SIZE_MAX) {
		ls->streams.last = i;
		return &ls->streams.at[i];
	}
	ALLOC_GROW(ls->streams.at, ls->streams.nr, ls->streams.alloc);
	ls->streams.last = ls->streams.nr;
	if (host)
		ptrmap_put(&ls->streams.of, host, ls->streams.nr);
	hs = &ls->streams.at[ls->streams.nr++];
	hs->host = host;
	hs->prefix.len = 0; /* the slot may be an earlier stream's */
	oom_parser_init(&hs->parser, host, add_event, ls);
	oom_parser_notes(&hs->parser, add_note);
	uk_parser_init(&hs->uk, host, add_event, ls);
	return hs;
}

/* --state: an event (or note) the last run already reported is not reported again. */
static bool reported_before(const struct logscan *ls, const char *file, uint64_t off)
{
	size_t i, k;

	for (i = 0; i < ls->seen.nr; i++) {
		const struct seen_window *w = &ls->seen.at[i];

		if (w->file != file)
			continue;
		if (off >= w->until)
			return false;
		for (k = 0; k < w->nr_held; k++)
			if (w->held[k] == off)
				return false; /* held open last time: reported now that it is done */
		return true;
	}
	return false;
}

/* --tz: the zone of a stamp that prints none. */
static void apply_tz(const struct logscan *ls, struct mt_time *t)
{
	if (ls->opts.has_tz && t->valid && !t->has_off) {
		t->has_off = true;
		t->off_min = (int16_t)ls->opts.tz_off_min;
	}
}

/* An event the reconstructor finished: to the model, unless --state says it was reported. */
static void add_event(void *ctx, struct oom_event *e)
{
	struct logscan *ls = ctx;

	if (reported_before(ls, e->src.file, e->src_off)) {
		oom_event_free(e);
		return;
	}

	if (e->time.valid && !e->time.year) {
		ALLOC_GROW(ls->year.pending, ls->year.nr_pending, ls->year.alloc_pending);
		ls->year.pending[ls->year.nr_pending++] = e;
	}
	apply_tz(ls, &e->time);
	e->unit = ls->unit;
	model_add_event(ls->model, e);
}

/* A note (a rate limit's count, a panic) the reconstructor found: to the model, as events go. */
static void add_note(void *ctx, struct oom_note *n)
{
	struct logscan *ls = ctx;

	if (reported_before(ls, n->src.file, n->src_off)) {
		oom_note_free(n);
		return;
	}
	if (n->time.valid && !n->time.year) {
		ALLOC_GROW(ls->year.pending_notes, ls->year.nr_pending_notes, ls->year.alloc_pending_notes);
		ls->year.pending_notes[ls->year.nr_pending_notes++] = n;
	}
	apply_tz(ls, &n->time);
	n->unit = ls->unit;
	model_add_note(ls->model, n);
}

/* What the model needs to date this stream's stamps that have no year. */
static void hint_years(struct logscan *ls)
{
	size_t i;

	for (i = 0; i < ls->year.nr_pending; i++) {
		struct oom_event *e = ls->year.pending[i];

		e->log_rollovers = ls->year.rollovers;
		e->log_last_mon = ls->year.last_mon;
		e->log_last_day = ls->year.last_day;
		e->log_mtime = ls->year.newest_mtime;
	}
	ls->year.nr_pending = 0;
	for (i = 0; i < ls->year.nr_pending_notes; i++) {
		struct oom_note *n = ls->year.pending_notes[i];

		n->log_rollovers = ls->year.rollovers;
		n->log_last_mon = ls->year.last_mon;
		n->log_last_day = ls->year.last_day;
		n->log_mtime = ls->year.newest_mtime;
	}
	ls->year.nr_pending_notes = 0;
}

/*
 * --state: a report still open at the end of a log that may grow is held,
 * not reported: the next run reads again from where it began, and reports
 * it complete (or incomplete, if the log did not grow).
 */
static void hold_open_reports(struct logscan *ls)
{
	struct state_file *sf = ls->seen.last_sf;
	size_t i;

	if (!sf || !ls->seen.last_hold)
		return;
	for (i = 0; i < ls->streams.nr; i++) {
		struct oom_parser *p = &ls->streams.at[i].parser;
		struct oom_event *e;

		if (!p->cur || p->cur->src.file != ls->seen.last_file || sf->nr_held >= STATE_MAX_HELD)
			continue;
		e = oom_parser_take_open(p);
		sf->held[sf->nr_held++] = e->src_off;
		if (e->src_off < sf->offset) {
			sf->offset = e->src_off;
			sf->lineno = e->src.line - 1;
		}
		oom_event_free(e);
	}
}

void logscan_end_stream(struct logscan *ls)
{
	size_t i;

	hold_open_reports(ls);
	for (i = 0; i < ls->streams.nr; i++) {
		oom_parser_finish(&ls->streams.at[i].parser);
		uk_parser_finish(&ls->streams.at[i].uk);
		uk_parser_release(&ls->streams.at[i].uk);
	}
	hint_years(ls);
	ls->streams.open_reports = 0;
	ls->streams.nr = 0;
	ptrmap_release(&ls->streams.of);
}

/*
 * The Dec->Jan turns that date the stamps without a year are counted over
 * the lines that the year guess needs and that are read whatever the
 * prefilter passes over: the sample lines (the first line at or after each
 * SAMPLE_EVERY bytes of a file), the lines the OOM reader looks at, and the
 * last line with a prefix of each file.  A year without a report in it is
 * still seen, through the samples.
 */
#define SAMPLE_EVERY (64u * 1024u)

static void track_rollover(struct logscan *ls, struct mt_time *t)
{
	if (!t->valid || t->year)
		return;
	if (ls->year.last_mon && t->mon + 6 <= ls->year.last_mon)
		ls->year.rollovers++;
	ls->year.last_mon = t->mon;
	ls->year.last_day = t->day;
	t->rollover = ls->year.rollovers;
}

#define HYPERVISOR_LIT "Hypervisor detected: "
#define HARDWARE_LIT "Hardware name: "
#define BOOT_DMI_LIT "DMI: "
#define MACHINE_LITS 3 /* the three above, in this order among the prefilter's own literals */
#define SVLOGD_KERNEL_LIT " kern." /* svlogd's "kern.info:", which a regex sees as "kernel:" */

/* The rest of @text after @lit, when @lit starts a message (or follows a "] " stamp). */
static bool message_after(struct span text, const char *lit, struct span *rest)
{
	const char *at = span_find(text, lit);

	if (!at || (at > text.p && at[-1] != ' '))
		return false;
	at += strlen(lit);
	*rest = span_trim(span_make(at, text.p + text.len));
	return rest->len > 0;
}

/* Whether the prefilter's hits in the line read stand for @text: a piece of its bytes. */
static bool lits_known_for(const struct logscan *ls, struct span text)
{
	const struct span b = ls->line.bytes;

	return ls->line.lits_known && text.p >= b.p && text.p + text.len <= b.p + b.len;
}

/* The prefilter's hits in the line read of the @n own literals from bit @at, as bits from 0. */
static uint64_t own_lits_from(const struct logscan *ls, unsigned at, unsigned n)
{
	return ls->line.own_lits >> at & ((UINT64_C(1) << n) - 1);
}

/*
 * Whether @text, a piece of the line read, may hold one of the @n own
 * literals from bit @at: true unless the prefilter's hits in the line's
 * bytes say not (a journal record's text is decoded, not the bytes).
 */
static bool line_may_hold(const struct logscan *ls, struct span text, unsigned at, unsigned n)
{
	return !lits_known_for(ls, text) || own_lits_from(ls, at, n);
}

/*
 * The kernel names the hypervisor at boot ("Hypervisor detected: VMware")
 * and the machine at boot and in every dump ("DMI: Google Google Compute
 * Engine/...", "Hardware name: ..."): the witnesses of model.c.
 */
static void note_hypervisor(struct logscan *ls, struct span text, const struct src_loc *src)
{
	struct span rest;
	const char *name;
	struct host *h;

	if (!line_may_hold(ls, text, ls->pass.machine_at, MACHINE_LITS))
		return;
	if (message_after(text, HYPERVISOR_LIT, &rest))
		name = "virt.dmesg_hypervisor";
	else if (message_after(text, HARDWARE_LIT, &rest) ||
		 /* not "DMI: Memory slots populated: 2/4" (5.x+): the machine line names its BIOS */
		 (message_after(text, BOOT_DMI_LIT, &rest) && span_find(rest, ", BIOS ")))
		name = "virt.dmesg_hardware";
	else
		return;
	h = model_host(ls->model, ls->cont.host, ls->unit);
	fact_set_str(&h->facts, name, rest.p, rest.len, *src);
}

/*
 * A prefix of a shape log_parse_line() does not know would leave one report
 * in pieces (its first line read, its body lines not): learned from the
 * report's first line, it comes off that line and off the body lines that
 * carry it while the report is open, with the uptime stamp it may end in.
 */
static void strip_learned_prefix(const struct logscan *ls, struct host_stream *hs, struct oom_line *ol)
{
	struct span text = ol->text;
	unsigned nr_starts = ls->pass.nr_own_lits - ls->pass.starts_at;
	bool may_start = line_may_hold(ls, text, ls->pass.starts_at, nr_starts); /* else nothing to learn */
	uint64_t us;

	if (!(may_start && log_prefix_learn(&hs->prefix, &text)) &&
	    !(hs->parser.cur && log_prefix_strip(&hs->prefix, &text)))
		return;
	if (!ol->has_uptime && log_prefix_uptime(span_make(ol->text.p, text.p), &us)) {
		ol->has_uptime = true;
		ol->uptime_us = us;
	}
	ol->text = text;
}

/*
 * The reports open in any stream, whose next lines are read in full (the
 * prefilter passes over none): a kernel report's body, the lowmemorykiller
 * driver's continuation lines, which hold none of the literals.
 */
static void count_open(struct logscan *ls, bool was_open, bool is_open)
{
	if (was_open != is_open)
		ls->streams.open_reports += was_open ? (size_t)-1 : 1;
}

/*
 * One logical line (rsyslog "#012" pieces and journal newlines split
 * already) of program @prog: a userspace killer's, or the kernel's.
 */
static void feed(struct logscan *ls, struct span prog, struct span text, const struct src_loc *src)
{
	struct host_stream *hs;
	struct oom_line ol;
	bool uk_was_open, was_open, took;

	ol.text = text;
	ol.src = *src;
	ol.time = &ls->cont.time;
	ol.has_uptime = ls->cont.has_uptime;
	ol.uptime_us = ls->cont.uptime;
	ol.off = ls->line.off;
	ol.lits_known = lits_known_for(ls, text);
	ol.report_lits = own_lits_from(ls, 0, ls->pass.killers_at);
	ol.killer_lits = own_lits_from(ls, ls->pass.killers_at, ls->pass.machine_at - ls->pass.killers_at);
	hs = stream_for(ls, ls->cont.host);
	uk_was_open = uk_parser_open(&hs->uk);
	took = uk_parser_line(&hs->uk, prog, &ol);
	count_open(ls, uk_was_open, uk_parser_open(&hs->uk));
	if (took) {
		track_rollover(ls, &ls->cont.time);
		return;
	}
	if (!ls->cont.kernel)
		return;
	strip_learned_prefix(ls, hs, &ol);
	text = ol.text;
	note_hypervisor(ls, text, src);
	was_open = hs->parser.cur != NULL;
	if (was_open || oom_line_may_start(span_trim(text)))
		track_rollover(ls, &ls->cont.time);
	oom_parser_line(&hs->parser, &ol);
	count_open(ls, was_open, hs->parser.cur != NULL);
}

/* The pieces of a line's text, split on rsyslog's "#012" and on real newlines (journal MESSAGE fields). */
struct pieces {
	const char *s, *end;
	bool done;
};

static struct pieces pieces_of(struct span text)
{
	return (struct pieces){ text.p, text.p + text.len, false };
}

/* The next piece (an empty text is one empty piece); false past the last one. */
static bool next_piece(struct pieces *c, struct span *piece)
{
	const char *nl, *esc, *stop;

	if (c->done)
		return false;
	nl = memchr(c->s, '\n', (size_t)(c->end - c->s));
	esc = span_find(span_make(c->s, nl ? nl : c->end), "#012");
	stop = esc ? esc : nl ? nl : c->end;
	*piece = span_make(c->s, stop);
	c->done = stop == c->end;
	if (!c->done)
		c->s = stop + (esc ? 4 : 1);
	return true;
}

static void feed_pieces(struct logscan *ls, struct span prog, struct span text, const struct src_loc *src)
{
	struct pieces c = pieces_of(text);
	struct span piece;

	while (next_piece(&c, &piece))
		feed(ls, prog, piece, src);
}

static void take_prefix(struct logscan *ls, struct log_line *l)
{
	if (l->fmt == LOG_NONE)
		return; /* a continuation or a paste: it belongs to the line before */
	ls->cont.host = l->host.len ? intern_n(&ls->model->strings, l->host.p, l->host.len) : NULL;
	ls->cont.kernel = log_line_is_kernel(l);
	ls->cont.time = l->time;
	ls->cont.has_uptime = l->has_uptime;
	ls->cont.uptime = l->uptime_us;
}

/* The text a log regex sees: "prog[pid]: message" as the line has it. */
static struct span tagged_text(struct logscan *ls, const struct log_line *l, const char *line,
			       const char *line_end)
{
	if (!l->prog.len)
		return l->text;
	if (l->prog.p < line || l->prog.p >= line_end) {
		/* the journal and svlogd keep the tag apart from the line: put it back */
		strbuf_reset(&ls->line.tagged);
		strbuf_add(&ls->line.tagged, l->prog.p, l->prog.len);
		strbuf_addstr(&ls->line.tagged, ": ");
		strbuf_add(&ls->line.tagged, l->text.p, l->text.len);
		return (struct span){ ls->line.tagged.buf, ls->line.tagged.len };
	}
	return span_make(l->prog.p, line_end);
}

/*
 * Which patterns may match this line: with the prefilter, those whose
 * literal it found in the line (the matcher tries those only); all of them when
 * the text they see is not the line's bytes (a journal record's escaped
 * text, the tag svlogd keeps apart) or NULs were taken out of it.
 */
static void patterns_to_try(struct logscan *ls, struct span text, const char *line, const char *line_end)
{
	bool all = !ls->pass.pf || ls->line.nuls || text.p < line || text.p + text.len > line_end;
	const struct pf_hit *hit;
	size_t n;

	memset(ls->line.may_match, all, ls->opts.matcher.nr);
	if (all)
		return;
	for (hit = pf_hits_from(&ls->pass.hits, ls->line.off, &n); n && hit->end <= ls->line.end; hit++, n--) {
		int r = prefilter_regex(ls->pass.pf, hit->id);

		if (r >= 0)
			ls->line.may_match[r] = 1;
	}
}

/*
 * The matcher's patterns (the rules' log regexes), on every line of every
 * program, from the program tag on: "systemd[1]: app.service: A process of
 * this unit has been killed by the OOM killer".  Lines without a tag are
 * matched as they are.
 */
static void match_line(struct logscan *ls, const struct log_line *l, const char *line,
		       const char *line_end, const struct src_loc *src)
{
	struct span text = tagged_text(ls, l, line, line_end);

	patterns_to_try(ls, text, line, line_end);
	ls->opts.matcher.match(ls->opts.matcher.ctx, text, ls->line.may_match, src, ls->cont.host, ls->unit);
}

/* The line at file offset @off, taken apart into @l, is a sample for the year guess. */
static void sample(struct logscan *ls, uint64_t off, struct log_line *l)
{
	if (l->fmt != LOG_NONE)
		track_rollover(ls, &l->time);
	ls->year.next_sample = (off / SAMPLE_EVERY + 1) * SAMPLE_EVERY;
}

/* A line taken apart: a journal record (its fields decoded into ls->line.journal), else a log line. */
static void parse_any_line(struct logscan *ls, const char *p, size_t len, struct log_line *l)
{
	const char *why;
	size_t i = 0;

	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (!(i < len && p[i] == '{' && journal_parse_line(p, len, &ls->line.journal, l, &why))) {
		log_parse_line(p, len, l);
		if (l->fmt == LOG_NONE && ls->line.outer.len)
			log_parse_after(&ls->line.outer, p, len, l);
	}
}

/*
 * A report's first line whose prefix log_parse_line() did not know, but
 * whose columns end in ones it knows ("<kern.warning> Dec 29 14:37:13 app01
 * kernel: ..."): what stands before them is learned for the file's lines,
 * which parse_any_line() then parses after it, with their stamp and host.
 * Learned only from lines the prefilter never passes over (they hold a
 * report start), so every way of reading learns it at the same line.
 */
static bool learn_outer_prefix(struct logscan *ls, const char *p, size_t len)
{
	struct span text = span_make(p, p + len);

	return line_may_hold(ls, text, ls->pass.starts_at, ls->pass.nr_own_lits - ls->pass.starts_at) &&
	       log_prefix_learn_outer(&ls->line.outer, p, len);
}

/*
 * Which of the reader's own literals the prefilter found in the line's
 * bytes: the OOM reader, the killers' reader and the machine's note are told,
 * and do not search the line for them again.
 */
static void note_own_lits(struct logscan *ls, const char *p, size_t len)
{
	const struct pf_hit *hit;
	size_t n;

	ls->line.bytes = span_make(p, p + len);
	ls->line.own_lits = 0;
	ls->line.lits_known = ls->pass.pf && !ls->line.nuls;
	if (!ls->line.lits_known)
		return;
	for (hit = pf_hits_from(&ls->pass.hits, ls->line.off, &n); n && hit->end <= ls->line.end; hit++, n--)
		if (hit->id < ls->pass.nr_own_lits)
			ls->line.own_lits |= UINT64_C(1) << hit->id;
}

static void scan_line(struct logscan *ls, char *p, size_t len, const struct src_loc *src)
{
	struct log_line l;

	note_own_lits(ls, p, len);
	parse_any_line(ls, p, len, &l);
	if (l.fmt == LOG_NONE && learn_outer_prefix(ls, p, len))
		parse_any_line(ls, p, len, &l);
	take_prefix(ls, &l);
	if (ls->line.off >= ls->year.next_sample)
		sample(ls, ls->line.off, &l);
	if (ls->opts.matcher.nr)
		match_line(ls, &l, p, p + len, src);
	feed_pieces(ls, l.prog, l.text, src);
}

/* ---- passing over the lines that cannot matter ------------------------------ */

/* A line as the reader returns it: without its "\r". */
static struct span line_at(const char *p, const char *nl)
{
	return span_make(p, nl > p && nl[-1] == '\r' ? nl - 1 : nl);
}

/* A piece of a line (see feed_pieces) that the OOM reader, a userspace killer's reader or the hypervisor note would take. */
static bool piece_may_matter(struct span text)
{
	return oom_line_may_start(span_trim(text)) || uk_line_may_matter(text) || span_find(text, HYPERVISOR_LIT) ||
	       span_find(text, HARDWARE_LIT) || span_find(text, BOOT_DMI_LIT);
}

/* Whether a piece of @text, split as feed_pieces() splits it, may matter. */
static bool pieces_may_matter(struct span text)
{
	struct pieces c = pieces_of(text);
	struct span piece;

	while (next_piece(&c, &piece))
		if (piece_may_matter(piece))
			return true;
	return false;
}

/*
 * MEMTRIAGE_PREFILTER=check: every line passed over is taken apart all the
 * same (a journal record decoded), and must hold nothing the OOM reader, the
 * hypervisor note, a regex or a userspace killer's reader would take.  For
 * the tests.
 */
static void check_passed(struct logscan *ls, const char *p, const char *end, const struct src_loc *src)
{
	unsigned line = src->line;

	for (const char *nl; p < end; p = nl + 1, line++) {
		struct span t = line_at(p, nl = memchr(p, '\n', (size_t)(end - p)));
		struct log_line l;
		struct span tt;

		parse_any_line(ls, t.p, t.len, &l);
		tt = tagged_text(ls, &l, t.p, t.p + t.len);
		if ((ls->opts.matcher.nr && ls->opts.matcher.matches_any(ls->opts.matcher.ctx, tt)) ||
		    pieces_may_matter(l.text) || memchr(t.p, '\0', t.len)) {
			fprintf(stderr, "memtriage: prefilter check failed at %s:%u\n", src->file, line);
			abort();
		}
	}
}

/* The samples for the year guess among the lines in [w, end), which start at file offset @off. */
static void sample_passed(struct logscan *ls, const char *w, const char *end, uint64_t off)
{
	while (ls->year.next_sample < off + (uint64_t)(end - w)) {
		const char *s = w, *nl;
		struct log_line l;

		if (ls->year.next_sample > off) {
			s = w + (ls->year.next_sample - off);
			if (s[-1] != '\n') { /* inside a line: the sample is the next one */
				if (!(s = memchr(s, '\n', (size_t)(end - s))))
					break;
				s++;
			}
		}
		if (s >= end)
			break;
		nl = memchr(s, '\n', (size_t)(end - s));
		parse_any_line(ls, s, line_at(s, nl).len, &l);
		sample(ls, off + (uint64_t)(s - w), &l);
	}
}

/* The prefix state as the last line with a prefix in [w, end) leaves it. */
static void take_last_prefix(struct logscan *ls, const char *w, const char *end)
{
	const char *nl = end - 1;

	while (nl > w) {
		const char *s = memrchr(w, '\n', (size_t)(nl - w));
		struct log_line l;

		s = s ? s + 1 : w;
		parse_any_line(ls, s, line_at(s, nl).len, &l);
		if (l.fmt != LOG_NONE) {
			take_prefix(ls, &l);
			return;
		}
		nl = s - 1;
	}
}

/*
 * Pass over the lines at the head of the reader's window, up to the next
 * one that holds a literal, while no report is open: they are not read, and
 * not even counted here, the prefilter counted the newlines as it scanned.
 * What of them the rest needs is only the year guess's samples and the
 * prefix state of the last one (a continuation line after them belongs to
 * it).  How many lines were passed over.
 *
 * Only whole lines the reader would not cut are passed: the window holds
 * the start of a line from the block before, then the rest of the block
 * lent last (the reader's own buffer is never used here), so only its first
 * line can be longer than a block.
 */
_Static_assert(RA_BLOCK <= MT_MAX_LINE, "a line within one block is never cut");

static size_t pass_run(struct logscan *ls, struct line_reader *lr, struct src_loc *src)
{
	size_t avail, n, nhits;
	const char *w = line_reader_window(lr, &avail), *end;
	uint64_t off = line_reader_offset(lr), lines;
	const struct pf_hit *hit;

	if (!ls->pass.pf || ls->streams.open_reports || !avail ||
	    !memchr(w, '\n', avail < MT_MAX_LINE + 1 ? avail : MT_MAX_LINE + 1))
		return 0;
	hit = pf_hits_from(&ls->pass.hits, off, &nhits);
	if (nhits && hit->end <= off + avail) { /* up to the line of the hit */
		const char *hit_nl = memrchr(w, '\n', (size_t)(hit->end - off - 1));

		end = hit_nl ? hit_nl + 1 : w;
		lines = hit->lines;
	} else { /* the whole lines of the window: all the newlines lent */
		end = (const char *)memrchr(w, '\n', avail) + 1;
		lines = ls->pass.hits.lines;
	}
	if (end == w)
		return 0;
	/* the lines read so far each ended with one */
	n = (size_t)(lines - (lr->lineno - ls->pass.first_lineno));
	if (ls->pass.check) {
		src->line = lr->lineno + 1;
		check_passed(ls, w, end, src);
		if (n != count_char(w, (size_t)(end - w), '\n')) {
			fprintf(stderr, "memtriage: prefilter line count wrong at %s:%u\n", src->file, src->line);
			abort();
		}
	}
	sample_passed(ls, w, end, off);
	take_last_prefix(ls, w, end);
	line_reader_consume(lr, (size_t)(end - w), (unsigned)n);
	ls->lines += n;
	return n;
}

/* More than this share of control bytes in the first block: not a text log. */
static bool looks_binary(const char *p, size_t len)
{
	size_t i, bad = 0, n = len < 4096 ? len : 4096;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		bad += (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b &&
			c != 0);
	}
	return n && bad * 10 > n;
}

/* The damage seen in a file's lines, said once at its end. */
struct damage {
	size_t nuls, cut;            /* lines with NULs taken out, lines cut at MT_MAX_LINE */
	unsigned first_nul, first_cut;
};

/* Start @f where --state says the last run stopped, through the read-ahead and its prefilter. */
static void start_reading(struct logscan *ls, const struct input_file *f, struct line_reader *lr)
{
	pf_hits_reset(&ls->pass.hits);
	ls->line.outer.len = 0;
	ls->pass.first_lineno = f->sf ? f->start_line : 0;
	readahead_start(&ls->pass.ra, f->rd, f->sf ? f->start_off : 0,
			line_reader_read_size() < LINE_READ_SIZE ? line_reader_read_size() : RA_BLOCK,
			ls->pass.thread_after, ls->pass.pf, &ls->pass.hits);
	line_reader_init(lr, &ls->pass.ra.rd);
	if (f->sf)
		line_reader_resume(lr, f->start_off, f->start_line);
	ls->year.next_sample = f->sf ? f->start_off : 0;
}

/* --state: what of @f the last run reported, so that its events are not reported again. */
static void remember_seen_window(struct logscan *ls, const struct input_file *f, const char *file)
{
	struct seen_window *w;

	ALLOC_GROW(ls->seen.at, ls->seen.nr, ls->seen.alloc);
	w = &ls->seen.at[ls->seen.nr++];
	w->file = file;
	w->until = f->seen_until;
	w->nr_held = f->sf->nr_held;
	memcpy(w->held, f->sf->held, sizeof(w->held));
}

/*
 * Every line of the file: passed over where the prefilter allows, else read
 * in full.  The line reader's last result.
 */
static int read_lines(struct logscan *ls, struct line_reader *lr, struct src_loc *src,
		      struct damage *dmg)
{
	char *line;
	size_t len;
	int r;

	for (;;) {
		if (pass_run(ls, lr, src))
			continue;
		if ((r = line_reader_next(lr, &line, &len)) <= 0)
			return r;
		if (lr->lineno == 1 && looks_binary(line, len)) {
			diag_warn(ls->diag, src->file, 1, "binary data, not a log; skipped");
			return r;
		}
		if (lr->nuls && !dmg->nuls++)
			dmg->first_nul = lr->lineno;
		if (lr->cut && !dmg->cut++)
			dmg->first_cut = lr->lineno;
		src->line = lr->lineno;
		ls->lines++;
		ls->line.off = lr->line_off;
		ls->line.end = line_reader_offset(lr);
		ls->line.nuls = lr->nuls > 0;
		scan_line(ls, line, len, src);
	}
}

static void report_damage(struct logscan *ls, const char *name, const struct line_reader *lr,
			  int r, const struct damage *dmg)
{
	if (r < 0 || lr->error)
		diag_error(ls->diag, name, lr->lineno + 1, "read error: %s; the rest of the file is lost",
			   lr->error ? lr->error : "unknown");
	if (dmg->nuls)
		diag_warn(ls->diag, name, dmg->first_nul, "NUL bytes in %zu line(s) removed (a crash leaves them)", dmg->nuls);
	if (dmg->cut)
		diag_warn(ls->diag, name, dmg->first_cut, "%zu line(s) longer than %u bytes cut", dmg->cut, MT_MAX_LINE);
}

/* --state: where the next run starts in @f; the stream's last file is where an open report is held. */
static void save_where_read(struct logscan *ls, const struct input_file *f, struct line_reader *lr,
			    const char *file)
{
	if (!f->sf) {
		ls->seen.last_sf = NULL;
		return;
	}
	f->sf->eof = f->sf->offset = line_reader_offset(lr);
	f->sf->lineno = lr->lineno;
	f->sf->nr_held = 0;
	ls->seen.last_sf = f->sf;
	ls->seen.last_hold = f->hold;
	ls->seen.last_file = file;
}

static struct prefilter *journal_prefilter(struct logscan *ls);

/*
 * Which prefilter goes through @f: the journal's (prefilter_setup()) when
 * its first line is a record, else the one for other logs, whose literals
 * are fewer and longer (a quarter faster to search).  A reader that is not
 * mapped is looked into through @f's new reader @rd, a replay of @head.
 */
#define JOURNAL_PEEK 64

static struct prefilter *prefilter_for(struct logscan *ls, struct input_file *f, char *head, struct replay *r,
				       struct byte_reader *rd)
{
	uint64_t off = f->sf ? f->start_off : 0;
	const char *p = head;
	size_t n, i = 0;

	if (!ls->pass.plain)
		return NULL;
	if (f->rd->map) { /* a look in place: nothing read */
		n = file_map_avail(f->rd->map, off, JOURNAL_PEEK);
		p = f->rd->map->base + off;
	} else {
		*r = (struct replay){ f->rd, head, read_head(f->rd, head, JOURNAL_PEEK), 0 };
		*rd = (struct byte_reader){ .read = replay_read, .handle = r };
		f->rd = rd;
		n = r->len;
	}
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i < n && p[i] == '{' ? journal_prefilter(ls) : ls->pass.plain;
}

void logscan_read_log(struct logscan *ls, const struct input_file *file, unsigned unit)
{
	struct line_reader lr;
	struct src_loc src = { intern_str(&ls->model->strings, file->name), 0 };
	struct damage dmg = { 0 };
	struct input_file again = *file, *f = &again;
	char head[JOURNAL_PEEK];
	struct replay replay;
	struct byte_reader rd;
	int r;

	ls->unit = unit;
	if (f->mtime > ls->year.newest_mtime)
		ls->year.newest_mtime = f->mtime;
	ls->pass.pf = prefilter_for(ls, f, head, &replay, &rd);
	start_reading(ls, f, &lr);
	if (f->sf)
		remember_seen_window(ls, f, src.file);
	r = read_lines(ls, &lr, &src, &dmg);
	track_rollover(ls, &ls->cont.time); /* the file's last date */
	readahead_stop(&ls->pass.ra);
	report_damage(ls, f->name, &lr, r, &dmg);
	save_where_read(ls, f, &lr, src.file);
	line_reader_release(&lr);
}

/*
 * A journal record ("journalctl -o json") is passed over like any line
 * when its bytes hold none of the literals: its MESSAGE is escaped JSON, so
 * what may matter in it must still show in the bytes as they are:
 * - the reader's own literals do (searched in the message: none has a byte
 *   JSON escapes, a quote, a backslash or a control byte);
 * - a record whose strings have \u or \/ escapes (characters journalctl
 *   leaves alone, other writers may not) is read, and so is one whose
 *   MESSAGE is an array of byte values (not UTF-8);
 * - a matcher pattern sees "SYSLOG_IDENTIFIER: MESSAGE" (tagged_text()):
 *   its literal may lie across the ": " put between them, or hold escaped
 *   bytes, so the record must hold one of its journal pieces.
 */
#define JOURNAL_LIT "\"MESSAGE\"" /* every record: when a pattern's literal has no journal piece */
#define JOURNAL_ARRAY_LIT "\":["
#define JOURNAL_ARRAY_BLANK_LIT "\": ["
#define JOURNAL_UNICODE_LIT "\\u"
#define JOURNAL_SLASH_LIT "\\/"
#define JOURNAL_MIN_PIECE 3 /* a shorter piece (the "-" of a record without a tag) may not be in the record */

/*
 * The longest run of @lit[0, n) that a record's bytes hold whenever its
 * tagged text holds @lit: cut at every byte JSON escapes and at each place
 * the ": " between tag and message may be (a ':' that ends @lit or comes
 * before a blank; a blank that starts it).  Its length, 0 when none is
 * JOURNAL_MIN_PIECE long.
 */
static size_t journal_piece(const char *lit, size_t n, size_t *at)
{
	size_t best = 0, from = lit[0] == ' ';

	for (size_t i = from; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)lit[i] : 0;
		bool sep = i < n && c == ':' && (i + 1 == n || lit[i + 1] == ' ');

		if (i < n && c != '"' && c != '\\' && c >= 0x20 && !sep)
			continue;
		if (i - from > best) {
			best = i - from;
			*at = from;
		}
		from = i + 1 + (sep && i + 1 < n);
		if (sep && i + 1 < n)
			i++;
	}
	return best >= JOURNAL_MIN_PIECE ? best : 0;
}

/*
 * A pattern's literal (alternatives '\n' between them) as the journal
 * pieces of its alternatives, '\n' between them: in @sb.  False when one
 * alternative has none (every record must then be read).
 */
static bool journal_pieces(const char *text, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (const char *a = text, *e;; a = e + 1) {
		size_t len, at = 0, n;

		e = strchr(a, '\n');
		len = e ? (size_t)(e - a) : strlen(a);
		if (!(n = journal_piece(a, len, &at)))
			return false;
		if (sb->len)
			strbuf_addch(sb, '\n');
		strbuf_add(sb, a + at, n);
		if (!e)
			return true;
	}
}

/*
 * The literals that make a journal record read (see above), appended to
 * @lits at *n: the pieces of the patterns' @required literals (kept in
 * @pieces), or the "MESSAGE" of every record.
 */
static void journal_literals(const struct pf_literal *required, size_t nr, struct pf_literal *lits, size_t *n,
			     char **pieces)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < nr && required[i].text && journal_pieces(required[i].text, &sb); i++) {
		pieces[i] = xstrdup(sb.buf);
		lits[*n + i] = (struct pf_literal){ pieces[i], required[i].caseless };
	}
	strbuf_release(&sb);
	if (i < nr) {
		lits[(*n)++] = (struct pf_literal){ JOURNAL_LIT, false };
		return;
	}
	*n += nr;
	lits[(*n)++] = (struct pf_literal){ JOURNAL_ARRAY_LIT, false };
	lits[(*n)++] = (struct pf_literal){ JOURNAL_ARRAY_BLANK_LIT, false };
	lits[(*n)++] = (struct pf_literal){ JOURNAL_UNICODE_LIT, false };
	lits[(*n)++] = (struct pf_literal){ JOURNAL_SLASH_LIT, false };
}

/*
 * The prefilter's literals: the OOM report starts, the hypervisor note, the
 * journal's (above: for a journal export, the patterns' journal pieces and
 * the records that are read whatever they hold; for other logs, "MESSAGE":
 * a record among their lines is read), svlogd's kernel facility (a regex
 * sees it as "kernel:"), a NUL byte (lines with holes are counted), and the
 * one each of the matcher's patterns requires.  NULL (with *why) when a
 * pattern has none.
 */
#define PF_OWN_LITS 32 /* the reader's own literals, at most */

static size_t count_lits(const char *const *lits)
{
	size_t n = 0;

	while (lits[n])
		n++;
	return n;
}

static struct prefilter *prefilter_build(const struct logscan *ls, bool journal, const char **why)
{
	const struct pf_literal *required = ls->pass.required;
	size_t n = 0, nr = ls->opts.matcher.nr;
	struct pf_literal *lits;
	struct prefilter *pf;
	char **pieces;

	/* the readers' own (nr_own_lits), svlogd's, the NUL and the journal's 4 at most */
	assert(ls->pass.nr_own_lits + 2 + 4 <= PF_OWN_LITS);
	lits = xcalloc(PF_OWN_LITS + nr, sizeof(*lits));
	pieces = xcalloc(nr ? nr : 1, sizeof(*pieces));
	for (size_t i = 0; oom_report_literals[i]; i++)
		lits[n++] = (struct pf_literal){ oom_report_literals[i], false };
	assert(n == ls->pass.killers_at);
	for (size_t i = 0; uk_literals[i]; i++)
		lits[n++] = (struct pf_literal){ uk_literals[i], false };
	assert(n == ls->pass.machine_at);
	lits[n++] = (struct pf_literal){ HYPERVISOR_LIT, false };
	lits[n++] = (struct pf_literal){ HARDWARE_LIT, false };
	lits[n++] = (struct pf_literal){ BOOT_DMI_LIT, false };
	assert(n == ls->pass.starts_at);
	for (size_t i = 0; log_prefix_start_literals[i]; i++)
		lits[n++] = (struct pf_literal){ log_prefix_start_literals[i], false };
	lits[n++] = (struct pf_literal){ SVLOGD_KERNEL_LIT, false };
	lits[n++] = (struct pf_literal){ "", false }; /* NUL */
	if (journal)
		journal_literals(required, nr, lits, &n, pieces);
	else
		lits[n++] = (struct pf_literal){ JOURNAL_LIT, false };
	pf = prefilter_new(lits, n, required, nr, why);
	for (size_t i = 0; i < nr; i++)
		free(pieces[i]);
	free(pieces);
	free(lits);
	return pf;
}

/* The prefilter of journal exports, built when the first is read. */
static struct prefilter *journal_prefilter(struct logscan *ls)
{
	const char *why;

	if (!ls->pass.journal)
		ls->pass.journal = prefilter_build(ls, true, &why);
	return ls->pass.journal;
}

/*
 * The prefilter for other logs.  MEMTRIAGE_PREFILTER=off reads every line
 * in full, MEMTRIAGE_THREADS=1 reads on one thread (to compare).
 */
static void prefilter_setup(struct logscan *ls)
{
	const struct mt_env *env = ls->opts.env;
	size_t nr = ls->opts.matcher.nr;
	const char *why;

	ls->pass.thread_after = env->readahead_after;
	ls->pass.killers_at = (unsigned)count_lits(oom_report_literals);
	ls->pass.machine_at = ls->pass.killers_at + (unsigned)count_lits(uk_literals);
	ls->pass.starts_at = ls->pass.machine_at + MACHINE_LITS;
	ls->pass.nr_own_lits = ls->pass.starts_at + (unsigned)count_lits(log_prefix_start_literals);
	if (env->prefilter == MT_PREFILTER_OFF)
		return;
	ls->pass.check = env->prefilter == MT_PREFILTER_CHECK;
	ls->pass.required = xcalloc(nr ? nr : 1, sizeof(*ls->pass.required));
	for (size_t i = 0; i < nr; i++)
		ls->pass.required[i].text =
			ls->opts.matcher.literal(ls->opts.matcher.ctx, i, &ls->pass.required[i].caseless);
	/* without it (a site regex with no literal: the loader said so), every line is read */
	ls->pass.plain = prefilter_build(ls, false, &why);
}

void logscan_init(struct logscan *ls, struct model *m, struct diag *d,
		  const struct logscan_opts *opts)
{
	memset(ls, 0, sizeof(*ls));
	ls->model = m;
	ls->diag = d;
	ls->opts = *opts;
	strbuf_init(&ls->line.journal);
	strbuf_init(&ls->line.tagged);
	ls->line.may_match = xcalloc(opts->matcher.nr ? opts->matcher.nr : 1, 1);
	readahead_init(&ls->pass.ra);
	prefilter_setup(ls);
}

void logscan_release(struct logscan *ls)
{
	free(ls->streams.at);
	ptrmap_release(&ls->streams.of);
	free(ls->year.pending);
	free(ls->year.pending_notes);
	free(ls->seen.at);
	strbuf_release(&ls->line.journal);
	strbuf_release(&ls->line.tagged);
	pf_hits_release(&ls->pass.hits);
	readahead_release(&ls->pass.ra);
	free(ls->line.may_match);
	prefilter_free(ls->pass.plain);
	prefilter_free(ls->pass.journal);
	free(ls->pass.required);
}
