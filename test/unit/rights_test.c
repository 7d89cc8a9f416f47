// SPDX-License-Identifier: MIT
/*
 * Unit tests of may() (kernel/common/rights.c): the whole matrix of caller
 * kinds, rights and targets. The expected answer is worked out here from the
 * rule rights.h states, independently of rights.c, and asserted for every
 * combination.
 */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <rights.h>

#define CALLER_ID 7
#define OTHER_ID 9 /* a third domain: relations naming it are no business of the caller's */

/* How a target stands to the caller. */
enum relation {
	REL_MACHINE,      /* target NULL */
	REL_SELF,         /* the caller itself */
	REL_SELF_ALIAS,   /* another struct carrying the caller's domid */
	REL_CONSOLE,      /* console_service names the caller */
	REL_STORE,        /* store_service names the caller */
	REL_CONTROLLER,   /* controller names the caller */
	REL_DEVICE_MODEL, /* device_model names the caller */
	REL_BACKEND0,     /* backends[i] names the caller, one slot each */
	REL_BACKEND1,
	REL_BACKEND2,
	REL_BACKEND3,
	REL_UNRELATED,  /* every relation names another domain */
	REL_NONE,       /* every relation is 0: none */
	REL_EVERYTHING, /* every relation names the caller */
	REL_COUNT,
};

static const char *const relation_names[REL_COUNT] = {
	"machine",  "self",     "self-alias", "console",  "store",     "controller", "device-model",
	"backend0", "backend1", "backend2",   "backend3", "unrelated", "none",       "everything",
};

static const uint32_t rights[] = { RIGHT_CONSOLE, RIGHT_XENSTORE, RIGHT_TOOLSTACK, RIGHT_DEVEMU,
				   RIGHT_DRIVER };

/* Caller kinds: no rights, each right alone, all of them. */
static const uint32_t caller_kinds[] = {
	0, RIGHT_CONSOLE, RIGHT_XENSTORE, RIGHT_TOOLSTACK, RIGHT_DEVEMU, RIGHT_DRIVER, RIGHTS_ALL
};

static struct domain caller, target;

/* The relation each right works through, as rights.h documents it. */
static bool relation_carries(enum relation rel, uint32_t right)
{
	switch (rel) {
	case REL_CONSOLE:
		return right == RIGHT_CONSOLE;
	case REL_STORE:
		return right == RIGHT_XENSTORE;
	case REL_CONTROLLER:
		return right == RIGHT_TOOLSTACK;
	case REL_DEVICE_MODEL:
		return right == RIGHT_DEVEMU;
	case REL_BACKEND0:
	case REL_BACKEND1:
	case REL_BACKEND2:
	case REL_BACKEND3:
		return right == RIGHT_DRIVER;
	case REL_EVERYTHING:
		return true;
	default:
		return false;
	}
}

/* The rule: hold the right; then the machine is reached by holding it, a
 * domain only through the right's relation, and never oneself. */
static bool expected(uint32_t held, uint32_t right, enum relation rel)
{
	if (!(held & right)) {
		return false;
	}
	if (rel == REL_MACHINE) {
		return true;
	}
	if (rel == REL_SELF || rel == REL_SELF_ALIAS) {
		return false;
	}
	return relation_carries(rel, right);
}

static void relate_all(struct domain *t, uint16_t id)
{
	t->console_service = id;
	t->store_service = id;
	t->controller = id;
	t->device_model = id;
	for (unsigned int i = 0; i < DOMAIN_BACKENDS_MAX; i++) {
		t->backends[i] = id;
	}
}

/* The target for rel: a domain whose relations name OTHER_ID except the one under test. */
static const struct domain *make_target(enum relation rel)
{
	memset(&target, 0, sizeof(target));
	target.domid = 8;
	target.state = DOMAIN_ACTIVE;
	relate_all(&target, OTHER_ID);
	switch (rel) {
	case REL_MACHINE:
		return NULL;
	case REL_SELF:
		return &caller;
	case REL_SELF_ALIAS:
		target = caller;
		return &target;
	case REL_CONSOLE:
		target.console_service = CALLER_ID;
		break;
	case REL_STORE:
		target.store_service = CALLER_ID;
		break;
	case REL_CONTROLLER:
		target.controller = CALLER_ID;
		break;
	case REL_DEVICE_MODEL:
		target.device_model = CALLER_ID;
		break;
	case REL_BACKEND0:
	case REL_BACKEND1:
	case REL_BACKEND2:
	case REL_BACKEND3:
		target.backends[rel - REL_BACKEND0] = CALLER_ID;
		break;
	case REL_NONE:
		relate_all(&target, 0);
		break;
	case REL_EVERYTHING:
		relate_all(&target, CALLER_ID);
		break;
	default:
		break;
	}
	return &target;
}

