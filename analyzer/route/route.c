#include "route/route.h"
#include "esx/esx.h"
#include "facts/derive.h"
#include "input/filemap.h"
#include "input/linereader.h"
#include "log/log_line.h"
#include "route/supportconfig.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <fnmatch.h>

/* The kernel logs of a snapshot.  Other files of a snapshot are not logs. */
static const char *const snapshot_logs[] = {
	"var/log/messages*", "var/log/syslog*", "var/log/kern.log*", "var/log/kern*",
	"var/log/dmesg*", "var/log/warn*", "var/log/localmessages*",
	"sos_commands/logs/journalctl_*", "sos_commands/kernel/dmesg*",
	"sos_commands/general/dmesg*", "sos_strings/*/var.log.messages*",
	"sos_strings/*/var.log.syslog*", "sos_strings/*/var.log.kern*",
	"sos_strings/*/journalctl*", "sos_commands/*/tail_*messages*",
	/* kdump's copy of the kernel log: the only report of a panic_on_oom host */
	"var/crash/*/vmcore-dmesg.txt",
};

/* Directories only snapshots have: a file below one of them that no source knows is skipped. */
static const char *const snapshot_dirs[] = {
	"sos_commands", "sos_strings", "sos_reports", "sos_logs", "proc", "sys", "etc", "usr",
	"run", "lib", "boot", "dev", "var",
};

static bool is_snapshot_log(const char *rel)
{
	size_t i;

	if (strstr(rel, "_--disk-usage"))
		return false;
	for (i = 0; i < ARRAY_SIZE(snapshot_logs); i++)
		if (!fnmatch(snapshot_logs[i], rel, FNM_PATHNAME))
			return true;
	return false;
}

long snapshot_anchor(const char *rel, const struct source **src, bool *is_log)
{
	const char *p = rel;

	*src = NULL;
	*is_log = false;
	for (;;) {
		if ((*src = source_for_path(p)))
			return p - rel;
		if (is_snapshot_log(p)) {
			*is_log = true;
			return p - rel;
		}
		p = strchr(p, '/');
		if (!p)
			return -1;
		p++;
	}
}

/*
 * Documents and code are not logs, even when they quote a kernel message
 * (a README explaining an OOM report must not become one).
 */
static bool is_document(const char *rel)
{
	static const char *const exts[] = { ".md", ".rst", ".tsv", ".yaml", ".yml", ".html", ".htm",
					    ".py", ".sh", ".c", ".h", ".pdf", ".png", ".jpg", ".svg",
					    ".sha256", ".md5", ".asc" };
	const char *dot = strrchr(rel, '.'), *slash = strrchr(rel, '/');
	size_t i;

	if (!dot || (slash && dot < slash))
		return false;
	for (i = 0; i < ARRAY_SIZE(exts); i++)
		if (!strcmp(dot, exts[i]))
			return true;
	return false;
}

static bool in_snapshot_dir(const char *rel)
{
	size_t i, n;

	for (const char *p = rel; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL) {
		n = strcspn(p, "/");
		if (!p[n])
			break; /* the file name itself */
		for (i = 0; i < ARRAY_SIZE(snapshot_dirs); i++)
			if (strlen(snapshot_dirs[i]) == n && !strncmp(p, snapshot_dirs[i], n))
				return true;
	}
	return false;
}

static struct snapshot *snapshot_of(struct router *c, const struct input_file *f, long at)
{
	struct strbuf prefix = STRBUF_INIT, root = STRBUF_INIT;
	struct snapshot *s;
	size_t name_len = strlen(f->name), rel_len = strlen(f->rel);

	strbuf_add(&prefix, f->rel, (size_t)at);
	/* the root as the user would find it: the file's name less what lies below the root */
	strbuf_add(&root, f->name, name_len - (rel_len - (size_t)at));
	if (root.len > 1 && root.buf[root.len - 1] == '/')
		root.buf[--root.len] = '\0';
	if (!root.len)
		strbuf_addstr(&root, ".");
	s = model_snapshot(c->model, c->origin, prefix.buf, root.buf);
	strbuf_release(&prefix);
	strbuf_release(&root);
	return s;
}

