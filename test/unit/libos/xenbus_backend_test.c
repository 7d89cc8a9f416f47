// SPDX-License-Identifier: MIT
/*
 * The library OS's xenbus backend machine (stubdoms/xenbus_backend.c) with
 * a class of the test's own, "toy", over the fake store: when the class's
 * ops are called, with which slot, what the machine makes of their
 * failures, both frontends' ways of connecting, and its parsing helpers.
 * After every test the machine is stopped and nothing may be left: every
 * connect undone by one disconnect, no watch set.
 */
#include <abi/errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <libos/xenbus_backend.h>

#include "fake_store.h"

#define OWN 2u /* the driver domain's id */
#define FE 7u  /* the guest's */
#define DEVID 0u

/* What the toy class was asked, and what it answers next. */
static struct {
	unsigned int take_ons, connects, disconnects;
	unsigned int last_slot;
	bool live[XENBUS_BACKEND_DEVICES_MAX];
	int take_on_rc, connect_rc;
	struct xenbus_backend_device *last;
} toy;

static int toy_take_on(void *arg, struct xenbus_backend_device *d, char *why, size_t why_size)
{
	struct xenbus_backend_key key;

	assert_ptr_equal(arg, &toy);
	toy.take_ons++;
	toy.last_slot = d->slot;
	if (toy.take_on_rc != 0) {
		snprintf(why, why_size, "toy refuses its keys");
		return toy.take_on_rc;
	}
	xenbus_backend_key_number(&key, "feature-toy", 1);
	return (int)xenbus_backend_put(d, &key, 1);
}

static int toy_connect(void *arg, struct xenbus_backend_device *d, char *why, size_t why_size)
{
	(void)arg;
	toy.connects++;
	toy.last = d;
	assert_int_equal(d->slot, toy.last_slot);
	if (toy.connect_rc != 0) {
		snprintf(why, why_size, "toy cannot connect");
		return toy.connect_rc;
	}
	assert_false(toy.live[d->slot]);
	toy.live[d->slot] = true;
	return 0;
}

static void toy_disconnect(void *arg, struct xenbus_backend_device *d)
{
	(void)arg;
	assert_true(toy.live[d->slot]); /* once for each connect */
	toy.live[d->slot] = false;
	toy.disconnects++;
}

static const char *const toy_keys[] = { "colour", "size" };

static const struct xenbus_backend_class toy_class = {
	.name = "toy",
	.keys = toy_keys,
	.key_count = 2,
	.take_on = toy_take_on,
	.connect = toy_connect,
	.disconnect = toy_disconnect,
};

static struct xenbus_backend machine;

static const char *back_path(unsigned int fe, const char *key)
{
	static char path[4][128];
	static unsigned int next;
	char *out = path[next++ % 4];

	snprintf(out, 128, "/local/domain/%u/backend/toy/%u/%u%s%s", OWN, fe, DEVID,
		 key[0] ? "/" : "", key);
	return out;
}

static const char *front_path(unsigned int fe, const char *key)
{
	static char path[4][128];
	static unsigned int next;
	char *out = path[next++ % 4];

	snprintf(out, 128, "/local/domain/%u/device/toy/%u%s%s", fe, DEVID, key[0] ? "/" : "", key);
	return out;
}

static const char *back(const char *key)
{
	return fake_store_get(back_path(FE, key));
}

static void front_state(unsigned int fe, const char *state)
{
	fake_store_put(front_path(fe, "state"), state);
}

/* The toolstack's writes for a toy device, each followed by the events it raises. */
static void add_as(unsigned int fe)
{
	unsigned int before = toy.take_ons;
	char id[8];

	snprintf(id, sizeof(id), "%u", fe);
	fake_store_put(front_path(fe, "state"), "1");
	fake_store_put(back_path(fe, "frontend"), front_path(fe, ""));
	fake_store_run();
	fake_store_put(back_path(fe, "frontend-id"), id);
	fake_store_run();
	fake_store_put(back_path(fe, "online"), "1");
	fake_store_put(back_path(fe, "state"), "1");
	fake_store_run();
	fake_store_put(back_path(fe, "colour"), "blue");
	fake_store_run();
	assert_int_equal(toy.take_ons, before); /* size is not there yet */
	fake_store_put(back_path(fe, "size"), "3");
	fake_store_run();
}

