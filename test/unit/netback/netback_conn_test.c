// SPDX-License-Identifier: MIT
/* VIF connections: start and stop, hostile indexes and rewritten requests, channels, queues. */
#include "fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>

static int setup(void **state)
{
	(void)state;
	fx_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_fini();
	return 0;
}

static unsigned int bound_ports(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < FX_PORTS; i++) {
		n += fx.ports[i].bound ? 1u : 0u;
	}
	return n;
}

static unsigned int maps(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < fx.grant_count; i++) {
		n += fx.grants[i].maps;
	}
	return n;
}

/* A small frame on queue q's tx ring; ids from id. */
static void send_small(unsigned int q, uint8_t seed, uint16_t id)
{
	uint8_t data[100];

	fx_fill(data, sizeof(data), false, seed);
	fx_tx_frame(q, data, sizeof(data), 4096, 0, 0, 0, id);
}

static void test_start_stop_shared(void **state)
{
	struct vif_conn_params p = fx_params(1, false);

	(void)state;
	p.handle = 3;
	p.port.mac[5] = 0x42;
	p.rules.count = 1;
	p.rules.rule[0].action = NET_RULE_DROP;
	assert_int_equal(fx_start_with(&p), 0);
	assert_int_equal(bound_ports(), 1);
	assert_int_equal(maps(), 2);
	assert_true(fx.sw.added);
	assert_string_equal(fx.sw.config.name, "vif7.0");
	assert_int_equal(fx.sw.config.mac[5], 0x42);
	/* The port points at the engine's own copy of the rules. */
	assert_non_null(fx.sw.config.rules);
	assert_ptr_not_equal(fx.sw.config.rules, &p.rules);
	assert_int_equal(fx.sw.config.rules->count, 1);
	assert_int_equal(fx.sw.config.rules->rule[0].action, NET_RULE_DROP);
	fx_stop();
	assert_int_equal(bound_ports(), 0);
	assert_int_equal(maps(), 0);
	assert_false(fx.sw.added);
	assert_int_equal(fx.broken, 0);
}

static void test_split_channels(void **state)
{
	unsigned int tx, rx;

	(void)state;
	assert_int_equal(fx_start(1, true), 0);
	assert_int_equal(bound_ports(), 2);
	tx = fx_local(fx.params.tx_ports[0]);
	rx = fx_local(fx.params.rx_ports[0]);
	/* Transmit is answered on the tx port only, receive on the rx port only. */
	send_small(0, 1, 0);
	fx_run();
	assert_int_equal(fx.ports[tx].notifies, 1);
	assert_int_equal(fx.ports[rx].notifies, 0);
	fx_rx_post(0, 1);
	assert_true(fx_push(fx_frame(60, 1)));
	assert_true(fx.ports[rx].pending);
	assert_false(fx.ports[tx].pending);
	fx_run();
	assert_int_equal(fx.ports[rx].notifies, 1);
	assert_int_equal(fx.ports[tx].notifies, 1);
	net_frame_put(fx_pull());
}

static void test_start_bad_params(void **state)
{
	struct vif_conn_params p;

	(void)state;
	p = fx_params(0, false);
	assert_int_equal(fx_start_with(&p), -XEN_EINVAL);
	p = fx_params(VIF_QUEUES_MAX + 1, false);
	p.queue_count = VIF_QUEUES_MAX + 1;
	assert_int_equal(vif_conn_start(&p, NULL, NULL, &fx.conn), -XEN_EINVAL);
	fx.conn = NULL;
	assert_non_null(strstr(fx.last_log, "bad queue count"));
}

/* A failure in any step leaves nothing: maps, ports, switch port, memory. */
static void test_start_failures_leave_nothing(void **state)
{
	struct vif_conn_params p;

	(void)state;
	p = fx_params(2, true);
	p.rx_ports[1] = 10; /* the fake refuses it */
	assert_int_equal(fx_start_with(&p), -XEN_EINVAL);
	assert_non_null(strstr(fx.last_log, "event channel"));
	assert_int_equal(bound_ports(), 0);
	assert_int_equal(maps(), 0);
	fx.adds_to_fail = 1;
	p = fx_params(1, false);
	assert_int_equal(fx_start_with(&p), -XEN_ENOSPC);
	assert_non_null(strstr(fx.last_log, "switch"));
	assert_int_equal(bound_ports(), 0);
	assert_int_equal(maps(), 0);
	assert_false(fx.sw.added);
}