/* The whole file, up to MT_MAX_SOURCE_FILE; the caller frees *buf. */
static int slurp(struct router *c, const struct input_file *f, char **buf, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	const char *err = NULL;
	long r;

	for (;;) {
		size_t room;

		if (sb.len >= MT_MAX_SOURCE_FILE) {
			diag_warn(c->diag, f->name, 0, "larger than %u MiB, more than any real file of its kind; the rest is not read",
				  MT_MAX_SOURCE_FILE >> 20);
			break;
		}
		strbuf_grow(&sb, 64 * 1024);
		room = sb.alloc - sb.len - 1;
		if (room > MT_MAX_SOURCE_FILE - sb.len)
			room = MT_MAX_SOURCE_FILE - sb.len;
		r = f->rd->read(f->rd->handle, sb.buf + sb.len, room, &err);
		if (r < 0) {
			diag_error(c->diag, f->name, 0, "read error: %s", err ? err : "unknown");
			break;
		}
		if (r == 0)
			break;
		sb.len += (size_t)r;
	}
	sb.buf[sb.len] = '\0';
	*len = sb.len;
	*buf = strbuf_detach(&sb);
	return 0;
}

/* A file, or a supportconfig section, for a source that reads its files together: kept till the end (apply_held). */
static void hold(struct router *c, const struct source *src, struct snapshot *s, const struct held_file *f)
{
	struct held *h;

	ALLOC_GROW(c->held, c->nr_held, c->alloc_held);
	h = &c->held[c->nr_held++];
	h->src = src;
	h->snap = s;
	h->f = *f;
}

static void read_source(struct router *c, const struct source *src, struct snapshot *s,
			const struct input_file *f, const char *rel)
{
	struct parse_ctx ctx = { &s->facts, c->diag, intern_str(&c->model->strings, f->name),
				 intern_str(&c->model->strings, rel), 0 };
	char *buf;
	size_t len;

	slurp(c, f, &buf, &len);
	c->sources_read++;
	if (src->finish) {
		hold(c, src, s, &(struct held_file){ ctx.rel, ctx.file, buf, len, 0 });
		return;
	}
	if (src->parse(&ctx, buf, len) < 0 && len)
		diag_warn(c->diag, f->name, 0, "nothing usable for %s", src->name);
	free(buf);
}

/* The longest esxtop header line read: 17,000 columns take a few MiB. */
#define MT_MAX_ESXTOP_LINE (32u << 20)

static void add_capture(struct router *c, struct esx_capture *cap)
{
	struct model *m = c->model;

	ALLOC_GROW(m->captures, m->nr_captures, m->alloc_captures);
	m->captures[m->nr_captures++] = cap;
}

/* An esxtop batch capture or pasted screen: the hypervisor's side, not a log. */
static void read_capture(struct router *c, const struct input_file *f, struct byte_reader *rd,
			 bool screen)
{
	struct esx_capture *cap = xcalloc(1, sizeof(*cap));
	const char *name = intern_str(&c->model->strings, f->name);
	struct line_reader lr;
	char *line;
	size_t len;
	int ok;

	esx_capture_init(cap, name);
	line_reader_init_max(&lr, rd, MT_MAX_ESXTOP_LINE);
	if (screen) {
		struct strbuf all = STRBUF_INIT;

		while (line_reader_next(&lr, &line, &len) > 0) {
			strbuf_add(&all, line, len);
			strbuf_addch(&all, '\n');
		}
		ok = esxtop_screen_parse(cap, all.buf, all.len, c->diag);
		strbuf_release(&all);
	} else {
		struct esxtop_parser *p = esxtop_parser_new(cap, c->diag);

		while (line_reader_next(&lr, &line, &len) > 0)
			esxtop_parser_line(p, line, len, lr.lineno);
		ok = esxtop_parser_finish(p);
	}
	if (lr.error)
		diag_error(c->diag, f->name, lr.lineno + 1, "read error: %s", lr.error);
	line_reader_release(&lr);
	if (ok < 0) {
		if (cap->tool && !strcmp(cap->tool, "perfmon"))
			diag_warn(c->diag, f->name, 0, "a Windows performance log with neither ESX nor Hyper-V Dynamic Memory counters: not a hypervisor capture; not read");
		else
			diag_warn(c->diag, f->name, 0, "an esxtop %s with no memory figures; skipped",
				  screen ? "screen" : "capture");
		esx_capture_release(cap);
		free(cap);
		return;
	}
	add_capture(c, cap);
}

