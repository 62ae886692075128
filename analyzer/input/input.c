#include "util/env.h"
#include "input/filemap.h"
#include "input/input.h"
#include "input/linereader.h"
#include "input/state.h"
#include "input/textconv.h"
#include "util/dirnames.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#define AR_READ_MAX (16u * 1024u)

/* ---- plain files ---------------------------------------------------------- */

static long fd_read(void *handle, char *buf, size_t n, const char **err)
{
	int fd = *(int *)handle;
	ssize_t r;

	do {
		r = read(fd, buf, n);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		*err = strerror(errno);
	return (long)r;
}

/* ---- replay and skip -------------------------------------------------------- */

long replay_read(void *handle, char *buf, size_t n, const char **err)
{
	struct replay *r = handle;

	if (r->pos < r->len) {
		size_t k = r->len - r->pos < n ? r->len - r->pos : n;

		memcpy(buf, r->head + r->pos, k);
		r->pos += k;
		return (long)k;
	}
	return r->inner->read(r->inner->handle, buf, n, err);
}

size_t read_head(struct byte_reader *rd, char *buf, size_t n)
{
	size_t got = 0;
	const char *err;
	long r;

	while (got < n && (r = rd->read(rd->handle, buf + got, n - got, &err)) > 0)
		got += (size_t)r;
	return got;
}

/* Read and drop @n bytes: resuming a compressed file, which cannot seek. */
static void skip_bytes(struct byte_reader *rd, uint64_t n)
{
	char buf[16384];
	const char *err;
	long r = 1;

	while (n && r > 0) {
		r = rd->read(rd->handle, buf, n < sizeof(buf) ? (size_t)n : sizeof(buf), &err);
		if (r > 0)
			n -= (uint64_t)r;
	}
}

/*
 * --state: where to start in a file the last run read.  A file that grew is
 * read from where it stopped (or where a report still open then began); one
 * that shrank is read again in full; a new one from its start.
 */
static void resume_at(struct state *st, struct input_file *f, const char *head, size_t hlen,
		      uint64_t dev, uint64_t ino, int64_t size, struct diag *d)
{
	struct state_file *old = state_find(st, dev, ino, head, hlen);
	uint64_t off = 0, eof = 0;
	unsigned line = 0;

	if (old && old->used)
		old = NULL; /* the same first bytes as a file already read this run */
	if (!old && ino && (old = state_find_inode(st, dev, ino))) {
		/* the same file, other first bytes: emptied and written again (> messages) */
		diag_warn(d, f->name, 0, "rewritten since the last run; read again from its start");
		f->sf = state_record(st, old, f->name, dev, ino, head, hlen);
		f->sf->nr_held = 0;
		f->hold = size >= 0;
		f->start_off = f->seen_until = 0;
		f->start_line = 0;
		return;
	}
	if (old) {
		off = old->offset;
		line = old->lineno;
		eof = old->eof;
	}
	f->sf = state_record(st, old, f->name, dev, ino, head, hlen);
	f->hold = size >= 0 && (!old || (uint64_t)size != eof);
	if (old && size >= 0 && (uint64_t)size < eof) {
		diag_warn(d, f->name, 0, "shorter than when last read; read again from its start");
		off = eof = 0, line = 0;
		f->sf->nr_held = 0;
	}
	f->start_off = off;
	f->start_line = line;
	f->seen_until = eof;
}

/* ---- libarchive ----------------------------------------------------------- */

/* MT_BOMB_SIZE, or MEMTRIAGE_BOMB_SIZE (bytes) for a site, or a test, that wants another */
static uint64_t bomb_size = MT_BOMB_SIZE;

void input_setup(const struct mt_env *env)
{
	bomb_size = env->bomb_size;
	file_map_set_min_size(env->mmap_from);
	line_reader_set_read_size(env->read_chunk);
}

static long ar_read(void *handle, char *buf, size_t n, const char **err)
{
	struct archive *a = handle;
	la_ssize_t r;

	/* small reads: on a truncated stream the last call fails and takes its data with it */
	if (n > AR_READ_MAX)
		n = AR_READ_MAX;
	/* an archive bomb: gigabytes out of kilobytes in */
	if ((uint64_t)archive_filter_bytes(a, 0) > bomb_size &&
	    (uint64_t)archive_filter_bytes(a, 0) / MT_BOMB_RATIO > (uint64_t)archive_filter_bytes(a, -1)) {
		*err = "decompresses more than 1000 times its size (an archive bomb?); the rest is not read";
		return -1;
	}
	r = archive_read_data(a, buf, n);

	if (r < 0) {
		*err = archive_error_string(a) ? archive_error_string(a) : "read error";
		return -1;
	}
	return (long)r;
}

/* A reader of the archives memtriage knows; with @raw, of a compressed single file too. */
static struct archive *ar_new_formats(bool raw)
{
	struct archive *a = archive_read_new();

	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_zip(a);
	/* raw last: a compressed single file (messages-20261101.gz) is one "data" entry */
	if (raw)
		archive_read_support_format_raw(a);
	return a;
}

static struct archive *ar_new(void)
{
	return ar_new_formats(true);
}

/* A member name that would land outside the archive's root if extracted. */
static bool unsafe_member(const char *name)
{
	const char *p = name;

	if (name[0] == '/')
		return true;
	while (*p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return true;
		p = strchr(p, '/');
		if (!p)
			break;
		p++;
	}
	return false;
}

/* Logs with this base name are binary records, not text: skip them quietly. */
static bool binary_log_name(const char *base)
{
	static const char *const names[] = { "wtmp", "btmp", "lastlog", "faillog", "utmp" };
	const char *dot = strrchr(base, '.');
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strncmp(base, names[i], strlen(names[i])))
			return true;
	return dot && (!strcmp(dot, ".journal") || !strcmp(dot, ".journal~"));
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* "./sosreport-x/proc/meminfo" -> "sosreport-x/proc/meminfo" */
static const char *member_rel(const char *member)
{
	while (member[0] == '/' || (member[0] == '.' && member[1] == '/'))
		member += member[0] == '/' ? 1 : 2;
	return member;
}

/* A file named on the command line: its path, less any leading "./" or "/". */
static const char *display_rel(const char *path)
{
	return member_rel(path);
}

static bool compressed_name(const char *name)
{
	static const char *const ext[] = { ".gz", ".xz", ".bz2", ".zst", ".lz4" };
	size_t len = strlen(name), i;

	for (i = 0; i < ARRAY_SIZE(ext); i++)
		if (len > strlen(ext[i]) && !strcmp(name + len - strlen(ext[i]), ext[i]))
			return true;
	return false;
}

static long mem_read(void *handle, char *buf, size_t n, const char **err)
{
	struct replay *r = handle;
	size_t k = r->len - r->pos < n ? r->len - r->pos : n;

	(void)err;
	memcpy(buf, r->head + r->pos, k);
	r->pos += k;
	return (long)k;
}

/*
 * etc/localtime is a symlink into the zone database, usually out of the tree:
 * its target is the fact, so the target's text is handed over as the file.
 */
static void link_as_file(const struct stream_sink *sink, unsigned origin, const char *name,
			 const char *rel, const char *target)
{
	struct replay r = { NULL, target, strlen(target), 0 };
	struct byte_reader rd = { .read = mem_read, .handle = &r };
	struct input_file f = { .name = name, .rel = rel, .rd = &rd };

	sink->begin(sink->ctx, origin);
	sink->part(sink->ctx, &f);
	sink->end(sink->ctx);
}

/* A reader of @inner through a converter of @kind, set up in @rd; the caller frees the converter. */
static struct text_conv *converted(struct byte_reader *rd, struct byte_reader *inner, enum text_kind kind)
{
	struct text_conv *c = xmalloc(sizeof(*c));

	text_conv_init(c, inner, kind);
	*rd = (struct byte_reader){ .read = text_conv_read, .handle = c };
	return c;
}

/*
 * The bytes of a decompressed log or of an archive member, told apart by
 * their first bytes as read_file() tells a file's: a UTF-16 log or a
 * json-pretty export is read through its converter (s->conv, which the
 * caller frees), else as it is.
 */
struct sniff {
	char head[512];
	struct replay r;
	struct byte_reader replay_rd, conv_rd;
	struct text_conv *conv;
};

static struct byte_reader *sniff_text(struct sniff *s, struct byte_reader *inner)
{
	enum text_kind kind;

	s->r = (struct replay){ inner, s->head, read_head(inner, s->head, sizeof(s->head)), 0 };
	s->replay_rd = (struct byte_reader){ .read = replay_read, .handle = &s->r };
	kind = text_kind((const unsigned char *)s->head, s->r.len);
	/* compressed twice over is left to the log reader, which says it is binary */
	s->conv = kind == TEXT_PLAIN || kind == TEXT_ARCHIVE ? NULL : converted(&s->conv_rd, &s->replay_rd, kind);
	return s->conv ? &s->conv_rd : &s->replay_rd;
}

/* A compressed member of a tar (var/log/messages-20261101.gz in a sosreport), read through. */
struct nested {
	struct archive *outer;
	char buf[AR_READ_MAX];
};

static la_ssize_t nested_read(struct archive *a, void *data, const void **buf)
{
	struct nested *n = data;

	(void)a;
	*buf = n->buf;
	return archive_read_data(n->outer, n->buf, sizeof(n->buf));
}

static void read_nested(struct archive *outer, const char *name, const char *rel, int64_t mtime,
			const struct stream_sink *sink, struct diag *d)
{
	struct nested *n = xmalloc(sizeof(*n));
	struct archive *in = ar_new();
	struct archive_entry *ent;

	n->outer = outer;
	if (archive_read_open(in, n, NULL, nested_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(in, &ent) != ARCHIVE_OK) {
		diag_error(d, name, 0, "cannot read: %s",
			   archive_error_string(in) ? archive_error_string(in) : "unknown error");
	} else {
		struct byte_reader rd = { .read = ar_read, .handle = in };
		struct sniff sn;
		struct input_file f = { .name = name, .rel = rel, .mtime = mtime, .rd = sniff_text(&sn, &rd) };

		sink->part(sink->ctx, &f);
		free(sn.conv);
	}
	archive_read_free(in);
	free(n);
}

/*
 * The date of what comes on standard input: a file's when redirected from
 * one, else none is known (0), and the model takes the time it is read as
 * the best guess of its year, said so (never the epoch: "1969" is no date a
 * log was written).
 */
static int64_t stdin_mtime(void)
{
	struct stat st;

	if (!fstat(0, &st) && S_ISREG(st.st_mode))
		return (int64_t)st.st_mtime;
	return 0;
}

/*
 * Every member of an archive, in archive order, each a stream of its own
 * (tar keeps each member's mtime, so each can infer its own year).  A
 * compressed single file comes out as one raw member named after the file.
 */
static size_t walk_archive(struct archive *a, const char *display, unsigned origin,
			   const struct stream_sink *sink, struct diag *d)
{
	struct archive_entry *ent;
	struct strbuf name = STRBUF_INIT;
	size_t files = 0;
	int r;

	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *member = archive_entry_pathname(ent);
		struct byte_reader rd = { .read = ar_read, .handle = a };
		bool raw = archive_format(a) == ARCHIVE_FORMAT_RAW;

		if (!member)
			member = "?";
		strbuf_reset(&name);
		if (raw) {
			strbuf_addstr(&name, display);
		} else {
			strbuf_addf(&name, "%s:%s", display, member);
			if (unsafe_member(member)) {
				diag_warn(d, name.buf, 0, "member name leaves the archive; read in place all the same");
			}
			if (archive_entry_filetype(ent) == AE_IFLNK && archive_entry_symlink(ent) &&
			    !strcmp(base_name(member), "localtime")) {
				link_as_file(sink, origin, name.buf, member_rel(member), archive_entry_symlink(ent));
				files++;
				continue;
			}
			if (archive_entry_filetype(ent) != AE_IFREG) {
				if (archive_entry_filetype(ent) != AE_IFDIR &&
				    archive_entry_filetype(ent) != AE_IFLNK)
					diag_warn(d, name.buf, 0, "not a regular file; skipped");
				continue;
			}
			if (binary_log_name(base_name(member)))
				continue;
			/* a sparse monster: gigabytes of holes with a few bytes of data */
			if (archive_entry_sparse_count(ent) > 0 &&
			    (uint64_t)archive_entry_size(ent) > bomb_size) {
				diag_warn(d, name.buf, 0, "a sparse member of %lld bytes, mostly holes; skipped",
					  (long long)archive_entry_size(ent));
				continue;
			}
		}
		sink->begin(sink->ctx, origin);
		if (!raw && compressed_name(member)) {
			read_nested(a, name.buf, member_rel(member), (int64_t)archive_entry_mtime(ent), sink, d);
		} else {
			struct sniff sn;
			struct input_file f = { .name = name.buf,
						.rel = raw ? display_rel(display) : member_rel(member),
						/* raw: a compressed log on standard input */
						.mtime = raw ? stdin_mtime() : (int64_t)archive_entry_mtime(ent),
						.rd = sniff_text(&sn, &rd) };

			sink->part(sink->ctx, &f);
			free(sn.conv);
		}
		sink->end(sink->ctx);
		files++;
	}
	if (r != ARCHIVE_EOF)
		diag_error(d, display, 0, "archive damaged: %s; members after this point are lost",
			   archive_error_string(a) ? archive_error_string(a) : "unknown error");
	strbuf_release(&name);
	return files;
}

/* Standard input for libarchive: the bytes already looked at, then the rest. */
struct stdin_blocks {
	struct replay r;
	char block[64 * 1024];
};

static la_ssize_t stdin_block(struct archive *a, void *data, const void **buf)
{
	struct stdin_blocks *sb = data;
	const char *err = NULL;
	long r = replay_read(&sb->r, sb->block, sizeof(sb->block), &err);

	if (r < 0)
		archive_set_error(a, errno, "%s", err ? err : "read error");
	*buf = sb->block;
	return r;
}

/* A compressed log or an archive on standard input. */
static size_t walk_stdin_archive(struct stdin_blocks *sb, unsigned origin,
				 const struct stream_sink *sink, struct diag *d)
{
	struct archive *a = ar_new();
	size_t n = 0;

	if (archive_read_open(a, sb, NULL, stdin_block, NULL) != ARCHIVE_OK)
		diag_error(d, "-", 0, "cannot read standard input: %s", archive_error_string(a));
	else
		n = walk_archive(a, "-", origin, sink, d);
	archive_read_free(a);
	return n;
}

static size_t walk_stdin(unsigned origin, const struct stream_sink *sink, struct diag *d)
{
	int fd = 0;
	struct byte_reader in = { .read = fd_read, .handle = &fd };
	struct stdin_blocks *sb = xmalloc(sizeof(*sb));
	char head[512];
	enum text_kind kind;
	size_t n = 1;

	sb->r = (struct replay){ &in, head, read_head(&in, head, sizeof(head)), 0 };
	kind = text_kind((const unsigned char *)head, sb->r.len);
	if (!sb->r.len) {
		diag_warn(d, "-", 0, "standard input is empty; nothing to read");
	} else if (kind == TEXT_ARCHIVE) {
		n = walk_stdin_archive(sb, origin, sink, d);
	} else {
		struct byte_reader rd = { .read = replay_read, .handle = &sb->r }, conv_rd;
		struct input_file f = { .name = "-", .rel = "-", .mtime = stdin_mtime(), .rd = &rd,
					.named = true };
		struct text_conv *conv = kind == TEXT_PLAIN ? NULL : converted(&conv_rd, &rd, kind);

		if (conv)
			f.rd = &conv_rd;
		sink->begin(sink->ctx, origin);
		sink->part(sink->ctx, &f);
		sink->end(sink->ctx);
		free(conv);
	}
	free(sb);
	return n;
}

/*
 * A compressed tar (a sosreport) rather than a compressed log: libarchive is
 * asked to read the first member's header with the tar format only.
 */
static bool is_tar(const char *path)
{
	struct archive *a = ar_new_formats(false);
	struct archive_entry *ent;
	bool tar;

	/* a file of its own: a dup() would share, and move, the caller's offset */
	tar = archive_read_open_filename(a, path, 64 * 1024) == ARCHIVE_OK &&
	      archive_read_next_header(a, &ent) == ARCHIVE_OK;
	archive_read_free(a);
	return tar;
}

/* What a file's first bytes say it is (textconv.h). */
static enum text_kind text_kind_of_fd(int fd)
{
	unsigned char b[512];
	ssize_t n = pread(fd, b, sizeof(b), 0);

	return text_kind(b, n > 0 ? (size_t)n : 0);
}

/* ---- one file, or one family of rotated files ----------------------------- */

struct family_file {
	char *path;
	const char *rel;
	char family[1024];           /* rotation family: base name, or the real path of a named file */
	int64_t age;
	unsigned origin;             /* the PATH argument it comes from */
	bool named;                  /* named on the command line, not found in a walk */
	bool failed;                 /* its read ended in an error (read_families() says) */
};

/* A compressed log (messages-20261101.gz), as part of its family's stream. */
static size_t read_compressed(struct archive *a, struct input_file *f, struct state *state,
			      const struct stream_sink *sink, struct diag *d)
{
	struct archive_entry *ent;
	struct byte_reader rd = { .read = ar_read, .handle = a }, *text;
	char head[STATE_HASHED];
	struct replay r = { NULL, head, 0, 0 };
	struct byte_reader rr = { .read = replay_read, .handle = &r };
	struct sniff sn;

	if (archive_read_next_header(a, &ent) != ARCHIVE_OK || archive_format(a) != ARCHIVE_FORMAT_RAW) {
		diag_warn(d, f->name, 0, "compressed, but no log inside (an archive, or nothing); skipped");
		return 0;
	}
	r.inner = text = sniff_text(&sn, &rd);
	f->rd = &rr;
	if (state && !sn.conv) { /* --state would count the converted bytes: a converted log is read in full */
		r.len = read_head(text, head, sizeof(head));
		resume_at(state, f, head, r.len, 0, 0, -1, d);
		skip_bytes(&rr, f->start_off);
	}
	/* a compressed file never grows: a report open at its end is what there is */
	f->hold = false;
	sink->part(sink->ctx, f);
	free(sn.conv);
	return 1;
}

static size_t read_plain(int fd, const struct stat *st, struct input_file *f, struct state *state,
			 struct diag *d)
{
	char head[STATE_HASHED];
	ssize_t hlen;

	if (!state)
		return 1;
	hlen = pread(fd, head, sizeof(head), 0);
	resume_at(state, f, head, hlen > 0 ? (size_t)hlen : 0, (uint64_t)st->st_dev,
		  (uint64_t)st->st_ino, (int64_t)st->st_size, d);
	if (f->start_off && lseek(fd, (off_t)f->start_off, SEEK_SET) < 0) {
		diag_warn(d, f->name, 0, "cannot seek: %s; read again from its start", strerror(errno));
		f->start_off = 0, f->start_line = 0, f->seen_until = 0;
	}
	return 1;
}

static size_t read_file(const struct family_file *ff, const struct stream_sink *sink,
			bool in_stream, struct diag *d, struct state *state)
{
	const char *path = ff->path, *rel = ff->rel;
	unsigned origin = ff->origin;
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	size_t n = 0;
	enum text_kind kind;

	if (fd < 0) {
		if (sink->takes && !sink->takes(sink->ctx, rel, ff->named))
			/* an /etc/shadow of a sosreport copy: no reader wanted it, so nothing is missed */
			diag_warn(d, path, 0, "cannot open: %s; left out (no reader takes this file by its path)", strerror(errno));
		else
			diag_error(d, path, 0, "cannot open: %s", strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		diag_warn(d, path, 0, "not a regular file; skipped");
		close(fd);
		return 0;
	}
	kind = text_kind_of_fd(fd);
	if (kind == TEXT_ARCHIVE) {
		bool tar = !in_stream && is_tar(path);
		struct archive *a = ar_new();

		if (archive_read_open_fd(a, fd, 64 * 1024) != ARCHIVE_OK) {
			diag_error(d, path, 0, "cannot read: %s", archive_error_string(a));
		} else if (!tar) {
			/* a compressed log: part of its family's stream, or a stream of its own */
			struct input_file f = { .name = path, .rel = rel, .mtime = (int64_t)st.st_mtime,
						.named = ff->named };

			if (!in_stream)
				sink->begin(sink->ctx, origin);
			n = read_compressed(a, &f, state, sink, d);
			if (!in_stream)
				sink->end(sink->ctx);
		} else {
			n = walk_archive(a, path, origin, sink, d);
		}
		archive_read_free(a);
	} else {
		struct file_map map = { 0 };
		struct byte_reader rd = { .read = fd_read, .handle = &fd };
		struct input_file f = { .name = path, .rel = rel, .mtime = (int64_t)st.st_mtime, .rd = &rd,
					.named = ff->named };
		struct text_conv *conv = NULL;
		struct byte_reader conv_rd;

		if (kind != TEXT_PLAIN) {
			/* read through its converter: no map, and --state counts the converted bytes */
			conv = converted(&conv_rd, &rd, kind);
			f.rd = &conv_rd;
			state = NULL;
		} else if (file_map_open(&map, fd, (uint64_t)st.st_size)) {
			rd.map = &map;
		}
		if (!in_stream)
			sink->begin(sink->ctx, origin);
		n = read_plain(fd, &st, &f, state, d);
		sink->part(sink->ctx, &f);
		if (!in_stream)
			sink->end(sink->ctx);
		file_map_close(&map);
		free(conv);
	}
	close(fd);
	return n;
}

void input_rotation_key(const char *name, char *family, size_t famsz, int64_t *age)
{
	static const char *const zext[] = { ".gz", ".xz", ".bz2", ".zst", ".lz4", ".Z" };
	size_t len = strlen(name), i;
	const char *end;
	bool txt = false;

	for (i = 0; i < ARRAY_SIZE(zext); i++) {
		size_t n = strlen(zext[i]);

		if (len > n && !strcmp(name + len - n, zext[i])) {
			len -= n;
			break;
		}
	}
	/*
	 * supportconfig -A's "messages-20230610.txt" is of the family of its
	 * "messages.txt": dated as "messages-20230610" is, the ".txt" put back
	 */
	if (len > 13 && !strncmp(name + len - 4, ".txt", 4) && name[len - 13] == '-') {
		for (i = len - 12; i < len - 4 && is_digit(name[i]); i++)
			;
		txt = i == len - 4;
	}
	if (txt)
		len -= 4;
	end = name + len;
	*age = 0;
	/* "messages.3" */
	{
		const char *d = end;

		while (d > name && is_digit(d[-1]))
			d--;
		if (d < end && d > name && d[-1] == '.' && end - d <= 4) {
			const char *q = d;
			uint64_t v;

			scan_u64(&q, end, &v);
			*age = (int64_t)v;
			len = (size_t)(d - 1 - name);
		} else if (end - d == 8 && d > name && d[-1] == '-') {
			/* "messages-20261101": older dates sort first */
			const char *q = d;
			uint64_t v;

			scan_u64(&q, end, &v);
			*age = 100000000 - (int64_t)v;
			len = (size_t)(d - 1 - name);
		}
	}
	snprintf(family, famsz, "%.*s%s", (int)len, name, txt ? ".txt" : "");
}

/* read_file() of a family's member, noting in ff->failed whether its reading ended in an error. */
static size_t read_member(struct family_file *ff, const struct stream_sink *sink, bool in_stream,
			  struct diag *d, struct state *state)
{
	size_t errors = d->errors, n = read_file(ff, sink, in_stream, d, state);

	ff->failed = d->errors > errors;
	return n;
}

static int cmp_family(const void *a, const void *b)
{
	const struct family_file *x = a, *y = b;
	int c = strcmp(x->family, y->family);

	if (c)
		return c;
	if (x->age != y->age)
		return x->age > y->age ? -1 : 1; /* oldest first */
	return strcmp(x->path, y->path);
}

/* Files of one directory (or of the command line), grouped into families. */
static size_t read_families(struct family_file *files, size_t nr, const struct stream_sink *sink,
			    struct diag *d, struct state *state)
{
	size_t i, j, n = 0;

	if (nr > 1)
		qsort(files, nr, sizeof(*files), cmp_family);
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && !strcmp(files[j].family, files[i].family); j++)
			;
		if (j - i == 1) {
			n += read_member(&files[i], sink, false, d, state);
			continue;
		}
		sink->begin(sink->ctx, files[i].origin);
		for (size_t k = i; k < j; k++)
			n += read_member(&files[k], sink, true, d, state);
		sink->end(sink->ctx);
	}
	return n;
}