static void test_start_bad_ring_ref(void **state)
{
	struct vif_conn_params p = fx_params(1, false);

	(void)state;
	/* fx_start_with grants rings; a ref it never made cannot be mapped. */
	p.queue_count = 1;
	p.tx_ring_refs[0] = fx_grant_page(false);
	p.rx_ring_refs[0] = 4000;
	assert_int_equal(vif_conn_start(&p, NULL, NULL, &fx.conn), -XEN_EINVAL);
	fx.conn = NULL;
	assert_non_null(strstr(fx.last_log, "cannot map a ring"));
	assert_int_equal(maps(), 0);
	assert_int_equal(bound_ports(), 0);
}

/* Stop frees everything even with frames waiting both ways. */
static void test_stop_with_frames(void **state)
{
	(void)state;
	assert_int_equal(fx_start(2, false), 0);
	for (unsigned int i = 0; i < 10; i++) {
		send_small(0, (uint8_t)i, (uint16_t)i);
		assert_true(fx_push(fx_frame(100 + i, (uint8_t)i)));
	}
	fx_rx_post(1, 1);
	fx_run();
	assert_true(net_frame_live() >= 10);
	fx_stop();
	assert_int_equal(net_frame_live(), 0);
}

/* The frontend's req_prod runs far past its ring: the connection ends, with one log line. */
static void test_hostile_req_prod(void **state)
{
	struct io_ring_header *h;

	(void)state;
	assert_int_equal(fx_start(1, false), 0);
	h = fx.tx_rings[0];
	h->req_prod = 1000;
	fx.ports[fx_local(fx.params.tx_ports[0])].pending = true;
	fx.logs = 0;
	fx_run();
	assert_int_equal(fx.broken, 1);
	assert_int_equal(fx.logs, 1);
	assert_non_null(strstr(fx.last_log, "vif7.0"));
	assert_non_null(strstr(fx.last_log, "index"));
	assert_int_equal(maps(), 0);
	assert_int_equal(bound_ports(), 0);
	assert_false(fx.sw.added);
}

/* The same on a connection started quiet (its device has said all it may): no line. */
static void test_hostile_req_prod_quiet(void **state)
{
	struct vif_conn_params p = fx_params(1, false);
	struct io_ring_header *h;

	(void)state;
	p.quiet = true;
	assert_int_equal(fx_start_with(&p), 0);
	h = fx.tx_rings[0];
	h->req_prod = 1000;
	fx.ports[fx_local(fx.params.tx_ports[0])].pending = true;
	fx.logs = 0;
	fx_run();
	assert_int_equal(fx.broken, 1);
	assert_int_equal(fx.logs, 0);
	assert_int_equal(maps(), 0);
}

static void test_hostile_rx_req_prod(void **state)
{
	struct io_ring_header *h;

	(void)state;
	assert_int_equal(fx_start(1, true), 0);
	h = fx.rx_rings[0];
	h->req_prod = 0x80000000u;
	assert_true(fx_push(fx_frame(60, 1)));
	fx_run();
	assert_int_equal(fx.broken, 1);
	assert_non_null(strstr(fx.last_log, "rx request index"));
}

/* A broken rx index is seen at the frontend's event, with no frame to give it. */
static void test_hostile_rx_req_prod_no_frame(void **state)
{
	struct io_ring_header *h;

	(void)state;
	assert_int_equal(fx_start(1, true), 0);
	h = fx.rx_rings[0];
	h->req_prod = 0x80000000u;
	fx.ports[fx_local(fx.params.rx_ports[0])].pending = true;
	fx_run();
	assert_int_equal(fx.broken, 1);
	assert_non_null(strstr(fx.last_log, "rx request index"));
}

/* req_prod moved back behind what was seen. */
static void test_hostile_req_prod_back(void **state)
{
	struct io_ring_header *h;

	(void)state;
	assert_int_equal(fx_start(1, false), 0);
	send_small(0, 1, 0);
	send_small(0, 2, 1);
	fx_run();
	net_frame_put(fx_pull());
	net_frame_put(fx_pull());
	h = fx.tx_rings[0];
	h->req_prod = 1;
	fx.ports[fx_local(fx.params.tx_ports[0])].pending = true;
	fx_run();
	assert_int_equal(fx.broken, 1);
}

