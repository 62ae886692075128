#include "util/intern.h"
#include "util/xalloc.h"

void intern_init(struct intern *in)
{
	memset(in, 0, sizeof(*in));
}

void intern_release(struct intern *in)
{
	size_t i;

	for (i = 0; i < in->cap; i++)
		free(in->slots[i]);
	free(in->slots);
	memset(in, 0, sizeof(*in));
}

/* FNV-1a */
static size_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return (size_t)h;
}

static char **slot_of(char **slots, size_t cap, const char *s, size_t len)
{
	size_t i = hash(s, len) & (cap - 1);

	while (slots[i] && (strlen(slots[i]) != len || memcmp(slots[i], s, len)))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void grow(struct intern *in)
{
	size_t cap = in->cap ? in->cap * 2 : 64, i;
	char **slots = xcalloc(cap, sizeof(*slots));

	for (i = 0; i < in->cap; i++)
		if (in->slots[i])
			*slot_of(slots, cap, in->slots[i], strlen(in->slots[i])) = in->slots[i];
	free(in->slots);
	in->slots = slots;
	in->cap = cap;
}

const char *intern_n(struct intern *in, const char *s, size_t len)
{
	char **slot;

	/* a C string ends at its first NUL: the key is what is kept, or two keys would be one string */
	len = strnlen(s, len);
	if ((in->nr + 1) * 2 > in->cap)
		grow(in);
	slot = slot_of(in->slots, in->cap, s, len);
	if (!*slot) {
		*slot = xstrndup(s, len);
		in->nr++;
	}
	return *slot;
}

const char *intern_str(struct intern *in, const char *s)
{
	return intern_n(in, s, strlen(s));
}

const char *intern_lookup(const struct intern *in, const char *s)
{
	size_t len = strlen(s);

	if (!in->cap)
		return NULL;
	return *slot_of(in->slots, in->cap, s, len);
}
