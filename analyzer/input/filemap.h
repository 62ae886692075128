/*
 * A plain file mapped instead of read.  The log scanner goes through a
 * large log in place, without the copy out of the page cache read() makes
 * (a third of the time on a warm gigabyte).  The mapping is private and
 * writable, so a line can still be changed in place: the kernel copies that
 * page, the file never sees it.  Pages are given back behind the reader, so
 * the resident set stays small whatever the size of the file.
 *
 * A file cut while mapped (logrotate's copytruncate does it to a live log)
 * kills the process on the next access to a page past its new end.  Each
 * megabyte made ready looks at the file's size first and takes a cut as the
 * end of the file; a cut that comes between that and the access is caught
 * by a SIGBUS handler that puts a page of zeros in place and notes it (so
 * is a page the disk fails to give).  Either way the reader is told.
 */
#ifndef MT_FILEMAP_H
#define MT_FILEMAP_H

#include "util/common.h"

struct file_map {
	char *base;
	uint64_t size;         /* bytes mapped: the file's size when mapped */
	uint64_t len;          /* bytes readable: size, or less once the file was cut */
	uint64_t checked;      /* the size was last looked at for bytes up to here */
	uint64_t dropped;      /* [0, dropped) was given back */
	int fd;
	bool cut;              /* the file shrank while mapped */
	int zeroed;            /* pages the SIGBUS handler replaced with zeros (atomic) */
};

/*
 * Files shorter than this are read: the copy of a small file costs less
 * than mapping and unmapping it (a sosreport holds thousands).
 */
#define FM_MIN_SIZE (1u << 20)
/** Map only files of @size bytes and more (MEMTRIAGE_MMAP: the tests compare the ways). */
void file_map_set_min_size(uint64_t size);
/** Map @fd, @size bytes long; false when it cannot be, or it is too small (then read it). */
bool file_map_open(struct file_map *fm, int fd, uint64_t size);
/** The bytes of [off, off + n) there are to read: n, less at the end or after a cut. */
size_t file_map_avail(struct file_map *fm, uint64_t off, size_t n);
/** Nothing before @off is read again: give those pages back (in batches). */
void file_map_drop_before(struct file_map *fm, uint64_t off);
/** What went wrong while it was mapped: it shrank, or pages read as zeros; NULL if nothing. */
const char *file_map_trouble(struct file_map *fm);
void file_map_close(struct file_map *fm);

#endif
