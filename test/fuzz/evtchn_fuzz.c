// SPDX-License-Identifier: MIT
/*
 * Fuzz target of event channels (kernel/common/evtchn.c, evtchn_op.c) on the
 * host arch: the input is a script of steps over three real domains (domain 1
 * controls 2 and 3), each issued as a guest issues it, through
 * event_channel_op's hypercall entry with its argument in the caller's RAM:
 * alloc_unbound, bind_interdomain, bind_virq, bind_ipi, close, send, unmask,
 * bind_vcpu, status, reset, any command over raw bytes; and, from outside, the
 * core raising a VIRQ, a guest masking, marking or taking events in its shared
 * info, and a domain destroyed or made again.
 *
 * Every return must be one the ABI lists and every port the core reports must
 * agree with the rest: both ends of a connection name each other, a VIRQ port
 * is the one its vCPU records, a send reaches the receiver's pending bits (and
 * its upcall, when unmasked), a port closed or reset is closed; once every
 * domain is destroyed every frame (port pages included) must be back in the
 * allocator.
 *
 * A step's first byte picks the step (low 4 bits), the caller (bits 4-5) and
 * its vCPU (bit 6); its arguments follow, as each step's function reads them.
 */
#include "fuzz_domains.h"
#include <string.h>
#include <abi/event_channel.h>
#include <abi/hypercall.h>
#include <errno.h>
#include <evtchn.h>
#include <lib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- picking arguments -------------------------------------------------------------------- */

/* Mostly the low ports, where the lowest free one is handed out; else the edges or anything. */
static uint32_t pick_port(struct fuzz_input *in)
{
	static const uint32_t edges[] = {
		0, 63, 64, 255, 256, 257, EVTCHN_PORTS - 1, EVTCHN_PORTS
	};
	uint8_t b = fuzz_byte(in);

	if (b < 0xe0) {
		return 1 + b % 12;
	}
	return b < 0xf0 ? edges[b % 8] : (uint32_t)fuzz_bytes(in, 4);
}

static uint32_t pick_vcpu(struct fuzz_input *in)
{
	uint8_t b = fuzz_byte(in);

	return b < 0xf0 ? b % 3 : (uint32_t)fuzz_bytes(in, 4);
}

/* --- what the core says about ports, and what must hold of it ------------------------------ */

static void check_ret(long ret)
{
	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -EPERM || ret == -ESRCH || ret == -ENOSPC ||
		   ret == -EEXIST || ret == -ENOENT || ret == -EFAULT || ret == -ENOSYS);
}

static struct evtchn_status status_of(struct domain *d, uint32_t port)
{
	struct evtchn_status s = { 0 };

	FUZZ_CHECK(evtchn_status(d, port, &s) == 0);
	return s;
}

/* The live fuzz domain with this domid, or NULL. */
static struct domain *live_domain(uint16_t domid)
{
	for (unsigned int i = 0; i < FUZZ_DOMAINS; i++) {
		struct domain *d = fuzz_domain(i);

		if (d && d->domid == domid) {
			return d;
		}
	}
	return NULL;
}

static bool per_vcpu(uint32_t virq)
{
	return virq == VIRQ_TIMER || virq == VIRQ_DEBUG;
}

/* One port of d agrees with its peer and with its vCPU's VIRQ table. */
static void check_port(struct domain *d, uint32_t port)
{
	struct evtchn_status s = status_of(d, port);

	FUZZ_CHECK(s.status <= EVTCHNSTAT_ipi && s.status != EVTCHNSTAT_pirq);
	FUZZ_CHECK(s.vcpu < d->vcpu_count);
	if (s.status == EVTCHNSTAT_interdomain) {
		struct domain *peer = live_domain(s.u.interdomain.dom);
		struct evtchn_status ps;

		/* A peer's destruction closes its end, leaving ours unbound. */
		FUZZ_CHECK(peer != NULL);
		ps = status_of(peer, s.u.interdomain.port);
		FUZZ_CHECK(ps.status == EVTCHNSTAT_interdomain);
		FUZZ_CHECK(ps.u.interdomain.dom == d->domid && ps.u.interdomain.port == port);
	} else if (s.status == EVTCHNSTAT_virq) {
		uint32_t owner = per_vcpu(s.u.virq) ? s.vcpu : 0;

		FUZZ_CHECK(s.u.virq < VIRQ_COUNT);
		FUZZ_CHECK(d->vcpus[owner]->virq_port[s.u.virq] == port);
	}
}