/* The frontend rewrites the slots while the engine copies the data: only the first copy counts. */
static int (*real_copy)(struct gnttab_copy *ops, unsigned int count);

static int rewriting_copy(struct gnttab_copy *ops, unsigned int count)
{
	uint8_t *slots = (uint8_t *)fx.tx_rings[0] + 64;

	/* Every byte of the first slots made hostile: size, offset, gref, id, flags. */
	memset(slots, 0xff, 4 * NETIF_TX_SLOT_SIZE);
	return real_copy(ops, count);
}

static void test_rewritten_requests(void **state)
{
	uint8_t data[5000];
	struct netif_tx_response rsp;
	struct net_frame *f;

	(void)state;
	assert_int_equal(fx_start(1, false), 0);
	real_copy = fx_platform.grant_copy;
	fx_platform.grant_copy = rewriting_copy;
	fx_fill(data, sizeof(data), false, 9);
	fx_tx_frame(0, data, sizeof(data), 3000, 0, 0, 0, 20);
	fx_run();
	fx_platform.grant_copy = real_copy;
	assert_int_equal(fx.broken, 0);
	f = fx_pull();
	assert_non_null(f);
	assert_int_equal(f->len, sizeof(data));
	assert_memory_equal(f->data, data, sizeof(data));
	net_frame_put(f);
	/* The responses carry the ids as first read (they overwrite the rewritten slots). */
	assert_int_equal(fx_tx_response(0, &rsp), 0);
	assert_int_equal(rsp.id, 20);
	assert_int_equal(fx_tx_response(0, &rsp), 0);
	assert_int_equal(rsp.id, 21);
	assert_int_equal(rsp.status, NETIF_RSP_OKAY);
}

/* A posted page's request rewritten after the engine took it: the page first posted is used. */
static void test_rewritten_rx_request(void **state)
{
	struct net_frame *f;
	struct netif_rx_request *slot;
	struct netif_rx_response r;
	uint32_t ref;

	(void)state;
	assert_int_equal(fx_start(1, false), 0);
	ref = fx_rx_post(0, 1);
	/* A GSO frame needs two pages: the first is taken off the ring and kept, waiting. */
	f = fx_frame(100, 3);
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 50;
	assert_true(fx_push(f));
	fx_run();
	slot = (struct netif_rx_request *)((uint8_t *)fx.rx_rings[0] + 64);
	slot->id = 999;
	slot->gref = 77777;
	fx_rx_post(0, 1);
	fx_run();
	assert_int_equal(fx_rx_response(0, &r), 0);
	assert_int_equal(r.id, 0);
	assert_int_equal(r.status, 100);
	assert_int_equal(fx_page(ref)[12], 0x08);
	assert_int_equal(fx.broken, 0);
}

/* Several queues: the switch pulls from them in turn; a flow's frames go to one queue. */
static void test_multi_queue(void **state)
{
	struct net_frame *f;
	unsigned int hits[4] = { 0 };

	(void)state;
	assert_int_equal(fx_start(4, false), 0);
	assert_int_equal(bound_ports(), 4);
	for (unsigned int q = 0; q < 4; q++) {
		send_small(q, (uint8_t)(10 * q), 0);
		send_small(q, (uint8_t)(10 * q + 1), 1);
	}
	fx_run();
	/* Each frame's data starts with the pattern of its seed: byte 20 is 20 * 7 + seed. */
	for (unsigned int i = 0; i < 8; i++) {
		f = fx_pull();
		assert_non_null(f);
		assert_int_equal((uint8_t)(f->data[20] - 140u), 10u * (i % 4u) + i / 4u);
		net_frame_put(f);
	}
	assert_null(fx_pull());
	/* Receive: one flow always takes one queue; different flows spread. */
	for (unsigned int q = 0; q < 4; q++) {
		fx_rx_post(q, 128);
	}
	fx_run();
	for (unsigned int i = 0; i < 64; i++) {
		f = fx_frame(80, 1);
		f->data[37] = (uint8_t)i; /* the destination port's low byte: another flow */
		assert_true(fx_push(f));
		f = fx_frame(80, 1); /* the same flow each time */
		assert_true(fx_push(f));
	}
	fx_run();
	for (unsigned int q = 0; q < 4; q++) {
		struct netif_rx_response r;

		while (fx_rx_response(q, &r) == 0) {
			hits[q]++;
		}
	}
	/* 64 frames of one flow went to one queue; the 64 flows reached every queue. */
	unsigned int most = 0;

	for (unsigned int q = 0; q < 4; q++) {
		assert_true(hits[q] > 0);
		most = hits[q] > most ? hits[q] : most;
	}
	assert_true(most >= 64);
	assert_int_equal(hits[0] + hits[1] + hits[2] + hits[3], 128);
}

