/*
 * --dump-facts: every fact of every host, "HOST NAME = VALUE UNIT  FILE:LINE",
 * sorted by host then fact name, so that tests and diff can use it.
 */
#include "report/report.h"
#include "util/strbuf.h"

static void facts_write(const struct report_ctx *ctx)
{
	struct strbuf label = STRBUF_INIT;
	size_t i, k;

	for (i = 0; i < ctx->model->nr_hosts; i++) {
		struct host *h = ctx->model->hosts[i];

		factstore_sort(&h->facts);
		for (k = 0; k < h->facts.nr; k++) {
			fprintf(ctx->out, "%s ", h->name ? h->name : host_label(h, &label));
			fact_print(ctx->out, &h->facts.items[k]);
		}
	}
	strbuf_release(&label);
}

const struct report_writer out_facts = { .name = "facts", .write = facts_write };
