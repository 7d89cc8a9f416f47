// SPDX-License-Identifier: MIT
/*
 * The boot builder: the first client of the control verbs (domain.h). It
 * makes each domain of the boot description as a toolstack would, from a
 * configuration, then RAM, the modules copied in, vCPU 0's entry per the
 * arm64 boot protocol (pc = the kernel, x0 = the DTB), and unpauses it. It
 * is also the boot domains' policy: what a poweroff, reboot or crash leads
 * to is the description's, carried out here when the core reports that the
 * domain has stopped. The description stays in the core's memory (and its
 * modules in reserved host RAM), so a domain that restarts is made again
 * from it: created at once (cheap), its RAM and modules filled by its own
 * vCPU 0, a bounded step a turn (domain_prepare_step), so the rebuild is paid
 * for by the domain that asked for it, not done on whichever pCPU saw the
 * old incarnation stop.
 */
#include <abi/guest_layout.h>
#include <abi/sched.h>
#include <arch.h>
#include <boot_builder.h>
#include <domain.h>
#include <errno.h>
#include <frame.h>
#include <lib.h>
#include <service_rings.h>

static const struct boot_desc *boot; /* set once, before any domain runs */

static void domain_ended(struct domain *d);

static void config_from(const struct boot_desc_domain *r, struct domain_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	strlcpy(cfg->name, r->name, sizeof(cfg->name));
	cfg->domid = r->domid;
	cfg->vcpu_count = r->vcpu_count;
	cfg->max_pages = r->ram_bytes >> PAGE_SHIFT;
	cfg->rights = r->rights;
	cfg->weight = r->weight;
	cfg->cap = r->cap;
	cfg->affinity = r->affinity;
	cfg->grant_frames = r->grant_frames;
	cfg->controller = r->controller;
	cfg->device_model = r->device_model;
	for (unsigned int i = 0; i < r->mmio_count; i++) {
		cfg->mmio[i] = (struct mem_range){ pa_make(r->mmio[i].base), r->mmio[i].size };
	}
	cfg->mmio_count = r->mmio_count;
	memcpy(cfg->irqs, r->irqs, sizeof(cfg->irqs));
	cfg->irq_count = r->irq_count;
	if (r->ram_pa) {
		cfg->ram_block = (struct mem_range){ pa_make(r->ram_pa), r->ram_bytes };
	}
}

static const struct boot_desc_domain *record_of(uint16_t domid)
{
	for (unsigned int i = 0; i < boot->count; i++) {
		if (boot->domains[i].domid == domid) {
			return &boot->domains[i];
		}
	}
	return NULL;
}

/* What one fill step does at most: zero and clean, or copy, 1 MiB. */
#define FILL_STEP_BYTES (1ull << 20)

/* The next step of filling d: its RAM, then its modules, each in pieces of at
 * most FILL_STEP_BYTES (d->prepare_progress bytes of that sequence are done).
 * >0: more is left; 0: done; -errno. */
static int fill_step(struct domain *d)
{
	const struct boot_desc_domain *r = record_of(d->domid);
	const struct boot_desc_module *mods[] = { &r->kernel, &r->dtb, &r->ramdisk };
	uint64_t at = d->prepare_progress, len;
	int err;

	if (domain_reap_some()) {
		return 1; /* first what destroyed domains give back: it may be what d needs */
	}
	if (at < r->ram_bytes) {
		len = MIN(r->ram_bytes - at, FILL_STEP_BYTES);
		err = domain_populate(d, ipa_make(GUEST_RAM_BASE + at), len >> PAGE_SHIFT);
		d->prepare_progress += len;
		return err ? err : 1;
	}
	at -= r->ram_bytes;
	for (unsigned int i = 0; i < ARRAY_SIZE(mods); i++) {
		const struct boot_desc_module *m = mods[i];

		if (at < m->size) {
			len = MIN(m->size - at, FILL_STEP_BYTES);
			err = domain_copy_in(d, ipa_make(m->load_ipa + at),
					     arch_pa_to_va(pa_make(m->host_pa + at)), len);
			d->prepare_progress += len;
			return err ? err : 1;
		}
		at -= m->size;
	}
	arch_icache_invalidate();
	return 0;
}