/* A queue takes at most a turn's worth of frames an event, then raises itself. */
static void test_turn_limit(void **state)
{
	unsigned int port;
	struct netif_tx_response rsp;
	unsigned int answered = 0;

	(void)state;
	assert_int_equal(fx_start(1, false), 0);
	port = fx_local(fx.params.tx_ports[0]);
	for (unsigned int i = 0; i < 40; i++) {
		send_small(0, (uint8_t)i, (uint16_t)i);
	}
	fx.ports[port].pending = false;
	fx.ports[port].fn(fx.ports[port].arg);
	while (fx_tx_response(0, &rsp) == 0) {
		answered++;
	}
	assert_int_equal(answered, 32);
	assert_true(fx.ports[port].pending);
	fx_run();
	while (fx_tx_response(0, &rsp) == 0) {
		answered++;
	}
	assert_int_equal(answered, 40);
	for (unsigned int i = 0; i < 40; i++) {
		net_frame_put(fx_pull());
	}
}

/* Frames the switch has not pulled hold the queue back; a pull lets it go on. */
static void test_back_pressure(void **state)
{
	struct netif_tx_response rsp;
	unsigned int answered = 0;
	unsigned int port;

	(void)state;
	assert_int_equal(fx_start(1, false), 0);
	port = fx_local(fx.params.tx_ports[0]);
	for (unsigned int i = 0; i < 100; i++) {
		send_small(0, (uint8_t)i, (uint16_t)i);
	}
	fx_run();
	while (fx_tx_response(0, &rsp) == 0) {
		answered++;
	}
	assert_int_equal(answered, 64);
	assert_false(fx.ports[port].pending);
	net_frame_put(fx_pull());
	assert_true(fx.ports[port].pending);
	fx_run();
	while (fx_tx_response(0, &rsp) == 0) {
		answered++;
	}
	assert_int_equal(answered, 65);
	/* The 99 others come, the queue taking more as the switch makes room. */
	for (unsigned int i = 0; i < 99; i++) {
		struct net_frame *f = fx_pull();

		if (f == NULL) {
			fx_run();
			f = fx_pull();
		}
		assert_non_null(f);
		net_frame_put(f);
	}
	assert_null(fx_pull());
}

/* Transmit responses of one turn notify once. */
static void test_tx_holdoff(void **state)
{
	unsigned int port;

	(void)state;
	assert_int_equal(fx_start(1, false), 0);
	port = fx_local(fx.params.tx_ports[0]);
	for (unsigned int i = 0; i < 10; i++) {
		send_small(0, (uint8_t)i, (uint16_t)i);
	}
	fx_run();
	assert_int_equal(fx.ports[port].notifies, 1);
	for (unsigned int i = 0; i < 10; i++) {
		net_frame_put(fx_pull());
	}
}

/* Counts: the switch's, plus the frames the frontend could not take. */
static void test_stats(void **state)
{
	struct vif_conn_params p = fx_params(1, false);
	struct net_port_stats s;

	(void)state;
	p.sg = false;
	assert_int_equal(fx_start_with(&p), 0);
	fx.sw.stats.rx_frames = 5;
	fx.sw.stats.bad_drops = 2;
	assert_true(fx_push(fx_frame(5000, 1)));
	vif_conn_stats(fx.conn, &s);
	assert_int_equal(s.rx_frames, 5);
	assert_int_equal(s.bad_drops, 3);
}

/* Broken is not called for a connection stopped; a second stop is harmless. */
static void test_stop_then_events(void **state)
{
	(void)state;
	assert_int_equal(fx_start(1, false), 0);
	fx_stop();
	assert_int_equal(fx.broken, 0);
	assert_int_equal(bound_ports(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start_stop_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_channels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_bad_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_failures_leave_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_bad_ring_ref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_with_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_req_prod_quiet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_req_prod, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_rx_req_prod, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_rx_req_prod_no_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_req_prod_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewritten_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewritten_rx_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multi_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_turn_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_pressure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_holdoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_then_events, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