struct walk {
	const char *root;        /* the PATH argument */
	const char *root_real;   /* its realpath */
	unsigned origin;
	const struct stream_sink *sink;
	struct diag *d;
	struct state *state;
	size_t files;
};

static bool inside_root(const struct walk *w, const char *path)
{
	char real[PATH_MAX];
	size_t n = strlen(w->root_real);

	if (!realpath(path, real))
		return false;
	return !strncmp(real, w->root_real, n) && (real[n] == '/' || real[n] == '\0' || n == 1);
}

static const char *rel_of(const struct walk *w, const char *path)
{
	size_t n = strlen(w->root);

	path += n;
	while (*path == '/')
		path++;
	return path;
}

/* Read only the memory-related files of a live system's root, never all of it. */
static const char *const live_paths[] = {
	"etc/sysctl.conf", "etc/sysctl.d", "run/sysctl.d", "usr/lib/sysctl.d", "lib/sysctl.d",
	"usr/local/lib/sysctl.d", "etc/tuned", "usr/lib/tuned", "etc/hostname", "etc/timezone",
	"etc/sysconfig/clock", "etc/sysconfig/network", "etc/os-release", "usr/lib/os-release",
	"etc/redhat-release", "etc/centos-release", "etc/lsb-release", "proc/meminfo",
	"proc/zoneinfo", "proc/buddyinfo", "proc/pagetypeinfo", "proc/vmstat", "proc/slabinfo",
	"proc/swaps", "proc/modules", "proc/cpuinfo", "proc/vmmemctl", "proc/sys/vm",
	"proc/sys/kernel/osrelease", "proc/sys/kernel/hostname", "sys/class/dmi/id/sys_vendor",
	"sys/class/dmi/id/product_name", "sys/class/dmi/id/bios_vendor",
	"sys/kernel/debug/vmmemctl", "sys/kernel/debug/hv-balloon",
	/* the files of in_thp, not the folders: their hugepages-*kB/ hold nothing it reads */
	"sys/kernel/mm/transparent_hugepage/enabled", "sys/kernel/mm/transparent_hugepage/defrag",
	"sys/kernel/mm/transparent_hugepage/khugepaged/defrag",
	"sys/kernel/mm/redhat_transparent_hugepage/enabled", "sys/kernel/mm/redhat_transparent_hugepage/defrag",
	"sys/kernel/mm/redhat_transparent_hugepage/khugepaged/defrag", "var/log",
};

