/*
 * Lines from a byte_reader, in large reads.  A line longer than MT_MAX_LINE
 * is cut there and the rest of it skipped; NUL bytes (the holes a crash
 * leaves in a syslog file) are taken out; "\r\n" and a last line without
 * "\n" are handled.  The line returned is valid until the next call.
 */
#ifndef MT_LINEREADER_H
#define MT_LINEREADER_H

#include "input/input.h"

struct line_reader {
	struct byte_reader *rd;
	size_t max;           /* longest line kept whole */
	char *buf;
	size_t cap, pos, len;
	bool eof;
	bool skipping;        /* inside the rest of an over-long line */
	unsigned lineno;      /* of the line last returned, 1-based */
	const char *error;    /* set when the read failed */
	/* about the line last returned: */
	uint64_t file_pos;    /* offset in the file of buf[0] */
	uint64_t line_off;    /* offset in the file of the line last returned */
	bool cut;             /* it was longer than MT_MAX_LINE */
	size_t nuls;          /* NUL bytes taken out of it */
};

void line_reader_init(struct line_reader *lr, struct byte_reader *rd);
#define LINE_READ_SIZE (256u * 1024u)
/** Bytes asked of each read: LINE_READ_SIZE, or less under MEMTRIAGE_READ_CHUNK (for the tests). */
size_t line_reader_read_size(void);
void line_reader_set_read_size(size_t n);
/** The same with another longest line (esxtop headers run to megabytes). */
void line_reader_init_max(struct line_reader *lr, struct byte_reader *rd, size_t max);
void line_reader_release(struct line_reader *lr);
/** Start counting at byte @off and line @lineno (a resumed read). */
void line_reader_resume(struct line_reader *lr, uint64_t off, unsigned lineno);
/** Bytes consumed so far, as a file offset. */
uint64_t line_reader_offset(const struct line_reader *lr);
/** 1 and the line in (*line, *len); 0 at the end; -1 on a read error (lr->error). */
int line_reader_next(struct line_reader *lr, char **line, size_t *len);
/**
 * The bytes read and not yet returned (whole lines, then maybe part of
 * one), for a caller that goes over many lines at once; empty in the middle
 * of skipping an over-long line.
 */
const char *line_reader_window(const struct line_reader *lr, size_t *n);
/** Take the first @n bytes of the window, @lines whole lines, as if returned. */
void line_reader_consume(struct line_reader *lr, size_t n, unsigned lines);

#endif