/* A capture of another tool (capture_reader): read whole, like a snapshot's file. */
static void read_tool_capture(struct router *c, const struct input_file *f,
			      const struct capture_reader *r)
{
	struct esx_capture *cap = xcalloc(1, sizeof(*cap));
	char *buf;
	size_t len;

	esx_capture_init(cap, intern_str(&c->model->strings, f->name));
	cap->hypervisor = r->hypervisor;
	cap->tool = r->tool;
	slurp(c, f, &buf, &len);
	if (r->parse(cap, buf, len, c->diag) < 0) {
		diag_warn(c->diag, f->name, 0, "%s output with no memory figures; not read", r->tool);
		esx_capture_release(cap);
		free(cap);
	} else {
		add_capture(c, cap);
	}
	free(buf);
}

static bool has_control_bytes(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 && !strchr("\t\n\r\f\x1b", p[i]))
			return true;
	return false;
}

/*
 * Whether the head of a file no reader claims is a log: a line with a
 * logger's or the kernel's prefix (after a column of another too: grep -H's
 * file name), or the kernel's own words of a memory report (a paste of one
 * carries no prefix at all).
 */
static bool looks_like_log(const char *head, size_t n)
{
	static const char *const kernel_words[] = {
		"oom", "OOM", "Out of memory", "Mem-Info", "page allocation", "Killed process",
		"Call Trace", "lowmem_reserve", "active_anon", "Free swap", "pages RAM", "memory:",
	};
	const char *p = head, *end = head + n, *nl, *why;
	struct span all = span_make(head, end);
	struct strbuf scratch = STRBUF_INIT;
	struct log_line l;
	bool journal = false;
	size_t i, len;

	if (!n || has_control_bytes(head, n))
		return true; /* empty, or binary: the log reader says which */
	for (; p < end && !journal; p = nl ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((nl ? nl : end) - p);
		log_parse_line(p, len, &l);
		if (l.fmt != LOG_NONE || log_line_tagged_after_column(p, len))
			return true;
		journal = len && *p == '{' && journal_parse_line(p, len, &scratch, &l, &why);
	}
	strbuf_release(&scratch);
	if (journal)
		return true;
	for (i = 0; i < ARRAY_SIZE(kernel_words); i++)
		if (span_find(all, kernel_words[i]))
			return true;
	return false;
}

/* @f is not read: said at the end with @why (router_finish()), unless it is a snapshot's. */
static void not_read(struct router *c, const struct input_file *f, const char *why)
{
	ALLOC_GROW(c->unread, c->nr_unread, c->alloc_unread);
	c->unread[c->nr_unread++] = (struct unread_file){ intern_str(&c->model->strings, f->name), why };
}

