/*
 * libFuzzer: the esxtop batch-capture parser (perfmon logs too), line by
 * line, the pasted-screen parser, and every capture_reader: recognition on
 * the head, then the whole input read by each reader, whether it claims it
 * or not.
 */
#include "esx/esx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct esx_capture cap, screen;
	struct esxtop_parser *ep;
	struct diag d;
	const struct capture_reader *const *list;
	unsigned n = 0;
	size_t nr, i;

	diag_init(&d, NULL);
	esx_capture_init(&cap, "fuzz");
	ep = esxtop_parser_new(&cap, &d);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		esxtop_parser_line(ep, p, len, ++n);
		p += len + (nl != NULL);
	}
	esxtop_parser_finish(ep);
	(void)esx_series(&cap, cap.nr_vms ? &cap.vms[0] : NULL, "memctl_mb");
	esx_capture_release(&cap);
	esx_capture_init(&screen, "fuzz");
	esxtop_screen_parse(&screen, (const char *)data, size, &d);
	esx_capture_release(&screen);
	(void)capture_reader_for((const char *)data, size < 4096 ? size : 4096);
	list = capture_reader_list(&nr);
	for (i = 0; i < nr; i++) {
		esx_capture_init(&cap, "fuzz");
		list[i]->parse(&cap, (const char *)data, size, &d);
		esx_capture_release(&cap);
	}
	diag_release(&d);
	return 0;
}
