/* SPDX-License-Identifier: MIT */
/* The hostile ABI domain's peers, addresses and raw calls. */
#ifndef TEST_GUESTS_HOSTILE_ABI_H
#define TEST_GUESTS_HOSTILE_ABI_H

#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/guest_layout.h>
#include <libos/dt.h>
#include <libos/hypercall.h>
#include <stdint.h>

/*
 * The hostile domain (1) runs beside a peer (2, abi_peer.img) that offers it
 * grants and ports, and a bystander (3) that is named but never asked. The
 * peer's offers (abi_peer/offers.h) are what the hostile domain attacks.
 * Every call here is made raw, through the hypercall stubs, so the libOS
 * wrappers cannot tidy the arguments up; each checks the exact errno or
 * GNTST status the ABI headers document.
 */
#define HOSTILE_PEER_DOMID 2
#define HOSTILE_NO_SUCH_DOMID 77u

/* A virtual address outside the libOS stage-1 map: pointers here must give -EFAULT. */
#define HOSTILE_UNMAPPED_VA 0x7FFF0000000ull
/* An IPA no domain has at stage 2, below RAM (Device memory at stage 1). */
#define HOSTILE_HOLE_IPA 0x10000000ull

/** The peer's domain id (bootargs "peer=N", 2 by default). */
domid_t hostile_peer(void);

/** The first IPA past the domain's RAM, from the DT; 0 if unknown. */
uint64_t hostile_ram_end(void);

/** The port connected to the peer (connect.c), or 0 if connecting failed. */
evtchn_port_t hostile_peer_port(void);

/** event_channel_op(cmd, arg) as it is. */
static inline long hostile_evtchn_op(unsigned long cmd, void *arg)
{
	return hypercall_event_channel_op(cmd, arg);
}

/** event_channel_op on a struct evtchn_port_arg (close, send, unmask). */
static inline long hostile_port_op(unsigned long cmd, uint32_t port)
{
	struct evtchn_port_arg arg = { .port = port };

	return hypercall_event_channel_op(cmd, &arg);
}

/** grant_table_op(cmd, ops, count) as it is. */
static inline long hostile_gnttab_op(unsigned long cmd, void *ops, unsigned long count)
{
	return hypercall_grant_table_op(cmd, ops, count);
}

/**
 * One GNTTABOP_map_grant_ref; returns the op's status (or the hypercall's
 * error, which is never a GNTST value below -13) and fills *handle on okay.
 */
int64_t hostile_map(domid_t dom, grant_ref_t ref, uint64_t host_addr, uint32_t flags,
		    grant_handle_t *handle);

/** One GNTTABOP_unmap_grant_ref; its status (or the hypercall's error). */
int64_t hostile_unmap(uint64_t host_addr, grant_handle_t handle);

/** A page of the physmap window for mapping grants into; 0 if none is left. */
uint64_t hostile_map_page(void);

#endif
