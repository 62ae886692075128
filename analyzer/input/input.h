/*
 * Where the bytes come from.  Each PATH the user names becomes one or more
 * streams: a rotated log family read oldest first (messages.2.gz, messages.1,
 * messages), a single file, or one member of a tar archive.  Compressed files
 * and archives are read in place through libarchive; nothing is ever written
 * to disk.  Symlinks are never followed out of a walked tree.
 */
#ifndef MT_INPUT_H
#define MT_INPUT_H

#include "util/diag.h"

/* A source of bytes: read() semantics, -1 on error with *err set. */
struct byte_reader {
	long (*read)(void *handle, char *buf, size_t n, const char **err);
	void *handle;
};

/* One file to read. */
struct input_file {
	const char *name;            /* as shown to the user: "dir/var/log/messages", "x.tar.xz:member" */
	const char *rel;             /* the path below the PATH argument, or the archive member's path */
	int64_t mtime;               /* 0 when unknown */
	struct byte_reader *rd;
};

/* What the walker calls; the sink does all the reading and parsing. */
struct stream_sink {
	/** A stream begins; @origin is the index of the PATH argument it comes from. */
	void (*begin)(void *ctx, unsigned origin);
	/** One file of the stream, to be read now (or skipped: the walker does not care). */
	void (*part)(void *ctx, const struct input_file *f);
	/** The stream is over. */
	void (*end)(void *ctx);
	void *ctx;
};

/**
 * Walk one PATH ("-" is stdin) and feed every stream found to @sink.
 * Returns the number of files read; problems are reported to @d.
 */
size_t input_walk(const char *path, unsigned origin, const struct stream_sink *sink,
		  struct diag *d);

/**
 * Sort key of a log file within its rotation family: family name and age.
 * "messages.2.gz" -> ("messages", 2); "messages-20261101" -> ("messages", -20261101);
 * "messages" -> ("messages", 0).  Larger ages are older.  Exposed for tests.
 */
void input_rotation_key(const char *name, char *family, size_t famsz, int64_t *age);

#endif
