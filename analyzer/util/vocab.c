#include "util/intern.h"
#include "util/vocab.h"

static struct intern vocab;
static bool release_at_exit;

const char *vocab_n(const char *s, size_t len)
{
	/* the words outlive every report, which any layer may hold until the end */
	if (!release_at_exit)
		release_at_exit = !atexit(vocab_release);
	return intern_n(&vocab, len ? s : "", len);
}

const char *vocab_str(const char *s)
{
	return vocab_n(s, strlen(s));
}

const char *vocab_span(struct span s)
{
	return vocab_n(s.p, s.len);
}

void vocab_release(void)
{
	intern_release(&vocab);
}
