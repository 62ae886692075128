/*
 * Text that reaches memtriage in another shape than one UTF-8 line a
 * record, turned into that shape as it is read:
 *
 *   - a log saved as UTF-16 (Windows' "Unicode": "\xff\xfeJ\0a\0n\0 \0" ...),
 *     with or without its byte order mark;
 *   - "journalctl -o json-pretty": one field a line, a record closed by a
 *     line "}", made one record a line as "journalctl -o json" prints it.
 *
 * The kind is told from a file's first bytes (text_kind()); the converter
 * is a struct byte_reader over the file's own reader.
 */
#ifndef MT_TEXTCONV_H
#define MT_TEXTCONV_H

#include "input/input.h"

enum text_kind {
	TEXT_PLAIN,                  /* UTF-8 or ASCII lines: read as they are */
	TEXT_ARCHIVE,                /* compressed or an archive: libarchive's */
	TEXT_UTF16LE,
	TEXT_UTF16BE,
	TEXT_JSON_PRETTY,
};

/** What the first @n bytes of a file (up to 512 are looked at) say it is. */
enum text_kind text_kind(const unsigned char *head, size_t n);
/** "UTF-16" or "journalctl -o json-pretty", for a message. */
const char *text_kind_name(enum text_kind kind);

#define TEXT_CONV_RAW 8192
struct text_conv {
	struct byte_reader *inner;
	enum text_kind kind;         /* TEXT_UTF16LE, TEXT_UTF16BE or TEXT_JSON_PRETTY */
	unsigned char raw[TEXT_CONV_RAW]; /* UTF-16 read, not decoded yet */
	size_t raw_len, raw_pos;
	bool eof, started;
	int close_line;              /* json-pretty: 0 blanks so far, 1 blanks and "}", 2 else */
};

/** A reader of @inner's bytes turned from @kind into UTF-8 lines; @c must outlive its use. */
void text_conv_init(struct text_conv *c, struct byte_reader *inner, enum text_kind kind);
/** The byte_reader read() of a struct text_conv. */
long text_conv_read(void *handle, char *buf, size_t n, const char **err);

#endif