static void add(void)
{
	add_as(FE);
}

static void assert_one_log_line(const char *what)
{
	assert_int_equal(fake_log_count, 1);
	assert_non_null(strstr(fake_log[0], "toy 7/0: "));
	assert_non_null(strstr(fake_log[0], what));
}

static int setup(void **state)
{
	(void)state;
	fake_store_reset();
	memset(&toy, 0, sizeof(toy));
	assert_int_equal(xenbus_backend_start(&machine, &fake_store, &toy_class, &toy, OWN), 0);
	fake_store_run();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xenbus_backend_stop(&machine);
	for (unsigned int i = 0; i < XENBUS_BACKEND_DEVICES_MAX; i++) {
		assert_false(toy.live[i]);
	}
	assert_int_equal(fake_store_watches(), 0);
	return 0;
}

/* Taken on once its keys are all there: the class's keys, then InitWait. */
static void test_take_on(void **state)
{
	(void)state;
	add();
	assert_int_equal(toy.take_ons, 1);
	assert_string_equal(back("feature-toy"), "1");
	assert_string_equal(back("state"), "2");
	assert_int_equal(toy.connects, 0);
	assert_int_equal(fake_store_watches(), 2);
	assert_int_equal(fake_log_count, 0);
}

/* netfront writes its keys while Initialising and goes straight to Connected. */
static void test_initialising_to_connected(void **state)
{
	(void)state;
	add();
	front_state(FE, "1");
	fake_store_run();
	assert_int_equal(toy.connects, 0);
	front_state(FE, "4");
	fake_store_run();
	assert_int_equal(toy.connects, 1);
	assert_string_equal(back("state"), "4");
	assert_int_equal(xenbus_backend_connections(&machine), 1);
}

/* blkfront goes Initialised, then Connected once we are: one connection. */
static void test_initialised_then_connected(void **state)
{
	(void)state;
	add();
	front_state(FE, "3");
	fake_store_run();
	front_state(FE, "4");
	fake_store_run();
	assert_int_equal(toy.connects, 1);
	assert_string_equal(fake_store_history(back_path(FE, "state")), "1,2,4");
}

/* A refused configuration: error node, one line, Closed, and never a connect. */
static void test_take_on_refused(void **state)
{
	(void)state;
	toy.take_on_rc = -XEN_EINVAL;
	add();
	assert_string_equal(back("error"), "22 toy refuses its keys");
	assert_string_equal(back("state"), "6");
	assert_one_log_line("toy refuses its keys");
	front_state(FE, "4");
	fake_store_run();
	front_state(FE, "6");
	front_state(FE, "1");
	fake_store_run();
	assert_int_equal(toy.connects, 0);
	assert_string_equal(back("state"), "6");
	assert_int_equal(fake_store_writes(back_path(FE, "state"), "2"), 0);
}

/* The class saw the directory gone (-XEN_ENOENT): nothing is said or written. */
static void test_take_on_gone(void **state)
{
	(void)state;
	toy.take_on_rc = -XEN_ENOENT;
	add();
	assert_int_equal(toy.take_ons, 1);
	assert_null(back("error"));
	assert_string_equal(fake_store_history(back_path(FE, "state")), "1");
	assert_int_equal(fake_log_count, 0);
}

/* A failed connect: Closing, Closed, error; the frontend may try again. */
static void test_connect_fails_then_reconnects(void **state)
{
	(void)state;
	add();
	toy.connect_rc = -XEN_ENOMEM;
	front_state(FE, "4");
	fake_store_run();
	assert_string_equal(fake_store_history(back_path(FE, "state")), "1,2,5,6");
	assert_string_equal(back("error"), "12 toy cannot connect");
	assert_one_log_line("toy cannot connect (error 12)");
	assert_int_equal(xenbus_backend_connections(&machine), 0);
	toy.connect_rc = 0;
	front_state(FE, "6");
	front_state(FE, "1");
	fake_store_run();
	assert_string_equal(back("state"), "2");
	front_state(FE, "4");
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_int_equal(toy.connects, 2);
	assert_int_equal(xenbus_backend_connections(&machine), 1);
}

