// SPDX-License-Identifier: MIT
/* Event channels: the binding hypercalls, the per-port handler table and the upcall dispatcher. */
#include <abi/errno.h>
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <libos/config.h>
#include <libos/evtchn.h>
#include <libos/gic.h>
#include <libos/hypercall.h>
#include <libos/irq.h>
#include <libos/shared_info.h>
#include <libos/smp.h>
#include <libos/vcpu_info.h>
#include <stddef.h>

/*
 * Locking: none; every shared word is accessed with atomics.
 *  - A slot's handler is written whole (fn cleared, arg, then fn with
 *    release) and read with acquire by the dispatcher, as irq.c does.
 *  - evtchn_owner[cpu] has bit p set when port p notifies vCPU cpu: the
 *    dispatcher on cpu handles only those, so a vCPU never takes another
 *    vCPU's events from the shared pending words. A port is masked while
 *    its owner or handler changes, so no event is consumed half-way.
 *  - Statistics have one slot per vCPU, written by that vCPU.
 * Ports start masked (evtchn_init masks them all, close masks again): a
 * port is only unmasked once its owner and handler are in place, so an
 * event that arrives between the binding hypercall and that point stays
 * pending and evtchn_unmask delivers it.
 */

/* Passes of the dispatcher in one upcall; more pending work re-raises the level PPI anyway. */
#define EVTCHN_PASSES 8u
#define EVTCHN_WORD(port) ((port) / 64u)
#define EVTCHN_BIT(port) (1ull << ((port) % 64u))

struct evtchn_slot {
	evtchn_handler_fn fn;
	void *arg;
	uint64_t handled;
};

struct evtchn_cpu {
	bool ready;
	uint64_t upcalls;
	uint64_t unhandled;
};

static struct evtchn_slot evtchn_slots[EVTCHN_PORTS];
static uint64_t evtchn_owner[LIBOS_MAX_CPUS][EVTCHN_2L_WORDS];
static struct evtchn_cpu evtchn_cpus[LIBOS_MAX_CPUS];

static bool evtchn_port_ok(evtchn_port_t port)
{
	return port != 0 && port < EVTCHN_PORTS;
}

