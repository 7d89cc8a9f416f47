// SPDX-License-Identifier: MIT
/* Keeping a service domain's peers in step with the core's domain list (peers.h). */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/peers.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The service's state follows the peer in the same allocation, 16-byte aligned. */
#define PEER_DATA_OFFSET ((sizeof(struct peer) + 15u) & ~(size_t)15u)
/* The table's first size; it then doubles up to the limit. */
#define PEERS_FIRST_SLOTS 16u

long domain_info_next(struct domain_info *info)
{
	return hypercall(__HYPERVISOR_domain_info, (unsigned long)info, 0, 0, 0, 0);
}

void peers_init(struct peer_set *set, unsigned int limit)
{
	set->limit = limit;
}

unsigned int peers_count(const struct peer_set *set)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < set->slot_count; i++) {
		count += set->slot[i] != NULL && set->slot[i]->used;
	}
	return count;
}

struct peer *peers_find(struct peer_set *set, uint16_t domid)
{
	for (unsigned int i = 0; i < set->slot_count; i++) {
		struct peer *p = set->slot[i];

		if (p != NULL && p->used && p->domid == domid) {
			return p;
		}
	}
	return NULL;
}

/* The first live domain at or above info->domid that match() accepts: 0, or -1 if none. */
static int find_domain(struct domain_info *info,
		       bool (*match)(const struct domain_info *, uint32_t), uint32_t arg)
{
	while (domain_info_next(info) == 0) {
		if (!(info->flags & DOMAIN_INFO_DYING) && match(info, arg)) {
			return 0;
		}
		if (info->domid == DOMID_FIRST_RESERVED - 1) {
			break;
		}
		info->domid++;
	}
	return -1;
}

static bool holds(const struct domain_info *info, uint32_t rights)
{
	return (info->rights & rights) != 0;
}

static bool lacks(const struct domain_info *info, uint32_t rights)
{
	return (info->rights & rights) == 0;
}

bool peers_only_holders_of(uint32_t rights)
{
	struct domain_info info = { .domid = 0 };

	return find_domain(&info, lacks, rights) != 0;
}

bool peers_none_left(void)
{
	return peers_only_holders_of(DOMAIN_RIGHT_CONSOLE | DOMAIN_RIGHT_XENSTORE);
}

uint16_t peers_holder(uint32_t right)
{
	struct domain_info info = { .domid = 0 };

	return find_domain(&info, holds, right) == 0 ? info.domid : DOMID_INVALID;
}

/* Give slot back; the table goes too once it is empty, so an idle set holds no heap. */
static void slot_free(struct peer_set *set, unsigned int slot)
{
	free(set->slot[slot]);
	set->slot[slot] = NULL;
	for (unsigned int i = 0; i < set->slot_count; i++) {
		if (set->slot[i] != NULL) {
			return;
		}
	}
	free(set->slot);
	set->slot = NULL;
	set->slot_count = 0;
}

static void detach(struct peer_set *set, struct peer *p, const struct peer_ops *ops)
{
	int16_t st;

	ops->detach(p, ops->ctx);
	(void)evtchn_close(p->port);
	st = gnttab_unmap_page(p->ring, p->handle);
	if (st != GNTST_okay) {
		printf("peers: d%u: ring unmap failed (%d)\n", p->domid, st);
	}
	slot_free(set, p->slot);
}

/* A free slot index, the table grown if it is full; -XEN_ENOSPC at the limit, -XEN_ENOMEM. */
static long free_slot(struct peer_set *set)
{
	unsigned int count = set->slot_count;
	struct peer **grown;

	for (unsigned int i = 0; i < count; i++) {
		if (set->slot[i] == NULL) {
			return i;
		}
	}
	if (count >= set->limit) {
		return -XEN_ENOSPC;
	}
	count = count == 0 ? PEERS_FIRST_SLOTS : count * 2u;
	count = count < set->limit ? count : set->limit;
	grown = realloc(set->slot, count * sizeof(*grown));
	if (grown == NULL) {
		return -XEN_ENOMEM;
	}
	memset(grown + set->slot_count, 0, (count - set->slot_count) * sizeof(*grown));
	set->slot = grown;
	set->slot_count = count;
	return free_slot(set);
}

/* A zeroed peer in a free slot, with the service's state: 0, or -XEN_E* after saying why not. */
static long peer_new(struct peer_set *set, uint16_t domid, const struct peer_ops *ops,
		     struct peer **out)
{
	long slot = free_slot(set);
	struct peer *p = NULL;

	if (slot >= 0) {
		p = calloc(1, PEER_DATA_OFFSET + ops->data_size);
		slot = p != NULL ? slot : -XEN_ENOMEM;
	}
	if (slot == -XEN_ENOSPC) {
		printf("peers: d%u: not served: at the limit of %u domains\n", domid, set->limit);
		return slot;
	}
	if (slot < 0) {
		printf("peers: d%u: not served: out of memory\n", domid);
		return slot;
	}
	p->slot = (unsigned int)slot;
	p->data = ops->data_size ? (char *)p + PEER_DATA_OFFSET : NULL;
	set->slot[slot] = p;
	*out = p;
	return 0;
}

/*
 * No room for the domain: where the ring's protocol can say so (ops->refuse),
 * the service marks its ring and the domain is notified, and the set leaves
 * this build of it alone from then on. Without memory to remember that, it
 * is told again at the next sync.
 */
