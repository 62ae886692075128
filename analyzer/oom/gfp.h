/*
 * The gfp mask of an allocation, decoded.  Kernels print it as raw hex
 * until 4.6 ("gfp_mask=0xd1", "mode:0x4020"), and the bits were renumbered
 * in 4.4 and again in 4.10, so the hex alone says little without the
 * kernel's era.  The zone bits never moved: __GFP_DMA (0x01), __GFP_HIGHMEM
 * (0x02), __GFP_DMA32 (0x04, 2.6.15+) and __GFP_MOVABLE (0x08, 2.6.23+),
 * which are what a low-memory diagnosis needs.
 */
#ifndef MT_GFP_H
#define MT_GFP_H

#include "util/strbuf.h"

/**
 * Parse the printed mask @hex ("0x280da", "0xcc0") of a kernel whose
 * release sorts as @version_code (see kernel_version_code, -1: unknown).
 * Returns false for what is not a number.
 */
bool gfp_parse(const char *hex, unsigned long *mask);
/**
 * The mask as the kernel of @version_code (-1: unknown) would have named it, e.g.
 * "GFP_KERNEL|__GFP_DMA"; false (nothing added) when that era's bit layout
 * is not known here.
 */
bool gfp_decode(struct strbuf *sb, unsigned long mask, int64_t version_code);

#define GFP_BIT_DMA     0x01ul
#define GFP_BIT_HIGHMEM 0x02ul
#define GFP_BIT_DMA32   0x04ul
#define GFP_BIT_MOVABLE 0x08ul

#endif
