/*
 * gfp masks by era (include/linux/gfp.h):
 *
 *   2.6.x - 4.3    ___GFP_WAIT 0x10, HIGH 0x20, IO 0x40, FS 0x80 ... COMP 0x4000,
 *                  ZERO 0x8000, NOMEMALLOC 0x10000, HARDWALL 0x20000
 *                  GFP_KERNEL = WAIT|IO|FS = 0xd0, GFP_ATOMIC = HIGH = 0x20
 *   4.4 - 4.9      RECLAIMABLE 0x10, ATOMIC 0x80000, DIRECT_RECLAIM 0x400000,
 *                  KSWAPD_RECLAIM 0x2000000: GFP_KERNEL = 0x24000c0
 *   4.10 - 4.x     the same bits packed lower: GFP_KERNEL = 0x14000c0 ...
 *
 * From 4.6 the kernel prints the names itself ("0x24280ca(GFP_HIGHUSER_MOVABLE|
 * __GFP_ZERO)"), so only the first two layouts need decoding here.
 */
#include "oom/gfp.h"

struct gfp_name {
	unsigned long bits;
	const char *name;
};

/* Composites first, widest first: a mask is named by the first that fits, then bit by bit. */
static const struct gfp_name gfp_2_6[] = {
	{ 0x200da, "GFP_HIGHUSER_MOVABLE" }, { 0x200d2, "GFP_HIGHUSER" }, { 0x200d0, "GFP_USER" },
	{ 0xd0, "GFP_KERNEL" }, { 0x50, "GFP_NOFS" }, { 0x10, "GFP_NOIO" }, { 0x20, "GFP_ATOMIC" },
	{ 0x01, "__GFP_DMA" }, { 0x02, "__GFP_HIGHMEM" }, { 0x04, "__GFP_DMA32" },
	{ 0x08, "__GFP_MOVABLE" }, { 0x10, "__GFP_WAIT" }, { 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" }, { 0x100, "__GFP_COLD" },
	{ 0x200, "__GFP_NOWARN" }, { 0x400, "__GFP_REPEAT" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" }, { 0x4000, "__GFP_COMP" }, { 0x8000, "__GFP_ZERO" },
	{ 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" }, { 0x40000, "__GFP_THISNODE" },
	{ 0x80000, "__GFP_RECLAIMABLE" }, { 0x200000, "__GFP_NOTRACK" },
};

static const struct gfp_name gfp_4_4[] = {
	{ 0x24200ca, "GFP_HIGHUSER_MOVABLE" }, { 0x24200c2, "GFP_HIGHUSER" }, { 0x24200c0, "GFP_USER" },
	{ 0x24000c0, "GFP_KERNEL" }, { 0x2400040, "GFP_NOFS" }, { 0x2400000, "GFP_NOIO" },
	{ 0x2080020, "GFP_ATOMIC" }, { 0x2080000, "GFP_NOWAIT" },
	{ 0x01, "__GFP_DMA" }, { 0x02, "__GFP_HIGHMEM" }, { 0x04, "__GFP_DMA32" },
	{ 0x08, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" }, { 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" }, { 0x100, "__GFP_COLD" },
	{ 0x200, "__GFP_NOWARN" }, { 0x400, "__GFP_REPEAT" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" }, { 0x2000, "__GFP_MEMALLOC" }, { 0x4000, "__GFP_COMP" },
	{ 0x8000, "__GFP_ZERO" }, { 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" },
	{ 0x40000, "__GFP_THISNODE" }, { 0x80000, "__GFP_ATOMIC" }, { 0x100000, "__GFP_ACCOUNT" },
	{ 0x200000, "__GFP_NOTRACK" }, { 0x400000, "__GFP_DIRECT_RECLAIM" },
	{ 0x800000, "__GFP_OTHER_NODE" }, { 0x1000000, "__GFP_WRITE" },
	{ 0x2000000, "__GFP_KSWAPD_RECLAIM" },
};

#define KV(a, b, c) ((int64_t)(a) << 16 | (int64_t)(b) << 8 | (int64_t)(c))

bool gfp_parse(const char *hex, unsigned long *mask)
{
	unsigned long v = 0;
	const char *p = hex;

	if (!p || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return false;
	for (p += 2; *p; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' :
			*p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
			*p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;

		if (d < 0)
			break;
		if (v > (~0ul >> 4))
			return false;
		v = v << 4 | (unsigned long)d;
	}
	if (p == hex + 2)
		return false;
	*mask = v;
	return true;
}

bool gfp_decode(struct strbuf *sb, unsigned long mask, int64_t version_code)
{
	const struct gfp_name *t;
	size_t n, i;
	unsigned long left = mask;
	bool first = true, composite = false;

	/*
	 * Reports before 2.6.24 name no kernel release; a mask with no bit above
	 * __GFP_HARDWALL cannot be of 4.4+, where every sleeping or atomic
	 * allocation carries a reclaim bit (0x400000, 0x2000000).
	 */
	if (version_code < 0 && mask <= 0x3fffful)
		version_code = KV(2, 6, 0);
	if (version_code < 0 || version_code >= KV(4, 10, 0))
		return false;
	if (version_code >= KV(4, 4, 0))
		t = gfp_4_4, n = ARRAY_SIZE(gfp_4_4);
	else
		t = gfp_2_6, n = ARRAY_SIZE(gfp_2_6);
	if (!mask) {
		strbuf_addstr(sb, "0 (no flags)");
		return true;
	}
	for (i = 0; i < n && left; i++) {
		bool is_composite = t[i].name[0] == 'G';

		if (is_composite && (composite || (mask & t[i].bits) != t[i].bits))
			continue;
		if (!is_composite && !(left & t[i].bits))
			continue;
		strbuf_addf(sb, "%s%s", first ? "" : "|", t[i].name);
		first = false;
		composite |= is_composite;
		left &= ~t[i].bits;
	}
	if (left)
		strbuf_addf(sb, "%s0x%lx", first ? "" : "|", left);
	return true;
}
