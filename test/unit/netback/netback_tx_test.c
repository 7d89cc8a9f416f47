// SPDX-License-Identifier: MIT
/* netif transmit: frames of one or many slots, extras, checksum flags; every fatal and ERROR case.
 */
#include "fixture.h"
#include "netif_req.h"
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
	assert_int_equal(fx_start(1, false), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_fini();
	return 0;
}

/* Take n tx responses of queue 0 into rsp[]; there must be exactly n. */
static void take_responses(struct netif_tx_response *rsp, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(fx_tx_response(0, &rsp[i]), 0);
	}
	struct netif_tx_response extra;

	assert_int_equal(fx_tx_response(0, &extra), -1);
}

/* Send a frame of len bytes in slots of slot_max; the switch gets exactly it. */
static void send_and_check(uint32_t len, uint32_t slot_max)
{
	uint8_t *data = malloc(len);
	struct netif_tx_response rsp[64];
	struct net_frame *f;
	unsigned int n;

	fx_fill(data, len, false, (uint8_t)len);
	n = fx_tx_frame(0, data, len, slot_max, 0, 0, 0, 10);
	fx_run();
	assert_true(fx.sw.ready);
	take_responses(rsp, n);
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(rsp[i].id, 10 + i);
		assert_int_equal(rsp[i].status, NETIF_RSP_OKAY);
	}
	f = fx_pull();
	assert_non_null(f);
	assert_int_equal(f->len, len);
	assert_memory_equal(f->data, data, len);
	assert_int_equal(f->flags, 0);
	assert_int_equal(f->gso_type, NET_GSO_NONE);
	assert_null(fx_pull());
	net_frame_put(f);
	free(data);
}

static void test_one_slot(void **state)
{
	(void)state;
	send_and_check(60, 4096);
	send_and_check(1514, 4096);
	assert_int_equal(fx.broken, 0);
}

static void test_many_slots(void **state)
{
	(void)state;
	send_and_check(5000, 2000);    /* 3 slots */
	send_and_check(65535, 4096);   /* 16 full pages and the rest: 17 slots */
	send_and_check(18 * 100, 100); /* exactly 18 slots: the most allowed */
	assert_int_equal(fx.broken, 0);
}

static void test_gso_extra(void **state)
{
	uint8_t data[9000];
	struct netif_tx_response rsp[8];
	struct net_frame *f;

	(void)state;
	fx_fill(data, sizeof(data), false, 1);
	assert_int_equal(fx_tx_frame(0, data, sizeof(data), 4096,
				     NETTXF_csum_blank | NETTXF_data_validated,
				     XEN_NETIF_GSO_TYPE_TCPV4, 1448, 0),
			 4);
	fx_run();
	take_responses(rsp, 4);
	/* The first data slot, its extra (NULL), then the other data slots. */
	assert_int_equal(rsp[0].id, 0);
	assert_int_equal(rsp[0].status, NETIF_RSP_OKAY);
	assert_int_equal(rsp[1].status, NETIF_RSP_NULL);
	assert_int_equal(rsp[2].id, 1);
	assert_int_equal(rsp[2].status, NETIF_RSP_OKAY);
	assert_int_equal(rsp[3].id, 2);
	f = fx_pull();
	assert_non_null(f);
	assert_int_equal(f->len, sizeof(data));
	assert_memory_equal(f->data, data, sizeof(data));
	assert_int_equal(f->gso_type, NET_GSO_TCPV4);
	assert_int_equal(f->gso_size, 1448);
	assert_int_equal(f->flags, NET_FRAME_CSUM_BLANK | NET_FRAME_DATA_VALIDATED);
	net_frame_put(f);
}

static void test_gso_v6(void **state)
{
	uint8_t data[3000];
	struct net_frame *f;

	(void)state;
	fx_fill(data, sizeof(data), true, 2);
	fx_tx_frame(0, data, sizeof(data), 4096, NETTXF_csum_blank, XEN_NETIF_GSO_TYPE_TCPV6, 1000,
		    0);
	fx_run();
	f = fx_pull();
	assert_non_null(f);
	assert_int_equal(f->gso_type, NET_GSO_TCPV6);
	assert_int_equal(f->flags, NET_FRAME_CSUM_BLANK);
	net_frame_put(f);
}