/* A directory whose proc/ is a mounted procfs is a running system's root. */
static bool is_live_root(const char *dir)
{
	struct strbuf p = STRBUF_INIT;
	struct statfs sf;
	bool live;

	strbuf_addf(&p, "%s/proc", dir);
	live = !statfs(p.buf, &sf) && sf.f_type == PROC_SUPER_MAGIC;
	strbuf_release(&p);
	return live;
}

static void walk_dir(struct walk *w, const char *dir, unsigned depth);

static void add_file(struct walk *w, struct family_file *files, size_t *nfiles, char *path,
		     const char *name)
{
	struct family_file *f = &files[(*nfiles)++];

	f->path = path;
	f->rel = rel_of(w, path);
	f->origin = w->origin;
	f->named = false;
	input_rotation_key(name, f->family, sizeof(f->family), &f->age);
}

/* One directory entry: recurse, keep as a file, or leave alone. */
static void visit(struct walk *w, const char *path, const char *name, unsigned depth,
		  struct family_file *files, size_t *nfiles)
{
	struct stat st, tgt;

	if (lstat(path, &st)) {
		diag_warn(w->d, path, 0, "cannot stat: %s", strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		walk_dir(w, path, depth + 1);
	} else if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n;

		/* a symlink is read only when it is a file inside the tree; never a directory */
		if (!stat(path, &tgt) && S_ISREG(tgt.st_mode) && inside_root(w, path) &&
		    !binary_log_name(name)) {
			add_file(w, files, nfiles, xstrdup(path), name);
		} else if (!strcmp(name, "localtime") && (n = readlink(path, target, sizeof(target) - 1)) > 0) {
			target[n] = '\0';
			link_as_file(w->sink, w->origin, path, rel_of(w, path), target);
			w->files++;
		}
	} else if (S_ISREG(st.st_mode) && !(st.st_mode & (S_IRUSR | S_IRGRP | S_IROTH))) {
		/* write-only by design (/proc/sys/vm/compact_memory, drop_caches): nothing to read */
	} else if (S_ISREG(st.st_mode) && !binary_log_name(name)) {
		add_file(w, files, nfiles, xstrdup(path), name);
	}
}

