// SPDX-License-Identifier: MIT
/* Unit tests of the event channel state machine and 2-level delivery (kernel/common/evtchn.c). */
#include "abi_fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <evtchn.h>

#define D1 (&fixture_dom[0])
#define D2 (&fixture_dom[1])
#define D3 (&fixture_dom[2])

static int setup(void **state)
{
	(void)state;
	fixture_setup();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_teardown();
	return 0;
}

static bool pending(struct domain *d, evtchn_port_t port)
{
	return (d->shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static struct evtchn_status status_of(struct domain *d, evtchn_port_t port)
{
	struct evtchn_status st;

	assert_int_equal(evtchn_status(d, port, &st), 0);
	return st;
}

/* D1 offers a port to D2 and D2 binds it: (d1 port, d2 port). */
static void connect(evtchn_port_t *p1, evtchn_port_t *p2)
{
	assert_int_equal(evtchn_alloc_unbound(D1, 2, p1), 0);
	assert_int_equal(evtchn_bind_interdomain(D2, 1, *p1, p2), 0);
	/* A new binding is announced to the binder; start from quiet. */
	D2->shared_info->evtchn_pending[*p2 / 64] = 0;
	D2->shared_info->vcpu_info[0].evtchn_pending_sel = 0;
	D2->shared_info->vcpu_info[0].evtchn_upcall_pending = 0;
	memset(fixture_upcalls, 0, sizeof(fixture_upcalls));
}

static void test_lowest_free_port_from_one(void **state)
{
	evtchn_port_t a, b;

	(void)state;
	assert_int_equal(evtchn_alloc_unbound(D1, 2, &a), 0);
	assert_int_equal(evtchn_alloc_unbound(D1, DOMID_SELF, &b), 0);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(status_of(D1, 1).status, EVTCHNSTAT_unbound);
	assert_int_equal(status_of(D1, 1).u.unbound.dom, 2);
	assert_int_equal(status_of(D1, 2).u.unbound.dom, 1);
	assert_int_equal(evtchn_alloc_unbound(D1, 77, &a), -ESRCH);
	assert_int_equal(evtchn_close(D1, 1), 0);
	assert_int_equal(evtchn_alloc_unbound(D1, 3, &a), 0);
	assert_int_equal(a, 1);
}

static void test_bind_interdomain_rules(void **state)
{
	evtchn_port_t p1, p2;

	(void)state;
	assert_int_equal(evtchn_alloc_unbound(D1, 3, &p1), 0); /* offered to d3 only */
	assert_int_equal(evtchn_bind_interdomain(D2, 1, p1, &p2), -EINVAL);
	assert_int_equal(evtchn_bind_interdomain(D2, 1, 0, &p2), -EINVAL);
	assert_int_equal(evtchn_bind_interdomain(D2, 1, 4096, &p2), -EINVAL);
	assert_int_equal(evtchn_bind_interdomain(D2, 1, 0xffffffff, &p2), -EINVAL);
	assert_int_equal(evtchn_bind_interdomain(D2, 1, 300, &p2), -EINVAL); /* never used */
	assert_int_equal(evtchn_bind_interdomain(D2, 99, p1, &p2), -ESRCH);
	assert_int_equal(evtchn_bind_interdomain(D3, 1, p1, &p2), 0);
	assert_int_equal(status_of(D3, p2).status, EVTCHNSTAT_interdomain);
	assert_int_equal(status_of(D3, p2).u.interdomain.dom, 1);
	assert_int_equal(status_of(D3, p2).u.interdomain.port, p1);
	assert_int_equal(status_of(D1, p1).u.interdomain.port, p2);
	assert_true(pending(D3, p2)); /* the binder hears at once, in case it missed a send */
	assert_int_equal(evtchn_bind_interdomain(D3, 1, p1, &p2), -EINVAL); /* bound already */
}

static void test_send_delivers_once_until_cleared(void **state)
{
	struct vcpu_info *vi = &D2->shared_info->vcpu_info[0];
	evtchn_port_t p1, p2;

	(void)state;
	connect(&p1, &p2);
	assert_int_equal(evtchn_send(D1, p1), 0);
	assert_true(pending(D2, p2));
	assert_true(vi->evtchn_pending_sel & (1ull << (p2 / 64)));
	assert_int_equal(vi->evtchn_upcall_pending, 1);
	assert_true(evtchn_upcall_pending(D2->vcpus[0]));
	assert_int_equal(fixture_upcalls[1][0], 1);
	assert_int_equal(evtchn_send(D1, p1), 0); /* still pending: nothing new */
	assert_int_equal(fixture_upcalls[1][0], 1);
	assert_false(pending(D1, p1));            /* the sender's own port stays quiet */
	assert_int_equal(evtchn_send(D2, p2), 0); /* and the other way */
	assert_true(pending(D1, p1));
}

static void test_mask_holds_and_unmask_delivers(void **state)
{
	struct vcpu_info *vi = &D2->shared_info->vcpu_info[0];
	evtchn_port_t p1, p2;

	(void)state;
	connect(&p1, &p2);
	D2->shared_info->evtchn_mask[p2 / 64] |= 1ull << (p2 % 64);
	assert_int_equal(evtchn_send(D1, p1), 0);
	assert_true(pending(D2, p2));
	assert_int_equal(vi->evtchn_upcall_pending, 0);
	assert_int_equal(fixture_upcalls[1][0], 0);
	assert_int_equal(evtchn_unmask(D2, p2), 0);
	assert_int_equal(vi->evtchn_upcall_pending, 1);
	assert_int_equal(fixture_upcalls[1][0], 1);
	assert_false(D2->shared_info->evtchn_mask[p2 / 64] & (1ull << (p2 % 64)));
	assert_int_equal(evtchn_unmask(D2, 4096), -EINVAL);
}

/* Xen's rule: an unmask raises the upcall only for a port that was masked; a guest that
 * cleared the mask itself and found the port pending masks it again before it asks. */
static void test_unmask_of_an_unmasked_port_raises_nothing(void **state)
{
	struct vcpu_info *vi = &D2->shared_info->vcpu_info[0];
	uint64_t bit;
	evtchn_port_t p1, p2;

	(void)state;
	connect(&p1, &p2);
	bit = 1ull << (p2 % 64);
	D2->shared_info->evtchn_mask[p2 / 64] |= bit;
	assert_int_equal(evtchn_send(D1, p1), 0);
	D2->shared_info->evtchn_mask[p2 / 64] &= ~bit; /* the guest's own clear */
	assert_int_equal(evtchn_unmask(D2, p2), 0);
	assert_int_equal(vi->evtchn_upcall_pending, 0);
	assert_int_equal(fixture_upcalls[1][0], 0);
	D2->shared_info->evtchn_mask[p2 / 64] |= bit; /* masked again, as it should */
	assert_int_equal(evtchn_unmask(D2, p2), 0);
	assert_int_equal(vi->evtchn_upcall_pending, 1);
	assert_int_equal(fixture_upcalls[1][0], 1);
}

static void test_ipi_and_vcpu_without_vcpu_info(void **state)
{
	static struct vcpu_info own;
	evtchn_port_t p;

	(void)state;
	assert_int_equal(evtchn_bind_ipi(D1, 2, &p), -ENOENT);
	assert_int_equal(evtchn_bind_ipi(D1, 1, &p), 0);
	assert_int_equal(evtchn_send(D1, p), 0);
	assert_true(pending(D1, p));
	assert_int_equal(fixture_upcalls[0][1], 0); /* vCPU 1 registered no vcpu_info */
	memset(&own, 0, sizeof(own));
	D1->vcpus[1]->vcpu_info = &own;
	D1->shared_info->evtchn_pending[p / 64] = 0;
	assert_int_equal(evtchn_send(D1, p), 0);
	assert_int_equal(own.evtchn_upcall_pending, 1);
	assert_int_equal(fixture_upcalls[0][1], 1);
	assert_int_equal(evtchn_bind_vcpu(D1, p, 0), -EINVAL); /* an IPI belongs to its vCPU */
	D1->vcpus[1]->vcpu_info = NULL;
}

static void test_virq_rules(void **state)
{
	evtchn_port_t p, q;

	(void)state;
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_COUNT, 0, &p), -EINVAL);
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_CONSOLE, 1, &p), -EINVAL); /* global: vCPU 0 */
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_TIMER, 2, &p), -ENOENT);
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_TIMER, 1, &p), 0);
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_TIMER, 1, &q), -EEXIST);
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_TIMER, 0, &q), 0); /* per vCPU */
	assert_int_equal(status_of(D1, p).status, EVTCHNSTAT_virq);
	assert_int_equal(status_of(D1, p).u.virq, VIRQ_TIMER);
	assert_int_equal(evtchn_send(D1, p), -EINVAL);
	evtchn_send_virq(D1->vcpus[0], VIRQ_TIMER);
	assert_true(pending(D1, q));
	assert_false(pending(D1, p));
	evtchn_send_virq(D1->vcpus[0], VIRQ_DEBUG); /* not bound: nothing */
	assert_int_equal(evtchn_close(D1, p), 0);
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_TIMER, 1, &p), 0); /* free again */
}

