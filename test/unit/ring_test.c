// SPDX-License-Identifier: MIT
/* Unit tests of the library OS's shared-ring code (stubdoms/ring.c), built for the host. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include <abi/io_ring.h>
#include <libos/ring.h>

/* A blkif-sized entry: 32 slots a page. */
#define ENTRY 112u
#define COUNT 32u

static uint8_t page[IO_RING_PAGE_SIZE] __attribute__((aligned(4096)));

static struct io_ring_header *header(void)
{
	return (struct io_ring_header *)page;
}

/* A request or response: its index, then filler. */
struct msg {
	uint64_t id;
	uint8_t fill[40];
};

static struct msg msg_of(uint64_t id)
{
	struct msg m;

	memset(&m, (int)(id & 0xff), sizeof(m));
	m.id = id;
	return m;
}

static int setup(void **state)
{
	(void)state;
	memset(page, 0xee, sizeof(page));
	return 0;
}

static void test_geometry(void **state)
{
	struct ring_front f;
	struct ring_back b;

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(f.count, COUNT);
	assert_int_equal(header()->req_prod, 0);
	assert_int_equal(header()->rsp_prod, 0);
	assert_int_equal(header()->req_event, 1);
	assert_int_equal(header()->rsp_event, 1);
	assert_int_equal(header()->pad[0], 0);
	assert_int_equal(ring_front_free(&f), COUNT);
	assert_int_equal(ring_front_init(&f, page, 0), -XEN_EINVAL);
	assert_int_equal(ring_front_init(&f, page, 4033), -XEN_EINVAL);
	assert_int_equal(ring_front_init(&f, NULL, ENTRY), -XEN_EINVAL);
	assert_int_equal(ring_back_init(&b, page, 4032), 0);
	assert_int_equal(b.count, 1);
	assert_int_equal(ring_back_init(&b, page, 0), -XEN_EINVAL);
}

static void test_round_trip_and_notify(void **state)
{
	struct ring_front f;
	struct ring_back b;
	struct msg m;

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_back_init(&b, page, ENTRY), 0);
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), -XEN_EAGAIN);

	for (uint64_t i = 0; i < 3; i++) {
		m = msg_of(i);
		assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	}
	/* Nothing is visible before the push; the backend asked for an event at 1. */
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), -XEN_EAGAIN);
	assert_true(ring_front_push_requests(&f));
	for (uint64_t i = 0; i < 3; i++) {
		assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
		assert_int_equal(m.id, i);
		m.id += 100;
		assert_int_equal(ring_back_put_response(&b, &m, sizeof(m)), 0);
	}
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), -XEN_EAGAIN);
	/* More responses than requests taken: refused. */
	assert_int_equal(ring_back_put_response(&b, &m, sizeof(m)), -XEN_ENOSPC);
	assert_true(ring_back_push_responses(&b));
	for (uint64_t i = 0; i < 3; i++) {
		assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
		assert_int_equal(m.id, 100 + i);
	}
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), -XEN_EAGAIN);

	/* The backend has not re-armed: the next push needs no event. */
	m = msg_of(7);
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	assert_false(ring_front_push_requests(&f));
	/* It drains, re-arms and finds nothing more; then a push must notify again. */
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
	assert_false(ring_back_final_check(&b));
	assert_int_equal(header()->req_event, 5);
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	assert_true(ring_front_push_requests(&f));
	/* A final check that finds an entry published meanwhile says so. */
	assert_true(ring_back_final_check(&b));
	/* The frontend's re-arm works the same way for responses. */
	assert_false(ring_front_final_check(&f));
	assert_int_equal(header()->rsp_event, 4);
	assert_int_equal(ring_back_put_response(&b, &m, sizeof(m)), 0);
	assert_true(ring_back_push_responses(&b));
}