static void read_and_free(struct walk *w, struct family_file *files, size_t nfiles)
{
	size_t i;

	w->files += read_families(files, nfiles, w->sink, w->d, w->state);
	for (i = 0; i < nfiles; i++)
		free(files[i].path);
	free(files);
}

static void walk_live_root(struct walk *w, const char *root)
{
	struct family_file *files = xcalloc(ARRAY_SIZE(live_paths), sizeof(*files));
	size_t i, nfiles = 0;

	for (i = 0; i < ARRAY_SIZE(live_paths); i++) {
		struct strbuf path = STRBUF_INIT;

		strbuf_addf(&path, "%s%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/", live_paths[i]);
		if (!access(path.buf, F_OK))
			visit(w, path.buf, base_name(live_paths[i]), 1, files, &nfiles);
		strbuf_release(&path);
	}
	read_and_free(w, files, nfiles);
}

static void walk_dir(struct walk *w, const char *dir, unsigned depth)
{
	struct dir_names dn;
	size_t i, nfiles = 0;
	struct family_file *files;

	if (depth > MT_MAX_DEPTH) {
		diag_warn(w->d, dir, 0, "deeper than %u levels; not walked", MT_MAX_DEPTH);
		return;
	}
	if (dir_names_read(&dn, dir, NULL)) {
		diag_error(w->d, dir, 0, "cannot read directory: %s", strerror(errno));
		return;
	}
	files = xcalloc(dn.nr ? dn.nr : 1, sizeof(*files));
	for (i = 0; i < dn.nr; i++) {
		struct strbuf path = STRBUF_INIT;

		strbuf_addf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", dn.at[i]);
		visit(w, path.buf, dn.at[i], depth, files, &nfiles);
		strbuf_release(&path);
	}
	dir_names_release(&dn);
	read_and_free(w, files, nfiles);
}