/* Ports of a page the core never allocated are closed by construction: no need to ask. */
static bool bucket_used(struct domain *d, uint32_t port)
{
	const unsigned int ports_per_bucket = EVTCHN_PORTS / ARRAY_SIZE(d->evtchn_buckets);

	return d->evtchn_buckets[port / ports_per_bucket] != NULL;
}

/* Every port of every domain, and every VIRQ a vCPU records. */
static void check_all(void)
{
	for (unsigned int i = 0; i < FUZZ_DOMAINS; i++) {
		struct domain *d = fuzz_domain(i);

		if (!d) {
			continue;
		}
		for (uint32_t port = 0; port < EVTCHN_PORTS; port++) {
			if (bucket_used(d, port)) {
				check_port(d, port);
			}
		}
		for (unsigned int v = 0; v < d->vcpu_count; v++) {
			for (uint32_t virq = 0; virq < VIRQ_COUNT; virq++) {
				uint16_t port = d->vcpus[v]->virq_port[virq];
				struct evtchn_status s = status_of(d, port);

				FUZZ_CHECK(!port ||
					   (s.status == EVTCHNSTAT_virq && s.u.virq == virq &&
					    (!per_vcpu(virq) || s.vcpu == v)));
				FUZZ_CHECK(per_vcpu(virq) || v == 0 || !port);
			}
		}
	}
}

static bool pending(struct domain *d, uint32_t port)
{
	return d->shared_info->evtchn_pending[port / 64] & (1ull << (port % 64));
}

static bool masked(struct domain *d, uint32_t port)
{
	return d->shared_info->evtchn_mask[port / 64] & (1ull << (port % 64));
}

/* A port pending and not masked has told the vCPU it notifies, if that is vCPU 0 (the one with a
 * vcpu_info here): its selector names the port's word and its upcall is pending. */
static void check_heard(struct domain *d, uint32_t port)
{
	struct vcpu_info *vi = d->vcpus[0]->vcpu_info;

	if (vi && pending(d, port) && !masked(d, port) && status_of(d, port).vcpu == 0) {
		FUZZ_CHECK(vi->evtchn_upcall_pending);
		FUZZ_CHECK(vi->evtchn_pending_sel & (1ull << (port / 64)));
	}
}

/* --- the steps ------------------------------------------------------------------------------ */

static long call(struct domain *d, unsigned int vcpu, uint64_t cmd, void *arg, size_t len)
{
	long ret = fuzz_call(d, vcpu, __HYPERVISOR_event_channel_op, cmd, arg, len, 0);

	check_ret(ret);
	return ret;
}

static void step_alloc_unbound(struct fuzz_input *in, struct domain *d, unsigned int vcpu)
{
	struct evtchn_alloc_unbound a = { 0 };
	struct domain *target;

	a.dom = fuzz_byte(in) < 0xc0 ? DOMID_SELF : fuzz_pick_domid(in);
	a.remote_dom = fuzz_pick_domid(in);
	if (call(d, vcpu, EVTCHNOP_alloc_unbound, &a, sizeof(a)) == 0) {
		target = a.dom == DOMID_SELF ? d : live_domain(a.dom);
		FUZZ_CHECK(target && a.port > 0 && a.port < EVTCHN_PORTS);
		FUZZ_CHECK(status_of(target, a.port).status == EVTCHNSTAT_unbound);
		check_port(target, a.port);
	}
}

static void step_bind_interdomain(struct fuzz_input *in, struct domain *d, unsigned int vcpu)
{
	struct evtchn_bind_interdomain a = { 0 };

	a.remote_dom = fuzz_pick_domid(in);
	a.remote_port = pick_port(in);
	if (call(d, vcpu, EVTCHNOP_bind_interdomain, &a, sizeof(a)) == 0) {
		struct evtchn_status s = status_of(d, a.local_port);

		FUZZ_CHECK(s.status == EVTCHNSTAT_interdomain);
		FUZZ_CHECK(s.u.interdomain.port == a.remote_port);
		check_port(d, a.local_port);
	}
}

