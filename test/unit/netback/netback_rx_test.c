// SPDX-License-Identifier: MIT
/* netif receive: frames into one page or several, the GSO extra, checksum flags, a full queue. */
#include "fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>

#include "vif_conn_internal.h"

static int setup(void **state)
{
	(void)state;
	fx_init();
	assert_int_equal(fx_start(1, false), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_fini();
	return 0;
}

/* Start with one queue and features changed by the test. */
static void restart(bool sg, bool gso, bool csum)
{
	struct vif_conn_params p = fx_params(1, false);

	fx_stop();
	p.sg = sg;
	p.gso_tcpv4 = p.gso_tcpv6 = gso;
	p.csum = p.ipv6_csum = csum;
	assert_int_equal(fx_start_with(&p), 0);
}

static struct netif_rx_response rx_rsp(void)
{
	struct netif_rx_response r;

	assert_int_equal(fx_rx_response(0, &r), 0);
	return r;
}

static void no_more_responses(void)
{
	uint8_t slot[8];

	assert_int_equal(fx_rx_response(0, slot), -1);
}

static struct net_port_stats stats(void)
{
	struct net_port_stats s;

	vif_conn_stats(fx.conn, &s);
	return s;
}

static void test_one_page(void **state)
{
	struct net_frame *f = fx_frame(1000, 1);
	uint8_t expect[1000];
	uint32_t ref = fx_rx_post(0, 1);
	struct netif_rx_response r;

	(void)state;
	fx_run();
	memcpy(expect, f->data, sizeof(expect));
	assert_true(fx_push(f));
	fx_run();
	r = rx_rsp();
	assert_int_equal(r.id, 0);
	assert_int_equal(r.offset, 0);
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.status, 1000);
	assert_memory_equal(fx_page(ref), expect, sizeof(expect));
	no_more_responses();
}

/* A frame pushed before the frontend posts pages waits for them. */
static void test_waits_for_pages(void **state)
{
	struct net_frame *f = fx_frame(200, 2);
	uint32_t ref;

	(void)state;
	assert_true(fx_push(f));
	fx_run();
	no_more_responses();
	ref = fx_rx_post(0, 1);
	fx_run();
	assert_int_equal(rx_rsp().status, 200);
	assert_int_equal(fx_page(ref)[12], 0x08);
}

static void test_many_pages(void **state)
{
	struct net_frame *f = fx_frame(10000, 3);
	uint8_t *expect = malloc(10000);
	uint32_t ref = fx_rx_post(0, 4);
	struct netif_rx_response r[3];

	(void)state;
	memcpy(expect, f->data, 10000);
	assert_true(fx_push(f));
	fx_run();
	for (unsigned int i = 0; i < 3; i++) {
		r[i] = rx_rsp();
		assert_int_equal(r[i].id, i);
		assert_memory_equal(fx_page(ref + i), expect + i * 4096u, r[i].status);
	}
	no_more_responses();
	assert_int_equal(r[0].status, 4096);
	assert_int_equal(r[1].status, 4096);
	assert_int_equal(r[2].status, 10000 - 8192);
	assert_int_equal(r[0].flags, NETRXF_more_data);
	assert_int_equal(r[1].flags, NETRXF_more_data);
	assert_int_equal(r[2].flags, 0);
	/* The fourth page is kept for the next frame. */
	assert_true(fx_push(fx_frame(100, 4)));
	fx_run();
	assert_int_equal(rx_rsp().id, 3);
	free(expect);
}

/* A frame bigger than a page is dropped and counted without feature-sg. */
static void test_no_sg_drops_big(void **state)
{
	(void)state;
	restart(false, false, true);
	fx_rx_post(0, 4);
	fx_run();
	assert_true(fx_push(fx_frame(5000, 5)));
	fx_run();
	no_more_responses();
	assert_int_equal(stats().bad_drops, 1);
	assert_true(fx_push(fx_frame(1514, 5)));
	fx_run();
	assert_int_equal(rx_rsp().status, 1514);
}

