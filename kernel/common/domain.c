// SPDX-License-Identifier: MIT
/*
 * The life of a domain, as a small set of verbs: create from a configuration,
 * populate its RAM, copy into it, set a vCPU's entry, pause and unpause, shut
 * down with a reason, destroy. Whoever makes a domain (the boot builder, a
 * controller) drives it through these; what a shutdown leads to is the
 * maker's policy (d->ended), never decided here: the core only stops the
 * vCPUs and reports the shutdown (VIRQ_DOM_EXC, the domain's state).
 *
 * Ids and references are the registry's (domain_registry.c).
 *
 * Locking: reap_lock guards the list of destroyed domains whose memory is
 * coming back, and their tables (reap_s2: teardown takes them from s2 under
 * d->lock, which every walker holds, so none walks them after); the frame
 * allocator's lock is taken under it. d->lock around stage-2 changes of live
 * domains; the scheduler's fields through sched.c. stopped, destroy_pending
 * and torn_down are atomics: a destroy and the last vCPU stopping may race,
 * and exactly one of them tears the domain down.
 */
#include <abi/sched.h>
#include <arch.h>
#include <domain.h>
#include <errno.h>
#include <evtchn.h>
#include <frame.h>
#include <grant.h>
#include <lib.h>
#include <sched.h>

static void vcpus_stopped(struct domain *d);

/* Every mapping of RAM holds a reference on its frame; devices are not RAM. */
static void release_page(paddr_t pa, enum stage2_type type)
{
	if (type != STAGE2_DEVICE) {
		frame_put(pa);
	}
}

static int alloc_vcpus(struct domain *d, unsigned int count, uint32_t affinity)
{
	_Static_assert(sizeof(struct vcpu) <= PAGE_SIZE, "a vCPU fits in a frame");
	for (unsigned int i = 0; i < count; i++) {
		d->vcpus[i] = frame_alloc_va();
		if (!d->vcpus[i]) {
			return -ENOMEM;
		}
		d->vcpu_count = i + 1;
		d->vcpus[i]->domain = d;
		d->vcpus[i]->id = i;
		d->vcpus[i]->mpidr = GUEST_MPIDR(i);
		d->vcpus[i]->state = VCPU_OFFLINE;
		d->vcpus[i]->affinity = affinity;
		arch_vcpu_reset(d->vcpus[i], ipa_make(0), 0);
		d->vcpus[i]->runstate.state = RUNSTATE_offline;
		d->vcpus[i]->runstate.state_entry_time = arch_now_ns();
	}
	return 0;
}

/* What the core keeps for a domain besides its memory: shared info, grant table. */
static int alloc_shared(struct domain *d)
{
	paddr_t pa;

	if (!frame_alloc_for_guest(&pa)) {
		return -ENOMEM;
	}
	d->shared_info = arch_pa_to_va(pa);
	/* wc_version is a sequence lock: odd while the clock changes, even once written. */
	__atomic_store_n(&d->shared_info->wc_version, 1, __ATOMIC_RELEASE);
	arch_wallclock(&d->shared_info->wc_sec, &d->shared_info->wc_nsec,
		       &d->shared_info->wc_sec_hi);
	__atomic_store_n(&d->shared_info->wc_version, 2, __ATOMIC_RELEASE);
	d->vcpus[0]->vcpu_info = &d->shared_info->vcpu_info[0];
	return grant_domain_init(d);
}

static void free_shared(struct domain *d)
{
	evtchn_reset(d);
	grant_domain_destroy(d);
	for (unsigned int i = 0; i < ARRAY_SIZE(d->evtchn_buckets); i++) {
		struct evtchn *bucket;

		spin_lock(&d->evtchn_lock); /* a peer may be looking at our ports */
		bucket = d->evtchn_buckets[i];
		d->evtchn_buckets[i] = NULL;
		spin_unlock(&d->evtchn_lock);
		frame_free_va(bucket);
	}
	for (unsigned int i = 0; i < d->vcpu_count && d->vcpus[i]; i++) {
		if (d->vcpus[i]->vcpu_info_page.pa) {
			frame_put(d->vcpus[i]->vcpu_info_page);
			d->vcpus[i]->vcpu_info_page = (paddr_t){ 0 };
		}
		d->vcpus[i]->vcpu_info = NULL;
		d->vcpus[i]->runstate_gva = 0;
	}
	if (d->shared_info) {
		frame_free(arch_va_to_pa(d->shared_info));
		d->shared_info = NULL;
		d->shared_info_gfn = 0;
	}
}