static void test_full_and_lengths(void **state)
{
	struct ring_front f;
	struct ring_back b;
	struct msg m = msg_of(1);
	uint8_t big[ENTRY + 1] = { 0 };

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_back_init(&b, page, ENTRY), 0);
	assert_int_equal(ring_front_put_request(&f, big, sizeof(big)), -XEN_EINVAL);
	for (unsigned int i = 0; i < COUNT; i++) {
		assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	}
	assert_int_equal(ring_front_free(&f), 0);
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), -XEN_ENOSPC);
	(void)ring_front_push_requests(&f);
	assert_int_equal(ring_back_get_request(&b, big, sizeof(big)), -XEN_EINVAL);
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
	assert_int_equal(ring_back_put_response(&b, big, sizeof(big)), -XEN_EINVAL);
	/* A short message zeroes the rest of its slot. */
	assert_int_equal(ring_back_put_response(&b, &m, 8), 0);
	assert_int_equal(page[IO_RING_SLOT_OFFSET(0, ENTRY) + 8], 0);
	assert_int_equal(page[IO_RING_SLOT_OFFSET(0, ENTRY) + ENTRY - 1], 0);
	/* One response frees one slot. */
	(void)ring_back_push_responses(&b);
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
	assert_int_equal(ring_front_free(&f), 1);
}

static void test_hostile_frontend(void **state)
{
	struct ring_front f;
	struct ring_back b;
	struct msg m = msg_of(3);

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_back_init(&b, page, ENTRY), 0);
	/* More unconsumed requests than slots, and an index gone backwards. */
	header()->req_prod = COUNT + 1;
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), -XEN_EIO);
	header()->req_prod = 0xFFFFFFFFu;
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), -XEN_EIO);
	/* Exactly full is fine; one more over unanswered requests is not. */
	header()->req_prod = COUNT;
	for (unsigned int i = 0; i < COUNT; i++) {
		assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
	}
	header()->req_prod = COUNT + 1;
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), -XEN_EIO);
	/* Answering frees the slot: now it is a fair request. */
	assert_int_equal(ring_back_put_response(&b, &m, sizeof(m)), 0);
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
}

static void test_copied_out(void **state)
{
	struct ring_front f;
	struct ring_back b;
	struct msg m = msg_of(42);
	struct msg got;

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_back_init(&b, page, ENTRY), 0);
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	(void)ring_front_push_requests(&f);
	assert_int_equal(ring_back_get_request(&b, &got, sizeof(got)), 0);
	/* The frontend rewrites the slot after it was taken: the copy stays as it was. */
	memset(page + IO_RING_SLOT_OFFSET(0, ENTRY), 0x77, ENTRY);
	assert_int_equal(got.id, 42);
	assert_int_equal(got.fill[0], 42);
}

static void test_hostile_backend(void **state)
{
	struct ring_front f;
	struct msg m = msg_of(5);

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	(void)ring_front_push_requests(&f);
	/* Responses to requests never made. */
	header()->rsp_prod = 3;
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), -XEN_EIO);
	header()->rsp_prod = 0xFFFFFFFFu;
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), -XEN_EIO);
	header()->rsp_prod = 2;
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), -XEN_EAGAIN);
}

static void test_producer_moved_back(void **state)
{
	struct ring_front f;
	struct ring_back b;
	struct msg m = msg_of(9);

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_back_init(&b, page, ENTRY), 0);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	}
	(void)ring_front_push_requests(&f);
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
	/* Still ahead of req_cons, but behind a req_prod the backend already saw. */
	header()->req_prod = 2;
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), -XEN_EIO);
	header()->req_prod = 4;
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
	assert_int_equal(ring_back_put_response(&b, &m, sizeof(m)), 0);
	assert_int_equal(ring_back_put_response(&b, &m, sizeof(m)), 0);
	(void)ring_back_push_responses(&b);
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
	/* The same for the frontend: rsp_prod back behind what it saw. */
	header()->rsp_prod = 1;
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), -XEN_EIO);
	header()->rsp_prod = 2;
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
}

static void test_responses_only_to_published_requests(void **state)
{
	struct ring_front f;
	struct msg m = msg_of(4);

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	(void)ring_front_push_requests(&f);
	/* Put but not pushed: the backend cannot know of it, so cannot answer it. */
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	header()->rsp_prod = 2;
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), -XEN_EIO);
	header()->rsp_prod = 1;
	assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
}

