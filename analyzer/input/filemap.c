#include "input/filemap.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The size is looked at, and pages given back, in steps this large: a syscall each. */
#define FM_CHECK (1u << 20)
#define FM_DROP_STEP (8u << 20)
/* Files mapped at once (one is read at a time; the rest is room). */
#define FM_GUARDED 4

static struct file_map *guarded[FM_GUARDED];
static struct sigaction before_us;
static uintptr_t page_size;

/*
 * A fault in a mapped file is a page past its end (the file was cut) or a
 * page the disk could not give.  Put a page of zeros there and go on (the
 * reader is told); any other SIGBUS is handed to what was there before us.
 * Only async-signal-safe calls.
 */
static void on_sigbus(int sig, siginfo_t *si, void *uctx)
{
	char *addr = si->si_addr;

	for (size_t i = 0; i < FM_GUARDED && si->si_code == BUS_ADRERR; i++) {
		struct file_map *fm = __atomic_load_n(&guarded[i], __ATOMIC_ACQUIRE);
		void *page;

		if (!fm || addr < fm->base || addr >= fm->base + fm->size)
			continue;
		page = (void *)((uintptr_t)addr & ~(page_size - 1));
		if (mmap(page, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			 0) == MAP_FAILED)
			break;
		__atomic_add_fetch(&fm->zeroed, 1, __ATOMIC_RELEASE);
		return;
	}
	if (before_us.sa_flags & SA_SIGINFO) {
		before_us.sa_sigaction(sig, si, uctx);
	} else if (before_us.sa_handler == SIG_DFL || before_us.sa_handler == SIG_IGN) {
		/* the default action, as soon as this handler returns */
		sigaction(SIGBUS, &before_us, NULL);
		raise(sig);
	} else {
		before_us.sa_handler(sig);
	}
}

static bool guard(struct file_map *fm)
{
	struct sigaction now;

	/* ours, unless someone took it back since (a test harness does, per test) */
	if (sigaction(SIGBUS, NULL, &now))
		return false;
	if (!(now.sa_flags & SA_SIGINFO) || now.sa_sigaction != on_sigbus) {
		struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };

		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGBUS, &sa, &before_us))
			return false;
	}
	for (size_t i = 0; i < FM_GUARDED; i++) {
		struct file_map *none = NULL;

		if (__atomic_compare_exchange_n(&guarded[i], &none, fm, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return true;
	}
	return false;
}

static void unguard(struct file_map *fm)
{
	for (size_t i = 0; i < FM_GUARDED; i++) {
		struct file_map *mine = fm;

		__atomic_compare_exchange_n(&guarded[i], &mine, NULL, false, __ATOMIC_ACQ_REL,
					    __ATOMIC_ACQUIRE);
	}
}

static uint64_t smallest_mapped = FM_MIN_SIZE;

void file_map_set_min_size(uint64_t size)
{
	smallest_mapped = size;
}

bool file_map_open(struct file_map *fm, int fd, uint64_t size)
{
	void *p;

	memset(fm, 0, sizeof(*fm));
	if (!size || size > SIZE_MAX / 2 || size < smallest_mapped)
		return false;
	if (!page_size)
		page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
	/* writable for a line changed in place, a page at most now and then: nothing to reserve */
	p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE, fd, 0);
	if (p == MAP_FAILED)
		return false;
	*fm = (struct file_map){ .base = p, .size = size, .len = size, .fd = fd };
	if (!guard(fm)) {
		munmap(p, (size_t)size);
		return false;
	}
	madvise(p, (size_t)size, MADV_SEQUENTIAL);
	return true;
}

/*
 * Is the file shorter than the bytes mapped?  Its new end is the end then.
 * Asked once per step of FM_CHECK bytes: one fstat per megabyte is nothing
 * beside going through the megabyte.
 */
static void look_for_cut(struct file_map *fm)
{
	struct stat st;

	if (fstat(fm->fd, &st) || (uint64_t)st.st_size >= fm->len)
		return;
	fm->len = (uint64_t)st.st_size;
	fm->cut = true;
}

size_t file_map_avail(struct file_map *fm, uint64_t off, size_t n)
{
	if (off + n > fm->checked) {
		look_for_cut(fm);
		fm->checked = off + FM_CHECK;
	}
	if (off >= fm->len)
		return 0;
	return off + n > fm->len ? (size_t)(fm->len - off) : n;
}

void file_map_drop_before(struct file_map *fm, uint64_t off)
{
	uint64_t to = off & ~(uint64_t)(page_size - 1);

	if (to < fm->dropped + FM_DROP_STEP)
		return;
	madvise(fm->base + fm->dropped, (size_t)(to - fm->dropped), MADV_DONTNEED);
	fm->dropped = to;
}

const char *file_map_trouble(struct file_map *fm)
{
	if (fm->cut)
		return "the file shrank while being read (rotated by copytruncate?)";
	if (__atomic_load_n(&fm->zeroed, __ATOMIC_ACQUIRE))
		return "pages of the file could not be read (an I/O error, or the file cut meanwhile) "
		       "and were read as zeros";
	return NULL;
}

void file_map_close(struct file_map *fm)
{
	if (!fm->base)
		return;
	unguard(fm);
	munmap(fm->base, (size_t)fm->size);
	memset(fm, 0, sizeof(*fm));
}