/* Run port's handler on the calling vCPU (its pending bit already cleared). */
static void evtchn_deliver(unsigned int cpu, evtchn_port_t port)
{
	struct evtchn_slot *slot = &evtchn_slots[port];
	evtchn_handler_fn fn = __atomic_load_n(&slot->fn, __ATOMIC_ACQUIRE);
	void *arg = __atomic_load_n(&slot->arg, __ATOMIC_RELAXED);

	if (fn == NULL) {
		__atomic_add_fetch(&evtchn_cpus[cpu].unhandled, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_add_fetch(&slot->handled, 1, __ATOMIC_RELAXED);
	fn(port, arg);
}

/* Handle the ports of the selected words that are pending, unmasked and this vCPU's. */
static void evtchn_scan(unsigned int cpu, struct shared_info *s, uint64_t selector)
{
	while (selector != 0) {
		unsigned int word = (unsigned int)__builtin_ctzll(selector);
		uint64_t ready;

		selector &= selector - 1;
		ready = __atomic_load_n(&s->evtchn_pending[word], __ATOMIC_ACQUIRE) &
			~__atomic_load_n(&s->evtchn_mask[word], __ATOMIC_RELAXED) &
			__atomic_load_n(&evtchn_owner[cpu][word], __ATOMIC_RELAXED);
		while (ready != 0) {
			unsigned int bit = (unsigned int)__builtin_ctzll(ready);

			ready &= ready - 1;
			/* Clear before the handler runs: a send meanwhile marks it again. */
			__atomic_fetch_and(&s->evtchn_pending[word], ~(1ull << bit),
					   __ATOMIC_SEQ_CST);
			evtchn_deliver(cpu, word * 64u + bit);
		}
	}
}

/* PPI 31: take everything the core marked for this vCPU. */
static void evtchn_upcall(unsigned int intid, void *unused)
{
	unsigned int cpu = smp_cpu_id();
	struct vcpu_info *info = vcpu_info_of(cpu);
	struct shared_info *s = shared_info_get();

	(void)intid;
	(void)unused;
	if (cpu >= LIBOS_MAX_CPUS) {
		return;
	}
	__atomic_add_fetch(&evtchn_cpus[cpu].upcalls, 1, __ATOMIC_RELAXED);
	if (info == NULL || s == NULL) {
		return;
	}
	for (unsigned int pass = 0; pass < EVTCHN_PASSES; pass++) {
		uint64_t selector;

		/* Lower the level first: whatever the core marks from now on raises it again. */
		__atomic_store_n(&info->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
		selector = __atomic_exchange_n(&info->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		evtchn_scan(cpu, s, selector);
		if (__atomic_load_n(&info->evtchn_upcall_pending, __ATOMIC_SEQ_CST) == 0) {
			break;
		}
	}
}

long evtchn_cpu_init(void)
{
	unsigned int cpu = smp_cpu_id();
	long rc;

	if (cpu >= LIBOS_MAX_CPUS || shared_info_get() == NULL) {
		return -XEN_EINVAL;
	}
	if (evtchn_cpus[cpu].ready) {
		return 0;
	}
	rc = vcpu_info_register();
	if (rc != 0) {
		return rc;
	}
	if (gic_irq_set_priority(GUEST_EVTCHN_PPI, GIC_PRIORITY_DEFAULT) != 0 ||
	    gic_irq_enable(GUEST_EVTCHN_PPI) != 0) {
		return -XEN_ENODEV;
	}
	evtchn_cpus[cpu].ready = true;
	return 0;
}

long evtchn_init(void)
{
	struct shared_info *s;
	long rc;

	if (shared_info_get() == NULL) {
		rc = shared_info_map(&s);
		if (rc != 0) {
			return rc;
		}
		for (unsigned int word = 0; word < EVTCHN_2L_WORDS; word++) {
			__atomic_store_n(&s->evtchn_mask[word], ~0ull, __ATOMIC_RELEASE);
		}
		if (irq_set_handler(GUEST_EVTCHN_PPI, evtchn_upcall, NULL) != 0) {
			return -XEN_EINVAL;
		}
	}
	return evtchn_cpu_init();
}

long evtchn_mask(evtchn_port_t port)
{
	struct shared_info *s = shared_info_get();

	if (!evtchn_port_ok(port) || s == NULL) {
		return -XEN_EINVAL;
	}
	__atomic_fetch_or(&s->evtchn_mask[EVTCHN_WORD(port)], EVTCHN_BIT(port), __ATOMIC_SEQ_CST);
	return 0;
}

long evtchn_unmask(evtchn_port_t port)
{
	struct shared_info *s = shared_info_get();
	struct evtchn_port_arg arg = { .port = port };

	if (!evtchn_port_ok(port) || s == NULL) {
		return -XEN_EINVAL;
	}
	__atomic_fetch_and(&s->evtchn_mask[EVTCHN_WORD(port)], ~EVTCHN_BIT(port), __ATOMIC_SEQ_CST);
	/* Pending while masked: the core never marked the selector; have it do so now. Its
	 * EVTCHNOP_unmask raises the upcall only for a port still masked (Xen's rule), so the
	 * port is masked again first: cleared before the look, no event slips between. */
	if (__atomic_load_n(&s->evtchn_pending[EVTCHN_WORD(port)], __ATOMIC_SEQ_CST) &
	    EVTCHN_BIT(port)) {
		__atomic_fetch_or(&s->evtchn_mask[EVTCHN_WORD(port)], EVTCHN_BIT(port),
				  __ATOMIC_SEQ_CST);
		return hypercall_event_channel_op(EVTCHNOP_unmask, &arg);
	}
	return 0;
}

long evtchn_set_handler(evtchn_port_t port, evtchn_handler_fn fn, void *arg)
{
	struct evtchn_slot *slot;

	if (!evtchn_port_ok(port)) {
		return -XEN_EINVAL;
	}
	slot = &evtchn_slots[port];
	__atomic_store_n(&slot->fn, NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&slot->arg, arg, __ATOMIC_RELAXED);
	__atomic_store_n(&slot->fn, fn, __ATOMIC_RELEASE);
	return 0;
}

/* Make port notify only vCPU cpu as far as the dispatchers are concerned. */
static void evtchn_set_owner(evtchn_port_t port, unsigned int cpu)
{
	for (unsigned int c = 0; c < LIBOS_MAX_CPUS; c++) {
		if (c == cpu) {
			__atomic_fetch_or(&evtchn_owner[c][EVTCHN_WORD(port)], EVTCHN_BIT(port),
					  __ATOMIC_SEQ_CST);
		} else {
			__atomic_fetch_and(&evtchn_owner[c][EVTCHN_WORD(port)], ~EVTCHN_BIT(port),
					   __ATOMIC_SEQ_CST);
		}
	}
}

/* After a binding hypercall gave port (masked): record where it goes, then let it in. */
static long evtchn_bound(evtchn_port_t port, unsigned int cpu, evtchn_handler_fn fn, void *arg)
{
	if (!evtchn_port_ok(port)) {
		return -XEN_EINVAL; /* the core answered a port it cannot have */
	}
	(void)evtchn_mask(port);
	evtchn_set_owner(port, cpu);
	(void)evtchn_set_handler(port, fn, arg);
	return fn != NULL ? evtchn_unmask(port) : 0;
}

long evtchn_alloc_unbound(domid_t remote, evtchn_handler_fn fn, void *arg, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
	long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	if (rc != 0) {
		return rc;
	}
	*port = op.port;
	return evtchn_bound(op.port, 0, fn, arg);
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_handler_fn fn,
			     void *arg, evtchn_port_t *port)
{
	struct evtchn_bind_interdomain op = { .remote_dom = remote, .remote_port = remote_port };
	long rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	if (rc != 0) {
		return rc;
	}
	*port = op.local_port;
	return evtchn_bound(op.local_port, 0, fn, arg);
}

long evtchn_bind_virq(uint32_t virq, unsigned int vcpu, evtchn_handler_fn fn, void *arg,
		      evtchn_port_t *port)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
	long rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &op);

	if (rc != 0) {
		return rc;
	}
	*port = op.port;
	return evtchn_bound(op.port, vcpu, fn, arg);
}

long evtchn_bind_ipi(unsigned int vcpu, evtchn_handler_fn fn, void *arg, evtchn_port_t *port)
{
	struct evtchn_bind_ipi op = { .vcpu = vcpu };
	long rc = hypercall_event_channel_op(EVTCHNOP_bind_ipi, &op);

	if (rc != 0) {
		return rc;
	}
	*port = op.port;
	return evtchn_bound(op.port, vcpu, fn, arg);
}

long evtchn_bind_vcpu(evtchn_port_t port, unsigned int vcpu)
{
	struct evtchn_bind_vcpu op = { .port = port, .vcpu = vcpu };
	struct shared_info *s = shared_info_get();
	bool was_masked;
	long rc;

	if (!evtchn_port_ok(port) || vcpu >= LIBOS_MAX_CPUS || s == NULL) {
		return -XEN_EINVAL;
	}
	was_masked = (__atomic_fetch_or(&s->evtchn_mask[EVTCHN_WORD(port)], EVTCHN_BIT(port),
					__ATOMIC_SEQ_CST) &
		      EVTCHN_BIT(port)) != 0;
	rc = hypercall_event_channel_op(EVTCHNOP_bind_vcpu, &op);
	if (rc == 0) {
		evtchn_set_owner(port, vcpu);
	}
	if (!was_masked) {
		(void)evtchn_unmask(port);
	}
	return rc;
}

long evtchn_close(evtchn_port_t port)
{
	struct evtchn_port_arg op = { .port = port };
	struct shared_info *s = shared_info_get();
	bool was_masked;
	long rc;

	if (!evtchn_port_ok(port) || s == NULL) {
		return -XEN_EINVAL;
	}
	was_masked = (__atomic_fetch_or(&s->evtchn_mask[EVTCHN_WORD(port)], EVTCHN_BIT(port),
					__ATOMIC_SEQ_CST) &
		      EVTCHN_BIT(port)) != 0;
	rc = hypercall_event_channel_op(EVTCHNOP_close, &op);
	if (rc != 0) {
		if (!was_masked) {
			(void)evtchn_unmask(port);
		}
		return rc;
	}
	(void)evtchn_set_handler(port, NULL, NULL);
	evtchn_set_owner(port, LIBOS_MAX_CPUS); /* nobody's */
	__atomic_fetch_and(&s->evtchn_pending[EVTCHN_WORD(port)], ~EVTCHN_BIT(port),
			   __ATOMIC_SEQ_CST);
	return 0;
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_port_arg op = { .port = port };

	return hypercall_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_status(evtchn_port_t port, struct evtchn_status *out)
{
	struct evtchn_status op = { .dom = DOMID_SELF, .port = port };
	long rc = hypercall_event_channel_op(EVTCHNOP_status, &op);

	if (rc == 0) {
		*out = op;
	}
	return rc;
}

uint64_t evtchn_handled_count(evtchn_port_t port)
{
	return evtchn_port_ok(port) ? __atomic_load_n(&evtchn_slots[port].handled, __ATOMIC_RELAXED)
				    : 0;
}

uint64_t evtchn_upcall_count(unsigned int cpu)
{
	return cpu < LIBOS_MAX_CPUS ? __atomic_load_n(&evtchn_cpus[cpu].upcalls, __ATOMIC_RELAXED)
				    : 0;
}

uint64_t evtchn_unhandled_count(unsigned int cpu)
{
	return cpu < LIBOS_MAX_CPUS ? __atomic_load_n(&evtchn_cpus[cpu].unhandled, __ATOMIC_RELAXED)
				    : 0;
}
