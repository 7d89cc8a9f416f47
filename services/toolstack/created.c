// SPDX-License-Identifier: MIT
/* The made domains and their shutdown policy (created.h). */
#include <abi/sched.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "created.h"

struct made {
	uint16_t domid;      /* 0: a free slot */
	uint32_t generation; /* this incarnation's: an id used again is another domain */
	uint64_t at_ns;      /* the machine's uptime when it was made */
	bool preserved;      /* stopped, and kept as on_* asked */
	struct xl_config *cfg;
};

static struct made made[CREATED_MAX];

int created_add(const struct platform *pf, uint16_t domid, const struct xl_config *cfg)
{
	struct domctl_physinfo phys = { .uptime_ns = 0 };
	struct domain_info info = { .domid = domid };

	if (pf->domain_info(&info) != 0 || info.domid != domid) {
		return -1;
	}
	(void)pf->physinfo(&phys);
	for (unsigned int i = 0; i < CREATED_MAX; i++) {
		if (made[i].domid == 0) {
			made[i].cfg = malloc(sizeof(*cfg));
			if (!made[i].cfg) {
				return -1;
			}
			*made[i].cfg = *cfg;
			made[i].domid = domid;
			made[i].generation = info.generation;
			made[i].at_ns = phys.uptime_ns;
			made[i].preserved = false;
			return 0;
		}
	}
	return -1;
}

static struct made *find(uint16_t domid)
{
	for (unsigned int i = 0; i < CREATED_MAX && domid != 0; i++) {
		if (made[i].domid == domid) {
			return &made[i];
		}
	}
	return NULL;
}

uint64_t created_at(uint16_t domid)
{
	struct made *m = find(domid);

	return m ? m->at_ns : 0;
}

const struct xl_config *created_config(uint16_t domid)
{
	struct made *m = find(domid);

	return m ? m->cfg : NULL;
}

void created_forget(uint16_t domid)
{
	struct made *m = find(domid);

	if (m) {
		free(m->cfg);
		*m = (struct made){ 0 };
	}
}

static enum xl_action action_for(const struct xl_config *cfg, uint32_t reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		return cfg->on_poweroff;
	case SHUTDOWN_reboot:
		return cfg->on_reboot;
	default:
		return cfg->on_crash;
	}
}

/* m has stopped for reason: do what its configuration says. */
static void settle(const struct platform *pf, struct made *m, uint32_t reason, FILE *out)
{
	enum xl_action action = action_for(m->cfg, reason);
	struct xl_config *cfg = m->cfg;
	uint16_t again;

	if (action == XL_ACTION_PRESERVE) {
		m->preserved = true;
		fprintf(out, "Domain %u (%s) has shut down, preserved\n", m->domid, cfg->name);
		return;
	}
	(void)build_destroy(pf, m->domid);
	*m = (struct made){ 0 }; /* cfg is ours now */
	if (action == XL_ACTION_RESTART) {
		if (build_domain(pf, cfg, &again, out) == 0 &&
		    created_start(pf, again, cfg, true, out) == 0) {
			fprintf(out, "Domain %s restarted as %u\n", cfg->name, again);
		} else {
			fprintf(out, "Domain %s could not be restarted\n", cfg->name);
		}
	}
	free(cfg);
}

int created_start(const struct platform *pf, uint16_t domid, const struct xl_config *cfg,
		  bool unpause, FILE *err)
{
	if (created_add(pf, domid, cfg) != 0) {
		fprintf(err, "libxl: error: domain %u: this toolstack keeps %u domains at most\n",
			domid, CREATED_MAX);
	} else if (!unpause || pf->domctl_on(DOMCTL_unpause, domid) == 0) {
		return 0;
	} else {
		fprintf(err, "libxl: error: unpausing domain %u failed\n", domid);
		created_forget(domid);
	}
	(void)build_destroy(pf, domid);
	return -1;
}

void created_reap(const struct platform *pf, FILE *out)
{
	for (unsigned int i = 0; i < CREATED_MAX; i++) {
		struct domain_info info = { .domid = made[i].domid };

		if (made[i].domid == 0 || made[i].preserved) {
			continue;
		}
		if (pf->domain_info(&info) != 0 || info.domid != made[i].domid ||
		    info.generation != made[i].generation) {
			created_forget(made[i].domid); /* destroyed by someone else */
		} else if (info.flags & DOMAIN_INFO_STOPPED) {
			settle(pf, &made[i], info.shutdown_reason, out);
		}
	}
}