/* A file that no snapshot path names: an esxtop capture, or a log. */
static void read_unanchored(struct router *c, const struct input_file *f)
{
	char buf[4096];
	const char *head = buf;
	size_t n;
	struct replay r = { f->rd, buf, 0, 0 };
	struct byte_reader rd = { .read = replay_read, .handle = &r };
	struct input_file again = *f;
	const struct capture_reader *cr;

	if (f->rd->map) { /* a look in place: nothing read, the log scanner goes through the map */
		head = f->rd->map->base + f->start_off;
		n = file_map_avail(f->rd->map, f->start_off, sizeof(buf));
	} else {
		n = r.len = read_head(f->rd, buf, sizeof(buf));
		again.rd = &rd;
	}
	if (esxtop_is_capture(head, n) || esxtop_is_screen(head, n)) {
		read_capture(c, f, again.rd, !esxtop_is_capture(head, n));
		return;
	}
	if ((cr = capture_reader_for(head, n))) {
		read_tool_capture(c, &again, cr);
		return;
	}
	if (vmx_log_is(head, n)) {
		not_read(c, f, "a VM's vmware.log (its VMX's log on the host), not read: what the numbers "
			       "of its MemSched balloon and swap lines are is documented nowhere; the host's "
			       "esxtop -b -a, vCenter's Get-Stat or memstats give the VM's balloon");
		return;
	}
	if (!looks_like_log(head, n)) {
		not_read(c, f, "not recognized as a log, snapshot or hypervisor capture");
		return;
	}
	logscan_read_log(c->logs, &again, c->origin);
}

/*
 * A snapshot's file that no source knows: a hypervisor capture saved with
 * it (a KVM host's "sos_commands/virsh/virsh_-r_domstats"), or one of the
 * many files memtriage has no use for, passed over without a word.
 */
static void read_snapshot_other(struct router *c, const struct input_file *f)
{
	char buf[4096];
	struct replay r = { f->rd, buf, 0, 0 };
	struct byte_reader rd = { .read = replay_read, .handle = &r };
	struct input_file again = *f;
	const struct capture_reader *cr;

	r.len = read_head(f->rd, buf, sizeof(buf));
	if ((cr = capture_reader_for(buf, r.len))) {
		again.rd = &rd;
		read_tool_capture(c, &again, cr);
	}
}

static void route_other(struct router *c, const struct input_file *f);

struct scc_read {
	struct router *c;
	struct snapshot *snap;
	const char *file;            /* interned */
};

static void read_scc_section(void *ctx, const struct scc_section *sec)
{
	struct scc_read *r = ctx;
	struct parse_ctx pc = { &r->snap->facts, r->c->diag, r->file,
				intern_str(&r->c->model->strings, sec->rel), sec->line_base };

	r->c->sources_read++;
	/*
	 * A source that reads its files together (free -k of memory.txt and
	 * basic-health-check.txt, sysctl.conf and sysctl.d, tuned, DMI) is held
	 * with the snapshot's other files and read with them at the end.
	 */
	if (sec->src->finish) {
		char *body = xmalloc(sec->len + 1);

		memcpy(body, sec->body, sec->len);
		body[sec->len] = '\0';
		hold(r->c, sec->src, r->snap, &(struct held_file){ pc.rel, pc.file, body, sec->len, sec->line_base });
		return;
	}
	if (sec->src->parse(&pc, sec->body, sec->len) < 0 && sec->len)
		diag_warn(r->c->diag, r->file, sec->line_base, "nothing usable for %s", sec->src->name);
}

/*
 * Whether the rotated log @f (messages-20230610.txt, no header to tell it
 * by) lies in a supportconfig folder: one named as supportconfig names it,
 * or one whose supportconfig files were read (a folder is walked in name
 * order: basic-environment.txt and memory.txt come before it).
 */
