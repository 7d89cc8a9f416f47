// SPDX-License-Identifier: MIT
/*
 * Domain lifetime: creation from a boot description, shutdown, and the
 * teardown or rebuild that follows once no pCPU runs the domain any more.
 * When the last domain has gone the machine powers off.
 *
 * Locking: domain_list_lock protects the domain list and the VMID map; it is
 * a leaf lock. What protects each domain field is written in domain.h.
 */
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <arch.h>
#include <domain.h>
#include <domain_build.h>
#include <errno.h>
#include <evtchn.h>
#include <grant.h>
#include <frame.h>
#include <lib.h>
#include <sched.h>

#define VMID_COUNT 256

static struct spinlock domain_list_lock = SPINLOCK_INIT;
static struct domain *domain_list;
static uint8_t vmid_used[VMID_COUNT]; /* VMID 0 is never handed out */

static bool domid_taken(uint16_t domid)
{
	for (struct domain *d = domain_list; d; d = d->next) {
		if (d->domid == domid) {
			return true;
		}
	}
	return false;
}

/* Reserve a domid (the wanted one, or the lowest free) and a VMID; list lock held. */
static int reserve_ids(uint16_t want, uint16_t *domid, uint16_t *vmid)
{
	uint16_t id = want;

	if (id == 0) {
		for (id = 1; id < DOMID_FIRST_RESERVED && domid_taken(id); id++) {
		}
	}
	if (id >= DOMID_FIRST_RESERVED || domid_taken(id)) {
		return -EEXIST;
	}
	for (uint16_t v = 1; v < VMID_COUNT; v++) {
		if (!vmid_used[v]) {
			vmid_used[v] = 1;
			*vmid = v;
			*domid = id;
			return 0;
		}
	}
	return -ENOSPC;
}

static void free_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		if (d->vcpus[i]) {
			frame_free(arch_va_to_pa(d->vcpus[i]));
		}
	}
}

