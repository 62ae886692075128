#include <assert.h>
#include <string.h>

#include "util/litset.h"

static uint16_t pair_at(const char *p)
{
	return (uint16_t)((unsigned char)p[0] | (unsigned)(unsigned char)p[1] << 8);
}

void litset_init(struct litset *set, const char *const *lits)
{
	memset(set, 0, sizeof(*set));
	for (; *lits; lits++) {
		size_t n = strlen(*lits);

		assert(set->nr < 64 && n >= 2 && n <= 255);
		set->lit[set->nr] = *lits;
		set->len[set->nr] = (uint8_t)n;
		set->pair[set->nr] = pair_at(*lits);
		set->pairs[set->pair[set->nr] / 64] |= 1ull << (set->pair[set->nr] % 64);
		set->first[(unsigned char)**lits] |= 1ull << set->nr;
		set->nr++;
	}
}

uint64_t litset_scan(const struct litset *set, struct span s)
{
	uint64_t found = 0, all = set->nr == 64 ? ~0ull : (1ull << set->nr) - 1;

	for (size_t i = 0; i + 1 < s.len && found != all; i++) {
		uint64_t maybe = set->first[(unsigned char)s.p[i]] & ~found;
		uint16_t pair;

		if (!maybe)
			continue;
		pair = pair_at(s.p + i);
		if (!(set->pairs[pair / 64] >> (pair % 64) & 1))
			continue;
		for (; maybe; maybe &= maybe - 1) {
			unsigned k = (unsigned)__builtin_ctzll(maybe);

			if (set->pair[k] == pair && set->len[k] <= s.len - i && !memcmp(s.p + i, set->lit[k], set->len[k]))
				found |= 1ull << k;
		}
	}
	return found;
}

uint64_t litset_lazy_scan(struct litset_lazy *lazy, struct span s)
{
	if (!atomic_load_explicit(&lazy->built, memory_order_acquire)) {
		pthread_mutex_lock(&lazy->lock);
		if (!atomic_load_explicit(&lazy->built, memory_order_relaxed)) {
			litset_init(&lazy->set, lazy->lits);
			atomic_store_explicit(&lazy->built, true, memory_order_release);
		}
		pthread_mutex_unlock(&lazy->lock);
	}
	return litset_scan(&lazy->set, s);
}
