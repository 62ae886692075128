/*
 * Loaded kernel modules: lsmod(8) (sos_commands/kernel/lsmod, the root
 * symlink "lsmod") and /proc/modules, proc(5).
 *
 *   Module                  Size  Used by
 *   hv_balloon             24576  0
 *   nf_conntrack          155648  4 nf_conntrack_ipv4,nf_nat,ipt_MASQUERADE,nf_nat_ipv4
 *   vmw_vsock_vmci_transport    28672  2
 *
 *   vmw_balloon 20480 0 - Live 0x0000000000000000        (proc/modules)
 *
 * Only the name and the size are read: the rest differs by era (trailing
 * blanks, "[permanent]", 2.4's "(autoclean)").  Which balloon driver and
 * which paravirtual drivers are loaded tells the hypervisor even when no
 * DMI data was collected.  No virt.module_hypervisor is set when none
 * matched: drivers built into the kernel (virtio often is) never show up
 * here, so their absence proves nothing.  The header line is skipped; any
 * other line not "name size ..." ("lsmod: ERROR: ...") gets a parse_warn.
 */
#include "sources/source.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* In the order the first one found is named. */
static const char *const balloon_modules[] = {
	"vmw_balloon", "vmware_balloon", "vmmemctl", "hv_balloon", "virtio_balloon", "xen_balloon", NULL,
};

static const struct {
	const char *hypervisor;
	const char *const modules[9];
} hypervisor_modules[] = {
	{ "vmware", { "vmw_balloon", "vmware_balloon", "vmmemctl", "vmw_vmci", "vmw_pvscsi", "vmxnet3",
		      "vmw_vsock_vmci_transport", "vmwgfx", NULL } },
	{ "hyperv", { "hv_vmbus", "hv_balloon", "hv_storvsc", "hv_netvsc", "hv_utils", NULL } },
	{ "kvm", { "virtio_balloon", "virtio_pci", "virtio_net", "virtio_blk", NULL } },
	{ "xen", { "xen_blkfront", "xen_netfront", "xen_balloon", NULL } },
};

struct module_seen {
	struct span name;
	unsigned line;
};

static bool module_char(char c)
{
	return is_ident(c) || c == '-';
}

/* "name size ..."; false when @line is not a module line */
static bool module_line(struct span line, struct span *name)
{
	const char *s = line.p, *end = line.p + line.len;
	uint64_t size;

	while (s < end && module_char(*s))
		s++;
	if (s == line.p || s == end || !is_blank(*s))
		return false;
	*name = span_make(line.p, s);
	scan_blanks(&s, end);
	return scan_u64(&s, end, &size) && (s == end || is_blank(*s));
}

static const struct module_seen *find_module(const struct module_seen *seen, size_t nr, const char *name)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (span_eq(seen[i].name, name))
			return &seen[i];
	return NULL;
}

static void virt_store(struct parse_ctx *ctx, const struct module_seen *seen, size_t nr)
{
	const struct module_seen *m;
	size_t i, k;

	for (i = 0; balloon_modules[i]; i++) {
		m = find_module(seen, nr, balloon_modules[i]);
		if (m) {
			parse_str(ctx, m->line, "virt.balloon_driver", m->name.p, m->name.len);
			break;
		}
	}
	for (i = 0; i < ARRAY_SIZE(hypervisor_modules); i++) {
		for (k = 0; hypervisor_modules[i].modules[k]; k++) {
			const char *hv = hypervisor_modules[i].hypervisor;

			m = find_module(seen, nr, hypervisor_modules[i].modules[k]);
			if (m) {
				parse_str(ctx, m->line, "virt.module_hypervisor", hv, strlen(hv));
				return;
			}
		}
	}
}

static int lsmod_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct strbuf fact = STRBUF_INIT;
	struct module_seen *seen = NULL;
	size_t nr = 0, alloc = 0;
	unsigned first_line = 0;

	while (lines_next(&it)) {
		struct span line = span_trim(it.line), name;

		if (!line.len || (span_starts(line, "Module") && span_find(line, "Used by")))
			continue;
		if (!module_line(line, &name)) {
			parse_warn(ctx, it.no, "not a module line; skipped");
			continue;
		}
		strbuf_reset(&fact);
		strbuf_addf(&fact, "modules.%.*s", (int)name.len, name.p);
		parse_int(ctx, it.no, fact.buf, 1, "");
		ALLOC_GROW(seen, nr, alloc);
		seen[nr++] = (struct module_seen){ name, it.no };
		if (!first_line)
			first_line = it.no;
	}
	if (nr) {
		parse_int(ctx, first_line, "modules.count", (int64_t)nr, "count");
		virt_store(ctx, seen, nr);
	}
	free(seen);
	strbuf_release(&fact);
	return nr ? 0 : -1;
}

static const char *const lsmod_paths[] = {
	"sos_commands/kernel/lsmod",
	"lsmod",
	"proc/modules",
	NULL,
};

static const struct fact_def lsmod_facts[] = {
	{ "modules.<name>", FACT_INT, "", "1 for every loaded module" },
	{ "modules.count", FACT_INT, "count", "loaded modules" },
	{ "virt.balloon_driver", FACT_STR, "", "the balloon driver loaded: vmw_balloon, vmmemctl, hv_balloon, virtio_balloon ..." },
	{ "virt.module_hypervisor", FACT_STR, "", "vmware, hyperv, kvm or xen, from the paravirtual drivers loaded" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_lsmod = {
	.name = "lsmod",
	.paths = lsmod_paths,
	.parse = lsmod_parse,
	.facts = lsmod_facts,
};