/* At boot nothing runs yet: fill it at once. */
static int fill_now(struct domain *d)
{
	int left;

	do {
		left = fill_step(d);
	} while (left > 0);
	return left;
}

/* Make one domain, paused, vCPU 0's entry set (pc = the kernel, x0 = the DTB);
 * its RAM and modules now, or (later) on its own turns. On failure nothing of
 * it is left. */
static int build(const struct boot_desc_domain *r, bool later, struct domain **out)
{
	uint64_t free_before = frame_free_count();
	struct domain_config cfg;
	struct domain *d;
	int err;

	config_from(r, &cfg);
	err = domain_create(&cfg, &d);
	if (err) {
		log_info("domain %s: cannot be created (%d)", r->name, err);
		return err;
	}
	err = domain_set_vcpu_context(d, 0, ipa_make(r->kernel.load_ipa),
				      r->dtb.size ? r->dtb.load_ipa : 0);
	if (!err && !later) {
		err = fill_now(d);
	}
	if (err) {
		log_info("domain %s: cannot be built (%d)", r->name, err);
		domain_destroy(d);
		return err;
	}
	d->ended = domain_ended;
	d->prepare = later ? fill_step : NULL;
	/* Its footprint: RAM, stage-2 tables and the core's records of it; a restart's RAM comes
	 * in steps, later, so for a restart this is only what is taken so far. */
	log_info("d%u (%s): %u vCPU(s), %lu KiB, %u device range(s), %u IRQ(s), host RAM %lu KiB",
		 d->domid, d->name, d->vcpu_count, (unsigned long)(r->ram_bytes >> 10),
		 r->mmio_count, r->irq_count,
		 (unsigned long)((free_before - frame_free_count()) << 2));
	*out = d;
	return 0;
}

static unsigned int action_for(const struct boot_desc_domain *r, unsigned int reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		return r->on_poweroff;
	case SHUTDOWN_reboot:
		return r->on_reboot;
	default:
		return r->on_crash; /* crash, watchdog, and anything else */
	}
}

/* The core reports a boot domain stopped: destroy it, and restart it if asked. */
static void domain_ended(struct domain *d)
{
	const struct boot_desc_domain *r = record_of(d->domid);
	bool restart = r && action_for(r, d->shutdown_reason) == BOOT_DESC_ACTION_RESTART;
	struct domain *again;

	domain_destroy(d);
	if (!restart) {
		return;
	}
	if (build(r, true, &again) < 0) {
		return; /* logged: it stays down */
	}
	(void)service_rings_offer(again); /* without rings it still runs; logged */
	(void)domain_unpause(again);
}

/* Make and start every domain of desc, through made[], a list of desc->count pointers. */
static int build_all(const struct boot_desc *desc, struct domain **made)
{
	unsigned int count;
	int err = 0;

	for (count = 0; count < desc->count && !err; count++) {
		err = build(&desc->domains[count], false, &made[count]);
	}
	if (err) {
		log_info("boot description refused: no domain started");
		for (unsigned int i = 0; i + 1 < count; i++) {
			made[i]->ended = NULL;
			domain_destroy(made[i]);
		}
		return err;
	}
	/* All exist before any runs, so rings go to whichever domains hold the service rights. */
	for (unsigned int i = 0; i < count; i++) {
		(void)service_rings_offer(made[i]); /* without rings it still runs; logged */
	}
	for (unsigned int i = 0; i < count; i++) {
		(void)domain_unpause(made[i]);
	}
	return 0;
}

int boot_builder_start(const struct boot_desc *desc)
{
	/* The list in frames of the allocator: any count that fits in memory. */
	unsigned int pages =
		(unsigned int)(ALIGN_UP(desc->count * sizeof(struct domain *), PAGE_SIZE) >>
			       PAGE_SHIFT);
	paddr_t list;
	int err;

	boot = desc;
	if (!frame_alloc_contig(pages, 1, &list)) {
		log_info("boot description refused: no memory to list %u domains", desc->count);
		return -ENOMEM;
	}
	err = build_all(desc, arch_pa_to_va(list));
	for (unsigned int i = 0; i < pages; i++) {
		frame_free(pa_add(list, i * PAGE_SIZE));
	}
	return err;
}