static void step_bind_virq(struct fuzz_input *in, struct domain *d, unsigned int vcpu)
{
	struct evtchn_bind_virq a = { 0 };
	uint8_t b = fuzz_byte(in);

	a.virq = b < 0xf0 ? b % (VIRQ_COUNT + 2) : (uint32_t)fuzz_bytes(in, 4);
	a.vcpu = pick_vcpu(in);
	if (call(d, vcpu, EVTCHNOP_bind_virq, &a, sizeof(a)) == 0) {
		struct evtchn_status s = status_of(d, a.port);

		FUZZ_CHECK(s.status == EVTCHNSTAT_virq && s.u.virq == a.virq && s.vcpu == a.vcpu);
		check_port(d, a.port);
	}
}

static void step_bind_ipi(struct fuzz_input *in, struct domain *d, unsigned int vcpu)
{
	struct evtchn_bind_ipi a = { 0 };

	a.vcpu = pick_vcpu(in);
	if (call(d, vcpu, EVTCHNOP_bind_ipi, &a, sizeof(a)) == 0) {
		struct evtchn_status s = status_of(d, a.port);

		FUZZ_CHECK(s.status == EVTCHNSTAT_ipi && s.vcpu == a.vcpu);
	}
}

/* close, send or unmask: one port number. */
static void step_port(struct fuzz_input *in, struct domain *d, unsigned int vcpu, uint64_t cmd)
{
	struct evtchn_port_arg a = { pick_port(in) };
	struct evtchn_status before = { 0 };
	struct domain *to = NULL; /* where a send lands: the peer's port, or an IPI's own */
	uint32_t to_port = 0;
	bool was_pending = false, was_masked = false;
	long ret;

	if (a.port < EVTCHN_PORTS) {
		before = status_of(d, a.port);
		was_masked = masked(d, a.port);
	}
	if (before.status == EVTCHNSTAT_interdomain) {
		to = live_domain(before.u.interdomain.dom);
		to_port = before.u.interdomain.port;
	} else if (before.status == EVTCHNSTAT_ipi) {
		to = d;
		to_port = a.port;
	}
	was_pending = to && pending(to, to_port);
	ret = call(d, vcpu, cmd, &a, sizeof(a));
	if (cmd == EVTCHNOP_close) {
		FUZZ_CHECK((ret == 0) == (a.port < EVTCHN_PORTS && before.status != 0));
		FUZZ_CHECK(ret != 0 || status_of(d, a.port).status == EVTCHNSTAT_closed);
	} else if (cmd == EVTCHNOP_send && ret == 0) {
		/* It marks the receiving port pending; a port already pending was heard before. */
		FUZZ_CHECK(before.status == EVTCHNSTAT_unbound || (to && pending(to, to_port)));
		if (to && !was_pending) {
			check_heard(to, to_port);
		}
	} else if (cmd == EVTCHNOP_unmask && ret == 0) {
		/* Xen's rule: unmasking a masked, pending port tells its vCPU again; a port the
		 * guest had unmasked itself tells nothing. */
		FUZZ_CHECK(!masked(d, a.port));
		if (was_masked) {
			check_heard(d, a.port);
		}
	}
}

static void step_bind_vcpu(struct fuzz_input *in, struct domain *d, unsigned int vcpu)
{
	struct evtchn_bind_vcpu a = { 0 };

	a.port = pick_port(in);
	a.vcpu = pick_vcpu(in);
	if (call(d, vcpu, EVTCHNOP_bind_vcpu, &a, sizeof(a)) == 0) {
		FUZZ_CHECK(status_of(d, a.port).vcpu == a.vcpu);
		check_port(d, a.port);
	}
}

/* The guest's view, through the hypercall, is the core's. */
static void step_status(struct fuzz_input *in, struct domain *d, unsigned int vcpu)
{
	struct evtchn_status a = { 0 };

	a.dom = fuzz_byte(in) < 0xe0 ? DOMID_SELF : fuzz_pick_domid(in);
	a.port = pick_port(in);
	if (call(d, vcpu, EVTCHNOP_status, &a, sizeof(a)) == 0) {
		struct evtchn_status s = status_of(d, a.port);

		FUZZ_CHECK(a.status == s.status && a.vcpu == s.vcpu);
		FUZZ_CHECK(!memcmp(&a.u, &s.u, sizeof(a.u)));
	}
}

static void step_reset(struct fuzz_input *in, struct domain *d, unsigned int vcpu)
{
	struct evtchn_reset a = { fuzz_byte(in) < 0xe0 ? DOMID_SELF : fuzz_pick_domid(in) };

	if (call(d, vcpu, EVTCHNOP_reset, &a, sizeof(a)) == 0) {
		for (uint32_t port = 0; port < EVTCHN_PORTS; port++) {
			FUZZ_CHECK(!bucket_used(d, port) ||
				   status_of(d, port).status == EVTCHNSTAT_closed);
		}
	}
}

