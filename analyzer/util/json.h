/*
 * A streaming JSON writer.  It tracks commas and indentation; strings are
 * escaped and any invalid UTF-8 in them becomes U+FFFD, since customer logs
 * carry every encoding there is.  What it writes is buffered in the writer:
 * json_flush() hands it to the stream, before anything else writes there.
 */
#ifndef MT_JSON_H
#define MT_JSON_H

#include "util/common.h"

#define JSON_MAX_DEPTH 32

struct json {
	FILE *f;
	char buf[16384];
	size_t len;
	unsigned depth;
	bool first[JSON_MAX_DEPTH];
	bool after_key;
	bool pretty;
};

void json_init(struct json *j, FILE *f, bool pretty);
/** Hand what was written so far to the stream. */
void json_flush(struct json *j);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
void json_strn(struct json *j, const char *s, size_t len);
void json_i64(struct json *j, int64_t v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/** Write @s (possibly NULL: null) under @key. */
void json_kv_str(struct json *j, const char *key, const char *s);
/** Write @v under @key, or null when v is MT_UNKNOWN. */
void json_kv_i64(struct json *j, const char *key, int64_t v);

#endif
