// SPDX-License-Identifier: MIT
/*
 * Each domain's console and store rings. With no dom0 and no toolstack at
 * boot, the core does what Xen's domain builder does for a guest: a page for
 * each ring at its fixed gfn, offered to the service domain as grant ref 0
 * (console) or 1 (store), an unbound port only that service may bind, and
 * the HVM params through which the guest finds both. The services learn of
 * the domain through domain_info and VIRQ_DOM_EXC (abi/domain_info.h).
 *
 * The service domains themselves get no rings: they write to the serial
 * line through console_io and keep no state in the store.
 */
#include <abi/console_ring.h>
#include <abi/hypercall.h>
#include <abi/hvm.h>
#include <abi/xs_wire.h>
#include <errno.h>
#include <evtchn.h>
#include <frame.h>
#include <grant.h>
#include <lib.h>
#include <service_rings.h>

struct ring_kind {
	uint32_t right;  /* the service's right */
	uint64_t gfn;    /* where the guest finds the page */
	grant_ref_t ref; /* the grant the service maps */
	unsigned int pfn_param, port_param;
};

static const struct ring_kind ring_kinds[] = {
	{ RIGHT_CONSOLE, GUEST_CONSOLE_PFN, CONSOLE_GRANT_REF, HVM_PARAM_CONSOLE_PFN,
	  HVM_PARAM_CONSOLE_EVTCHN },
	{ RIGHT_XENSTORE, GUEST_XENSTORE_PFN, XS_GRANT_REF, HVM_PARAM_STORE_PFN,
	  HVM_PARAM_STORE_EVTCHN },
};

/* The page is the guest's own RAM, counted against its memory like any other. */
static int map_ring_page(struct domain *d, uint64_t gfn)
{
	paddr_t pa;
	int err;

	if (!frame_alloc_for_guest(&pa)) {
		return -ENOMEM;
	}
	spin_lock(&d->lock);
	err = stage2_map(&d->s2, ipa_make(gfn << PAGE_SHIFT), pa, STAGE2_RAM);
	if (!err) {
		d->ram_pages++;
		d->max_pages++;
	}
	spin_unlock(&d->lock);
	if (err) {
		frame_put(pa);
	}
	return err;
}

static int offer_ring(struct domain *d, const struct ring_kind *k, uint16_t service)
{
	evtchn_port_t port;
	int err = map_ring_page(d, k->gfn);

	if (!err) {
		err = grant_offer(d, k->ref, service, gfn_make(k->gfn));
	}
	if (!err) {
		err = evtchn_alloc_unbound(d, service, &port);
	}
	if (err) {
		return err;
	}
	spin_lock(&d->lock);
	d->hvm_params[k->pfn_param] = k->gfn;
	d->hvm_params[k->port_param] = port;
	/* The service's right now reaches d (may()). */
	if (k->right == RIGHT_CONSOLE) {
		d->console_service = service;
	} else {
		d->store_service = service;
	}
	spin_unlock(&d->lock);
	return 0;
}

int service_rings_offer(struct domain *d)
{
	if (d->rights & (RIGHT_CONSOLE | RIGHT_XENSTORE)) {
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(ring_kinds); i++) {
		uint16_t service = domain_holding(ring_kinds[i].right);
		int err;

		if (service == DOMID_INVALID) {
			continue;
		}
		err = offer_ring(d, &ring_kinds[i], service);
		if (err) {
			log_info("d%u: no ring for d%u (%d)", d->domid, service, err);
			return err;
		}
	}
	domain_notify_services(); /* the services learn of the rings now, not at creation */
	return 0;
}
