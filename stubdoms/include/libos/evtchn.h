/* SPDX-License-Identifier: MIT */
/* Event channels (2-level): binding ports, a handler per port, dispatch on the upcall PPI. */
#ifndef LIBOS_EVTCHN_H
#define LIBOS_EVTCHN_H

#include <abi/event_channel.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Set-up, after the GIC (gic.h):
 *
 *     evtchn_init();      boot vCPU, once: shared info mapped, every port
 *                         masked, its vcpu_info registered, PPI 31 handled
 *                         and enabled on it
 *     evtchn_cpu_init();  each other vCPU that takes events: its vcpu_info
 *                         registered, PPI 31 enabled on it
 *
 * and IRQs unmasked (intr.h). A port is bound by one of the evtchn_bind_* /
 * evtchn_alloc_unbound calls with a handler; the call unmasks it when the
 * handler is not NULL. Handlers run in IRQ context on the vCPU the port
 * notifies, with IRQs masked (the rules of irq.h apply: no newlib), after the
 * port's pending bit has been cleared, so an event sent while the handler
 * runs calls it again. Events sent while a port is masked stay pending and
 * are delivered by evtchn_unmask.
 *
 * The upcall handler takes each vCPU's events from its vcpu_info: clears
 * evtchn_upcall_pending, takes evtchn_pending_sel (swapped to 0), and for
 * each selected word handles the ports pending, not masked and notifying
 * this vCPU, lowest first; then again while evtchn_upcall_pending became set.
 *
 * Functions return 0 or a negative -XEN_E* (abi/errno.h): the core's, or
 * -XEN_EINVAL for a port the libOS cannot know (0 or >= EVTCHN_PORTS).
 * Binding functions may be called on any vCPU, but not concurrently for the
 * same port.
 */

/** A port's handler: the port and the argument given when binding it. */
typedef void (*evtchn_handler_fn)(evtchn_port_t port, void *arg);

/** Set up event delivery on the boot vCPU (see above). Returns 0 or the first error. */
long evtchn_init(void);

/** Set up event delivery on a secondary vCPU, after evtchn_init. Returns 0 or an error. */
long evtchn_cpu_init(void);

/** EVTCHNOP_alloc_unbound: a port remote may bind (its notifications come to vCPU 0). */
long evtchn_alloc_unbound(domid_t remote, evtchn_handler_fn fn, void *arg, evtchn_port_t *port);

/** EVTCHNOP_bind_interdomain to remote's port remote_port (notifying vCPU 0). */
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_handler_fn fn,
			     void *arg, evtchn_port_t *port);

/** EVTCHNOP_bind_virq: VIRQ virq of vCPU vcpu. */
long evtchn_bind_virq(uint32_t virq, unsigned int vcpu, evtchn_handler_fn fn, void *arg,
		      evtchn_port_t *port);

/** EVTCHNOP_bind_ipi: a port whose sends notify vCPU vcpu of this domain. */
long evtchn_bind_ipi(unsigned int vcpu, evtchn_handler_fn fn, void *arg, evtchn_port_t *port);

/** EVTCHNOP_bind_vcpu: port's notifications go to vCPU vcpu from now on. */
long evtchn_bind_vcpu(evtchn_port_t port, unsigned int vcpu);

/** Replace port's handler (NULL: none; its events are then taken and dropped). */
long evtchn_set_handler(evtchn_port_t port, evtchn_handler_fn fn, void *arg);

/** EVTCHNOP_close; the port is masked, its handler and pending bit dropped. */
long evtchn_close(evtchn_port_t port);

/** EVTCHNOP_send. */
long evtchn_send(evtchn_port_t port);

/** EVTCHNOP_status for one of this domain's ports. */
long evtchn_status(evtchn_port_t port, struct evtchn_status *out);

/** Set port's mask bit: its events stay pending, undelivered. */
long evtchn_mask(evtchn_port_t port);

/** Clear port's mask bit; if it is pending, EVTCHNOP_unmask has the core deliver it. */
long evtchn_unmask(evtchn_port_t port);

/** How many times port's handler has been called. */
uint64_t evtchn_handled_count(evtchn_port_t port);

/** How many upcalls (PPI 31 interrupts) vCPU cpu has taken. */
uint64_t evtchn_upcall_count(unsigned int cpu);

/** How many pending ports vCPU cpu took that had no handler. */
uint64_t evtchn_unhandled_count(unsigned int cpu);

#endif
