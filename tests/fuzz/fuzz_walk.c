/*
 * libFuzzer: the whole input path on one file: archive and compression
 * detection, tar members, the snapshot sorter, the log pipeline, esxtop
 * detection, the model.  The bytes are a file named like a sosreport tarball.
 */
#include "log/logscan.h"
#include "route/route.h"

#include <fcntl.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	static struct mt_env env;
	struct logscan_opts lo = { .env = &env };
	struct model_filter f = { 0 };
	struct model m;
	struct diag d;
	struct logscan ls;
	struct router rt;
	int fd;

	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/memtriage-fuzz-%d.tar", (int)getpid());
		/* a line the prefilter passes over that would have mattered stops the run: a crash */
		setenv("MEMTRIAGE_PREFILTER", "check", 0);
		mt_env_read(&env);
		input_setup(&env);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	close(fd);
	model_init(&m);
	diag_init(&d, NULL);
	logscan_init(&ls, &m, &d, &lo);
	router_init(&rt, &m, &d, &ls);
	model_add_unit(&m, path);
	input_walk(path, 0, &rt.sink, &d, NULL);
	router_finish(&rt);
	model_finish(&m, &f);
	router_release(&rt);
	logscan_release(&ls);
	model_release(&m);
	diag_release(&d);
	return 0;
}
