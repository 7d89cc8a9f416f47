// SPDX-License-Identifier: MIT
/* Unit tests of the library OS's byte-ring helper (stubdoms/byte_ring.c), built for the host. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include <libos/byte_ring.h>

#define SIZE 64u

/* A ring page of our own making: the bytes and both indexes. */
static struct {
	char data[SIZE];
	uint32_t prod;
	uint32_t cons;
} page;

static int setup(void **state)
{
	(void)state;
	memset(&page, 0, sizeof(page));
	return 0;
}

static void consumer_at(struct byte_ring *r, uint32_t start)
{
	page.cons = start;
	page.prod = start;
	byte_ring_consumer(r, page.data, SIZE, &page.prod, &page.cons, start);
}

static void producer_at(struct byte_ring *r, uint32_t start)
{
	page.cons = start;
	page.prod = start;
	byte_ring_producer(r, page.data, SIZE, &page.prod, &page.cons, start);
}

/* The peer as a well-behaved producer: len bytes of pattern, then its index. */
static void peer_produce(uint32_t len, char first)
{
	for (uint32_t i = 0; i < len; i++) {
		page.data[(page.prod + i) % SIZE] = (char)(first + (char)i);
	}
	page.prod += len;
}

static void test_round_trip(void **state)
{
	struct byte_ring prod;
	struct byte_ring cons;
	char buf[SIZE * 2];

	(void)state;
	producer_at(&prod, 0);
	byte_ring_consumer(&cons, page.data, SIZE, &page.prod, &page.cons, 0);
	/* A producer has no room before it has looked at the consumer. */
	assert_int_equal(byte_ring_ready(&prod), 0);
	assert_int_equal(byte_ring_write(&prod, "hello", 5), 5);
	assert_int_equal(page.prod, 5);
	assert_int_equal(byte_ring_refresh(&prod), SIZE - 5);
	assert_int_equal(byte_ring_read(&cons, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(page.cons, 5);
	assert_true(!byte_ring_drained(&prod));
	assert_int_equal(byte_ring_refresh(&prod), SIZE);
	assert_true(byte_ring_drained(&prod));
	/* A full ring takes no more, and gives back exactly what it holds. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(byte_ring_write(&prod, buf, sizeof(buf)), SIZE);
	assert_int_equal(byte_ring_write(&prod, buf, 1), 0);
	assert_int_equal(byte_ring_read(&cons, buf, sizeof(buf)), SIZE);
	assert_int_equal(byte_ring_read(&cons, buf, sizeof(buf)), 0);
}

static void test_peek_then_consume(void **state)
{
	struct byte_ring r;
	char buf[16];

	(void)state;
	consumer_at(&r, 10);
	peer_produce(12, 'a');
	assert_int_equal(byte_ring_refresh(&r), 12);
	assert_int_equal(byte_ring_peek(&r, buf, 4), 4);
	assert_memory_equal(buf, "abcd", 4);
	/* Peeking gives nothing back; consuming publishes, clamped to what was found. */
	assert_int_equal(page.cons, 10);
	assert_int_equal(byte_ring_consume(&r, 3), 3);
	assert_int_equal(page.cons, 13);
	assert_int_equal(byte_ring_ready(&r), 9);
	assert_int_equal(byte_ring_peek(&r, buf, sizeof(buf)), 9);
	assert_memory_equal(buf, "defghijkl", 9);
	assert_int_equal(byte_ring_consume(&r, 100), 9);
	assert_int_equal(page.cons, 22);
}

static void test_copied_out(void **state)
{
	struct byte_ring r;
	char buf[8];

	(void)state;
	consumer_at(&r, 0);
	peer_produce(4, 'p');
	assert_int_equal(byte_ring_read(&r, buf, sizeof(buf)), 4);
	/* The peer rewrites the bytes after they were taken: the copy stays as it was. */
	memset(page.data, 'z', 4);
	assert_memory_equal(buf, "pqrs", 4);
}

static void test_wraps_at_2_32(void **state)
{
	struct byte_ring prod;
	struct byte_ring cons;
	const uint32_t start = 0xFFFFFFF0u;
	char in[SIZE];
	char out[SIZE];

	(void)state;
	producer_at(&prod, start);
	byte_ring_consumer(&cons, page.data, SIZE, &page.prod, &page.cons, start);
	for (uint32_t round = 0; round < 5; round++) {
		for (uint32_t i = 0; i < sizeof(in); i++) {
			in[i] = (char)(round * 7u + i);
		}
		assert_int_equal(byte_ring_write(&prod, in, 40), 40);
		assert_int_equal(byte_ring_read(&cons, out, sizeof(out)), 40);
		assert_memory_equal(in, out, 40);
	}
	assert_int_equal(page.prod, start + 200u); /* past 2^32: a small number */
	assert_true(page.prod < start);
	assert_int_equal(page.cons, page.prod);
}

static void test_producer_far_ahead(void **state)
{
	struct byte_ring r;
	char buf[SIZE];

	(void)state;
	consumer_at(&r, 0xFFFFFFF8u);
	/* Exactly a ring's worth, across 2^32, is fair. */
	page.prod = 0xFFFFFFF8u + SIZE;
	assert_int_equal(byte_ring_refresh(&r), SIZE);
	assert_int_equal(byte_ring_consume(&r, 1), 1);
	/* One byte more than the ring holds is not; nothing is taken then. */
	page.prod = 0xFFFFFFF9u + SIZE + 1u;
	assert_int_equal(byte_ring_read(&r, buf, sizeof(buf)), -XEN_EIO);
	assert_int_equal(page.cons, 0xFFFFFFF9u);
	page.prod = 0x80000000u;
	assert_int_equal(byte_ring_read(&r, buf, sizeof(buf)), -XEN_EIO);
	assert_int_equal(page.cons, 0xFFFFFFF9u);
}

static void test_producer_moved_back(void **state)
{
	struct byte_ring r;
	char buf[SIZE];

	(void)state;
	consumer_at(&r, 100);
	peer_produce(30, 'a');
	assert_int_equal(byte_ring_read(&r, buf, 10), 10);
	/* Still ahead of our consumer, but behind a producer index already seen. */
	page.prod = 120;
	assert_int_equal(byte_ring_read(&r, buf, sizeof(buf)), -XEN_EIO);
	assert_int_equal(page.cons, 110);
	/* Behind our consumer altogether. */
	page.prod = 109;
	assert_int_equal(byte_ring_refresh(&r), -XEN_EIO);
	/* Where it was is still fine: the check keeps no memory of the error. */
	page.prod = 130;
	assert_int_equal(byte_ring_read(&r, buf, sizeof(buf)), 20);
}

static void test_consumer_ahead_of_producer(void **state)
{
	struct byte_ring r;

	(void)state;
	producer_at(&r, 0xFFFFFFFEu);
	assert_int_equal(byte_ring_write(&r, "abcd", 4), 4);
	assert_int_equal(page.prod, 2u);
	page.cons = 3; /* one past everything we wrote */
	assert_int_equal(byte_ring_write(&r, "e", 1), -XEN_EIO);
	assert_int_equal(page.prod, 2u);
	page.cons = 0x7FFFFFFFu;
	assert_int_equal(byte_ring_refresh(&r), -XEN_EIO);
	page.cons = 2; /* all consumed, across 2^32 */
	assert_int_equal(byte_ring_refresh(&r), SIZE);
}

static void test_consumer_moved_back(void **state)
{
	struct byte_ring r;
	char buf[SIZE] = { 0 };

	(void)state;
	producer_at(&r, 0);
	assert_int_equal(byte_ring_write(&r, buf, 20), 20);
	page.cons = 15;
	assert_int_equal(byte_ring_refresh(&r), SIZE - 5);
	page.cons = 14; /* behind what it said before */
	assert_int_equal(byte_ring_write(&r, buf, 1), -XEN_EIO);
	assert_int_equal(page.prod, 20);
}

static void test_consumer_far_behind(void **state)
{
	struct byte_ring r;

	(void)state;
	/* On a page it did not set up, the consumer may be at most a ring behind us. */
	page.cons = 1000u - SIZE - 1u;
	page.prod = 1000u;
	byte_ring_producer(&r, page.data, SIZE, &page.prod, &page.cons, 1000u);
	assert_int_equal(byte_ring_refresh(&r), -XEN_EIO);
	page.cons = 1000u - SIZE;
	assert_int_equal(byte_ring_refresh(&r), 0);
}

static void test_own_index_never_read_back(void **state)
{
	struct byte_ring prod;
	struct byte_ring cons;
	char buf[SIZE];

	(void)state;
	producer_at(&prod, 0);
	assert_int_equal(byte_ring_write(&prod, "abc", 3), 3);
	page.prod = 50; /* the peer scribbles on our producer index */
	page.cons = 2;
	assert_int_equal(byte_ring_write(&prod, "de", 2), 2);
	assert_int_equal(page.prod, 5);
	assert_memory_equal(page.data + 3, "de", 2);

	consumer_at(&cons, 0);
	peer_produce(6, 'a');
	assert_int_equal(byte_ring_read(&cons, buf, 2), 2);
	page.cons = 0; /* and on our consumer index */
	assert_int_equal(byte_ring_read(&cons, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "cdef", 4);
	assert_int_equal(page.cons, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_round_trip, setup),
		cmocka_unit_test_setup(test_peek_then_consume, setup),
		cmocka_unit_test_setup(test_copied_out, setup),
		cmocka_unit_test_setup(test_wraps_at_2_32, setup),
		cmocka_unit_test_setup(test_producer_far_ahead, setup),
		cmocka_unit_test_setup(test_producer_moved_back, setup),
		cmocka_unit_test_setup(test_consumer_ahead_of_producer, setup),
		cmocka_unit_test_setup(test_consumer_moved_back, setup),
		cmocka_unit_test_setup(test_consumer_far_behind, setup),
		cmocka_unit_test_setup(test_own_index_never_read_back, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