static void test_csum_flags(void **state)
{
	uint8_t data[100];
	struct net_frame *f;

	(void)state;
	fx_fill(data, sizeof(data), false, 3);
	fx_tx_frame(0, data, sizeof(data), 4096, NETTXF_data_validated, 0, 0, 0);
	fx_run();
	f = fx_pull();
	assert_int_equal(f->flags, NET_FRAME_DATA_VALIDATED);
	net_frame_put(f);
}

/* A GSO frame whose headers are not of its type is dropped, answered, and the VIF goes on. */
static void test_gso_headers_mismatch(void **state)
{
	uint8_t data[3000];
	struct netif_tx_response rsp[4];

	(void)state;
	fx_fill(data, sizeof(data), false, 4); /* IPv4 ... */
	fx_tx_frame(0, data, sizeof(data), 4096, 0, XEN_NETIF_GSO_TYPE_TCPV6, 1000, 0);
	fx_run();
	take_responses(rsp, 2);
	assert_int_equal(rsp[0].status, NETIF_RSP_OKAY);
	assert_null(fx_pull());
	assert_int_equal(fx.broken, 0);
	send_and_check(100, 4096);
}

/* ERROR cases: the frame is lost, every data slot says so, the VIF goes on. */
static void check_error_then_alive(unsigned int data_slots, bool extra)
{
	struct netif_tx_response rsp[8];
	unsigned int n = data_slots + (extra ? 1u : 0u);

	take_responses(rsp, n);
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(rsp[i].status, extra && i == 1 ? NETIF_RSP_NULL : NETIF_RSP_ERROR);
	}
	assert_null(fx_pull());
	assert_int_equal(fx.broken, 0);
	assert_non_null(fx.conn);
	send_and_check(200, 4096);
}

/* A grant that cannot be copied from ends the VIF: the frontend broke the protocol. */
static void expect_break_now(const char *why)
{
	assert_int_equal(fx.broken, 1);
	assert_null(fx.conn);
	assert_non_null(strstr(fx.last_log, "vif7.0"));
	assert_non_null(strstr(fx.last_log, why));
	assert_false(fx.sw.added);
}

static void test_bad_gref_is_fatal(void **state)
{
	uint8_t data[3000];
	uint32_t before = fx.grant_count;

	(void)state;
	fx_fill(data, sizeof(data), false, 5);
	/* Slots of 1000: the frame's pages are the next grants; the second is revoked. */
	struct netif_tx_request r[3];

	for (unsigned int i = 0; i < 3; i++) {
		uint32_t ref = fx_grant_page(true);

		memcpy(fx_page(ref), data + i * 1000u, 1000);
		r[i] = (struct netif_tx_request){ .gref = ref,
						  .offset = 0,
						  .flags = i < 2 ? NETTXF_more_data : 0,
						  .id = (uint16_t)i,
						  .size = i == 0 ? 3000 : 1000 };
	}
	fx_revoke(before + 1);
	fx_tx_put(0, r, 3);
	fx_run();
	expect_break_now("cannot be copied from");
}

static void test_bad_gref_with_extra_is_fatal(void **state)
{
	uint8_t slots[2][NETIF_TX_SLOT_SIZE];
	struct netif_tx_request r = {
		.gref = 9999, .flags = NETTXF_extra_info, .id = 1, .size = 60
	};
	struct netif_extra_info x = { .type = XEN_NETIF_EXTRA_TYPE_GSO };

	(void)state;
	x.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
	x.u.gso.size = 1000;
	memset(slots, 0, sizeof(slots));
	memcpy(slots[0], &r, sizeof(r));
	memcpy(slots[1], &x, sizeof(x));
	fx_tx_put(0, slots, 2);
	fx_run();
	expect_break_now("cannot be copied from");
}