static void test_gso_extra(void **state)
{
	struct net_frame *f = fx_frame(9000, 6);
	struct netif_rx_response r0, r1, r2;
	struct netif_extra_info x;

	(void)state;
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 1448;
	f->flags = NET_FRAME_CSUM_BLANK;
	fx_rx_post(0, 4);
	assert_true(fx_push(f));
	fx_run();
	r0 = rx_rsp();
	assert_int_equal(fx_rx_response(0, &x), 0);
	r1 = rx_rsp();
	r2 = rx_rsp();
	no_more_responses();
	assert_int_equal(r0.id, 0);
	assert_int_equal(r0.status, 4096);
	assert_int_equal(r0.flags, NETRXF_more_data | NETRXF_extra_info | NETRXF_csum_blank |
					   NETRXF_data_validated);
	assert_int_equal(x.type, XEN_NETIF_EXTRA_TYPE_GSO);
	assert_int_equal(x.flags, 0);
	assert_int_equal(x.u.gso.type, XEN_NETIF_GSO_TYPE_TCPV4);
	assert_int_equal(x.u.gso.size, 1448);
	/* The extra's page (id 1) is not used: the data goes on in the third. */
	assert_int_equal(r1.id, 2);
	assert_int_equal(r1.flags, NETRXF_more_data);
	assert_int_equal(r2.id, 3);
	assert_int_equal(r2.status, 9000 - 8192);
	assert_int_equal(r2.flags, 0);
}

/* A GSO frame waits until the extra's page is posted too. */
static void test_gso_needs_extra_page(void **state)
{
	struct net_frame *f = fx_frame(1000, 7);

	(void)state;
	f->gso_type = NET_GSO_TCPV6;
	f->gso_size = 500;
	fx_rx_post(0, 1);
	assert_true(fx_push(f));
	fx_run();
	no_more_responses();
	fx_rx_post(0, 1);
	fx_run();
	assert_int_equal(rx_rsp().flags, NETRXF_extra_info);
}

/* A frontend without GSO gets a GSO frame cut into segments, each checked, one a page. */
static void test_gso_cut_for_a_frontend_without_it(void **state)
{
	struct net_frame *f = fx_frame(3000, 8);

	(void)state;
	restart(true, false, true);
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 1000;
	fx_rx_post(0, 4);
	assert_true(fx_push(f));
	fx_run();
	for (unsigned int i = 0; i < 3; i++) {
		struct netif_rx_response r = rx_rsp();

		assert_int_equal(r.status, 1000);
		assert_int_equal(r.flags, NETRXF_data_validated);
	}
	no_more_responses();
	assert_int_equal(fx.gso_calls, 1);
	assert_int_equal(stats().bad_drops, 0);
}

/* A gso_size that would cut a frame into more than VIF_RX_GSO_SEGS_MAX pieces: dropped. */
static void test_gso_too_many_segments(void **state)
{
	struct net_frame *f = fx_frame(3000, 8);

	(void)state;
	restart(true, false, true);
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 10;
	fx_rx_post(0, 4);
	assert_true(fx_push(f));
	fx_run();
	no_more_responses();
	assert_int_equal(stats().bad_drops, 1);
}

/* Without sg, a segment over a page is dropped and the others go on. */
static void test_gso_segment_over_a_page(void **state)
{
	struct net_frame *f = fx_frame(9000, 8);

	(void)state;
	restart(false, false, true);
	f->gso_type = NET_GSO_TCPV6;
	f->gso_size = 5000;
	fx_rx_post(0, 4);
	assert_true(fx_push(f));
	fx_run();
	assert_int_equal(rx_rsp().status, 4000);
	no_more_responses();
	assert_int_equal(stats().bad_drops, 1);
}

