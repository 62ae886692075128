#include "input/linereader.h"
#include "util/xalloc.h"

/* MEMTRIAGE_READ_CHUNK caps each read, so that tests can put a chunk boundary
 * anywhere in a line and check that the output does not change. */
static size_t read_size = LINE_READ_SIZE;

void line_reader_set_read_size(size_t n)
{
	read_size = n && n < LINE_READ_SIZE ? n : LINE_READ_SIZE;
}

size_t line_reader_read_size(void)
{
	return read_size;
}

void line_reader_init_max(struct line_reader *lr, struct byte_reader *rd, size_t max)
{
	memset(lr, 0, sizeof(*lr));
	lr->rd = rd;
	lr->max = max;
	if (rd->next_block && max < rd->headroom) {
		static char none[1];

		lr->buf = none; /* lent blocks: no buffer of its own until the first */
		return;
	}
	lr->cap = max + LINE_READ_SIZE + 1;
	lr->buf = xmalloc(lr->cap);
}

void line_reader_init(struct line_reader *lr, struct byte_reader *rd)
{
	line_reader_init_max(lr, rd, MT_MAX_LINE);
}

void line_reader_resume(struct line_reader *lr, uint64_t off, unsigned lineno)
{
	lr->file_pos = off;
	lr->lineno = lineno;
}

uint64_t line_reader_offset(const struct line_reader *lr)
{
	return lr->file_pos + lr->pos;
}

void line_reader_release(struct line_reader *lr)
{
	if (lr->cap)
		free(lr->buf);
	memset(lr, 0, sizeof(*lr));
}

/*
 * The next lent block, with the start of a line the block before ended in
 * put in front of it: the lines stay whole without copying the blocks.
 */
static int fill_lent(struct line_reader *lr)
{
	size_t keep = lr->len - lr->pos;
	char *p;
	long n = lr->rd->next_block(lr->rd->handle, &p, &lr->error);

	if (n <= 0) {
		lr->eof = true;
		return n < 0 ? -1 : 0;
	}
	/* in a mapped file the start of the line is there already */
	if (keep && p - keep != lr->buf + lr->pos)
		memcpy(p - keep, lr->buf + lr->pos, keep);
	lr->file_pos += lr->pos;
	lr->buf = p - keep;
	lr->pos = 0;
	lr->len = keep + (size_t)n;
	return 0;
}

static int fill(struct line_reader *lr)
{
	size_t room;
	long n;

	if (!lr->cap)
		return fill_lent(lr);
	if (lr->pos) {
		memmove(lr->buf, lr->buf + lr->pos, lr->len - lr->pos);
		lr->file_pos += lr->pos;
		lr->len -= lr->pos;
		lr->pos = 0;
	}
	room = lr->cap - 1 - lr->len;
	if (room > line_reader_read_size())
		room = line_reader_read_size();
	n = lr->rd->read(lr->rd->handle, lr->buf + lr->len, room, &lr->error);
	if (n < 0) {
		lr->eof = true;
		return -1;
	}
	if (n == 0)
		lr->eof = true;
	lr->len += (size_t)n;
	return 0;
}

/* Take NULs out of the line in place; a crash leaves runs of them in syslog files. */
static size_t drop_nuls(char *s, size_t *len)
{
	char *w = memchr(s, '\0', *len), *r, *end = s + *len;
	size_t n = 0;

	if (!w)
		return 0;
	for (r = w; r < end; r++) {
		if (*r)
			*w++ = *r;
		else
			n++;
	}
	*len -= n;
	return n;
}

int line_reader_next(struct line_reader *lr, char **line, size_t *len)
{
	for (;;) {
		char *start = lr->buf + lr->pos;
		size_t avail = lr->len - lr->pos;
		char *nl = memchr(start, '\n', avail);
		size_t n;

		if (lr->skipping) {
			lr->pos = nl ? (size_t)(nl + 1 - lr->buf) : lr->len;
			lr->skipping = !nl;
			if (!nl && lr->eof)
				return 0;
			if (!nl && fill(lr) < 0)
				return -1;
			continue;
		}
		if (!nl && !lr->eof && avail < lr->max) {
			if (fill(lr) < 0 && lr->len == lr->pos)
				return -1;
			continue;
		}
		if (!nl && (avail == 0 || lr->error))
			return lr->error ? -1 : 0; /* a fragment cut by a read error is no line */
		lr->cut = false;
		lr->line_off = lr->file_pos + (uint64_t)(start - lr->buf);
		if (nl) {
			n = (size_t)(nl - start);
			lr->pos += n + 1;
			if (n > lr->max) {
				n = lr->max;
				lr->cut = true;
			}
		} else if (avail >= lr->max) {
			n = lr->max;
			lr->pos += n;
			lr->cut = true;
			lr->skipping = true;
		} else {
			n = avail; /* last line without "\n" */
			lr->pos += n;
		}
		lr->lineno++;
		if (n && start[n - 1] == '\r')
			n--;
		lr->nuls = drop_nuls(start, &n);
		*line = start;
		*len = n;
		return 1;
	}
}

const char *line_reader_window(const struct line_reader *lr, size_t *n)
{
	*n = lr->skipping ? 0 : lr->len - lr->pos;
	return lr->buf + lr->pos;
}

void line_reader_consume(struct line_reader *lr, size_t n, unsigned lines)
{
	lr->pos += n;
	lr->lineno += lines;
}