/* A frontend that fails to connect and comes back, again and again, cannot flood the log: a
 * device says so many lines, the last saying there are no more. */
static void test_failing_frontend_log_bounded(void **state)
{
	(void)state;
	add();
	toy.connect_rc = -XEN_ENOMEM;
	for (unsigned int i = 0; i < 3u * XENBUS_BACKEND_LINES_MAX; i++) {
		front_state(FE, "4");
		fake_store_run();
		assert_string_equal(back("state"), "6");
		front_state(FE, "1");
		fake_store_run();
		assert_string_equal(back("state"), "2");
	}
	assert_int_equal(toy.connects, 3u * XENBUS_BACKEND_LINES_MAX);
	assert_int_equal(fake_log_count, XENBUS_BACKEND_LINES_MAX);
	assert_non_null(strstr(fake_log[0], "toy cannot connect (error 12)"));
	assert_non_null(strstr(fake_log[XENBUS_BACKEND_LINES_MAX - 1u], "(no more of these)"));
	assert_null(strstr(fake_log[XENBUS_BACKEND_LINES_MAX - 2u], "no more"));
}

static void test_connect_gone(void **state)
{
	(void)state;
	add();
	toy.connect_rc = -XEN_ENOENT;
	front_state(FE, "4");
	fake_store_run();
	assert_int_equal(toy.connects, 1);
	assert_string_equal(back("state"), "2");
	assert_null(back("error"));
	assert_int_equal(fake_log_count, 0);
	toy.connect_rc = 0;
}

/* The engine's broken: once, and a late second call does nothing. */
static void test_broken(void **state)
{
	(void)state;
	add();
	front_state(FE, "4");
	fake_store_run();
	xenbus_backend_broken(toy.last, "the toy frontend misbehaved");
	assert_int_equal(toy.disconnects, 1);
	assert_string_equal(back("error"), "5 the toy frontend misbehaved");
	assert_string_equal(fake_store_history(back_path(FE, "state")), "1,2,4,5,6");
	xenbus_backend_broken(toy.last, "again");
	assert_int_equal(toy.disconnects, 1);
	/* The engine logs how the frontend broke the protocol; the machine does not repeat it. */
	assert_int_equal(fake_log_count, 0);
}

/* A frontend that breaks one connection after another: the engine's lines count against the
 * device's, and once they are used up the device says so once and goes quiet. */
static void test_broken_again_and_again_quiet(void **state)
{
	(void)state;
	add();
	for (unsigned int i = 0; i < 2u * XENBUS_BACKEND_LINES_MAX; i++) {
		front_state(FE, "4");
		fake_store_run();
		assert_string_equal(back("state"), "4");
		xenbus_backend_broken(toy.last, "the toy frontend misbehaved");
		assert_string_equal(back("state"), "6");
		assert_int_equal(xenbus_backend_quiet(toy.last),
				 i + 1u >= XENBUS_BACKEND_LINES_MAX);
		front_state(FE, "1");
		fake_store_run();
	}
	assert_int_equal(toy.connects, 2u * XENBUS_BACKEND_LINES_MAX);
	assert_int_equal(fake_log_count, 1);
	assert_non_null(strstr(fake_log[0], "not logged any more (no more of these)"));
}

/* Every way out of Connected disconnects once. */
static void test_disconnects(void **state)
{
	(void)state;
	add();
	front_state(FE, "4");
	fake_store_run();
	front_state(FE, "5");
	fake_store_run();
	assert_int_equal(toy.disconnects, 1);
	assert_string_equal(back("state"), "6");
	front_state(FE, "1");
	fake_store_run();
	front_state(FE, "4");
	fake_store_run();
	assert_int_equal(toy.connects, 2);
	fake_store_remove(back_path(FE, ""));
	fake_store_run();
	assert_int_equal(toy.disconnects, 2);
	assert_null(back(""));
	assert_int_equal(fake_store_watches(), 1);
}

