/*
 * virt-what(1): the facts it prints about the machine, one a line, the
 * hypervisor first and the more specific ones after it
 * (sos_commands/<plugin>/virt-what, or a loose file of that name):
 *
 *   kvm
 *   aws
 *
 *   hyperv
 *
 * Nothing at all means bare metal or a hypervisor virt-what does not know:
 * the file then gives virt.what_hypervisor "none", as empty DMI strings do.
 * Its own complaints ("virt-what: this script must be run as root",
 * "virt-what: virt-what-cpuid-helper program not found in $PATH") are not
 * facts of the machine: a warning, and no fact from that line.
 */
#include "sources/source.h"
#include "facts/platform.h"
#include "util/strbuf.h"

static bool fact_word(struct span w)
{
	size_t i;

	for (i = 0; i < w.len; i++)
		if (!is_ident(w.p[i]) && w.p[i] != '-')
			return false;
	return w.len > 0 && w.len <= 64;
}

static int virt_what_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct strbuf all = STRBUF_INIT;
	const char *hv = NULL, *pf = NULL;
	unsigned hv_line = 0, pf_line = 0, last = 0;
	struct platform p;
	bool complaint = false;
	int ret;

	while (lines_next(&it)) {
		struct span w = span_trim(it.line);

		if (!w.len)
			continue;
		if (!fact_word(w)) {
			parse_warn(ctx, it.no, "not a virt-what fact: %.*s", (int)(w.len > 80 ? 80 : w.len), w.p);
			complaint = true;
			continue;
		}
		strbuf_addf(&all, "%s%.*s", all.len ? "," : "", (int)w.len, w.p);
		last = it.no;
		if (!platform_lookup(WITNESS_VIRT_WHAT, w, &p))
			continue;
		if (p.hypervisor && !hv) {
			hv = p.hypervisor;
			hv_line = it.no;
		}
		if (p.platform && !pf) {
			pf = p.platform;
			pf_line = it.no;
		}
	}
	if (all.len)
		parse_str(ctx, last, "virt.what", all.buf, all.len);
	if (hv)
		parse_str(ctx, hv_line, "virt.what_hypervisor", hv, strlen(hv));
	else if (!all.len && !complaint)
		parse_str(ctx, 0, "virt.what_hypervisor", "none", 4);
	if (pf)
		parse_str(ctx, pf_line, "virt.what_platform", pf, strlen(pf));
	ret = all.len || !complaint ? 0 : -1;
	strbuf_release(&all);
	return ret;
}

static const char *const virt_what_paths[] = { "sos_commands/*/virt-what", "virt-what", NULL };

static const struct fact_def virt_what_facts[] = {
	{ "virt.what", FACT_STR, "", "virt-what's facts, comma-separated (\"kvm,aws\")" },
	{ "virt.what_hypervisor", FACT_STR, "", "vmware, hyperv, kvm, xen or virtualbox from them; none when it printed nothing" },
	{ "virt.what_platform", FACT_STR, "", "gce, aws, rhev or ovirt when they name one" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_virt_what = {
	.name = "virt_what",
	.paths = virt_what_paths,
	.parse = virt_what_parse,
	.facts = virt_what_facts,
};
