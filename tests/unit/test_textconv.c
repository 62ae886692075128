/*
 * Text told apart by its first bytes and turned into UTF-8 lines: UTF-16
 * with and without its byte order mark, surrogate pairs, a lone surrogate
 * and an odd last byte; journalctl -o json-pretty made one record a line;
 * a crash's NULs and compressed files left alone.
 */
#include "input/textconv.h"
#include "util/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

struct kind_case {
	const char *what;
	const char *head;
	size_t len;
	enum text_kind kind;
};

#define CASE(what, s, kind) { what, s, sizeof(s) - 1, kind }

static void test_text_kind(void **state)
{
	static const struct kind_case cases[] = {
		CASE("syslog", "Mar 14 02:11:05 db01 kernel: java invoked oom-killer:\n", TEXT_PLAIN),
		CASE("UTF-16LE BOM", "\xff\xfeM\0a\0r\0", TEXT_UTF16LE),
		CASE("UTF-16BE BOM", "\xfe\xff\0M\0a\0r", TEXT_UTF16BE),
		CASE("UTF-16LE, no BOM", "M\0a\0r\0 \0" "1\0004\0 \0" "0\0002\0:\0", TEXT_UTF16LE),
		CASE("UTF-16BE, no BOM", "\0M\0a\0r\0 \0" "1\0004\0 \0" "0\0002\0:", TEXT_UTF16BE),
		CASE("a crash's NULs", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0Mar 14 02:11:05", TEXT_PLAIN),
		CASE("gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00", TEXT_ARCHIVE),
		CASE("json-pretty", "{\n\t\"__CURSOR\" : \"s=e27b\",\n", TEXT_JSON_PRETTY),
		CASE("json-pretty CRLF", "{\r\n\t\"__CURSOR\" : \"s=e27b\",\r\n", TEXT_JSON_PRETTY),
		CASE("json", "{\"__CURSOR\":\"s=e27b\",\"MESSAGE\":\"x\"}\n", TEXT_PLAIN),
		CASE("a brace alone", "{\nnot a journal\n", TEXT_PLAIN),
		CASE("empty", "", TEXT_PLAIN),
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		enum text_kind k = text_kind((const unsigned char *)cases[i].head, cases[i].len);

		if (k != cases[i].kind)
			print_message("case %zu: %s: %s\n", i, cases[i].what, text_kind_name(k));
		assert_int_equal(k, cases[i].kind);
	}
}

/* replay_read past its bytes asks its inner reader: this one says the end */
static long end_read(void *handle, char *buf, size_t n, const char **err)
{
	(void)handle, (void)buf, (void)n, (void)err;
	return 0;
}

static char *convert_all(enum text_kind kind, const char *in, size_t len, size_t chunk, size_t *out_len)
{
	struct byte_reader end = { .read = end_read };
	struct replay r = { &end, in, len, 0 };
	struct byte_reader rd = { .read = replay_read, .handle = &r };
	struct text_conv c;
	struct strbuf sb = STRBUF_INIT;
	char buf[64];
	const char *err = NULL;
	long n;

	text_conv_init(&c, &rd, kind);
	while ((n = text_conv_read(&c, buf, chunk, &err)) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	assert_true(n == 0);
	*out_len = sb.len;
	return strbuf_detach(&sb);
}

static void test_utf16(void **state)
{
	/* "Mär\r\n" + U+1F600 (a surrogate pair) + a lone high surrogate + "x" + an odd byte */
	static const char le[] = "\xff\xfeM\0\xe4\0r\0\r\0\n\0\x3d\xd8\x00\xde\x3d\xd8x\0!";
	static const char want[] = "M\xc3\xa4r\r\n\xf0\x9f\x98\x80\xef\xbf\xbdx\xef\xbf\xbd";
	size_t chunks[] = { 4, 5, 7, 64 }, i, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(chunks); i++) {
		char *out = convert_all(TEXT_UTF16LE, le, sizeof(le) - 1, chunks[i], &len);

		print_message("chunk %zu\n", chunks[i]);
		assert_int_equal(len, sizeof(want) - 1);
		assert_memory_equal(out, want, len);
		free(out);
	}
}

static void test_json_pretty(void **state)
{
	static const char in[] = "{\n\t\"MESSAGE\" : \"a}\",\n\t\"_HOSTNAME\" : \"db01\"\n}\n{\n\t\"MESSAGE\" : \"b\"\n}\n";
	static const char want[] = "{ \t\"MESSAGE\" : \"a}\", \t\"_HOSTNAME\" : \"db01\" }\n{ \t\"MESSAGE\" : \"b\" }\n";
	size_t len;
	char *out = convert_all(TEXT_JSON_PRETTY, in, sizeof(in) - 1, 5, &len);

	(void)state;
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(out, want, len);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_kind),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_json_pretty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
