/*
 * tuned-adm(8) list / active: whether tuned was running, which the files of
 * etc/tuned cannot say (sos_commands/tuned/tuned-adm_list, tuned-adm_active).
 * The last lines of "tuned-adm list" are those of "tuned-adm active"
 * (tuned/admin/admin.py, _action_dbus_active and _action_active):
 *
 *   - virtual-guest               - Optimize for running inside a virtual guest
 *   Current active profile: virtual-guest
 *
 * or, when the daemon does not answer on D-Bus and its PID file names no
 * live process:
 *
 *   Cannot talk to TuneD daemon via DBus. Is TuneD daemon running?
 *   It seems that tuned daemon is not running, preset profile is not activated.
 *   Preset profile: virtual-guest
 *
 * and "No current active profile." when none is set.  "Current active
 * profile" is printed by a daemon that answered, or after its PID was found
 * alive: tuned ran.  The D-Bus complaint alone says nothing (tuned-adm then
 * looks at the PID file).
 */
#include "sources/source.h"

#define ACTIVE_LIT "Current active profile: "
#define PRESET_LIT "Preset profile: "
#define NOT_RUNNING_LIT "It seems that tuned daemon is not running"
#define NO_PROFILE_LIT "No current active profile."

static int tuned_adm_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	int ret = -1;

	while (lines_next(&it)) {
		struct span l = span_trim(it.line);

		if (span_starts(l, ACTIVE_LIT)) {
			struct span name = span_trim(span_make(l.p + strlen(ACTIVE_LIT), l.p + l.len));

			parse_int(ctx, it.no, "tuned.running", 1, "");
			parse_str(ctx, it.no, "tuned.adm_profile", name.p, name.len);
			ret = 0;
		} else if (span_starts(l, NOT_RUNNING_LIT)) {
			parse_int(ctx, it.no, "tuned.running", 0, "");
			ret = 0;
		} else if (span_starts(l, PRESET_LIT)) {
			struct span name = span_trim(span_make(l.p + strlen(PRESET_LIT), l.p + l.len));

			parse_str(ctx, it.no, "tuned.adm_profile", name.p, name.len);
		} else if (span_eq(l, NO_PROFILE_LIT)) {
			parse_str(ctx, it.no, "tuned.adm_profile", "", 0);
			ret = 0;
		}
	}
	return ret;
}

static const char *const tuned_adm_paths[] = {
	"sos_commands/tuned/tuned-adm_list",
	"sos_commands/tuned/tuned-adm_active",
	NULL,
};

static const struct fact_def tuned_adm_facts[] = {
	{ "tuned.running", FACT_INT, "", "1: tuned-adm found the daemon running (\"Current active profile:\"); 0: \"tuned daemon is not running\", so no profile set anything" },
	{ "tuned.adm_profile", FACT_STR, "", "the profile tuned-adm names, active or preset; empty for \"No current active profile.\"" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_tuned_adm = {
	.name = "tuned_adm",
	.paths = tuned_adm_paths,
	.parse = tuned_adm_parse,
	.facts = tuned_adm_facts,
};
