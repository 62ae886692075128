/* libFuzzer: the log line parsers (every logger prefix, journal JSON) and the OOM reconstructor behind them. */
#include "log/log_line.h"
#include "oom/oom_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void drop(void *ctx, struct oom_event *e)
{
	(void)ctx;
	oom_event_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct strbuf scratch = STRBUF_INIT;
	struct oom_parser op;
	unsigned n = 0;

	oom_parser_init(&op, NULL, drop, NULL);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct log_line l;
		struct oom_line ol;
		const char *why;

		if (!journal_parse_line(p, len, &scratch, &l, &why))
			log_parse_line(p, len, &l);
		ol.text = l.text;
		ol.src = (struct src_loc){ "fuzz", ++n };
		ol.time = &l.time;
		ol.has_uptime = l.has_uptime;
		ol.uptime_us = l.uptime_us;
		ol.off = (uint64_t)(p - (const char *)data);
		ol.lits_known = false; /* the parser searches each line itself */
		oom_parser_line(&op, &ol);
		p += len + (nl != NULL);
	}
	oom_parser_finish(&op);
	strbuf_release(&scratch);
	return 0;
}