/* The toolstack's writes of a device's directory, all before any event is handled. */
static void rewrite_device(void)
{
	char id[8];

	snprintf(id, sizeof(id), "%u", FE);
	fake_store_put(back_path(FE, "frontend"), front_path(FE, ""));
	fake_store_put(back_path(FE, "frontend-id"), id);
	fake_store_put(back_path(FE, "online"), "1");
	fake_store_put(back_path(FE, "state"), "1");
	fake_store_put(back_path(FE, "colour"), "blue");
	fake_store_put(back_path(FE, "size"), "3");
}

/*
 * A frontend domain built again under its id: the toolstack takes the device
 * down (online 0, Closing, Closed, removed) and writes it anew, and the new
 * frontend starts at Initialising. Whether the machine saw the take-down or
 * not before the new directory, it serves the new device from scratch.
 */
static void test_device_written_anew(void **state)
{
	(void)state;
	add();
	front_state(FE, "4");
	fake_store_run();
	/* All as one event: the old connection ends, the new device is taken on. */
	fake_store_put(back_path(FE, "online"), "0");
	fake_store_put(back_path(FE, "state"), "5");
	fake_store_put(back_path(FE, "state"), "6");
	fake_store_remove(back_path(FE, ""));
	rewrite_device();
	front_state(FE, "1");
	fake_store_run();
	assert_int_equal(toy.disconnects, 1);
	assert_int_equal(toy.take_ons, 2);
	assert_string_equal(back("state"), "2");
	front_state(FE, "4");
	fake_store_run();
	assert_int_equal(toy.connects, 2);
	assert_string_equal(back("state"), "4");
	/* The take-down seen first (detached), then the removal and new writes as one. */
	fake_store_put(back_path(FE, "online"), "0");
	fake_store_put(back_path(FE, "state"), "5");
	fake_store_run();
	assert_int_equal(toy.disconnects, 2);
	fake_store_remove(back_path(FE, ""));
	rewrite_device();
	front_state(FE, "1");
	fake_store_run();
	assert_int_equal(toy.take_ons, 3);
	front_state(FE, "4");
	fake_store_run();
	assert_int_equal(toy.connects, 3);
	assert_int_equal(xenbus_backend_connections(&machine), 1);
}

/* xl's detach: online 0 and Closing from the toolstack. */
static void test_detach(void **state)
{
	(void)state;
	add();
	front_state(FE, "4");
	fake_store_run();
	fake_store_put(back_path(FE, "online"), "0");
	fake_store_put(back_path(FE, "state"), "5");
	fake_store_run();
	assert_int_equal(toy.disconnects, 1);
	assert_string_equal(back("state"), "6");
	front_state(FE, "1");
	fake_store_run();
	assert_string_equal(back("state"), "6");
}

/* Two devices get their own slots, kept from take-on to connect. */
static void test_slots(void **state)
{
	unsigned int first;

	(void)state;
	add_as(FE);
	first = toy.last_slot;
	add_as(FE + 1);
	assert_int_not_equal(toy.last_slot, first);
	front_state(FE + 1, "4");
	fake_store_run();
	assert_int_equal(toy.last->frontend_id, FE + 1);
	assert_true(toy.live[toy.last_slot]);
	assert_false(toy.live[first]);
}

/* Another class on the same store sees none of toy's devices. */
static void test_classes_apart(void **state)
{
	static const struct xenbus_backend_class other_class = {
		.name = "vif",
		.keys = toy_keys,
		.key_count = 2,
		.take_on = toy_take_on,
		.connect = toy_connect,
		.disconnect = toy_disconnect,
	};
	struct xenbus_backend other;

	(void)state;
	assert_int_equal(xenbus_backend_start(&other, &fake_store, &other_class, &toy, OWN), 0);
	fake_store_run();
	add();
	assert_int_equal(toy.take_ons, 1);
	assert_int_equal(fake_store_watches(), 3);
	xenbus_backend_stop(&other);
	assert_int_equal(fake_store_watches(), 2);
}

static void test_start_refusals(void **state)
{
	struct xenbus_backend other;
	struct xenbus_backend_class cls = toy_class;
	static const char *const bad_names[] = { "", "a/b", "eightchr" };

	(void)state;
	assert_int_equal(xenbus_backend_start(&other, &fake_store, &toy_class, &toy, 0x7ff0),
			 -XEN_EINVAL);
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		cls.name = bad_names[i];
		assert_int_equal(xenbus_backend_start(&other, &fake_store, &cls, &toy, OWN),
				 -XEN_EINVAL);
	}
	fake_store_fail_watch(-XEN_ENOSPC);
	assert_int_equal(xenbus_backend_start(&other, &fake_store, &toy_class, &toy, OWN),
			 -XEN_ENOSPC);
	assert_int_equal(fake_store_watches(), 1);
}