/* What the core's own safety rests on; the creator has checked the rest. */
static bool config_valid(const struct domain_config *cfg)
{
	for (unsigned int i = 0; i < cfg->irq_count && i < DOMAIN_IRQS_MAX; i++) {
		if (cfg->irqs[i] < 32 || cfg->irqs[i] > GUEST_SPI_LAST) {
			return false; /* the vGIC's tables have room for its own SPIs only */
		}
	}
	for (unsigned int i = 0; i < cfg->mmio_count && i < DOMAIN_MMIO_MAX; i++) {
		if (((cfg->mmio[i].base.pa | cfg->mmio[i].size) & ~PAGE_MASK) ||
		    !range_inside(cfg->mmio[i].base.pa, cfg->mmio[i].size, 0,
				  1ull << STAGE2_IPA_BITS)) {
			return false;
		}
	}
	return domain_name_valid(cfg->name) && cfg->vcpu_count >= 1 &&
	       cfg->vcpu_count <= DOMAIN_VCPUS_MAX && cfg->cap <= 100u * cfg->vcpu_count &&
	       cfg->max_pages <= (1ull << (STAGE2_IPA_BITS - PAGE_SHIFT)) &&
	       cfg->mmio_count <= DOMAIN_MMIO_MAX && cfg->irq_count <= DOMAIN_IRQS_MAX &&
	       cfg->grant_frames >= 1 && cfg->grant_frames <= GRANT_FRAMES_MAX &&
	       cfg->weight >= 1 && cfg->weight <= 65535 && cfg->affinity != 0 &&
	       !(cfg->rights & ~RIGHTS_ALL) && (cfg->ram_block.base.pa & ~PAGE_MASK) == 0 &&
	       (cfg->ram_block.size & ~PAGE_MASK) == 0;
}

/* Passed-through devices appear at IPA == PA: their DT nodes need no rewriting. */
static int map_devices(struct domain *d, const struct domain_config *cfg)
{
	for (unsigned int i = 0; i < cfg->mmio_count; i++) {
		const struct mem_range *r = &cfg->mmio[i];

		for (uint64_t off = 0; off < r->size; off += PAGE_SIZE) {
			int err = stage2_map(&d->s2, ipa_make(r->base.pa + off),
					     pa_add(r->base, off), STAGE2_DEVICE);

			if (err && err != -EEXIST) { /* two of its devices may share a page */
				return err;
			}
		}
	}
	return 0;
}

static void take_config(struct domain *d, const struct domain_config *cfg)
{
	d->refs = 1; /* the registry's */
	d->generation = domain_next_generation();
	strlcpy(d->name, cfg->name, sizeof(d->name));
	d->rights = cfg->rights;
	d->controller = cfg->controller;
	d->device_model = cfg->device_model;
	d->weight = cfg->weight;
	d->cap = cfg->cap;
	d->grant_frames = cfg->grant_frames;
	d->max_pages = cfg->max_pages;
	d->ram_block = cfg->ram_block;
	d->pause_count = 1; /* created paused: nothing runs before its maker unpauses it */
	d->vcpus_stopped = vcpus_stopped;
	memcpy(d->irqs, cfg->irqs, sizeof(d->irqs));
	d->irq_count = cfg->irq_count;
}

