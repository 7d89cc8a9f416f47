/* SPDX-License-Identifier: MIT */
/* event_channel_op hypercall: the 2-level event channel ABI. */
#ifndef ABI_EVENT_CHANNEL_H
#define ABI_EVENT_CHANNEL_H

#include <abi/xen.h>
#include <stdint.h>

/*
 * event_channel_op(cmd, arg VA). Returns 0 or -XEN_E*: -EFAULT for an
 * unreadable or unwritable arg; -EINVAL for a port out of range (>= 4096), a
 * closed port where an open one is needed, a port that cannot be bound or
 * re-targeted as asked, or a bad VIRQ; -ENOENT for a vCPU that does not exist;
 * -EEXIST for a VIRQ already bound on that vCPU; -ENOSPC when no port is free;
 * -ESRCH for an unknown domain; -EPERM for a dom field naming another domain.
 * Ports are 1..EVTCHN_PORTS-1; port 0 is never handed out (status reports it
 * closed, unmask of it does nothing).
 */
typedef uint32_t evtchn_port_t;

#define EVTCHN_PORTS 4096

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi 7
#define EVTCHNOP_bind_vcpu 8
/* unmask clears the port's mask bit and raises the upcall if that bit was set and the port is
 * pending, as Xen does: a guest that cleared the bit itself masks it again before it asks. */
#define EVTCHNOP_unmask 9
#define EVTCHNOP_reset 10
#define EVTCHNOP_init_control 11 /* FIFO ABI: -ENOSYS, so guests use 2-level */

/**
 * Allocate a port that remote_dom may bind (8 bytes). -EPERM when dom is
 * another domain and the caller is not its controller (DOMAIN_RIGHT_TOOLSTACK
 * over it); -ESRCH when dom or remote_dom does not exist.
 */
struct evtchn_alloc_unbound {
	domid_t dom;        /* IN: DOMID_SELF, the caller's id, or a domain it controls */
	domid_t remote_dom; /* IN: who may bind it; DOMID_SELF for the caller */
	evtchn_port_t port; /* OUT */
};
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "size");

/** Connect to remote_dom's unbound port that names us (12 bytes). */
struct evtchn_bind_interdomain {
	domid_t remote_dom; /* IN */
	uint16_t pad;
	evtchn_port_t remote_port; /* IN */
	evtchn_port_t local_port;  /* OUT */
};
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "size");
_Static_assert(__builtin_offsetof(struct evtchn_bind_interdomain, local_port) == 8, "offset");

/** Bind a virtual IRQ to a port of the caller (12 bytes). */
struct evtchn_bind_virq {
	uint32_t virq;      /* IN: VIRQ_* */
	uint32_t vcpu;      /* IN: the vCPU a per-vCPU VIRQ fires on; 0 for global ones */
	evtchn_port_t port; /* OUT */
};
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "size");

/** A port for signalling one of the caller's own vCPUs (8 bytes). */
struct evtchn_bind_ipi {
	uint32_t vcpu;      /* IN: the vCPU notified */
	evtchn_port_t port; /* OUT */
};
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "size");

/** Argument of close, send and unmask (4 bytes). */
struct evtchn_port_arg {
	evtchn_port_t port; /* IN */
};
_Static_assert(sizeof(struct evtchn_port_arg) == 4, "size");

#define EVTCHNSTAT_closed 0
#define EVTCHNSTAT_unbound 1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq 3
#define EVTCHNSTAT_virq 4
#define EVTCHNSTAT_ipi 5

/** What a port is (24 bytes). */
struct evtchn_status {
	domid_t dom; /* IN: DOMID_SELF */
	uint16_t pad;
	evtchn_port_t port; /* IN */
	uint32_t status;    /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;      /* OUT: the vCPU it notifies */
	union {
		struct {
			domid_t dom; /* unbound: who may bind it */
		} unbound;
		struct {
			domid_t dom; /* interdomain: the peer */
			uint16_t pad;
			evtchn_port_t port; /* and its port */
		} interdomain;
		uint32_t virq; /* virq: which */
	} u;                   /* OUT */
};
_Static_assert(sizeof(struct evtchn_status) == 24, "size");
_Static_assert(__builtin_offsetof(struct evtchn_status, u) == 16, "offset");

/** Re-target a port's notifications to another vCPU (8 bytes). */
struct evtchn_bind_vcpu {
	evtchn_port_t port; /* IN */
	uint32_t vcpu;      /* IN */
};
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "size");

/** Close every port of a domain (2 bytes). */
struct evtchn_reset {
	domid_t dom; /* IN: DOMID_SELF */
};
_Static_assert(sizeof(struct evtchn_reset) == 2, "size");

/* Virtual IRQs. Per-vCPU: TIMER, DEBUG. The rest are global (vCPU 0). */
#define VIRQ_TIMER 0
#define VIRQ_DEBUG 1
#define VIRQ_CONSOLE 2
#define VIRQ_DOM_EXC 3
#define VIRQ_COUNT 24

#endif