/* Any command (known or not) over argument bytes from the input, at any address. */
static void step_raw(struct fuzz_input *in, struct domain *d, unsigned int vcpu)
{
	uint8_t *args = fuzz_guest_ptr(d, FUZZ_ARGS_GPA);
	uint64_t cmd = fuzz_byte(in) < 0xf0 ? fuzz_byte(in) % 14 : fuzz_bytes(in, 8);
	uint64_t arg = fuzz_byte(in) < 0xe0 ? FUZZ_ARGS_GPA + PAGE_SIZE - 32 + fuzz_byte(in) % 48
					    : fuzz_bytes(in, 8);
	size_t len = fuzz_byte(in) % 32;

	for (size_t k = 0; k < len && args; k++) {
		args[PAGE_SIZE - 32 + k] = fuzz_byte(in);
	}
	check_ret(fuzz_hvc(d, vcpu, __HYPERVISOR_event_channel_op, cmd, arg, 0));
}

/* The core raising a VIRQ (the console's, a timer's) on a vCPU of d. */
static void step_raise_virq(struct fuzz_input *in, struct domain *d)
{
	uint8_t b = fuzz_byte(in);
	struct vcpu *v = d->vcpus[(b >> 7) % d->vcpu_count];
	uint32_t virq = b % (VIRQ_COUNT + 2);
	uint16_t port = virq < VIRQ_COUNT ? v->virq_port[virq] : 0;
	bool was_pending = port && pending(d, port);

	evtchn_send_virq(v, virq);
	FUZZ_CHECK(!port || pending(d, port));
	if (port && !was_pending) {
		check_heard(d, port);
	}
}

/* The guest masks or unmasks a port, sets or clears its pending bit, or takes its upcall
 * (clearing vCPU 0's flag and selector, as its handler does first) in its shared info. */
static void step_guest_bits(struct fuzz_input *in, struct domain *d)
{
	uint8_t b = fuzz_byte(in);
	uint32_t port = pick_port(in) % EVTCHN_PORTS;
	uint64_t bit = 1ull << (port % 64);
	uint64_t *word = b & 1 ? &d->shared_info->evtchn_mask[port / 64]
			       : &d->shared_info->evtchn_pending[port / 64];
	struct vcpu_info *vi = d->vcpus[0]->vcpu_info;

	if (b & 4) {
		if (vi) {
			vi->evtchn_upcall_pending = 0;
			vi->evtchn_pending_sel = 0;
		}
		return;
	}
	*word = b & 2 ? *word | bit : *word & ~bit;
}

static void step(struct fuzz_input *in)
{
	uint8_t b = fuzz_byte(in);
	unsigned int i = (b >> 4) & 3, vcpu = (b >> 6) & 1;
	struct domain *d = fuzz_domain(i);

	if (i == FUZZ_DOMAINS || (!d && (b & 15) != 9)) {
		return;
	}
	switch (b & 15) {
	case 0:
		step_alloc_unbound(in, d, vcpu);
		break;
	case 1:
		step_bind_interdomain(in, d, vcpu);
		break;
	case 2:
		step_bind_virq(in, d, vcpu);
		break;
	case 3:
		step_bind_ipi(in, d, vcpu);
		break;
	case 4:
		step_port(in, d, vcpu, EVTCHNOP_close);
		break;
	case 5:
		step_port(in, d, vcpu, EVTCHNOP_send);
		break;
	case 6:
		step_port(in, d, vcpu, EVTCHNOP_unmask);
		break;
	case 7:
		step_bind_vcpu(in, d, vcpu);
		break;
	case 8:
		step_status(in, d, vcpu);
		break;
	case 9:
		fuzz_domain_toggle(i);
		break;
	case 10:
		step_reset(in, d, vcpu);
		break;
	case 11:
		step_raw(in, d, vcpu);
		break;
	case 12:
		step_raise_virq(in, d);
		break;
	default:
		step_guest_bits(in, d);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };

	fuzz_domains_start();
	for (unsigned int steps = 0; in.left && steps < 512; steps++) {
		step(&in);
	}
	check_all();
	fuzz_domains_end();
	return 0;
}