/* Everything but the ids and the struct; undone by the caller on failure. */
static int build_parts(struct domain *d, const struct domain_config *cfg, uint16_t vmid)
{
	int err;

	arch_domain_init(d);
	err = stage2_init(&d->s2, vmid);
	if (err) {
		return err;
	}
	d->s2.tables_left = stage2_tables_for(cfg->max_pages << PAGE_SHIFT);
	err = alloc_vcpus(d, cfg->vcpu_count, cfg->affinity);
	if (!err) {
		err = alloc_shared(d);
	}
	if (!err) {
		err = map_devices(d, cfg);
	}
	if (!err) {
		sched_domain_add(d);
	}
	return err;
}

int domain_create(const struct domain_config *cfg, struct domain **out)
{
	_Static_assert(sizeof(struct domain) <= PAGE_SIZE, "a domain fits in a frame");
	struct domain *d;
	uint16_t vmid;
	int err;

	if (!config_valid(cfg)) {
		return -EINVAL;
	}
	d = frame_alloc_va();
	if (!d) {
		return -ENOMEM;
	}
	take_config(d, cfg);
	err = domain_register(d, cfg->domid, &vmid);
	if (err) {
		frame_free_va(d);
		return err;
	}
	err = build_parts(d, cfg, vmid);
	if (err) {
		free_shared(d);
		stage2_destroy(&d->s2, release_page); /* nothing, if its tables were never made */
		domain_unregister(d);
		domain_put(d); /* frees its vCPUs and the struct */
		return err;
	}
	for (unsigned int i = 0; i < d->irq_count; i++) {
		arch_domain_assign_irq(d, d->irqs[i]);
	}
	__atomic_store_n(&d->state, DOMAIN_ACTIVE, __ATOMIC_RELEASE);
	*out = d;
	return 0;
}

/* The frame behind one page of RAM at ipa: the allocator's, or its RAM block's. */
static int ram_frame(struct domain *d, ipa_t ipa, paddr_t *pa, enum stage2_type *type)
{
	uint64_t off = ipa.ipa - GUEST_RAM_BASE;

	if (!d->ram_block.size) {
		*type = STAGE2_RAM;
		return frame_alloc_for_guest(pa) ? 0 : -ENOMEM;
	}
	if (ipa.ipa < GUEST_RAM_BASE || off >= d->ram_block.size) {
		return -EINVAL;
	}
	/* The block is reserved: never the allocator's, its references not counted. */
	*pa = pa_add(d->ram_block.base, off);
	*type = STAGE2_RAM_FIXED;
	frame_clear_for_guest(*pa);
	frame_get(*pa);
	return 0;
}

/* d->lock held. */
static int populate_page(struct domain *d, ipa_t ipa)
{
	enum stage2_type type;
	paddr_t pa;
	int err;

	spin_assert_held(&d->lock);
	if (d->ram_pages >= d->max_pages) {
		return -ENOMEM;
	}
	err = ram_frame(d, ipa, &pa, &type);
	if (err) {
		return err;
	}
	err = stage2_map(&d->s2, ipa, pa, type);
	if (err) {
		frame_put(pa);
		return err;
	}
	d->ram_pages++;
	d->max_gpfn = MAX(d->max_gpfn, ipa.ipa >> PAGE_SHIFT);
	return 0;
}

static void unpopulate(struct domain *d, ipa_t ipa, uint64_t count)
{
	for (uint64_t i = 0; i < count; i++) {
		paddr_t pa;

		if (stage2_unmap(&d->s2, ipa_add(ipa, i << PAGE_SHIFT), &pa) == 0) {
			frame_put(pa);
			d->ram_pages--;
		}
	}
}

int domain_populate(struct domain *d, ipa_t ipa, uint64_t count)
{
	int err = 0;
	uint64_t i;

	if ((ipa.ipa & ~PAGE_MASK) || count > (1ull << (STAGE2_IPA_BITS - PAGE_SHIFT)) ||
	    !range_inside(ipa.ipa, count << PAGE_SHIFT, 0, 1ull << STAGE2_IPA_BITS)) {
		return -EINVAL;
	}
	spin_lock(&d->lock);
	for (i = 0; i < count && !err; i++) {
		err = populate_page(d, ipa_add(ipa, i << PAGE_SHIFT));
	}
	if (err) {
		unpopulate(d, ipa, i - 1);
	}
	spin_unlock(&d->lock);
	return err;
}