/*
 * A file named on the command line: read whatever folders its path goes
 * through (/var/tmp/dmesg.txt), in rotation order with the others of its
 * family named beside it; its family is keyed by its real path, so that
 * "messages.1" and "./messages" are one log.
 */
static void named_file(struct family_file *ff, const char *path, unsigned origin)
{
	char real[PATH_MAX];

	ff->path = xstrdup(path);
	ff->rel = display_rel(ff->path);
	ff->origin = origin;
	ff->named = true;
	input_rotation_key(realpath(path, real) ? real : path, ff->family, sizeof(ff->family), &ff->age);
}

/* A file PATH that may be one of a rotated family: a plain or compressed file, not a tarball. */
static bool may_be_rotated(const char *path)
{
	struct stat st;
	bool may;
	int fd;

	if (!strcmp(path, "-") || stat(path, &st) || !S_ISREG(st.st_mode))
		return false;
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return false; /* read_file says why */
	may = text_kind_of_fd(fd) != TEXT_ARCHIVE || !is_tar(path);
	close(fd);
	return may;
}

size_t input_walk(const char *path, unsigned origin, const struct stream_sink *sink,
		  struct diag *d, struct state *state)
{
	struct stat st;
	char real[PATH_MAX];
	struct walk w = { path, real, origin, sink, d, state, 0 };

