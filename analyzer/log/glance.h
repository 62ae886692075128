/*
 * A glance at a syslog line the prefilter passed over.  Such a line matters
 * only through its prefix: which host wrote it and whether the kernel did
 * (a host is listed from its first kernel line), and the date that the year
 * guess follows.  Taking the prefix apart costs more than the rest of the
 * read, so the answer is remembered per tag ("web01 kernel", "db2 sshd")
 * from a line taken apart in full, and a later line is only compared with it.
 *
 * The glance is exact or it declines: a line it answers for would have been
 * taken apart to the same host and program (the date is the same as that of
 * the last line taken apart in full, the time well formed, the tag a known
 * one followed by ": " or "[...]: "); any other line is read in full.
 */
#ifndef MT_GLANCE_H
#define MT_GLANCE_H

#include "log/log_line.h"

#define GLANCE_MAX_KEY 128

struct glance_tag {
	char key[GLANCE_MAX_KEY];    /* "web01 kernel:" "db2 sshd[": the prefix after the time */
	size_t len;
	const char *host;            /* interned, or NULL */
	bool kernel;
	bool streamed;               /* its host has a kernel stream already (set by the caller) */
};

struct glance {
	char date[16];               /* "Mar  1 ": the date of the last RFC 3164 line read in full */
	size_t date_len;             /* 0: none, the next line is read in full */
	uint64_t date_word, date_mask; /* the date as the first word of a line, and its bytes */
	struct glance_tag *tags;     /* in the order learnt */
	size_t nr, alloc;
	struct glance_slot {     /* open addressing; tag 0: empty, else index + 1 */
		uint32_t hash, tag;
		uint8_t len;
		char key[23];    /* the key's first bytes, so that most lookups stay here */
	} *slots;
	size_t cap;                  /* a power of two */
};

void glance_init(struct glance *g);
void glance_release(struct glance *g);
/** Forget everything: a new log stream. */
void glance_reset(struct glance *g);

/** The tag of a line like the last one read in full, or NULL: read it in full. */
struct glance_tag *glance_at(struct glance *g, const char *p, size_t len);

/**
 * Learn from a line read in full and taken apart into @l; @host is its
 * host, interned.  Only RFC 3164 lines teach (and change the date).
 */
void glance_learn(struct glance *g, const char *p, size_t len, const struct log_line *l,
		  const char *host);

#endif