static void test_copy_call_fails_is_error(void **state)
{
	uint8_t data[100];

	(void)state;
	fx_fill(data, sizeof(data), false, 6);
	fx.copy_call_fails = true;
	fx_tx_frame(0, data, sizeof(data), 4096, 0, 0, 0, 0);
	fx_run();
	fx.copy_call_fails = false;
	check_error_then_alive(1, false);
}

static void test_no_memory_is_error(void **state)
{
	uint8_t data[5000];

	(void)state;
	fx_fill(data, sizeof(data), false, 7);
	fx.allocs_to_fail = 1;
	fx_tx_frame(0, data, sizeof(data), 4096, 0, 0, 0, 0);
	fx_run();
	check_error_then_alive(2, false);
}

/* Fatal cases: the connection ends once, with one log line naming the VIF. */
static void put_raw_and_expect_break(const void *slots, unsigned int n, const char *why)
{
	unsigned int logs = fx.logs;

	fx_tx_put(0, slots, n);
	fx_run();
	assert_int_equal(fx.broken, 1);
	assert_null(fx.conn);
	assert_int_equal(fx.logs, logs + 1);
	assert_non_null(strstr(fx.last_log, "vif7.0"));
	assert_non_null(strstr(fx.last_log, why));
	assert_false(fx.sw.added);
}

/* A one-slot frame's request. */
static struct netif_tx_request req(uint16_t size, uint16_t offset, uint16_t flags, uint16_t id)
{
	return (struct netif_tx_request){ .gref = fx_grant_page(true),
					  .offset = offset,
					  .flags = flags,
					  .id = id,
					  .size = size };
}

static void test_fatal_too_short(void **state)
{
	struct netif_tx_request r = req(13, 0, 0, 0);

	(void)state;
	put_raw_and_expect_break(&r, 1, "shorter than an Ethernet header");
}

static void test_fatal_first_crosses_page(void **state)
{
	struct netif_tx_request r = req(200, 4000, 0, 0);

	(void)state;
	put_raw_and_expect_break(&r, 1, "passes the end of its page");
}

static void test_fatal_offset_past_page(void **state)
{
	struct netif_tx_request r = req(100, 4096, 0, 0);

	(void)state;
	put_raw_and_expect_break(&r, 1, "offset is past its page");
}

static void test_fatal_later_crosses_page(void **state)
{
	struct netif_tx_request r[2] = { req(1100, 0, NETTXF_more_data, 0), req(1000, 3500, 0, 1) };

	(void)state;
	put_raw_and_expect_break(r, 2, "passes the end of its page");
}

static void test_fatal_sizes_exceed(void **state)
{
	struct netif_tx_request r[2] = { req(100, 0, NETTXF_more_data, 0), req(200, 0, 0, 1) };

	(void)state;
	put_raw_and_expect_break(r, 2, "more than its size says");
}

static void test_fatal_too_many_slots(void **state)
{
	struct netif_tx_request r[19];

	(void)state;
	for (unsigned int i = 0; i < 19; i++) {
		r[i] = req(i == 0 ? 19 * 60 : 60, 0, i < 18 ? NETTXF_more_data : 0, (uint16_t)i);
	}
	put_raw_and_expect_break(r, 19, "more data slots than allowed");
}

static void test_fatal_bad_id(void **state)
{
	struct netif_tx_request r = req(100, 0, 0, 256);

	(void)state;
	put_raw_and_expect_break(&r, 1, "id is not below");
}

/* A frame with one extra slot x after its first slot. */
static void put_with_extra_and_expect_break(struct netif_extra_info x, const char *why)
{
	uint8_t slots[2][NETIF_TX_SLOT_SIZE];
	struct netif_tx_request r = req(100, 0, NETTXF_extra_info, 0);

	memset(slots, 0, sizeof(slots));
	memcpy(slots[0], &r, sizeof(r));
	memcpy(slots[1], &x, sizeof(x));
	put_raw_and_expect_break(slots, 2, why);
}

static void test_fatal_extra_type_unknown(void **state)
{
	(void)state;
	put_with_extra_and_expect_break((struct netif_extra_info){ .type = 9 }, "not offered");
}

