// SPDX-License-Identifier: MIT
/* Unit tests of the library OS's service skeleton (stubdoms/service.c) over a stand-in core. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <abi/console_ring.h>
#include <abi/errno.h>
#include <abi/xs_wire.h>
#include <libos/intr.h>
#include <libos/service.h>

#include "fake.h"

#define LOG_MAX 64u

enum op { START, ATTACH, DETACH, SERVE, ENDING };

/* What the service saw, in order, and whether the peer's port was in the loop then. */
struct record {
	enum op op;
	uint16_t domid;
	bool in_loop;
};

static struct record log_of[LOG_MAX];
static unsigned int log_count;
static int refuse_attach; /* what attach returns */
static int start_result;
static unsigned int start_limit; /* what start was told */

/* What the skeleton spends on a peer besides the service's own (service.c). */
#define OVERHEAD (sizeof(struct peer) + 128u)
/* A peer_cost that leaves room for exactly two peers in FAKE_HEAP_ROOM. */
#define COST_OF_TWO (FAKE_HEAP_ROOM / 4u - OVERHEAD)

static void note(enum op op, const struct peer *p)
{
	assert_true(log_count < LOG_MAX);
	log_of[log_count++] = (struct record){ op, p ? p->domid : 0, p && fake_loop_has(p->port) };
}

/* The skeleton brings events up before the service's own start. */
static int on_start(unsigned int limit)
{
	start_limit = limit;
	assert_int_not_equal(fake_dom_exc_port(), 0);
	assert_true(fake_loop_has(fake_dom_exc_port()));
	assert_int_equal(fake_intr_enabled, 1);
	note(START, NULL);
	return start_result;
}

static int on_attach(struct peer *p)
{
	assert_ptr_equal(service_peer(p->domid), p);
	note(ATTACH, p);
	return refuse_attach;
}

static void on_detach(struct peer *p)
{
	note(DETACH, p);
}

static void on_serve(struct peer *p)
{
	note(SERVE, p);
}

static void on_ending(void)
{
	printf("last words\n");
	note(ENDING, NULL);
}

static const struct service store_service = {
	.name = "store",
	.ring = SERVICE_RING_STORE,
	.start = on_start,
	.attach = on_attach,
	.detach = on_detach,
	.serve = on_serve,
};

static const struct service console_service = {
	.name = "cons",
	.hint = "keys do things",
	.ring = SERVICE_RING_CONSOLE,
	.attach = on_attach,
	.detach = on_detach,
	.serve = on_serve,
	.ending = on_ending,
};

static int setup(void **state)
{
	(void)state;
	fake_reset();
	log_count = 0;
	refuse_attach = 0;
	start_result = 0;
	fake_domain_add(0, "console", DOMAIN_RIGHT_CONSOLE)->console_port = 0;
	fake_domains[0].info.store_port = 0;
	fake_domain_add(1, "xenstore", DOMAIN_RIGHT_XENSTORE)->store_port = 0;
	fake_domains[1].info.console_port = 0;
	return 0;
}

/* After a test that failed half-way: let the skeleton's peers go, so the next test starts clean. */
static int teardown(void **state)
{
	(void)state;
	for (unsigned int i = 2; i < FAKE_DOMAINS; i++) {
		fake_domain_remove((uint16_t)i);
	}
	fake_loop_fire(fake_dom_exc_port());
	if (setjmp(fake_jump) == 0) {
		(void)fake_dispatch();
	}
	return 0;
}

/* service_run up to the loop (or its failure): its return, or -1 once it reached loop_run. */
static int run(const struct service *svc)
{
	volatile int rc = -1;

	if (setjmp(fake_jump) == 0) {
		rc = service_run(svc);
	}
	return rc;
}

/* One round of the loop; true if the service ended in it. */
static bool round_ends(void)
{
	if (setjmp(fake_jump) == 0) {
		(void)fake_dispatch();
		return false;
	}
	assert_int_equal(fake_ended, FAKE_EXIT);
	return true;
}

/* svc serving the domains there are, its log cleared: run, and the first round attaches. */
static void serving(const struct service *svc)
{
	assert_int_equal(run(svc), -1);
	assert_false(round_ends());
	log_count = 0;
}

/* The domains changed: VIRQ_DOM_EXC fired and the loop ran a round. */
static bool change_ends(void)
{
	fake_loop_fire(fake_dom_exc_port());
	return round_ends();
}

/* Every guest gone: the service lets every peer go and ends, holding nothing. */
static void finish(void)
{
	for (unsigned int i = 2; i < FAKE_DOMAINS; i++) {
		fake_domain_remove((uint16_t)i);
	}
	assert_true(change_ends());
	assert_int_equal(fake_exit_status, 0);
	assert_int_equal(fake_maps_held(), 0);
	assert_int_equal(fake_ports_held(), 0);
	assert_int_equal(fake_loop_count(), 1); /* VIRQ_DOM_EXC's port alone */
}