/* Segments go all or none: without room for all, the switch keeps the frame and drops it. */
static void test_gso_segments_need_room_for_all(void **state)
{
	struct net_frame *f;

	(void)state;
	restart(true, false, true);
	for (unsigned int i = 0; i + 1 < VIF_RX_IN_MAX; i++) { /* room for one frame, not three */
		assert_true(fx_push(fx_frame(100, 3)));
	}
	f = fx_frame(3000, 8);
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 1000;
	assert_false(fx_push(f));
	assert_int_equal(f->refs, 1);
	net_frame_put(f); /* the switch's to drop */
	assert_int_equal(fx.gso_calls, 1);
	assert_int_equal(net_frame_live(), VIF_RX_IN_MAX - 1); /* no segment left behind */
	assert_int_equal(stats().bad_drops, 0);
}

static void test_csum_flags(void **state)
{
	struct net_frame *f = fx_frame(100, 9);

	(void)state;
	fx_rx_post(0, 2);
	f->flags = NET_FRAME_DATA_VALIDATED;
	assert_true(fx_push(f));
	f = fx_frame(100, 9);
	f->flags = NET_FRAME_CSUM_BLANK;
	assert_true(fx_push(f));
	fx_run();
	assert_int_equal(rx_rsp().flags, NETRXF_data_validated);
	assert_int_equal(rx_rsp().flags, NETRXF_csum_blank | NETRXF_data_validated);
	assert_int_equal(fx.csum_calls, 0);
}

/* A frontend that cannot take a blank checksum gets it filled (net_csum_fill), on a copy when
 * the frame is shared. */
static void test_csum_filled(void **state)
{
	struct net_frame *f = fx_frame(100, 10);
	uint32_t ref;

	(void)state;
	restart(true, true, false);
	ref = fx_rx_post(0, 1);
	f->flags = NET_FRAME_CSUM_BLANK;
	net_frame_get(f); /* another port holds it too */
	assert_true(fx_push(f));
	fx_run();
	assert_int_equal(fx.csum_calls, 1);
	assert_int_equal(rx_rsp().flags, NETRXF_data_validated);
	assert_int_equal(fx_page(ref)[99], 0xcc);
	/* The shared frame was not written. */
	assert_int_equal(f->refs, 1);
	assert_int_not_equal(f->data[99], 0xcc);
	assert_int_equal(f->flags, NET_FRAME_CSUM_BLANK);
	net_frame_put(f);
}

/* Nor a GSO frame as it is to a frontend that cannot take blank checksums: cut here, each
 * segment has its own checksum. */
static void test_gso_needs_csum(void **state)
{
	struct net_frame *f = fx_frame(3000, 8);

	(void)state;
	restart(true, true, false);
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 1000;
	f->flags = NET_FRAME_CSUM_BLANK;
	fx_rx_post(0, 4);
	assert_true(fx_push(f));
	fx_run();
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(rx_rsp().flags, NETRXF_data_validated);
	}
	no_more_responses();
	assert_int_equal(stats().bad_drops, 0);
	assert_int_equal(fx.csum_calls, 0);
}

static void test_csum_fill_fails(void **state)
{
	struct net_frame *f = fx_frame(100, 11);

	(void)state;
	restart(true, true, false);
	fx_rx_post(0, 1);
	f->flags = NET_FRAME_CSUM_BLANK;
	fx.csum_rc = -XEN_EINVAL;
	assert_true(fx_push(f));
	fx_run();
	no_more_responses();
	assert_int_equal(stats().bad_drops, 1);
}

/* Frames beyond the queue's bound are refused: the switch keeps its reference and drops it. */
static void test_queue_full_frames(void **state)
{
	struct net_frame *f;

	(void)state;
	for (unsigned int i = 0; i < 256; i++) {
		assert_true(fx_push(fx_frame(60, (uint8_t)i)));
	}
	f = fx_frame(60, 0);
	assert_false(fx_push(f));
	assert_int_equal(f->refs, 1);
	net_frame_put(f);
	/* Posting pages drains it; then there is room again. */
	fx_rx_post(0, 200);
	fx_run();
	f = fx_frame(60, 0);
	assert_true(fx_push(f));
	assert_int_equal(net_frame_live(), 57);
}

