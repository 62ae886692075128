/* libFuzzer: the esxtop batch-capture parser, line by line, and the pasted-screen parser. */
#include "esx/esx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct esx_capture cap, screen;
	struct esxtop_parser *ep;
	struct diag d;
	unsigned n = 0;

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
	diag_release(&d);
	return 0;
}
