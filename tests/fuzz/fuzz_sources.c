/*
 * libFuzzer: every snapshot source.  The first byte picks the source, the
 * rest is the file; sources with a finish hook get it as a held file.
 */
#include "sources/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct source *const *list;
	const struct source *src;
	struct intern strings;
	struct factstore facts;
	struct diag d;
	struct parse_ctx ctx;
	size_t nr, k;
	char *buf;

	if (!size)
		return 0;
	list = mt_source_list(&nr);
	src = list[data[0] % nr];
	if (!src)
		return 0;
	intern_init(&strings);
	factstore_init(&facts, &strings);
	diag_init(&d, NULL);
	/* a path the source knows, with "*" made concrete */
	{
		char rel[256];
		size_t i, j = 0;

		for (i = 0; src->paths[0][i] && j < sizeof(rel) - 2; i++)
			rel[j++] = src->paths[0][i] == '*' ? 'x' : src->paths[0][i];
		rel[j] = '\0';
		ctx.rel = intern_str(&strings, rel);
	}
	ctx.facts = &facts;
	ctx.diag = &d;
	ctx.file = ctx.rel;
	buf = malloc(size);
	memcpy(buf, data + 1, size - 1);
	if (src->finish) {
		struct held_file f[2] = { { ctx.rel, ctx.file, buf, size - 1 },
					  { ctx.rel, ctx.file, buf, (size - 1) / 2 } };

		src->finish(&ctx, f, 2);
	}
	if (src->parse)
		src->parse(&ctx, buf, size - 1);
	for (k = 0; k < facts.nr; k++)
		(void)fact_get(&facts, facts.items[k].name);
	free(buf);
	factstore_release(&facts);
	diag_release(&d);
	intern_release(&strings);
	return 0;
}