static bool ram_covers(struct domain *d, ipa_t ipa, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		if (!domain_ipa_is_ram(d, ipa_add(ipa, off))) {
			return false;
		}
	}
	return len == 0 || domain_ipa_is_ram(d, ipa_add(ipa, len - 1));
}

int domain_copy_in(struct domain *d, ipa_t ipa, const void *src, uint64_t len)
{
	const uint8_t *from = src;
	uint64_t done = 0;

	if (ipa.ipa + len < ipa.ipa || !ram_covers(d, ipa, len)) {
		return -EFAULT;
	}
	spin_lock(&d->lock);
	while (done < len) {
		ipa_t at = ipa_add(ipa, done);
		uint64_t chunk = MIN(PAGE_SIZE - (at.ipa & ~PAGE_MASK), len - done);
		paddr_t pa;
		void *dst;

		if (!stage2_lookup(&d->s2, ipa_make(at.ipa & PAGE_MASK), &pa, NULL)) {
			break; /* given back since ram_covers: what is left cannot be copied */
		}
		dst = (uint8_t *)arch_pa_to_va(pa) + (at.ipa & ~PAGE_MASK);
		memcpy(dst, from + done, chunk);
		arch_dcache_clean(dst, chunk);
		done += chunk;
	}
	spin_unlock(&d->lock);
	return done == len ? 0 : -EFAULT;
}

int domain_set_vcpu_context(struct domain *d, unsigned int vcpu, ipa_t pc, uint64_t x0)
{
	struct vcpu *v = domain_vcpu(d, vcpu);

	return v ? sched_vcpu_start(v, pc, x0) : -EINVAL;
}

int domain_pause(struct domain *d)
{
	return sched_domain_pause(d);
}

int domain_unpause(struct domain *d)
{
	return sched_domain_unpause(d);
}

/* Tell the service, driver and control domains (VIRQ_DOM_EXC) that domains have changed.
 * Sent holding no lock: sending takes event locks. */
void domain_notify_services(void)
{
	struct domain *d;

	for (uint16_t next = 0; (d = domain_get_next(next)) != NULL;) {
		next = (uint16_t)(d->domid + 1);
		if ((d->rights &
		     (RIGHT_CONSOLE | RIGHT_XENSTORE | RIGHT_TOOLSTACK | RIGHT_DRIVER)) &&
		    __atomic_load_n(&d->state, __ATOMIC_ACQUIRE) == DOMAIN_ACTIVE) {
			evtchn_send_virq(d->vcpus[0], VIRQ_DOM_EXC);
		}
		domain_put(d);
	}
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	/* Device interrupts stop at once; a pCPU delivering one holds a reference. */
	for (unsigned int i = 0; i < d->irq_count; i++) {
		arch_domain_release_irq(d, d->irqs[i]);
	}
	if (sched_domain_stop(d, reason)) {
		vcpus_stopped(d);
	}
	domain_notify_services();
}

/* Destroyed domains whose memory is not all back yet, each with the reference
 * the registry held. */
static struct spinlock reap_lock = SPINLOCK_INIT;
static struct domain *reap_list; /* protected by reap_lock */

/* Everything but its memory goes at once, its ids too: a restarting boot domain
 * is made again under the same id. The memory follows in steps. */
static void teardown(struct domain *d)
{
	if (__atomic_exchange_n(&d->torn_down, true, __ATOMIC_SEQ_CST)) {
		return;
	}
	free_shared(d);
	sched_domain_remove(d);
	spin_lock(&d->lock); /* whoever walks its tables holds this: from now on there are none */
	d->reap_s2 = d->s2;
	d->s2.root = pa_make(0);
	spin_unlock(&d->lock);
	arch_tlb_flush_vmid(d->s2.vmid); /* none of its entries may outlive its VMID */
	domain_unregister(d);
	spin_lock(&reap_lock);
	d->reap_next = reap_list;
	reap_list = d;
	spin_unlock(&reap_lock);
}