static void test_fatal_extra_type_none(void **state)
{
	(void)state;
	put_with_extra_and_expect_break((struct netif_extra_info){ .type = 0 }, "not offered");
}

static void test_fatal_extra_mcast(void **state)
{
	(void)state;
	put_with_extra_and_expect_break(
		(struct netif_extra_info){ .type = XEN_NETIF_EXTRA_TYPE_MCAST_ADD }, "not offered");
}

static void test_fatal_gso_type(void **state)
{
	struct netif_extra_info x = { .type = XEN_NETIF_EXTRA_TYPE_GSO };

	(void)state;
	x.u.gso.type = 3;
	x.u.gso.size = 1000;
	put_with_extra_and_expect_break(x, "unknown GSO type");
}

static void test_fatal_gso_size_zero(void **state)
{
	struct netif_extra_info x = { .type = XEN_NETIF_EXTRA_TYPE_GSO };

	(void)state;
	x.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
	put_with_extra_and_expect_break(x, "segment size 0");
}

static void test_fatal_two_gso(void **state)
{
	uint8_t slots[3][NETIF_TX_SLOT_SIZE];
	struct netif_tx_request r = req(100, 0, NETTXF_extra_info, 0);
	struct netif_extra_info x = { .type = XEN_NETIF_EXTRA_TYPE_GSO,
				      .flags = XEN_NETIF_EXTRA_FLAG_MORE };

	(void)state;
	x.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
	x.u.gso.size = 1000;
	memset(slots, 0, sizeof(slots));
	memcpy(slots[0], &r, sizeof(r));
	memcpy(slots[1], &x, sizeof(x));
	memcpy(slots[2], &x, sizeof(x));
	put_raw_and_expect_break(slots, 3, "two GSO");
}

static void test_fatal_runs_past_published(void **state)
{
	struct netif_tx_request r = req(100, 0, NETTXF_more_data, 0);

	(void)state;
	put_raw_and_expect_break(&r, 1, "run past the requests it published");
}

static void test_fatal_extra_past_published(void **state)
{
	struct netif_tx_request r = req(100, 0, NETTXF_extra_info, 0);

	(void)state;
	put_raw_and_expect_break(&r, 1, "run past the requests it published");
}

/* The parser alone: a zero-size later slot is allowed; the first slot's own part is computed. */
static void test_parse_parts(void **state)
{
	struct netif_tx_packet p;
	struct netif_tx_request r[3] = {
		{ .gref = 1, .offset = 10, .flags = NETTXF_more_data, .id = 0, .size = 300 },
		{ .gref = 2, .offset = 0, .flags = NETTXF_more_data, .id = 1, .size = 0 },
		{ .gref = 3, .offset = 4000, .flags = 0, .id = 2, .size = 96 },
	};
	const char *why = NULL;

	(void)state;
	netif_tx_begin(&p);
	assert_int_equal(netif_tx_add(&p, &r[0], 256, &why), 1);
	assert_int_equal(netif_tx_add(&p, &r[1], 256, &why), 1);
	assert_int_equal(netif_tx_add(&p, &r[2], 256, &why), 0);
	assert_int_equal(p.data_count, 3);
	assert_int_equal(p.data[0].size, 204);
	assert_int_equal(p.total, 300);
	assert_int_equal(netif_tx_slots(&p), 3);
	/* An id is checked against the ring's count as given. */
	netif_tx_begin(&p);
	r[2].flags = 0;
	r[2].id = 64;
	r[2].size = 100;
	r[2].offset = 0;
	assert_int_equal(netif_tx_add(&p, &r[2], 64, &why), -XEN_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_slot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_slots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_extra, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_v6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csum_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_headers_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_gref_is_fatal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_gref_with_extra_is_fatal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_call_fails_is_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_memory_is_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_too_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_first_crosses_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_offset_past_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_later_crosses_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_sizes_exceed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_too_many_slots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_bad_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_extra_type_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_extra_type_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_extra_mcast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_gso_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_gso_size_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_two_gso, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_runs_past_published, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fatal_extra_past_published, setup, teardown),
		cmocka_unit_test(test_parse_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