static void tell_refused(struct peer_set *set, const struct domain_info *info, uint32_t remote_port,
			 const struct peer_ops *ops)
{
	struct peer_refusal *grown;
	grant_handle_t handle;
	evtchn_port_t port;
	void *ring;

	if (!ops->refuse ||
	    gnttab_map_page(info->domid, ops->ref, false, &ring, &handle) != GNTST_okay) {
		return;
	}
	if (evtchn_bind_interdomain(info->domid, remote_port, NULL, NULL, &port) == 0) {
		ops->refuse(ring, ops->ctx);
		(void)evtchn_send(port);
		(void)evtchn_close(port);
	}
	(void)gnttab_unmap_page(ring, handle);
	grown = realloc(set->refused, (set->refused_count + 1u) * sizeof(*grown));
	if (grown) {
		set->refused = grown;
		set->refused[set->refused_count++] =
			(struct peer_refusal){ info->domid, info->generation, true };
	}
}

/* Whether this build of the domain was told it is not served; marks it seen by this sync. */
static bool told_refused(struct peer_set *set, const struct domain_info *info)
{
	for (unsigned int i = 0; i < set->refused_count; i++) {
		struct peer_refusal *r = &set->refused[i];

		if (r->domid == info->domid && r->generation == info->generation) {
			r->seen = true;
			return true;
		}
	}
	return false;
}

/* Forget the refusals of domains gone, dying or rebuilt: the ones this sync did not see. */
static void refusals_prune(struct peer_set *set)
{
	unsigned int kept = 0;

	for (unsigned int i = 0; i < set->refused_count; i++) {
		if (set->refused[i].seen) {
			set->refused[kept] = set->refused[i];
			set->refused[kept++].seen = false;
		}
	}
	set->refused_count = kept;
	if (kept == 0) {
		free(set->refused);
		set->refused = NULL;
	}
}

/* Map the ring, bind the port, then let the service take it on. 0 or -XEN_E*. */
static long attach(struct peer_set *set, const struct domain_info *info, uint32_t remote_port,
		   const struct peer_ops *ops)
{
	struct peer *p = NULL;
	int16_t st;
	long err = peer_new(set, info->domid, ops, &p);

	if (err) {
		tell_refused(set, info, remote_port, ops);
		return err;
	}
	*p = (struct peer){ .slot = p->slot,
			    .data = p->data,
			    .domid = info->domid,
			    .generation = info->generation,
			    .rights = info->rights,
			    .vcpu_count = info->vcpu_count };
	memcpy(p->name, info->name, sizeof(p->name));
	p->name[sizeof(p->name) - 1] = '\0';
	st = gnttab_map_page(info->domid, ops->ref, false, &p->ring, &p->handle);
	if (st != GNTST_okay) {
		printf("peers: d%u: cannot map its ring (%d)\n", info->domid, st);
		slot_free(set, p->slot);
		return -XEN_EFAULT;
	}
	err = evtchn_bind_interdomain(info->domid, remote_port, NULL, p, &p->port);
	if (err == 0) {
		p->used = true;
		err = ops->attach(p, ops->ctx);
		if (err == 0) {
			return 0;
		}
		p->used = false;
		(void)evtchn_close(p->port);
	}
	printf("peers: d%u: not served (%ld)\n", info->domid, err);
	(void)gnttab_unmap_page(p->ring, p->handle);
	slot_free(set, p->slot);
	return err;
}

/* A new domain the service takes on by itself at a sync: ops->wanted decides. */
static bool wanted(const struct domain_info *info, const struct peer_ops *ops)
{
	return !ops->wanted || ops->wanted(info, ops->ctx);
}

/* Whether a peer still stands for the domain info describes. */
static bool current(const struct peer *p, const struct domain_info *info, uint32_t port)
{
	return port != 0 && !(info->flags & DOMAIN_INFO_DYING) && p->generation == info->generation;
}

unsigned int peers_sync(struct peer_set *set, const struct peer_ops *ops)
{
	struct domain_info info = { .domid = 0 };
	bool refused = false;
	bool freed = false;

	while (domain_info_next(&info) == 0) {
		uint32_t port = ops->store ? info.store_port : info.console_port;
		struct peer *p = peers_find(set, info.domid);

		if (p && !current(p, &info, port)) {
			detach(set, p, ops);
			p = NULL;
		}
		if (!p && port != 0 && !(info.flags & DOMAIN_INFO_DYING) &&
		    !told_refused(set, &info) && wanted(&info, ops)) {
			refused = attach(set, &info, port, ops) == -XEN_ENOSPC || refused;
			p = peers_find(set, info.domid);
		}
		if (p) {
			p->seen = true;
		}
		if (info.domid == DOMID_FIRST_RESERVED - 1) {
			break;
		}
		info.domid++;
	}
	/* Backwards: a detach that empties the table frees it, and the walk then ends at once. */
	for (unsigned int i = set->slot_count; i-- > 0;) {
		struct peer *p = i < set->slot_count ? set->slot[i] : NULL;

		if (p && !p->seen) {
			detach(set, p, ops);
			freed = true;
		} else if (p) {
			p->seen = false;
		}
	}
	refusals_prune(set);
	/* A domain refused for want of room that a gone one has just made: once more. */
	if (refused && freed) {
		return peers_sync(set, ops);
	}
	return peers_count(set);
}

long peers_attach(struct peer_set *set, uint16_t domid, const struct peer_ops *ops)
{
	struct domain_info info = { .domid = domid };
	uint32_t port;

	if (peers_find(set, domid)) {
		return -XEN_EEXIST;
	}
	if (domain_info_next(&info) != 0 || info.domid != domid ||
	    (info.flags & DOMAIN_INFO_DYING)) {
		return -XEN_ESRCH;
	}
	port = ops->store ? info.store_port : info.console_port;
	return port != 0 ? attach(set, &info, port, ops) : -XEN_ENOENT;
}

void peers_detach(struct peer_set *set, uint16_t domid, const struct peer_ops *ops)
{
	struct peer *p = peers_find(set, domid);

	if (p) {
		detach(set, p, ops);
	}
}
