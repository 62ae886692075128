#include "route/supportconfig.h"

/* The files supportconfig writes that hold something a source or the log scan reads. */
static const char *const scc_files[] = {
	"basic-environment.txt", "basic-health-check.txt", "memory.txt", "hardware.txt",
	"env.txt", "messages.txt", "boot.txt", "crash.txt",
};

/*
 * The logs among them: syslog or "journalctl --output=short-iso" (messages.txt), "dmesg -T"
 * (boot.txt), kdump's var/crash/DIR/vmcore-dmesg.txt among crash.txt's sections (the only
 * report a panic_on_oom host leaves).
 */
static const char *const scc_logs[] = { "messages.txt", "boot.txt", "crash.txt" };

#define SCC_HEADER "#==[ "

/*
 * The commands whose output a sosreport keeps under another name: the
 * label is "# " and the command as run, its program's full path first
 * ("# /usr/bin/free -k", "# /sbin/sysctl -a 2>/dev/null | grep ^vm").
 */
static const struct {
	const char *cmd;             /* the program's name and arguments, a prefix of the label's */
	const char *rel;
} scc_commands[] = {
	{ "free -k", "sos_commands/memory/free" },
	{ "sysctl -a", "sos_commands/kernel/sysctl_-a" },
	{ "uname -a", "sos_commands/kernel/uname_-a" },
	{ "date", "sos_commands/date/date" },
	{ "lscpu", "sos_commands/processor/lscpu" },
	{ "dmidecode", "sos_commands/hardware/dmidecode" },
};

static bool in_list(const char *base, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(base, list[i]))
			return true;
	return false;
}

bool scc_is_file(const char *base, const char *head, size_t n)
{
	return in_list(base, scc_files, ARRAY_SIZE(scc_files)) && n >= strlen(SCC_HEADER) &&
	       !memcmp(head, SCC_HEADER, strlen(SCC_HEADER));
}

bool scc_is_log(const char *base)
{
	return in_list(base, scc_logs, ARRAY_SIZE(scc_logs));
}

bool scc_is_rotated_log(const char *base)
{
	const char *p = base + strlen("messages-");
	size_t i;

	if (strncmp(base, "messages-", strlen("messages-")))
		return false;
	for (i = 0; i < 8; i++)
		if (!is_digit(p[i]))
			return false;
	return !strcmp(p + 8, ".txt");
}

bool scc_is_folder_name(const char *name, size_t len)
{
	return len > 4 && (!memcmp(name, "scc_", 4) || !memcmp(name, "nts_", 4));
}

/* The sosreport path of a section's label, or NULL: a file's own path, a known command's sos name. */
static const char *rel_of_label(struct span kind, struct span label, struct strbuf *sb)
{
	const char *sp;
	size_t i, n;

	if (span_find(label, " - File not found"))
		return NULL;
	strbuf_reset(sb);
	if (span_eq(kind, "Configuration File")) {
		if (!label.len || label.p[0] != '/')
			return NULL;
		strbuf_add(sb, label.p + 1, label.len - 1);
		return sb->buf;
	}
	if (!span_eq(kind, "Command"))
		return NULL;
	/* "/usr/bin/free -k" -> "free -k" */
	sp = memchr(label.p, ' ', label.len);
	for (n = sp ? (size_t)(sp - label.p) : label.len; n && label.p[n - 1] != '/'; n--)
		;
	label = span_make(label.p + n, label.p + label.len);
	for (i = 0; i < ARRAY_SIZE(scc_commands); i++) {
		size_t cl = strlen(scc_commands[i].cmd);

		if (label.len >= cl && !memcmp(label.p, scc_commands[i].cmd, cl) &&
		    (label.len == cl || label.p[cl] == ' '))
			return scc_commands[i].rel;
	}
	return NULL;
}

/* "#==[ Command ]=====#" -> "Command" */
static bool header_kind(struct span line, struct span *kind)
{
	const char *close;

	if (!span_starts(line, SCC_HEADER))
		return false;
	line = span_make(line.p + strlen(SCC_HEADER), line.p + line.len);
	close = span_find(line, " ]=");
	if (!close)
		return false;
	*kind = span_make(line.p, close);
	return true;
}

void scc_sections(const char *buf, size_t len, void (*fn)(void *ctx, const struct scc_section *s),
		  void *ctx)
{
	struct lines it = lines_of(buf, len);
	struct scc_section cur = { 0 };
	struct strbuf rel = STRBUF_INIT;
	struct span kind = SPAN_NONE;
	bool want_label = false;

	for (;;) {
		bool more = lines_next(&it);
		struct span k;

		if (!more || header_kind(it.line, &k)) {
			if (cur.src) {
				cur.len = (size_t)((more ? it.line.p : buf + len) - cur.body);
				fn(ctx, &cur);
			}
			cur.src = NULL;
			if (!more)
				break;
			kind = k;
			want_label = true;
			continue;
		}
		if (!want_label)
			continue;
		want_label = false;
		if (!span_starts(it.line, "# "))
			continue;
		cur.rel = rel_of_label(kind, span_make(it.line.p + 2, it.line.p + it.line.len), &rel);
		cur.src = cur.rel ? source_for_path(cur.rel) : NULL;
		cur.body = it.p;
		cur.line_base = it.no;
	}
	strbuf_release(&rel);
}