static void test_own_index_never_read_back(void **state)
{
	struct ring_front f;
	struct msg m = msg_of(6);

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	assert_true(ring_front_push_requests(&f));
	/*
	 * The backend asks for an event at 2 and rewrites our req_prod to 2 as
	 * well: judged by the page, the next push would pass nothing. Judged by
	 * our own copy (1), it passes 2 and must notify.
	 */
	header()->req_event = 2;
	header()->req_prod = 2;
	assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
	assert_true(ring_front_push_requests(&f));
	assert_int_equal(header()->req_prod, 2);
}

static void test_indexes_wrap(void **state)
{
	struct ring_front f;
	struct ring_back b;
	struct msg m;
	const uint32_t start = 0xFFFFFFF0u;

	(void)state;
	assert_int_equal(ring_front_init(&f, page, ENTRY), 0);
	assert_int_equal(ring_back_init(&b, page, ENTRY), 0);
	/* Both ends as if 2^32 - 16 messages had gone through already. */
	f.req_prod_pvt = f.req_pushed = f.rsp_cons = f.rsp_seen = start;
	b.req_cons = b.req_seen = b.rsp_prod_pvt = b.rsp_pushed = start;
	header()->req_prod = header()->rsp_prod = start;
	header()->req_event = header()->rsp_event = start + 1;
	for (uint64_t round = 0; round < 3; round++) {
		for (uint64_t i = 0; i < COUNT; i++) {
			m = msg_of(round * COUNT + i);
			assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
		}
		assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), -XEN_ENOSPC);
		(void)ring_front_push_requests(&f);
		for (uint64_t i = 0; i < COUNT; i++) {
			assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
			assert_int_equal(m.id, round * COUNT + i);
			assert_int_equal(ring_back_put_response(&b, &m, sizeof(m)), 0);
		}
		(void)ring_back_push_responses(&b);
		for (uint64_t i = 0; i < COUNT; i++) {
			assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
			assert_int_equal(m.id, round * COUNT + i);
		}
	}
	assert_true(f.req_prod_pvt < start); /* wrapped past 2^32 */
}

static void test_notify_rule(void **state)
{
	(void)state;
	/* The peer's event index in (old, new]: notify. */
	assert_true(IO_RING_NEED_NOTIFY(5u, 3u, 4u));
	assert_true(IO_RING_NEED_NOTIFY(5u, 3u, 5u));
	assert_false(IO_RING_NEED_NOTIFY(5u, 3u, 3u));
	assert_false(IO_RING_NEED_NOTIFY(5u, 3u, 6u));
	/* Across the wrap. */
	assert_true(IO_RING_NEED_NOTIFY(2u, 0xFFFFFFFEu, 0u));
	assert_false(IO_RING_NEED_NOTIFY(2u, 0xFFFFFFFEu, 0xFFFFFFFEu));
}

/* Sixteen contiguous pages: the largest ring (max-ring-page-order 4). */
static uint8_t pages[RING_PAGES_MAX * IO_RING_PAGE_SIZE] __attribute__((aligned(4096)));