/* What the core keeps for a domain besides its memory: shared info, event channels. */
static int alloc_shared(struct domain *d)
{
	paddr_t pa;

	if (!frame_alloc(&pa)) {
		return -ENOMEM;
	}
	d->shared_info = arch_pa_to_va(pa);
	arch_wallclock(&d->shared_info->wc_sec, &d->shared_info->wc_nsec,
		       &d->shared_info->wc_sec_hi);
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
		if (bucket) {
			frame_free(arch_va_to_pa(bucket));
		}
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

int domain_reset_abi(struct domain *d)
{
	free_shared(d);
	for (unsigned int i = 0; i < ARRAY_SIZE(d->hvm_params); i++) {
		d->hvm_params[i] = 0;
	}
	return alloc_shared(d);
}

struct domain *domain_get(struct domain *self, uint16_t domid)
{
	struct domain *found = NULL;

	if (domid == DOMID_SELF || domid == self->domid) {
		__atomic_fetch_add(&self->refs, 1, __ATOMIC_ACQ_REL);
		return self;
	}
	spin_lock(&domain_list_lock);
	for (struct domain *d = domain_list; d; d = d->next) {
		if (d->domid == domid &&
		    __atomic_load_n(&d->state, __ATOMIC_ACQUIRE) == DOMAIN_ACTIVE) {
			__atomic_fetch_add(&d->refs, 1, __ATOMIC_ACQ_REL);
			found = d;
			break;
		}
	}
	spin_unlock(&domain_list_lock);
	return found;
}

struct domain *domain_get_next(uint16_t domid)
{
	struct domain *found = NULL;

	spin_lock(&domain_list_lock);
	for (struct domain *d = domain_list; d; d = d->next) {
		if (d->domid >= domid && (!found || d->domid < found->domid)) {
			found = d;
		}
	}
	if (found) {
		__atomic_fetch_add(&found->refs, 1, __ATOMIC_ACQ_REL);
	}
	spin_unlock(&domain_list_lock);
	return found;
}

uint16_t domain_holding(uint32_t right)
{
	uint16_t domid = DOMID_INVALID;

	spin_lock(&domain_list_lock);
	for (struct domain *d = domain_list; d; d = d->next) {
		if ((d->rights & right) && d->state == DOMAIN_ACTIVE) {
			domid = d->domid;
			break;
		}
	}
	spin_unlock(&domain_list_lock);
	return domid;
}

/* The VIRQ is sent without the list lock: it is a leaf, and sending takes event locks. */
void domain_notify_services(void)
{
	struct domain *d;

	for (uint16_t next = 0; (d = domain_get_next(next)) != NULL;) {
		next = (uint16_t)(d->domid + 1);
		if ((d->rights & (RIGHT_CONSOLE | RIGHT_XENSTORE)) && d->state == DOMAIN_ACTIVE) {
			evtchn_send_virq(d->vcpus[0], VIRQ_DOM_EXC);
		}
		domain_put(d);
	}
}

void domain_put(struct domain *d)
{
	if (__atomic_sub_fetch(&d->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		free_vcpus(d);
		frame_free(arch_va_to_pa(d));
	}
}

static int alloc_vcpus(struct domain *d, unsigned int count)
{
	_Static_assert(sizeof(struct vcpu) <= PAGE_SIZE, "a vCPU fits in a frame");
	d->vcpu_count = count;
	for (unsigned int i = 0; i < count; i++) {
		paddr_t pa;

		if (!frame_alloc(&pa)) {
			return -ENOMEM;
		}
		d->vcpus[i] = arch_pa_to_va(pa);
		d->vcpus[i]->domain = d;
		d->vcpus[i]->id = i;
		d->vcpus[i]->mpidr = GUEST_MPIDR(i);
		d->vcpus[i]->state = VCPU_OFFLINE;
		arch_vcpu_reset(d->vcpus[i], ipa_make(0), 0);
		d->vcpus[i]->runstate.state = RUNSTATE_offline;
		d->vcpus[i]->runstate.state_entry_time = arch_now_ns();
	}
	return sched_domain_add(d);
}

void domain_assign_irqs(struct domain *d)
{
	for (unsigned int i = 0; i < d->boot.irq_count; i++) {
		arch_domain_assign_irq(d, d->boot.irqs[i]);
	}
}

struct domain *domain_create_boot(const struct boot_domain *bd)
{
	_Static_assert(sizeof(struct domain) <= PAGE_SIZE, "a domain fits in a frame");
	struct domain *d;
	uint16_t domid, vmid;
	paddr_t pa;
	int err;

	spin_lock(&domain_list_lock);
	err = reserve_ids(bd->domid, &domid, &vmid);
	spin_unlock(&domain_list_lock);
	if (err) {
		log_info("domain %s: no free domain id or VMID (%d)", bd->name, err);
		return NULL;
	}
	if (!frame_alloc(&pa)) {
		goto out_ids;
	}
	d = arch_pa_to_va(pa);
	d->refs = 1;
	d->domid = domid;
	d->boot = *bd;
	d->rights = bd->rights;
	strlcpy(d->name, bd->name, sizeof(d->name));
	d->weight = bd->weight;
	d->cap = bd->cap;
	d->affinity = bd->affinity;
	arch_domain_init(d);
	if (stage2_init(&d->s2, vmid) < 0) {
		goto out_domain;
	}
	d->s2.tables_left = stage2_tables_for(bd->ram_bytes);
	if (alloc_vcpus(d, bd->vcpu_count) < 0 || alloc_shared(d) < 0 || domain_build(d) < 0) {
		goto out_stage2;
	}
	spin_lock(&domain_list_lock);
	d->next = domain_list;
	domain_list = d;
	spin_unlock(&domain_list_lock);
	domain_assign_irqs(d);
	log_info("d%u (%s): %u vCPU(s), %lu KiB, %u device range(s), %u IRQ(s)", domid, d->name,
		 d->vcpu_count, (unsigned long)(d->ram_pages << 2), bd->mmio_count, bd->irq_count);
	return d;

out_stage2:
	sched_domain_remove(d);
	free_shared(d);
	free_vcpus(d);
	stage2_destroy(&d->s2, domain_build_release_page);
out_domain:
	frame_free(pa);
out_ids:
	spin_lock(&domain_list_lock);
	vmid_used[vmid] = 0;
	spin_unlock(&domain_list_lock);
	log_info("domain %s: out of memory, not started", bd->name);
	return NULL;
}

/* Device interrupts stop at once; a pCPU delivering one holds a reference. */
static void release_irqs(struct domain *d)
{
	for (unsigned int i = 0; i < d->boot.irq_count; i++) {
		arch_domain_release_irq(d, d->boot.irqs[i]);
	}
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	release_irqs(d);
	if (sched_domain_stop(d, reason)) {
		domain_finalize(d);
	}
	domain_notify_services();
}

static void domain_destroy(struct domain *d)
{
	struct domain **link;
	bool last;

	spin_lock(&domain_list_lock);
	for (link = &domain_list; *link && *link != d; link = &(*link)->next) {
	}
	if (*link) {
		*link = d->next;
	}
	vmid_used[d->s2.vmid] = 0;
	last = domain_list == NULL;
	spin_unlock(&domain_list_lock);

	free_shared(d);
	stage2_destroy(&d->s2, domain_build_release_page);
	sched_domain_remove(d);
	domain_put(d); /* the list's reference: gone once every lookup is done */
	if (last) {
		log_info("all domains have ended, powering off");
		arch_system_off();
	}
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

void domain_finalize(struct domain *d)
{
	console_domain_flush(&d->con, d->domid);
	log_info("d%u (%s) %s", d->domid, d->name, reason_name(d->shutdown_reason));
	if (d->shutdown_reason != SHUTDOWN_reboot || domain_rebuild(d) < 0) {
		domain_destroy(d);
	}
	domain_notify_services();
}

bool domain_ipa_is_ram(struct domain *d, uint64_t ipa)
{
	enum stage2_type type;
	bool ram;

	spin_lock(&d->lock);
	ram = ipa < (1ull << STAGE2_IPA_BITS) &&
	      stage2_lookup(&d->s2, ipa_make(ipa & PAGE_MASK), NULL, &type) &&
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