static void make_caller(uint32_t held)
{
	memset(&caller, 0, sizeof(caller));
	caller.domid = CALLER_ID;
	caller.state = DOMAIN_ACTIVE;
	caller.rights = held;
	/* The caller's own relations must not matter: make them all name itself. */
	relate_all(&caller, CALLER_ID);
}

static void test_matrix(void **state)
{
	unsigned int checked = 0, allowed = 0;

	(void)state;
	for (unsigned int k = 0; k < ARRAY_SIZE(caller_kinds); k++) {
		for (unsigned int r = 0; r < ARRAY_SIZE(rights); r++) {
			for (unsigned int rel = 0; rel < REL_COUNT; rel++) {
				bool want, got;
				const struct domain *t;

				make_caller(caller_kinds[k]);
				t = make_target(rel);
				want = expected(caller_kinds[k], rights[r], rel);
				got = may(&caller, rights[r], t);
				if (got != want) {
					fail_msg(
						"caller rights %#x, right %#x, target %s: may() %d, "
						"rule says %d",
						caller_kinds[k], rights[r], relation_names[rel],
						got, want);
				}
				checked++;
				allowed += got;
			}
		}
	}
	assert_int_equal(checked, 7 * 5 * REL_COUNT);
	/*
	 * Allowed: each single-right caller reaches the machine, the everything
	 * target and its own relation's targets (1 each, 4 for the backend); the
	 * all-rights caller does so for each of the 5 rights.
	 */
	assert_int_equal(allowed, 2 * (5 * 2 + 4 + 4));
}

static void test_invalid_right_arguments(void **state)
{
	static const uint32_t invalid[] = {
		0,
		RIGHT_CONSOLE | RIGHT_XENSTORE,
		RIGHT_TOOLSTACK | RIGHT_DRIVER,
		RIGHTS_ALL,
		RIGHTS_ALL + 1, /* the first bit no right has */
		1u << 31,
		~0u,
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(invalid); i++) {
		make_caller(~0u); /* holds every bit, known or not */
		assert_false(may(&caller, invalid[i], NULL));
		assert_false(may(&caller, invalid[i], make_target(REL_EVERYTHING)));
		assert_false(may(&caller, invalid[i], make_target(REL_NONE)));
	}
	/* The same caller holds each right through the same target: only the bits are wrong. */
	for (unsigned int r = 0; r < ARRAY_SIZE(rights); r++) {
		make_caller(~0u);
		assert_true(may(&caller, rights[r], NULL));
		assert_true(may(&caller, rights[r], make_target(REL_EVERYTHING)));
	}
}

static void test_no_caller(void **state)
{
	(void)state;
	for (unsigned int r = 0; r < ARRAY_SIZE(rights); r++) {
		assert_false(may(NULL, rights[r], NULL));
		assert_false(may(NULL, rights[r], make_target(REL_EVERYTHING)));
	}
}

/* A relation naming the caller is worth nothing once the caller lacks the right. */
static void test_relation_without_right(void **state)
{
	(void)state;
	make_caller(RIGHTS_ALL & ~RIGHT_XENSTORE);
	assert_false(may(&caller, RIGHT_XENSTORE, make_target(REL_STORE)));
	assert_true(may(&caller, RIGHT_CONSOLE, make_target(REL_CONSOLE)));
	make_caller(RIGHT_XENSTORE);
	assert_true(may(&caller, RIGHT_XENSTORE, make_target(REL_STORE)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_invalid_right_arguments),
		cmocka_unit_test(test_no_caller),
		cmocka_unit_test(test_relation_without_right),
	};

	return cmocka_run_group_tests_name("rights", tests, NULL, NULL);
}