static void test_queue_full_bytes(void **state)
{
	struct net_frame *f;
	unsigned int fit = (4u * 1024u * 1024u) / 20000u;

	(void)state;
	for (unsigned int i = 0; i < fit; i++) {
		assert_true(fx_push(fx_frame(20000, (uint8_t)i)));
	}
	f = fx_frame(20000, 0);
	assert_false(fx_push(f));
	net_frame_put(f);
	assert_true(fx_push(fx_frame(60, 0)));
}

/* A posted page whose grant is bad gets NETIF_RSP_ERROR; the VIF goes on. */
/* A posted page whose grant cannot be copied to ends the VIF; nothing is answered. */
static void test_bad_gref_is_fatal(void **state)
{
	uint32_t ref = fx_rx_post(0, 2);

	(void)state;
	fx_revoke(ref);
	assert_true(fx_push(fx_frame(100, 12)));
	assert_true(fx_push(fx_frame(100, 13)));
	fx_run();
	assert_int_equal(fx.broken, 1);
	assert_null(fx.conn);
	assert_non_null(strstr(fx.last_log, "cannot be copied to"));
}

static void test_copy_call_fails_is_error(void **state)
{
	(void)state;
	fx_rx_post(0, 3);
	fx.copy_call_fails = true;
	assert_true(fx_push(fx_frame(5000, 14)));
	fx_run();
	fx.copy_call_fails = false;
	assert_int_equal(rx_rsp().status, NETIF_RSP_ERROR);
	assert_int_equal(rx_rsp().status, NETIF_RSP_ERROR);
	assert_int_equal(fx.broken, 0);
}

static void test_bad_rx_id_is_fatal(void **state)
{
	struct netif_rx_request r = { .id = 256, .gref = fx_grant_page(false) };

	(void)state;
	assert_int_equal(ring_front_put_request(&fx.rx[0], &r, sizeof(r)), 0);
	(void)ring_front_push_requests(&fx.rx[0]);
	assert_true(fx_push(fx_frame(100, 15)));
	fx_run();
	assert_int_equal(fx.broken, 1);
	assert_non_null(strstr(fx.last_log, "id is not below"));
}

/* Ten frames copied in one turn notify the frontend once. */
static void test_holdoff(void **state)
{
	unsigned int port = fx_local(fx.params.rx_ports[0]);

	(void)state;
	fx_rx_post(0, 10);
	fx_run();
	for (unsigned int i = 0; i < 10; i++) {
		assert_true(fx_push(fx_frame(100, (uint8_t)i)));
	}
	fx_run();
	assert_int_equal(fx.ports[port].notifies, 1);
	/* The frontend has not taken them: more responses do not notify again. */
	fx_rx_post(0, 1);
	assert_true(fx_push(fx_frame(100, 1)));
	fx_run();
	assert_int_equal(fx.ports[port].notifies, 1);
	for (unsigned int i = 0; i < 11; i++) {
		(void)rx_rsp();
	}
	no_more_responses(); /* asks for an event at the next response */
	fx_rx_post(0, 1);
	assert_true(fx_push(fx_frame(100, 2)));
	fx_run();
	assert_int_equal(fx.ports[port].notifies, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waits_for_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_sg_drops_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_extra, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_needs_extra_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_cut_for_a_frontend_without_it, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_gso_too_many_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_segment_over_a_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_segments_need_room_for_all, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_csum_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csum_filled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_needs_csum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csum_fill_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_full_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_full_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_gref_is_fatal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_call_fails_is_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rx_id_is_fatal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_holdoff, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
