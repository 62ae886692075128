/*
 * SUSE's supportconfig (supportutils), the sosreport of SLES: a folder
 * scc_HOST_YYMMDD_HHMM/ of flat text files (memory.txt, basic-health-check.txt,
 * messages.txt ...), each a run of sections, a header and a label line
 * before the output or the file:
 *
 *   #==[ Command ]======================================#
 *   # /usr/bin/free -k
 *   #==[ Configuration File ]===========================#
 *   # /proc/meminfo
 *   #==[ Log File ]=====================================#
 *   # /var/log/messages - Last 5000 Lines
 *
 * (supportconfig.rc's _log_cmd, conf_files, log_files).  A section of a file
 * or command that a snapshot source reads goes to that source as the file of
 * a sosreport would.
 */
#ifndef MT_SUPPORTCONFIG_H
#define MT_SUPPORTCONFIG_H

#include "sources/source.h"
#include "util/strbuf.h"

/** Whether a file called @base (no folder) whose first bytes are @head is supportconfig's. */
bool scc_is_file(const char *base, const char *head, size_t n);
/** Whether supportconfig's file @base holds logs (messages.txt, boot.txt, crash.txt), read by the log scan whole. */
bool scc_is_log(const char *base);
/**
 * Whether @base is a rotated log supportconfig -A copies beside messages.txt
 * as it is, decompressed, with no section header: "messages-20230610.txt".
 */
bool scc_is_rotated_log(const char *base);
/** Whether a folder called @name (@len bytes) is named as supportconfig names its own: "scc_HOST_YYMMDD_HHMM". */
bool scc_is_folder_name(const char *name, size_t len);

/** One section of a supportconfig file a source reads, as scc_sections() finds it. */
struct scc_section {
	const struct source *src;
	const char *rel;             /* the sosreport path it stands for: "proc/meminfo" */
	const char *body;            /* its output or content, up to the next header */
	size_t len;
	unsigned line_base;          /* the lines of the file before body */
};

/**
 * Call @fn for each section of @buf (a supportconfig file) that a source
 * reads; the others (commands and files no source knows) are passed over.
 */
void scc_sections(const char *buf, size_t len, void (*fn)(void *ctx, const struct scc_section *s),
		  void *ctx);

#endif