static bool in_scc_folder(const struct router *c, const struct input_file *f, const char *base)
{
	const char *name_end = f->name + strlen(f->name) - strlen(base), *dir = name_end;
	size_t i, n;

	/* the folder's name: "scc_web02_230616_1005" of ".../scc_web02_230616_1005/" or "x.txz:scc_.../" */
	if (dir > f->name) {
		for (dir--; dir > f->name && dir[-1] != '/' && dir[-1] != ':'; dir--)
			;
		if (scc_is_folder_name(dir, (size_t)(name_end - 1 - dir)))
			return true;
	}
	for (i = 0; i < c->model->nr_snapshots; i++) {
		const char *root = c->model->snapshots[i]->root;

		n = strlen(root);
		if (n && root[n - 1] == '/')
			n--;
		if (f->name + n + 1 == name_end && !strncmp(f->name, root, n))
			return true;
	}
	return false;
}

/*
 * A file of a supportconfig folder (supportconfig.h), whose folder is the
 * snapshot: its logs to the log scan, the sections of its other files to
 * their sources.  false: not supportconfig's, though named like it.
 */
static bool read_supportconfig(struct router *c, const struct input_file *f)
{
	const char *slash = strrchr(f->rel, '/'), *base = slash ? slash + 1 : f->rel;
	char head[64];
	struct replay r = { f->rd, head, 0, 0 };
	struct byte_reader rd = { .read = replay_read, .handle = &r };
	struct input_file again = *f;
	struct scc_read sr = { c, NULL, NULL };
	char *buf;
	size_t len, n;

	if (scc_is_rotated_log(base) && in_scc_folder(c, f, base)) {
		/* with messages.txt, one family (input_rotation_key()): read before it, with the snapshot's date */
		logscan_read_log(c->logs, f, snapshot_of(c, f, base - f->rel)->unit);
		return true;
	}
	if (!scc_is_file(base, "#==[ ", 5))
		return false; /* not one of its names: nothing read */
	if (f->rd->map) { /* a look in place: nothing read */
		n = file_map_avail(f->rd->map, f->start_off, sizeof(head));
		memcpy(head, f->rd->map->base + f->start_off, n);
	} else {
		n = r.len = read_head(f->rd, head, sizeof(head));
		again.rd = &rd;
	}
	if (!scc_is_file(base, head, n)) {
		route_other(c, &again);
		return true;
	}
	sr.snap = snapshot_of(c, f, base - f->rel);
	if (scc_is_log(base)) {
		logscan_read_log(c->logs, &again, sr.snap->unit);
		return true;
	}
	sr.file = intern_str(&c->model->strings, f->name);
	slurp(c, &again, &buf, &len);
	scc_sections(buf, len, read_scc_section, &sr);
	free(buf);
	return true;
}

static void route_stream_begin(void *ctx, unsigned origin)
{
	struct router *c = ctx;

	c->origin = origin;
	logscan_begin_stream(c->logs, origin);
}

/* One file to where it goes: its snapshot source, the log pipeline, an esxtop reader, or nowhere. */
static void route_file(void *ctx, const struct input_file *f)
{
	struct router *c = ctx;

	if (!read_supportconfig(c, f))
		route_other(c, f);
}

/* A file that is not supportconfig's. */
static void route_other(struct router *c, const struct input_file *f)
{
	const struct source *src;
	bool is_log;
	long at = snapshot_anchor(f->rel, &src, &is_log);

	/*
	 * A file named on the command line is read, though its path goes through
	 * folders that snapshots have (/var/tmp/dmesg.txt is no snapshot's file).
	 */
	if (at < 0 && f->named) {
		read_unanchored(c, f);
		return;
	}
	if (at >= 0 && src) {
		read_source(c, src, snapshot_of(c, f, at), f, f->rel + at);
		return;
	}
	if (at >= 0 && is_log)
		logscan_read_log(c->logs, f, snapshot_of(c, f, at)->unit);
	else if (is_document(f->rel))
		return;
	else if (in_snapshot_dir(f->rel))
		read_snapshot_other(c, f);
	else
		read_unanchored(c, f);
}

/*
 * Whether route_other() would read a file of path @rel: a named file, a
 * snapshot's source or log, a loose file (any may be a log); not a
 * snapshot's other files (a copy's etc/shadow), which are only looked at
 * for a capture by their first bytes.
 */
