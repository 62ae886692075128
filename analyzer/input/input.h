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
	/*
	 * Or, instead of read: the next block of bytes lent in place (*p), valid
	 * until the call after next, with @headroom bytes in front of it the
	 * caller may write.  Same returns as read.
	 */
	long (*next_block)(void *handle, char **p, const char **err);
	size_t headroom;
	/* A plain file may also be mapped: a reader that can go through it in place. */
	struct file_map *map;
};

/* A reader that gives back bytes already read (peeked), then the rest. */
struct replay {
	struct byte_reader *inner;
	const char *head;
	size_t len, pos;
};

long replay_read(void *handle, char *buf, size_t n, const char **err);
/** Read up to @n bytes from @rd into @buf; the count. */
size_t read_head(struct byte_reader *rd, char *buf, size_t n);

/* One file to read. */
struct state_file;

struct input_file {
	const char *name;            /* as shown to the user: "dir/var/log/messages", "x.tar.xz:member" */
	const char *rel;             /* the path below the PATH argument, or the archive member's path */
	int64_t mtime;               /* 0 when unknown */
	struct byte_reader *rd;
	/*
	 * --state: what the last run read of this file (NULL without --state).
	 * Reading starts at start_off / start_line; events that begin before
	 * seen_until were reported then, unless they are held (still open then).
	 * The reader updates the entry as it goes.
	 */
	struct state_file *sf;
	uint64_t start_off, seen_until;
	unsigned start_line;
	bool hold;                   /* hold a report open at the end for next time */
	bool named;                  /* named on the command line: read, whatever its path */
};

/* What the walker calls; the sink does all the reading and parsing. */
struct stream_sink {
	/** A stream begins; @origin is the index of the PATH argument it comes from. */
	void (*begin)(void *ctx, unsigned origin);
	/** One file of the stream, to be read now (or skipped: the walker does not care). */
	void (*part)(void *ctx, const struct input_file *f);
	/** The stream is over. */
	void (*end)(void *ctx);
	/**
	 * Whether a file the walker cannot open is one a reader would have taken
	 * by its path @rel (or because it was @named): only its loss is a missed
	 * input.  NULL: every file is.
	 */
	bool (*takes)(void *ctx, const char *rel, bool named);
	void *ctx;
};

/**
 * Walk one PATH ("-" is stdin) and feed every stream found to @sink.
 * Returns the number of files read; problems are reported to @d.
 */
struct state;
size_t input_walk(const char *path, unsigned origin, const struct stream_sink *sink,
		  struct diag *d, struct state *st);

/**
 * Walk every PATH, in order, as input_walk() does, but files of one rotated
 * family named together ("messages.1 messages", "messages*") are one stream,
 * read oldest first where the first of them is named.  The files read;
 * *@missed: the PATHs that could not be read (missing, no access) or whose
 * reading ended in an error (a truncated .gz, a damaged tarball): what
 * was read of them before it is kept.
 */
size_t input_walk_paths(const char *const *paths, size_t nr, const struct stream_sink *sink,
			struct diag *d, struct state *state, size_t *missed);

/**
 * How files are read, for every walk after it (struct mt_env: the mapping,
 * the read size, the archive bomb size); until then, the defaults.
 */
struct mt_env;
void input_setup(const struct mt_env *env);

/**
 * Sort key of a log file within its rotation family: family name and age.
 * "messages.2.gz" -> ("messages", 2); "messages-20261101" -> ("messages", -20261101);
 * "messages" -> ("messages", 0).  Larger ages are older.  Exposed for tests.
 */
void input_rotation_key(const char *name, char *family, size_t famsz, int64_t *age);

#endif
