/* The environment, read once (see env.h). */
#include "util/env.h"
#include "input/filemap.h"
#include "input/linereader.h"
#include "input/state.h"
#include "log/readahead.h"
#include "util/scan.h"

/* $name as a number of at least @min, else @def */
static int64_t env_num(const char *name, int64_t min, int64_t def)
{
	const char *s = getenv(name);
	int64_t v;

	return s && parse_i64(s, &v) && v >= min ? v : def;
}

static bool env_is(const char *name, const char *value)
{
	const char *s = getenv(name);

	return s && !strcmp(s, value);
}

void mt_env_read(struct mt_env *env)
{
	const char *s;
	int64_t v;

	memset(env, 0, sizeof(*env));
	s = getenv("MEMTRIAGE_ZONEINFO");
	env->zoneinfo_dir = s && *s ? s : "/usr/share/zoneinfo";
	s = getenv("MEMTRIAGE_RULES_DIR");
	env->rules_dir = s && *s ? s : NULL;
	env->no_color = getenv("NO_COLOR") || env_is("TERM", "dumb");

	if (env_is("MEMTRIAGE_PREFILTER", "off"))
		env->prefilter = MT_PREFILTER_OFF;
	else if (env_is("MEMTRIAGE_PREFILTER", "check"))
		env->prefilter = MT_PREFILTER_CHECK;
	env->readahead_after = (uint64_t)env_num("MEMTRIAGE_READAHEAD_AFTER", 0, RA_THREAD_AFTER);
	if (env_is("MEMTRIAGE_THREADS", "1"))
		env->readahead_after = UINT64_MAX;

	env->mmap_from = env_is("MEMTRIAGE_MMAP", "off")
				 ? UINT64_MAX
				 : (uint64_t)env_num("MEMTRIAGE_MMAP", 0, FM_MIN_SIZE);
	env->now = env_num("MEMTRIAGE_NOW", 1, 0);
	v = env_num("MEMTRIAGE_STATE_WAIT", 0, STATE_WAIT_S);
	env->state_wait_s = v < 86400 ? (unsigned)v : 86400;
	env->bomb_size = (uint64_t)env_num("MEMTRIAGE_BOMB_SIZE", 1, (int64_t)MT_BOMB_SIZE);
	/* smaller reads only: the buffers are sized for LINE_READ_SIZE */
	v = env_num("MEMTRIAGE_READ_CHUNK", 1, LINE_READ_SIZE);
	env->read_chunk = v < LINE_READ_SIZE ? (size_t)v : LINE_READ_SIZE;
	env->no_jit = getenv("MEMTRIAGE_NO_JIT");
}