	if (!strcmp(path, "-"))
		return walk_stdin(origin, sink, d);
	if (stat(path, &st)) {
		diag_error(d, path, 0, "cannot read: %s", strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		struct family_file ff;
		size_t n;

		named_file(&ff, path, origin);
		n = read_file(&ff, sink, false, d, state);
		free(ff.path);
		return n;
	}
	if (!realpath(path, real)) {
		diag_error(d, path, 0, "cannot resolve: %s", strerror(errno));
		return 0;
	}
	if (is_live_root(path))
		walk_live_root(&w, path);
	else
		walk_dir(&w, path, 0);
	return w.files;
}

/*
 * Which PATHs name a file or folder an earlier PATH named ("messages
 * ./messages", a glob and its file): read once, or its events count twice.
 * Each PATH is looked at once.
 */
static void mark_named_before(const char *const *paths, size_t nr, bool *again, struct diag *d)
{
	struct stat *st = xcalloc(nr ? nr : 1, sizeof(*st));
	bool *known = xcalloc(nr ? nr : 1, sizeof(*known));
	size_t i, k;

	for (i = 0; i < nr; i++) {
		known[i] = strcmp(paths[i], "-") && !stat(paths[i], &st[i]);
		for (k = 0; known[i] && k < i; k++) {
			if (known[k] && st[k].st_dev == st[i].st_dev && st[k].st_ino == st[i].st_ino) {
				diag_warn(d, paths[i], 0, "named before, as %s: read once", paths[k]);
				again[i] = true;
				break;
			}
		}
	}
	free(st);
	free(known);
}

size_t input_walk_paths(const char *const *paths, size_t nr, const struct stream_sink *sink,
			struct diag *d, struct state *state, size_t *missed)
{
	struct family_file *files = xcalloc(nr ? nr : 1, sizeof(*files));
	struct family_file *family = xcalloc(nr ? nr : 1, sizeof(*family));
	bool *done = xcalloc(nr ? nr : 1, sizeof(*done));
	bool *unread = xcalloc(nr ? nr : 1, sizeof(*unread)), *again = xcalloc(nr ? nr : 1, sizeof(*again));
	size_t i, j, k, n = 0, nfiles = 0;