static bool route_takes(void *ctx, const char *rel, bool named)
{
	const struct source *src;
	bool is_log;
	long at = snapshot_anchor(rel, &src, &is_log);

	(void)ctx;
	if (named)
		return true;
	if (at >= 0)
		return src || is_log;
	return !is_document(rel) && !in_snapshot_dir(rel);
}

static void route_stream_end(void *ctx)
{
	struct router *c = ctx;

	logscan_end_stream(c->logs);
}

void router_init(struct router *c, struct model *m, struct diag *d, struct logscan *ls)
{
	memset(c, 0, sizeof(*c));
	c->model = m;
	c->diag = d;
	c->logs = ls;
	c->sink = (struct stream_sink){ route_stream_begin, route_file, route_stream_end, route_takes, c };
}

/* Each held file goes to its source with the others of its snapshot and source. */
static void apply_held(struct router *c)
{
	struct held_file *batch = xcalloc(c->nr_held ? c->nr_held : 1, sizeof(*batch));
	size_t i, j, n;

	for (i = 0; i < c->nr_held; i++) {
		struct held *h = &c->held[i];
		struct parse_ctx ctx = { &h->snap->facts, c->diag, h->f.file, h->f.rel, 0 };

		if (!h->src)
			continue;
		for (j = i, n = 0; j < c->nr_held; j++) {
			if (c->held[j].src == h->src && c->held[j].snap == h->snap) {
				batch[n++] = c->held[j].f;
				if (j != i)
					c->held[j].src = NULL;
			}
		}
		h->src->finish(&ctx, batch, n);
	}
	free(batch);
}

/*
 * The host a snapshot describes: the first name it gives, preferring any
 * real name to "localhost.localdomain", which unconfigured hosts report.
 */
static const char *hostname_of(const struct snapshot *s)
{
	static const char *const names[] = { "identity.hostname", "identity.fqdn", "identity.uname_host" };
	const char *fallback = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct fact *f = fact_get(&s->facts, names[i]);

		if (!f || f->type != FACT_STR || !f->s[0] || !strcmp(f->s, "(none)"))
			continue;
		if (strncmp(f->s, "localhost", 9))
			return f->s;
		if (!fallback)
			fallback = f->s;
	}
	return fallback;
}

/* Whether @name lies in a snapshot's root ("sosreport-x/version.txt"): such files are normal. */
static bool in_a_snapshot(const struct model *m, const char *name)
{
	size_t i, n;

	for (i = 0; i < m->nr_snapshots; i++) {
		n = strlen(m->snapshots[i]->root);
		if (!strncmp(name, m->snapshots[i]->root, n) && (name[n] == '/' || (n && name[n - 1] == '/')))
			return true;
	}
	return false;
}

/* Each file not read, said once, but not the files of a snapshot memtriage has no use for. */
static void say_unread(struct router *c)
{
	size_t i;

	for (i = 0; i < c->nr_unread; i++)
		if (!in_a_snapshot(c->model, c->unread[i].name))
			diag_warn(c->diag, c->unread[i].name, 0, "%s", c->unread[i].why);
}

void router_finish(struct router *c)
{
	size_t i;

	apply_held(c);
	say_unread(c);
	for (i = 0; i < c->model->nr_snapshots; i++) {
		struct snapshot *s = c->model->snapshots[i];

		facts_derive(&s->facts);
		s->hostname = hostname_of(s);
		if (s->facts.dropped)
			diag_warn(c->diag, s->root, 0, "more than %u facts; %zu more were not kept",
				  MT_MAX_FACTS, s->facts.dropped);
	}
}

void router_release(struct router *c)
{
	size_t i;

	for (i = 0; i < c->nr_held; i++)
		free(c->held[i].f.buf);
	free(c->held);
	free(c->unread);
}
