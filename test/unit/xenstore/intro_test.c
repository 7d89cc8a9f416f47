// SPDX-License-Identifier: MIT
/* Xenstore unit tests: who may introduce a domain (xs_intro_check), against the core's facts. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "xs_intro.h"

#define TOOLSTACK 4u
#define GUEST 3u
#define RING_GFN 0x39001u
#define RING_PORT 5u

/* A live domain GUEST, controlled by TOOLSTACK, with its store ring. */
static struct xs_intro_facts controlled(void)
{
	return (struct xs_intro_facts){
		.exists = true,
		.controller = TOOLSTACK,
		.store_port = RING_PORT,
		.store_gfn = RING_GFN,
	};
}

static void test_controller_with_the_right_ring(void **state)
{
	struct xs_intro_facts facts = controlled();

	(void)state;
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, RING_GFN, RING_PORT), 0);
}

static void test_stranger_refused(void **state)
{
	struct xs_intro_facts facts = controlled();

	(void)state;
	assert_int_equal(xs_intro_check(&facts, 5, RING_GFN, RING_PORT), -EPERM);
	assert_int_equal(xs_intro_check(&facts, GUEST, RING_GFN, RING_PORT), -EPERM);
	/* Refused as a stranger before its ring is looked at. */
	assert_int_equal(xs_intro_check(&facts, 5, 1, 1), -EPERM);
}

/* A domain with no controller is the main loop's: nobody may introduce it by request. */
static void test_uncontrolled_domain_refused(void **state)
{
	struct xs_intro_facts facts = controlled();

	(void)state;
	facts.controller = 0;
	assert_true(xs_intro_by_main_loop(facts.controller));
	assert_false(xs_intro_by_main_loop(TOOLSTACK));
	assert_int_equal(xs_intro_check(&facts, 0, RING_GFN, RING_PORT), -EPERM);
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, RING_GFN, RING_PORT), -EPERM);
}

static void test_wrong_ring_refused(void **state)
{
	struct xs_intro_facts facts = controlled();

	(void)state;
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, RING_GFN + 1, RING_PORT), -EINVAL);
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, 0, RING_PORT), -EINVAL);
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, UINT64_MAX, RING_PORT), -EINVAL);
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, RING_GFN, RING_PORT + 1), -EINVAL);
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, RING_GFN, 0), -EINVAL);
	/* No ring offered to this store, or none the core knows of: nothing matches, not even 0. */
	facts.store_port = 0;
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, RING_GFN, 0), -EINVAL);
	facts = controlled();
	facts.store_gfn = 0;
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, 0, RING_PORT), -EINVAL);
}

static void test_absent_or_dying_refused(void **state)
{
	struct xs_intro_facts facts = controlled();

	(void)state;
	facts.dying = true;
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, RING_GFN, RING_PORT), -ENOENT);
	facts = (struct xs_intro_facts){ 0 };
	assert_int_equal(xs_intro_check(&facts, TOOLSTACK, RING_GFN, RING_PORT), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controller_with_the_right_ring),
		cmocka_unit_test(test_stranger_refused),
		cmocka_unit_test(test_uncontrolled_domain_refused),
		cmocka_unit_test(test_wrong_ring_refused),
		cmocka_unit_test(test_absent_or_dying_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