/* put writes only while the directory's state node is there. */
static void test_put_after_removal(void **state)
{
	struct xenbus_backend_key key;
	struct xenbus_backend_device *d;

	(void)state;
	add();
	front_state(FE, "4");
	fake_store_run();
	d = toy.last;
	fake_store_remove(back_path(FE, ""));
	xenbus_backend_key_number(&key, "late", 1);
	assert_int_equal(xenbus_backend_put(d, &key, 1), -XEN_ENOENT);
	assert_null(back("late"));
	assert_null(back(""));
	fake_store_run();
}

static void test_decimal(void **state)
{
	uint64_t v = 99;

	(void)state;
	assert_int_equal(xenbus_backend_decimal("0", 1, 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(xenbus_backend_decimal("18446744073709551615", 20, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(xenbus_backend_decimal("18446744073709551616", 20, UINT64_MAX, &v),
			 -XEN_EINVAL);
	assert_int_equal(xenbus_backend_decimal("000000000000000000001", 21, 5, &v), -XEN_EINVAL);
	assert_int_equal(xenbus_backend_decimal("6", 1, 5, &v), -XEN_EINVAL);
	assert_int_equal(xenbus_backend_decimal("", 0, 5, &v), -XEN_EINVAL);
	assert_int_equal(xenbus_backend_decimal("+1", 2, 5, &v), -XEN_EINVAL);
	assert_int_equal(xenbus_backend_decimal("1 ", 2, 5, &v), -XEN_EINVAL);
	assert_int_equal(xenbus_backend_decimal("-1", 2, 5, &v), -XEN_EINVAL);
	assert_int_equal(xenbus_backend_decimal("12", 1, 5, &v), 0); /* only len bytes count */
	assert_int_equal(v, 1);
}

static void test_number(void **state)
{
	uint64_t v = 0;

	(void)state;
	fake_store_put("/n/ok", "42");
	fake_store_put("/n/long", "123456789012345678901234567890");
	fake_store_put("/n/word", "forty");
	assert_int_equal(xenbus_backend_number(&fake_store, "/n/ok", 42, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(xenbus_backend_number(&fake_store, "/n/ok", 41, &v), -XEN_EINVAL);
	assert_int_equal(xenbus_backend_number(&fake_store, "/n/long", UINT64_MAX, &v),
			 -XEN_EINVAL);
	assert_int_equal(xenbus_backend_number(&fake_store, "/n/word", 100, &v), -XEN_EINVAL);
	assert_int_equal(xenbus_backend_number(&fake_store, "/n/none", 100, &v), -XEN_ENOENT);
}

static void test_join(void **state)
{
	char out[XENBUS_BACKEND_PATH_MAX], dir[XENBUS_BACKEND_PATH_MAX];

	(void)state;
	assert_true(xenbus_backend_join(out, "/a", "b"));
	assert_string_equal(out, "/a/b");
	memset(dir, 'x', sizeof(dir) - 2);
	dir[sizeof(dir) - 2] = '\0';
	assert_true(xenbus_backend_join(out, dir, "")); /* 126 bytes, '/' and the NUL fit */
	assert_false(xenbus_backend_join(out, dir, "y"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_take_on),
		T(test_initialising_to_connected),
		T(test_initialised_then_connected),
		T(test_take_on_refused),
		T(test_take_on_gone),
		T(test_connect_fails_then_reconnects),
		T(test_failing_frontend_log_bounded),
		T(test_connect_gone),
		T(test_broken),
		T(test_broken_again_and_again_quiet),
		T(test_device_written_anew),
		T(test_disconnects),
		T(test_detach),
		T(test_slots),
		T(test_classes_apart),
		T(test_start_refusals),
		T(test_put_after_removal),
		T(test_decimal),
		T(test_number),
		T(test_join),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
