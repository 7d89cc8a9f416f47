// SPDX-License-Identifier: MIT
/* The controlled boot domains' incarnations: homes, introductions and devices (boot_domains.h). */
#include <stdlib.h>

#include "boot_devices.h"
#include "boot_domains.h"
#include "build.h"
#include "created.h"
#include "devices.h"
#include "domains.h"

/* An incarnation whose home and devices this toolstack wrote. */
struct followed {
	uint16_t domid;
	uint32_t generation;
	bool seen;  /* listed by the core, alive, in this pass */
	bool fresh; /* its home was written in this pass; its devices come once every home is */
};

/* Grown as boot domains are found: the boot configuration, not this file, says how many. */
static struct followed *followed;
static unsigned int followed_count, followed_room;

struct pass {
	const struct platform *pf;
	FILE *out;
	uint16_t gone; /* for remove_backend_dirs: the domain whose directories go */
};

static struct followed *find(uint16_t domid)
{
	for (unsigned int i = 0; i < followed_count; i++) {
		if (followed[i].domid == domid) {
			return &followed[i];
		}
	}
	return NULL;
}

static struct followed *remember(uint16_t domid, uint32_t generation)
{
	if (followed_count == followed_room) {
		unsigned int room = followed_room ? 2 * followed_room : 8;
		struct followed *grown = realloc(followed, room * sizeof(*grown));

		if (!grown) {
			return NULL;
		}
		followed = grown;
		followed_room = room;
	}
	followed[followed_count] = (struct followed){ .domid = domid, .generation = generation };
	return &followed[followed_count++];
}

static void forget(struct followed *f)
{
	*f = followed[--followed_count];
}

static bool controlled_boot_domain(const struct platform *pf, const struct domain_info *info)
{
	return info->controller == pf->self && created_at(info->domid) == 0;
}

/* In each driver domain, what is left of the gone domain's back end directories: their
 * frontend entries, which lead to them, may have gone with its home already. */
static bool remove_backend_dirs(const struct domain_info *info, void *arg)
{
	static const char *const kinds[] = { "vbd", "vif" };
	const struct pass *p = arg;
	char path[80];

	if (!(info->rights & DOMAIN_RIGHT_DRIVER)) {
		return true;
	}
	for (unsigned int k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		snprintf(path, sizeof(path), "/local/domain/%u/backend/%s/%u", info->domid,
			 kinds[k], p->gone);
		(void)p->pf->xs_rm(path);
	}
	return true;
}

/*
 * What a gone incarnation had, taken down before anything of the next is
 * written: once the release is answered, the store will not remove the next
 * home as the last one's (it does so when it lets a domain go).
 */
static void take_down(struct pass *p, uint16_t domid)
{
	devices_remove_all(p->pf, domid);
	p->gone = domid;
	domain_each(p->pf, remove_backend_dirs, p);
	(void)p->pf->xs_release(domid); /* -ENOENT: the store let it go itself */
}

/* Pass one: every incarnation not yet followed gets its home; gone ones are taken down. */
static bool follow_home(const struct domain_info *info, void *arg)
{
	struct pass *p = arg;
	struct followed *f = find(info->domid);

	if (!controlled_boot_domain(p->pf, info)) {
		return true;
	}
	if (info->flags & DOMAIN_INFO_DYING) {
		if (f) {
			fprintf(p->out,
				"toolstack: d%u (%s) has stopped: its devices are taken down\n",
				info->domid, info->name);
			take_down(p, info->domid);
			forget(f);
		}
		return true;
	}
	if (f && f->generation == info->generation) {
		f->seen = true;
		return true;
	}
	if (f) {
		fprintf(p->out, "toolstack: d%u (%s) started again: its home and devices follow\n",
			info->domid, info->name);
		take_down(p, info->domid);
		f->generation = info->generation;
	} else if (!(f = remember(info->domid, info->generation))) {
		fprintf(p->out, "toolstack: d%u (%s): out of memory: not introduced to xenstore\n",
			info->domid, info->name);
		return true;
	}
	f->seen = true;
	f->fresh = true;
	/* Every vCPU of a boot domain is the guest's to bring up: all are available. Its
	 * vcpus_online says only how many it has brought up so far (often just the first),
	 * and a vCPU the store calls offline is one Linux takes down again. */
	if (build_store_home(p->pf, info->domid, info->name, info->vcpu_count, info->vcpu_count,
			     info->ram_pages * 4) != 0) {
		fprintf(p->out, "toolstack: d%u (%s): could not introduce it to xenstore\n",
			info->domid, info->name);
	}
	return true;
}

/* Pass two: their disks and vifs, once every home is written (a back end may be one). */
static bool follow_devices(const struct domain_info *info, void *arg)
{
	struct pass *p = arg;
	struct followed *f = find(info->domid);

	if (f && f->fresh && f->generation == info->generation) {
		f->fresh = false;
		(void)boot_devices_add(p->pf, info, p->out);
	}
	return true;
}

void boot_domains_follow(const struct platform *pf, FILE *out)
{
	struct pass p = { .pf = pf, .out = out };

	for (unsigned int i = 0; i < followed_count; i++) {
		followed[i].seen = false;
	}
	domain_each(pf, follow_home, &p);
	domain_each(pf, follow_devices, &p);
	for (unsigned int i = 0; i < followed_count;) {
		if (followed[i].seen) {
			i++;
			continue;
		}
		take_down(&p, followed[i].domid);
		forget(&followed[i]);
	}
}
