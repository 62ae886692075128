/*
 * The state file, one line a log file:
 *
 *   memtriage-state 1
 *   <dev> <ino> <hash> <hashed> <offset> <lineno> <eof> <held,held|-> <path>
 */
#include "input/state.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

uint32_t state_hash(const char *p, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

static void release_files(struct state *st)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		free(st->files[i].path);
	free(st->files);
	st->files = NULL;
	st->nr = st->alloc = 0;
}

static bool parse_line(struct span l, struct state_file *f)
{
	const char *s = l.p, *end = l.p + l.len;
	uint64_t v[7];
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < 7; i++) {
		if (!scan_u64(&s, end, &v[i]) || !scan_char(&s, end, ' '))
			return false;
	}
	if (v[2] > UINT32_MAX || v[3] > STATE_HASHED || v[5] > UINT32_MAX || v[4] > v[6])
		return false;
	f->dev = v[0], f->ino = v[1], f->hash = (uint32_t)v[2], f->hashed = (uint32_t)v[3];
	f->offset = v[4], f->lineno = (unsigned)v[5], f->eof = v[6];
	if (!scan_char(&s, end, '-')) {
		do {
			if (f->nr_held >= STATE_MAX_HELD || !scan_u64(&s, end, &f->held[f->nr_held++]))
				return false;
		} while (scan_char(&s, end, ','));
	}
	if (!scan_char(&s, end, ' ') || s >= end)
		return false;
	f->path = xstrndup(s, (size_t)(end - s));
	return true;
}

/* 0 read, 1 absent, -1 corrupt, -2 newer */
static int load(struct state *st, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	uint64_t version;

	if (!len)
		return 1;
	if (!scan_lit(&p, end, "memtriage-state ") || !scan_u64(&p, end, &version) ||
	    !scan_char(&p, end, '\n'))
		return -1;
	if (version > STATE_VERSION)
		return -2;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct state_file f;

		if (!nl || !parse_line(span_make(p, nl), &f))
			return -1;
		ALLOC_GROW(st->files, st->nr, st->alloc);
		st->files[st->nr++] = f;
		p = nl + 1;
	}
	return 0;
}

int state_open(struct state *st, const char *path, struct diag *d)
{
	struct strbuf lock = STRBUF_INIT, text = STRBUF_INIT;
	char buf[8192];
	ssize_t n;
	int fd, r;

	memset(st, 0, sizeof(*st));
	st->path = xstrdup(path);
	/* the lock is on a file of its own: the state itself is replaced by rename */
	strbuf_addf(&lock, "%s.lock", path);
	st->lock_fd = open(lock.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (st->lock_fd < 0) {
		diag_error(d, lock.buf, 0, "cannot open the state lock: %s", strerror(errno));
		strbuf_release(&lock);
		return -1;
	}
	if (flock(st->lock_fd, LOCK_EX | LOCK_NB)) {
		diag_error(d, path, 0, "another memtriage run is using this state file; not run");
		strbuf_release(&lock);
		return -1;
	}
	strbuf_release(&lock);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT) {
		diag_error(d, path, 0, "cannot read the state: %s", strerror(errno));
		return -1;
	}
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0 && text.len < (64u << 20))
		strbuf_add(&text, buf, (size_t)n);
	if (fd >= 0)
		close(fd);
	r = load(st, text.buf, text.len);
	strbuf_release(&text);
	if (r == -2) {
		diag_error(d, path, 1, "written by a newer memtriage; left as it is, nothing run");
		return -1;
	}
	if (r == -1) {
		diag_warn(d, path, 0, "corrupt state; rebuilt: every log is read again in full");
		release_files(st);
	}
	return 0;
}

struct state_file *state_find(struct state *st, uint64_t dev, uint64_t ino, const char *head,
			      size_t len)
{
	size_t i;

	for (i = 0; i < st->nr; i++) {
		struct state_file *f = &st->files[i];

		/* a file is the same one when its first bytes are the same: by inode, or
		 * by content alone once it was compressed or copied */
		if (f->hashed > len || state_hash(head, f->hashed) != f->hash)
			continue;
		if ((f->ino && f->dev == dev && f->ino == ino) || !f->ino || !ino)
			return f;
	}
	for (i = 0; i < st->nr; i++) {
		struct state_file *f = &st->files[i];

		if (f->hashed <= len && state_hash(head, f->hashed) == f->hash && f->hashed)
			return f;
	}
	return NULL;
}

struct state_file *state_find_inode(struct state *st, uint64_t dev, uint64_t ino)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		if (!st->files[i].used && st->files[i].ino == ino && st->files[i].dev == dev)
			return &st->files[i];
	return NULL;
}

struct state_file *state_record(struct state *st, struct state_file *sf, const char *path,
				uint64_t dev, uint64_t ino, const char *head, size_t len)
{
	if (!sf) {
		ALLOC_GROW(st->files, st->nr, st->alloc);
		sf = &st->files[st->nr++];
		memset(sf, 0, sizeof(*sf));
	}
	free(sf->path);
	sf->path = xstrdup(path);
	sf->dev = dev;
	sf->ino = ino;
	sf->hashed = (uint32_t)(len < STATE_HASHED ? len : STATE_HASHED);
	sf->hash = state_hash(head, sf->hashed);
	sf->used = true;
	return sf;
}

int state_save(struct state *st, struct diag *d)
{
	struct strbuf tmp = STRBUF_INIT;
	FILE *f;
	size_t i, k;
	int fd, ret = 0;

	strbuf_addf(&tmp, "%s.tmpXXXXXX", st->path);
	fd = mkstemp(tmp.buf);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		strbuf_release(&tmp);
		return diag_error(d, st->path, 0, "cannot write the state: %s", strerror(errno));
	}
	fprintf(f, "memtriage-state %d\n", STATE_VERSION);
	for (i = 0; i < st->nr; i++) {
		const struct state_file *s = &st->files[i];

		if (!s->used || strchr(s->path, '\n'))
			continue;
		fprintf(f, "%llu %llu %u %u %llu %u %llu ", (unsigned long long)s->dev,
			(unsigned long long)s->ino, s->hash, s->hashed, (unsigned long long)s->offset,
			s->lineno, (unsigned long long)s->eof);
		if (!s->nr_held)
			fputc('-', f);
		for (k = 0; k < s->nr_held; k++)
			fprintf(f, "%s%llu", k ? "," : "", (unsigned long long)s->held[k]);
		fprintf(f, " %s\n", s->path);
	}
	if (fflush(f) || ferror(f) || fsync(fd) || fclose(f) || rename(tmp.buf, st->path)) {
		ret = diag_error(d, st->path, 0, "cannot write the state: %s", strerror(errno));
		unlink(tmp.buf);
	}
	strbuf_release(&tmp);
	return ret;
}

void state_close(struct state *st)
{
	release_files(st);
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	free(st->path);
	memset(st, 0, sizeof(*st));
	st->lock_fd = -1;
}