	mark_named_before(paths, nr, again, d);
	for (i = 0; i < nr; i++) {
		if (strcmp(paths[i], "-") && access(paths[i], R_OK))
			unread[i] = true; /* input_walk() says why */
		else if (!again[i] && may_be_rotated(paths[i]))
			named_file(&files[nfiles++], paths[i], (unsigned)i);
	}
	for (i = 0, j = 0; i < nr; i++) {
		if (again[i])
			continue;
		if (j == nfiles || files[j].origin != i) {
			size_t errors = d->errors;

			n += input_walk(paths[i], (unsigned)i, sink, d, state);
			unread[i] = unread[i] || d->errors > errors;
			continue;
		}
		/* the family is read where its first member is named */
		if (!done[j]) {
			size_t nfam = 0;

			for (k = j; k < nfiles; k++) {
				if (!done[k] && !strcmp(files[k].family, files[j].family)) {
					family[nfam++] = files[k];
					done[k] = true;
				}
			}
			n += read_families(family, nfam, sink, d, state);
			for (k = 0; k < nfam; k++)
				unread[family[k].origin] = unread[family[k].origin] || family[k].failed;
		}
		j++;
	}
	for (i = 0, *missed = 0; i < nr; i++)
		*missed += unread[i];
	for (i = 0; i < nfiles; i++)
		free(files[i].path);
	free(files);
	free(family);
	free(done);
	free(unread);
	free(again);
	return n;
}