static void test_serving_line(void **state)
{
	char want[128];

	(void)state;
	fake_domain_add(2, "client", 0);
	snprintf(want, sizeof(want),
		 "store: can serve %lu domains (%lu bytes each)\nstore: serving\n",
		 (unsigned long)(FAKE_HEAP_ROOM / 2u / OVERHEAD), (unsigned long)OVERHEAD);
	fake_output_start();
	assert_int_equal(run(&store_service), -1);
	assert_string_equal(fake_output_end(), want);
	assert_int_equal(start_limit, FAKE_HEAP_ROOM / 2u / OVERHEAD);
	assert_int_equal(fake_ended, FAKE_LOOP_RUN);
	assert_int_equal(log_count, 1);
	assert_int_equal(log_of[0].op, START);
	/* Nobody is attached before the loop's first round, which VIRQ_DOM_EXC starts. */
	assert_null(service_peer(2));
	assert_true(fake_loop_pending(fake_dom_exc_port()));
	finish();
}

static void test_hint_and_no_start(void **state)
{
	(void)state;
	fake_output_start();
	assert_int_equal(run(&console_service), -1);
	assert_non_null(strstr(fake_output_end(), "\ncons: serving; keys do things\n"));
	assert_int_equal(log_count, 0);
	finish();
}

static void test_first_round_attaches_then_serves(void **state)
{
	struct peer *p2, *p3;

	(void)state;
	fake_domain_add(2, "two", 0);
	fake_domain_add(3, "three", 0);
	assert_int_equal(run(&store_service), -1);
	log_count = 0;
	assert_false(round_ends());
	assert_true(log_count >= 2);
	assert_int_equal(log_of[0].op, ATTACH);
	assert_int_equal(log_of[0].domid, 2);
	assert_true(log_of[0].in_loop); /* the port first */
	assert_int_equal(log_of[1].op, ATTACH);
	assert_int_equal(log_of[1].domid, 3);
	p2 = service_peer(2);
	p3 = service_peer(3);
	assert_non_null(p2);
	assert_non_null(p3);
	assert_null(service_peer(4));
	assert_int_equal(fake_domains[2].mapped_ref, XS_GRANT_REF);
	/* Raised once: a peer that wrote before we came is served without an event of its own
	 * (in this round here, as the loop runs a port added behind the running one at once). */
	assert_int_equal(log_count, 4);
	assert_int_equal(log_of[2].op, SERVE);
	assert_int_equal(log_of[3].op, SERVE);
	assert_int_equal(log_of[2].domid + log_of[3].domid, 5);
	assert_false(fake_loop_pending(p2->port));
	assert_false(fake_loop_pending(p3->port));
	/* An event on one peer's port serves that peer alone. */
	log_count = 0;
	fake_loop_fire(p3->port);
	assert_false(round_ends());
	assert_int_equal(log_count, 1);
	assert_int_equal(log_of[0].op, SERVE);
	assert_int_equal(log_of[0].domid, 3);
	finish();
}

static void test_console_ring(void **state)
{
	(void)state;
	fake_domain_add(2, "two", 0);
	serving(&console_service);
	assert_non_null(service_peer(2));
	assert_int_equal(fake_domains[2].mapped_ref, CONSOLE_GRANT_REF);
	finish();
}

/* A peer the service refuses is out of the loop and holds nothing; the next change retries. */
static void test_refused_attach(void **state)
{
	(void)state;
	fake_domain_add(2, "two", 0);
	assert_int_equal(run(&store_service), -1);
	refuse_attach = -XEN_ENOMEM;
	assert_false(round_ends());
	assert_null(service_peer(2));
	assert_int_equal(fake_loop_count(), 1);
	assert_int_equal(fake_maps_held(), 0);
	assert_int_equal(fake_ports_held(), 0);
	refuse_attach = 0;
	log_count = 0;
	assert_false(change_ends());
	assert_int_equal(log_count, 2);
	assert_int_equal(log_of[0].op, ATTACH);
	assert_int_equal(log_of[1].op, SERVE);
	assert_non_null(service_peer(2));
	finish();
}

/* No room in the loop for a peer's port: the service never hears of the peer. */
static void test_loop_full(void **state)
{
	(void)state;
	fake_domain_add(2, "two", 0);
	assert_int_equal(run(&store_service), -1);
	log_count = 0;
	fake_loop_full = true;
	assert_false(round_ends());
	assert_int_equal(log_count, 0);
	assert_null(service_peer(2));
	assert_int_equal(fake_maps_held(), 0);
	assert_int_equal(fake_ports_held(), 0);
	fake_loop_full = false;
	finish();
}

/* A peer that goes is let go while its port is in the loop, then is never served again. */
static void test_gone_peer(void **state)
{
	evtchn_port_t port;

	(void)state;
	fake_domain_add(2, "two", 0);
	fake_domain_add(3, "three", 0);
	serving(&store_service);
	port = service_peer(2)->port;
	fake_domain_remove(2);
	assert_false(change_ends());
	assert_int_equal(log_count, 1);
	assert_int_equal(log_of[0].op, DETACH);
	assert_int_equal(log_of[0].domid, 2);
	assert_true(log_of[0].in_loop);
	assert_false(fake_loop_has(port));
	assert_null(service_peer(2));
	assert_int_equal(fake_domains[2].maps + fake_domains[2].bound, 0);
	fake_loop_fire(port);
	assert_false(round_ends());
	assert_int_equal(log_count, 1);
	finish();
}

