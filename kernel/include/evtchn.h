/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI: ports 1..4095 per domain, each closed, unbound
 * (offered to one remote domain), interdomain (connected to a peer's port), a
 * VIRQ or an IPI. Sending marks the port pending in the receiver's shared
 * info and, unless masked, its vCPU's selector and upcall flag, and raises
 * the upcall PPI.
 */
#ifndef EVTCHN_H
#define EVTCHN_H

#include <abi/event_channel.h>
#include <domain.h>

/** One port (16 bytes). Protected by its domain's evtchn_lock. */
struct evtchn {
	uint8_t state;         /* EVTCHNSTAT_* */
	uint8_t vcpu;          /* the vCPU it notifies */
	uint16_t remote_domid; /* unbound: who may bind; interdomain: the peer */
	uint32_t remote_port;  /* interdomain: the peer's port; virq: the VIRQ */
	struct domain *peer;   /* interdomain: valid while bound (both locks change it) */
};

/* Each returns 0 or -errno (abi/event_channel.h lists which); out-values on success. */
int evtchn_alloc_unbound(struct domain *d, uint16_t remote_domid, evtchn_port_t *port);
int evtchn_bind_interdomain(struct domain *d, uint16_t remote_domid, evtchn_port_t remote_port,
			    evtchn_port_t *port);
int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port);
int evtchn_close(struct domain *d, evtchn_port_t port);
int evtchn_send(struct domain *d, evtchn_port_t port);
int evtchn_status(struct domain *d, evtchn_port_t port, struct evtchn_status *out);
int evtchn_unmask(struct domain *d, evtchn_port_t port);
int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu);

/** Close every port of d (EVTCHNOP_reset, and domain destruction). */
void evtchn_reset(struct domain *d);

/** Raise VIRQ virq if v's domain bound it: a per-vCPU VIRQ on v, a global
 * one (bound through vCPU 0: pass that) on the vCPU its port is bound to. */
void evtchn_send_virq(struct vcpu *v, uint32_t virq);

/** true while v's vcpu_info says an event awaits it (the upcall is level). */
bool evtchn_upcall_pending(struct vcpu *v);

/** Make the upcall interrupt pending on v (arch: the vGIC's PPI 31). */
void arch_vcpu_raise_upcall(struct vcpu *v);

#endif
