#include "model/hv_sample.h"
#include "model/esx_match.h"
#include "util/tzfile.h"
#include "util/xalloc.h"

static double int_fact(const struct host *h, const char *name, double scale)
{
	const struct fact *f = fact_get(&h->facts, name);

	return f && f->type == FACT_INT ? (double)f->i * scale : NAN;
}

/*
 * When the snapshot was taken: identity.collected_epoch when its date printed
 * an offset, else its local date read in the guest's zone ("CET" alone is
 * not an offset; ZONE="Europe/Paris" is).
 */
static bool collected_at(const struct host *h, int64_t *t)
{
	const struct fact *f = fact_get(&h->facts, "identity.collected_epoch");

	if (f && f->type == FACT_INT) {
		*t = f->i;
		return true;
	}
	f = fact_get(&h->facts, "identity.collected");
	if (!h->zone || !f || f->type != FACT_STR || strlen(f->s) != 19 || !parse_user_time(f->s, 0, t))
		return false;
	*t = tz_local_to_utc(h->zone, *t);
	return true;
}

/* The capture's picture, as a sample of its series. */
static struct hv_sample *from_picture(const struct esx_picture *p)
{
	struct hv_sample *s = xcalloc(1, sizeof(*s));

	s->hypervisor = "vmware";
	s->source = p->capture;
	s->has_time = s->has_after = true;
	s->time = p->sample_time;
	s->after_s = -p->before_s;
	s->balloon_mb = p->balloon_mb;
	s->balloon_target_mb = p->balloon_target_mb;
	s->swapped_mb = p->swapped_mb;
	s->compressed_mb = p->compressed_mb;
	s->limit_mb = p->limit_mb;
	s->reservation_mb = p->reservation_mb;
	s->host_free_mb = p->host_free_mb;
	s->memsz_mb = p->memsz_mb;
	return s;
}

/* The first of @names the host has as an integer, times @scale; NAN when none. */
static double first_int(const struct host *h, const char *const *names, double scale, const char **file)
{
	for (; *names; names++) {
		const struct fact *f = fact_get(&h->facts, *names);

		if (f && f->type == FACT_INT) {
			if (file && !*file)
				*file = f->src.file;
			return (double)f->i * scale;
		}
	}
	return NAN;
}

/*
 * The snapshot's reading: the balloon's driver figures (4 KiB pages or
 * hv_balloon's, in kB) before VMware Tools' "stat balloon" (MB), the
 * Tools' swap, limit and reservation; the guest's configured memory from
 * DMI.  NULL when the snapshot holds no figure of a hypervisor.
 */
static struct hv_sample *from_snapshot(const struct host *h)
{
	static const char *const balloon[] = { "balloon.size_kb", NULL }, *const tools[] = { "vmware.balloon_mb", NULL };
	static const char *const target[] = { "balloon.target_kb", NULL }, *const swap[] = { "vmware.swap_mb", NULL };
	static const char *const limit[] = { "vmware.memlimit_mb", NULL }, *const res[] = { "vmware.memres_mb", NULL };
	static const char *const memsz[] = { "dmi.memory_total_mb", NULL };
	const struct fact *owner = fact_get(&h->facts, "balloon.hypervisor");
	struct hv_sample s = { 0 }, *out;

	if (!owner || owner->type != FACT_STR)
		return NULL;
	s.hypervisor = owner->s;
	s.at_collection = true;
	s.balloon_mb = first_int(h, balloon, 1.0 / 1024, &s.source);
	if (isnan(s.balloon_mb))
		s.balloon_mb = first_int(h, tools, 1, &s.source);
	s.balloon_target_mb = first_int(h, target, 1.0 / 1024, &s.source);
	s.swapped_mb = first_int(h, swap, 1, &s.source);
	s.limit_mb = first_int(h, limit, 1, &s.source);
	s.reservation_mb = first_int(h, res, 1, &s.source);
	s.compressed_mb = s.host_free_mb = NAN;
	s.memsz_mb = first_int(h, memsz, 1, NULL);
	if (isnan(s.memsz_mb))
		s.memsz_mb = int_fact(h, "meminfo.MemTotal", 1.0 / 1024);
	s.has_time = collected_at(h, &s.time);
	if (!s.source)
		s.source = owner->src.file;
	out = xmalloc(sizeof(*out));
	*out = s;
	return out;
}

void hv_samples(struct model *m)
{
	size_t i, k;

	for (i = 0; i < m->nr_hosts; i++) {
		struct host *h = m->hosts[i];
		struct hv_sample *snap = NULL;
		bool read = false;

		for (k = 0; k < h->nr_events; k++) {
			struct oom_event *e = h->events[k];
			int64_t t;

			if (e->esx) {
				free(e->hv);
				e->hv = from_picture(e->esx);
				continue;
			}
			/* another hypervisor's capture (esx_match): its sample at the event stands */
			if (e->hv && e->hv->from_capture && !e->hv->at_collection)
				continue;
			if (!read) {
				snap = from_snapshot(h);
				read = true;
			}
			/* the snapshot's reading, else the capture's untimed one */
			if (!snap)
				continue;
			free(e->hv);
			e->hv = xmalloc(sizeof(*e->hv));
			*e->hv = *snap;
			e->hv->has_after = snap->has_time && event_utc(h, e, &t);
			e->hv->after_s = e->hv->has_after ? snap->time - t : 0;
		}
		free(snap);
	}
}