/* A rebuilt domain is a new peer: let go, then taken on again with its new ring and port. */
static void test_rebuilt_peer(void **state)
{
	(void)state;
	fake_domain_add(2, "two", 0);
	serving(&store_service);
	fake_domains[2].info.generation = 7;
	assert_false(change_ends());
	assert_int_equal(log_count, 3);
	assert_int_equal(log_of[0].op, DETACH);
	assert_int_equal(log_of[1].op, ATTACH);
	assert_int_equal(log_of[2].op, SERVE); /* the new ring may hold what it wrote already */
	assert_int_equal(service_peer(2)->generation, 7);
	assert_true(fake_loop_has(service_peer(2)->port));
	assert_int_equal(fake_domains[2].maps, 1);
	assert_int_equal(fake_domains[2].bound, 1);
	finish();
}

/* The last guest goes: its peer is let go, the service's last work, then the line and exit(0). */
static void test_end(void **state)
{
	(void)state;
	fake_domain_add(2, "two", 0);
	serving(&console_service);
	fake_domains[2].info.flags = DOMAIN_INFO_DYING;
	fake_output_start();
	assert_true(change_ends());
	assert_string_equal(fake_output_end(), "last words\ncons: no domain left to serve\n");
	assert_int_equal(fake_exit_status, 0);
	assert_int_equal(log_count, 2);
	assert_int_equal(log_of[0].op, DETACH);
	assert_int_equal(log_of[1].op, ENDING);
	assert_int_equal(fake_maps_held(), 0);
}

/* A toolstack may still make domains: while one lives, the service stays. */
static void test_no_end_while_a_guest_lives(void **state)
{
	(void)state;
	fake_domain_add(2, "toolstack", DOMAIN_RIGHT_TOOLSTACK)->store_port = 0;
	serving(&store_service);
	assert_false(change_ends());
	finish();
}

/*
 * The limit follows the service's memory: with room for two, a third guest
 * is refused with a line naming it. The store's ring can say so: the guest
 * finds its ring's error field set and is notified, and is left alone,
 * even once a place is free, until it is rebuilt.
 */
static void test_limit_from_memory(void **state)
{
	static struct service svc; /* the skeleton keeps it while it serves */
	const char *out;

	(void)state;
	svc = store_service;
	svc.peer_cost = COST_OF_TWO;
	fake_domain_add(2, "two", 0);
	fake_domain_add(3, "three", 0);
	fake_domain_add(4, "four", 0);
	fake_output_start();
	assert_int_equal(run(&svc), -1);
	assert_false(round_ends());
	out = fake_output_end();
	assert_int_equal(start_limit, 2);
	assert_non_null(strstr(out, "store: can serve 2 domains (262144 bytes each)\n"));
	assert_non_null(strstr(out, "peers: d4: not served: at the limit of 2 domains\n"));
	assert_non_null(service_peer(2));
	assert_non_null(service_peer(3));
	assert_null(service_peer(4));
	assert_int_equal(fake_domains[4].maps + fake_domains[4].bound, 0);
	assert_int_equal(((struct xs_ring *)fake_page(4))->error, XS_RING_ERROR_COMM);
	assert_int_equal(fake_domains[4].notified, 1);
	fake_domain_remove(2);
	assert_false(change_ends());
	assert_null(service_peer(4));
	assert_int_equal(fake_domains[4].notified, 1); /* told once */
	fake_domains[4].info.generation = 2;
	assert_false(change_ends());
	assert_non_null(service_peer(4));
	finish();
}

static void test_start_fails(void **state)
{
	(void)state;
	start_result = -1;
	fake_output_start();
	assert_int_equal(run(&store_service), 1);
	assert_string_equal(fake_output_end(), "");
	assert_int_equal(fake_ended, FAKE_RUNNING);
}

static void test_events_fail(void **state)
{
	(void)state;
	fake_gic_fails = true;
	fake_output_start();
	assert_int_equal(run(&store_service), 1);
	assert_string_equal(fake_output_end(), "store: no GIC or timer\n");
	assert_int_equal(log_count, 0);
	fake_gic_fails = false;
	fake_loop_full = true;
	fake_output_start();
	assert_int_equal(run(&store_service), 1);
	assert_string_equal(fake_output_end(), "store: event set-up failed (-28)\n");
	assert_int_equal(log_count, 0);
}

static void test_incomplete_service(void **state)
{
	struct service svc = store_service;

	(void)state;
	svc.serve = NULL;
	fake_output_start();
	assert_int_equal(run(&svc), 1);
	assert_int_equal(run(NULL), 1);
	assert_non_null(strstr(fake_output_end(), "needed"));
	assert_int_equal(fake_dom_exc_port(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_serving_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hint_and_no_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_round_attaches_then_serves, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_console_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_attach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loop_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gone_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rebuilt_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_end_while_a_guest_lives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_from_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incomplete_service, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