static void test_global_virq_moved_then_closed(void **state)
{
	evtchn_port_t p;

	(void)state;
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_CONSOLE, 0, &p), 0);
	assert_int_equal(evtchn_bind_vcpu(D1, p, 1), 0);
	assert_int_equal(evtchn_close(D1, p), 0);
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_CONSOLE, 0, &p), 0); /* not left bound */
}

static void test_global_virq_follows_bind_vcpu(void **state)
{
	static struct vcpu_info own;
	evtchn_port_t p;

	(void)state;
	memset(&own, 0, sizeof(own));
	D1->vcpus[1]->vcpu_info = &own;
	assert_int_equal(evtchn_bind_virq(D1, VIRQ_DOM_EXC, 0, &p), 0);
	assert_int_equal(evtchn_bind_vcpu(D1, p, 1), 0);
	evtchn_send_virq(D1->vcpus[0], VIRQ_DOM_EXC);
	assert_true(pending(D1, p));
	assert_int_equal(own.evtchn_upcall_pending, 1);
	assert_int_equal(fixture_upcalls[0][1], 1);
	assert_int_equal(fixture_upcalls[0][0], 0); /* not vCPU 0 */
	D1->vcpus[1]->vcpu_info = NULL;
}

static void test_close_leaves_peer_unbound(void **state)
{
	evtchn_port_t p1, p2;

	(void)state;
	connect(&p1, &p2);
	assert_int_equal(evtchn_close(D1, p1), 0);
	assert_int_equal(status_of(D1, p1).status, EVTCHNSTAT_closed);
	assert_int_equal(status_of(D2, p2).status, EVTCHNSTAT_unbound);
	assert_int_equal(status_of(D2, p2).u.unbound.dom, 1);
	assert_int_equal(evtchn_send(D2, p2), 0);       /* to nobody */
	assert_int_equal(evtchn_send(D1, p1), -EINVAL); /* closed */
	assert_int_equal(evtchn_close(D1, p1), -EINVAL);
	assert_int_equal(evtchn_close(D1, 0), -EINVAL);
	assert_int_equal(evtchn_close(D1, 5000), -EINVAL);
	assert_int_equal(evtchn_bind_interdomain(D1, 2, p2, &p1), 0); /* D1 may bind it again */
}