bool domain_reap_some(void)
{
	struct domain *d;
	bool done = false;

	spin_lock(&reap_lock);
	d = reap_list;
	if (d && (done = stage2_destroy_step(&d->reap_s2, release_page))) {
		reap_list = d->reap_next;
	}
	spin_unlock(&reap_lock);
	if (done) {
		domain_put(d); /* the registry's reference: gone once every lookup is done */
	}
	return d != NULL;
}

void domain_destroy(struct domain *d)
{
	if (__atomic_exchange_n(&d->destroy_pending, true, __ATOMIC_SEQ_CST)) {
		return; /* under way */
	}
	if (__atomic_load_n(&d->stopped, __ATOMIC_SEQ_CST)) {
		teardown(d);
		return;
	}
	/* Still running: stop it; vcpus_stopped sees destroy_pending. */
	domain_shutdown(d, SHUTDOWN_poweroff);
}

static const char *const reason_names[] = {
	[SHUTDOWN_poweroff] = "powered off",
	[SHUTDOWN_reboot] = "rebooting",
	[SHUTDOWN_crash] = "crashed",
	[SHUTDOWN_watchdog] = "stopped by its watchdog",
};

static const char *reason_name(unsigned int reason)
{
	return reason < ARRAY_SIZE(reason_names) && reason_names[reason] ? reason_names[reason]
									 : "shut down";
}

/* The machine has nothing more to do once no domain is left. */
static void power_off_when_alone(void)
{
	struct domain *any = domain_get_next(0);

	if (any) {
		domain_put(any);
		return;
	}
	log_info("all domains have ended, powering off");
	arch_system_off();
}

/* The last vCPU of a dying domain is off its pCPU: report, then its maker decides. */
static void vcpus_stopped(struct domain *d)
{
	console_domain_flush(&d->con, d->domid);
	log_info("d%u (%s) %s", d->domid, d->name, reason_name(d->shutdown_reason));
	__atomic_store_n(&d->stopped, true, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&d->destroy_pending, __ATOMIC_SEQ_CST)) {
		teardown(d);
	} else if (d->ended) {
		d->ended(d);
	}
	domain_notify_services();
	power_off_when_alone();
}

bool domain_prepare_step(struct vcpu *v)
{
	struct domain *d = v->domain;
	domain_prepare_fn *prepare = __atomic_load_n(&d->prepare, __ATOMIC_ACQUIRE);
	int left = 1;

	if (!prepare) {
		return false;
	}
	if (v->id == 0) { /* the others (a controller may start them) wait for it */
		left = prepare(d);
	}
	if (left <= 0) {
		__atomic_store_n(&d->prepare, NULL, __ATOMIC_RELEASE);
	}
	if (left < 0) {
		log_info("d%u (%s): cannot be built (%d)", d->domid, d->name, left);
		domain_destroy(d);
	}
	sched_vcpu_yield(v);
	return true;
}

bool domain_ipa_is_ram(struct domain *d, ipa_t ipa)
{
	enum stage2_type type;
	bool ram;

	spin_lock(&d->lock);
	ram = stage2_lookup(&d->s2, ipa, NULL, &type) && /* any IPA: it checks and rounds */
	      (type == STAGE2_RAM || type == STAGE2_RAM_RO || type == STAGE2_RAM_FIXED);
	spin_unlock(&d->lock);
	return ram;
}

struct vcpu *domain_vcpu_by_mpidr(struct domain *d, uint64_t mpidr)
{
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		if ((d->vcpus[i]->mpidr & GUEST_MPIDR_AFF_MASK) == (mpidr & GUEST_MPIDR_AFF_MASK)) {
			return d->vcpus[i];
		}
	}
	return NULL;
}
