// SPDX-License-Identifier: MIT
/*
 * The registry of domains: ids (domid and VMID), the list lookups walk, and
 * the reference counts that keep a domain's struct alive while anyone looks
 * at it. What a domain is and how it lives and ends is domain.c's.
 *
 * A VMID is held from creation to destruction and never shared: with every
 * one held (255 with 8-bit VMIDs) a new domain is refused with -ENOSPC.
 * Destruction flushes the VMID's TLB entries before it is unregistered, so
 * whichever domain takes the VMID next finds none of them.
 *
 * Locking: registry_lock protects the list, and with it which VMIDs are held;
 * it is a leaf lock. A domain's refs are atomic.
 */
#include <abi/hypercall.h>
#include <arch.h>
#include <domain.h>
#include <errno.h>
#include <frame.h>
#include <lib.h>

static struct spinlock registry_lock = SPINLOCK_INIT;
static struct domain *domain_list;
static uint32_t generations; /* atomic: the last generation handed out */
static uint16_t last_domid;  /* the last id handed out */

/* Registry lock held. */
static bool domid_taken(uint16_t domid)
{
	spin_assert_held(&registry_lock);
	for (struct domain *d = domain_list; d; d = d->next) {
		if (d->domid == domid) {
			return true;
		}
	}
	return false;
}

/* Does a domain name domid in a relation (rights.c)? Registry lock held. */
static bool domid_named(uint16_t domid)
{
	spin_assert_held(&registry_lock);
	for (struct domain *d = domain_list; d; d = d->next) {
		bool named = d->controller == domid || d->device_model == domid ||
			     d->console_service == domid || d->store_service == domid;

		for (unsigned int i = 0; i < DOMAIN_BACKENDS_MAX; i++) {
			named |= d->backends[i] == domid;
		}
		if (named) {
			return true;
		}
	}
	return false;
}

/*
 * The next free id after the last one handed out, wrapping: an id comes back
 * only after every other, so a stale reference to a destroyed domain (a port
 * offered to it) is not soon taken over by a new one. An id a relation still
 * names is never handed out, or the new domain would hold rights over domains
 * it was never given (a domain made again under its own id, as a restart is,
 * takes its relations back on purpose). Registry lock held.
 */
static uint16_t next_free_domid(void)
{
	spin_assert_held(&registry_lock);
	for (unsigned int n = 0; n < DOMID_FIRST_RESERVED - 1; n++) {
		last_domid = (uint16_t)(last_domid % (DOMID_FIRST_RESERVED - 1) + 1);
		if (!domid_taken(last_domid) && !domid_named(last_domid)) {
			return last_domid;
		}
	}
	return DOMID_FIRST_RESERVED; /* all taken */
}

/* The lowest VMID no listed domain holds (0 is no domain's). Registry lock held;
 * the list is short enough to walk: one domain a VMID. */
static bool reserve_vmid(struct domain *self, uint16_t *vmid)
{
	uint32_t count = arch_vmid_count();

	spin_assert_held(&registry_lock);
	for (uint32_t v = 1; v < count; v++) {
		struct domain *d = domain_list;

		while (d && d->s2.vmid != v) {
			d = d->next;
		}
		if (!d) {
			self->s2.vmid = *vmid = (uint16_t)v;
			return true;
		}
	}
	return false;
}

int domain_register(struct domain *d, uint16_t want, uint16_t *vmid)
{
	uint16_t id = want;
	int err = 0;

	spin_lock(&registry_lock);
	if (id == 0) {
		id = next_free_domid(); /* moves the rover; a chosen id does not */
	}
	if (id >= DOMID_FIRST_RESERVED || domid_taken(id)) {
		err = -EEXIST;
	} else if (!reserve_vmid(d, vmid)) {
		err = -ENOSPC;
	} else {
		d->domid = id;
		d->state = DOMAIN_BUILDING;
		d->next = domain_list;
		domain_list = d;
	}
	spin_unlock(&registry_lock);
	if (err == -ENOSPC) { /* the errno alone would not say which limit */
		log_info("domain %s: refused: all %u VMIDs of this CPU are held", d->name,
			 arch_vmid_count() - 1);
	}
	return err;
}

void domain_unregister(struct domain *d)
{
	struct domain **link;

	spin_lock(&registry_lock);
	for (link = &domain_list; *link && *link != d; link = &(*link)->next) {
	}
	if (*link) {
		*link = d->next; /* and its VMID is free */
	}
	spin_unlock(&registry_lock);
}

struct domain *domain_get(struct domain *self, uint16_t domid)
{
	struct domain *found = NULL;

	if (domain_is_self(self, domid)) {
		__atomic_fetch_add(&self->refs, 1, __ATOMIC_ACQ_REL);
		return self;
	}
	spin_lock(&registry_lock);
	for (struct domain *d = domain_list; d; d = d->next) {
		/* Live only: neither still being built nor ending. */
		if (d->domid == domid &&
		    __atomic_load_n(&d->state, __ATOMIC_ACQUIRE) == DOMAIN_ACTIVE) {
			__atomic_fetch_add(&d->refs, 1, __ATOMIC_ACQ_REL);
			found = d;
			break;
		}
	}
	spin_unlock(&registry_lock);
	return found;
}

struct domain *domain_get_next(uint16_t domid)
{
	struct domain *found = NULL;

	spin_lock(&registry_lock);
	for (struct domain *d = domain_list; d; d = d->next) {
		if (d->domid >= domid && d->state != DOMAIN_BUILDING &&
		    (!found || d->domid < found->domid)) {
			found = d;
		}
	}
	if (found) {
		__atomic_fetch_add(&found->refs, 1, __ATOMIC_ACQ_REL);
	}
	spin_unlock(&registry_lock);
	return found;
}

/* The struct and its vCPUs outlive the domain's memory: lookups may still hold it. */
void domain_put(struct domain *d)
{
	if (__atomic_sub_fetch(&d->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		for (unsigned int i = 0; i < d->vcpu_count; i++) {
			frame_free_va(d->vcpus[i]);
		}
		frame_free_va(d);
	}
}

/* The lowest id: with two holders of a right, which one serves is not left to list order. */
uint16_t domain_holding(uint32_t right)
{
	uint16_t domid = DOMID_INVALID;

	spin_lock(&registry_lock);
	for (struct domain *d = domain_list; d; d = d->next) {
		if ((d->rights & right) && d->state == DOMAIN_ACTIVE && d->domid < domid) {
			domid = d->domid;
		}
	}
	spin_unlock(&registry_lock);
	return domid;
}

uint32_t domain_next_generation(void)
{
	return __atomic_add_fetch(&generations, 1, __ATOMIC_RELAXED);
}