static void test_multi_page_geometry(void **state)
{
	struct ring_front f;
	struct ring_back b;

	(void)state;
	/* blkif: 32 slots a page, 64 over two pages ... 512 over sixteen. */
	for (unsigned int n = 1; n <= RING_PAGES_MAX; n *= 2) {
		assert_int_equal(ring_back_init_pages(&b, pages, n, ENTRY), 0);
		assert_int_equal(b.count, COUNT * n);
		assert_int_equal(ring_front_init_pages(&f, pages, n, ENTRY), 0);
		assert_int_equal(f.count, COUNT * n);
	}
	/* Small entries: (16 * 4096 - 64) / 8 = 8184 -> 4096. */
	assert_int_equal(ring_back_init_pages(&b, pages, 16, 8), 0);
	assert_int_equal(b.count, 4096);
	/* One entry filling two pages but the header. */
	assert_int_equal(ring_back_init_pages(&b, pages, 2, 2 * 4096 - 64), 0);
	assert_int_equal(b.count, 1);
	assert_int_equal(ring_back_init_pages(&b, pages, 2, 2 * 4096 - 63), -XEN_EINVAL);
	/* Page counts: powers of two up to 16 only. */
	assert_int_equal(ring_back_init_pages(&b, pages, 0, ENTRY), -XEN_EINVAL);
	assert_int_equal(ring_back_init_pages(&b, pages, 3, ENTRY), -XEN_EINVAL);
	assert_int_equal(ring_back_init_pages(&b, pages, 32, ENTRY), -XEN_EINVAL);
	assert_int_equal(ring_front_init_pages(&f, pages, 6, ENTRY), -XEN_EINVAL);
	assert_int_equal(ring_back_init_pages(&b, NULL, 4, ENTRY), -XEN_EINVAL);
	/* The one-page calls are the one-page case of these. */
	assert_int_equal(ring_back_init(&b, pages, ENTRY), 0);
	assert_int_equal(b.count, COUNT);
}

static void test_multi_page_round_trip(void **state)
{
	const unsigned int n = 4;
	const uint32_t count = COUNT * n;
	struct io_ring_header *h = (struct io_ring_header *)pages;
	struct ring_front f;
	struct ring_back b;
	struct msg m;

	(void)state;
	memset(pages, 0xee, sizeof(pages));
	assert_int_equal(ring_front_init_pages(&f, pages, n, ENTRY), 0);
	assert_int_equal(ring_back_init_pages(&b, pages, n, ENTRY), 0);
	/* Two laps, so slots past the first page are written, read and reused. */
	for (uint64_t round = 0; round < 2; round++) {
		for (uint64_t i = 0; i < count; i++) {
			m = msg_of(round * count + i);
			assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), 0);
		}
		assert_int_equal(ring_front_put_request(&f, &m, sizeof(m)), -XEN_ENOSPC);
		(void)ring_front_push_requests(&f);
		for (uint64_t i = 0; i < count; i++) {
			assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), 0);
			assert_int_equal(m.id, round * count + i);
			assert_int_equal(ring_back_put_response(&b, &m, sizeof(m)), 0);
		}
		(void)ring_back_push_responses(&b);
		for (uint64_t i = 0; i < count; i++) {
			assert_int_equal(ring_front_get_response(&f, &m, sizeof(m)), 0);
			assert_int_equal(m.id, round * count + i);
		}
	}
	/* The last slot ends inside the last page: nothing was written past the ring. */
	assert_true(IO_RING_SLOT_OFFSET(count - 1, ENTRY) + ENTRY <= n * IO_RING_PAGE_SIZE);
	assert_int_equal(pages[n * IO_RING_PAGE_SIZE], 0xee);

	/* The frontend running ahead by more than the larger ring is still refused. */
	__atomic_store_n(&h->req_prod, b.req_cons + count + 1, __ATOMIC_RELAXED);
	assert_int_equal(ring_back_get_request(&b, &m, sizeof(m)), -XEN_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_geometry, setup),
		cmocka_unit_test_setup(test_round_trip_and_notify, setup),
		cmocka_unit_test_setup(test_full_and_lengths, setup),
		cmocka_unit_test_setup(test_hostile_frontend, setup),
		cmocka_unit_test_setup(test_copied_out, setup),
		cmocka_unit_test_setup(test_hostile_backend, setup),
		cmocka_unit_test_setup(test_producer_moved_back, setup),
		cmocka_unit_test_setup(test_responses_only_to_published_requests, setup),
		cmocka_unit_test_setup(test_own_index_never_read_back, setup),
		cmocka_unit_test_setup(test_indexes_wrap, setup),
		cmocka_unit_test_setup(test_notify_rule, setup),
		cmocka_unit_test_setup(test_multi_page_geometry, setup),
		cmocka_unit_test_setup(test_multi_page_round_trip, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
