// SPDX-License-Identifier: MIT
/* Keeping a service domain's peers in step with the core's domain list (peers.h). */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/peers.h>
#include <stdio.h>
#include <string.h>

long domain_info_next(struct domain_info *info)
{
	return hypercall(__HYPERVISOR_domain_info, (unsigned long)info, 0, 0, 0, 0);
}

struct peer *peers_find(struct peer_set *set, uint16_t domid)
{
	for (unsigned int i = 0; i < PEERS_MAX; i++) {
		if (set->peers[i].used && set->peers[i].domid == domid) {
			return &set->peers[i];
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

static void detach(struct peer *p, const struct peer_ops *ops)
{
	int16_t st;

	ops->detach(p, ops->ctx);
	(void)evtchn_close(p->port);
	st = gnttab_unmap_page(p->ring, p->handle);
	if (st != GNTST_okay) {
		printf("peers: d%u: ring unmap failed (%d)\n", p->domid, st);
	}
	memset(p, 0, sizeof(*p));
}

static struct peer *free_slot(struct peer_set *set)
{
	for (unsigned int i = 0; i < PEERS_MAX; i++) {
		if (!set->peers[i].used) {
			return &set->peers[i];
		}
	}
	return NULL;
}

/* Map the ring, bind the port, then let the service take it on. 0 or -XEN_E*. */
static long attach(struct peer_set *set, const struct domain_info *info, uint32_t remote_port,
		   const struct peer_ops *ops)
{
	struct peer *p = free_slot(set);
	int16_t st;
	long err;

	if (!p) {
		printf("peers: d%u: no room for another peer\n", info->domid);
		return -XEN_ENOSPC;
	}
	*p = (struct peer){ .slot = (unsigned int)(p - set->peers),
			    .domid = info->domid,
			    .generation = info->generation,
			    .rights = info->rights,
			    .vcpu_count = info->vcpu_count };
	memcpy(p->name, info->name, sizeof(p->name));
	p->name[sizeof(p->name) - 1] = '\0';
	st = gnttab_map_page(info->domid, ops->ref, false, &p->ring, &p->handle);
	if (st != GNTST_okay) {
		printf("peers: d%u: cannot map its ring (%d)\n", info->domid, st);
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
	bool seen[PEERS_MAX] = { false };
	struct domain_info info = { .domid = 0 };
	unsigned int attached = 0;

	while (domain_info_next(&info) == 0) {
		uint32_t port = ops->store ? info.store_port : info.console_port;
		struct peer *p = peers_find(set, info.domid);

		if (p && !current(p, &info, port)) {
			detach(p, ops);
			p = NULL;
		}
		if (!p && port != 0 && !(info.flags & DOMAIN_INFO_DYING) && wanted(&info, ops)) {
			(void)attach(set, &info, port, ops);
			p = peers_find(set, info.domid);
		}
		if (p) {
			seen[p - set->peers] = true;
		}
		if (info.domid == DOMID_FIRST_RESERVED - 1) {
			break;
		}
		info.domid++;
	}
	for (unsigned int i = 0; i < PEERS_MAX; i++) {
		if (set->peers[i].used && !seen[i]) {
			detach(&set->peers[i], ops);
		}
		attached += set->peers[i].used;
	}
	return attached;
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
		detach(p, ops);
	}
}