static void test_loopback_channel(void **state)
{
	evtchn_port_t a, b;

	(void)state;
	assert_int_equal(evtchn_alloc_unbound(D1, DOMID_SELF, &a), 0);
	assert_int_equal(evtchn_bind_interdomain(D1, DOMID_SELF, a, &b), 0);
	D1->shared_info->evtchn_pending[0] = 0;
	assert_int_equal(evtchn_send(D1, a), 0);
	assert_true(pending(D1, b));
	assert_int_equal(evtchn_close(D1, b), 0);
	assert_int_equal(status_of(D1, a).status, EVTCHNSTAT_unbound);
}

static void test_exhaust_ports_then_reset(void **state)
{
	evtchn_port_t p, p1, p2;
	unsigned int count = 0;

	(void)state;
	assert_int_equal(evtchn_alloc_unbound(D2, 1, &p2), 0);
	assert_int_equal(evtchn_bind_interdomain(D1, 2, p2, &p1), 0);
	while (evtchn_alloc_unbound(D1, 3, &p) == 0) {
		count++;
	}
	assert_int_equal(count, 4095 - 1);
	assert_int_equal(evtchn_alloc_unbound(D1, 3, &p), -ENOSPC);
	assert_int_equal(evtchn_bind_ipi(D1, 0, &p), -ENOSPC);
	evtchn_reset(D1);
	assert_int_equal(status_of(D2, p2).status, EVTCHNSTAT_unbound);
	assert_int_equal(status_of(D1, 4095).status, EVTCHNSTAT_closed);
	assert_int_equal(evtchn_alloc_unbound(D1, 3, &p), 0);
	assert_int_equal(p, 1);
}

static void test_bind_vcpu_moves_delivery(void **state)
{
	static struct vcpu_info own;
	evtchn_port_t p1, p2;

	(void)state;
	connect(&p1, &p2);
	memset(&own, 0, sizeof(own));
	D2->vcpus[1]->vcpu_info = &own;
	assert_int_equal(evtchn_bind_vcpu(D2, p2, 2), -ENOENT);
	assert_int_equal(evtchn_bind_vcpu(D2, 0, 1), -EINVAL);
	assert_int_equal(evtchn_bind_vcpu(D2, p2, 1), 0);
	assert_int_equal(status_of(D2, p2).vcpu, 1);
	assert_int_equal(evtchn_send(D1, p1), 0);
	assert_int_equal(own.evtchn_upcall_pending, 1);
	assert_int_equal(fixture_upcalls[1][1], 1);
	assert_int_equal(fixture_upcalls[1][0], 0);
	D2->vcpus[1]->vcpu_info = NULL;
}

static void test_status_bounds(void **state)
{
	struct evtchn_status st;

	(void)state;
	assert_int_equal(evtchn_status(D1, 4096, &st), -EINVAL);
	assert_int_equal(evtchn_status(D1, 0xffffffff, &st), -EINVAL);
	assert_int_equal(status_of(D1, 0).status, EVTCHNSTAT_closed);
	assert_int_equal(status_of(D1, 4095).status, EVTCHNSTAT_closed);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_lowest_free_port_from_one),
		T(test_bind_interdomain_rules),
		T(test_send_delivers_once_until_cleared),
		T(test_mask_holds_and_unmask_delivers),
		T(test_unmask_of_an_unmasked_port_raises_nothing),
		T(test_ipi_and_vcpu_without_vcpu_info),
		T(test_virq_rules),
		T(test_global_virq_moved_then_closed),
		T(test_global_virq_follows_bind_vcpu),
		T(test_close_leaves_peer_unbound),
		T(test_loopback_channel),
		T(test_exhaust_ports_then_reset),
		T(test_bind_vcpu_moves_delivery),
		T(test_status_bounds),
	};

	return cmocka_run_group_tests_name("evtchn", tests, NULL, NULL);
}
