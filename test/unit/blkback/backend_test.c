// SPDX-License-Identifier: MIT
/*
 * blkback's xenbus side (services/blkback/backend.c) against a fake store and
 * a fake engine: the whole device sequence as the toolstack and Linux's
 * xen-blkfront drive it, reconnects, detaches, and every hostile value a
 * frontend or a broken store can write. After every test the backend is
 * stopped and nothing may be left: no connection running, no watch set.
 */
#include <abi/errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "backend.h"
#include "backend_fixture.h"

#define OWN 1u       /* blkback's domain id */
#define FE 5u        /* the guest's */
#define DEVID 51712u /* xvda */

static struct backend backend;

static const char *back_path(unsigned int fe, unsigned int devid, const char *key)
{
	static char path[4][160];
	static unsigned int next;
	char *out = path[next++ % 4];

	snprintf(out, 160, "/local/domain/%u/backend/vbd/%u/%u%s%s", OWN, fe, devid,
		 key[0] ? "/" : "", key);
	return out;
}

static const char *front_path(unsigned int fe, unsigned int devid, const char *key)
{
	static char path[4][160];
	static unsigned int next;
	char *out = path[next++ % 4];

	snprintf(out, 160, "/local/domain/%u/device/vbd/%u%s%s", fe, devid, key[0] ? "/" : "", key);
	return out;
}

static const char *back(const char *key)
{
	return fake_store_get(back_path(FE, DEVID, key));
}

static void front_put(const char *key, const char *value)
{
	fake_store_put(front_path(FE, DEVID, key), value);
}

static void front_state(unsigned int state)
{
	char text[4];

	snprintf(text, sizeof(text), "%u", state);
	front_put("state", text);
}

/* When set, the toolstack's writes are each followed by the events they raise. */
static bool run_each;

static void ts_put(const char *path, const char *value)
{
	fake_store_put(path, value);
	if (run_each) {
		fake_store_run();
	}
}

/* What the toolstack writes for a disk, in its order (services/toolstack/devices.c). */
static void toolstack_add_as(unsigned int fe, unsigned int devid, const char *params,
			     const char *mode, const char *type)
{
	char text[160];

	ts_put(front_path(fe, devid, "backend"), back_path(fe, devid, ""));
	snprintf(text, sizeof(text), "%u", OWN);
	ts_put(front_path(fe, devid, "backend-id"), text);
	ts_put(front_path(fe, devid, "state"), "1");
	ts_put(front_path(fe, devid, "device-type"), type);
	ts_put(back_path(fe, devid, "frontend"), front_path(fe, devid, ""));
	snprintf(text, sizeof(text), "%u", fe);
	ts_put(back_path(fe, devid, "frontend-id"), text);
	ts_put(back_path(fe, devid, "online"), "1");
	ts_put(back_path(fe, devid, "state"), "1");
	ts_put(back_path(fe, devid, "params"), params);
	ts_put(back_path(fe, devid, "mode"), mode);
	ts_put(back_path(fe, devid, "type"), "phy");
	ts_put(back_path(fe, devid, "device-type"), type);
}

static void toolstack_add(const char *params, const char *mode)
{
	toolstack_add_as(FE, DEVID, params, mode, "disk");
}

/* blkfront's keys for one queue of one page, then Initialised. */
static void blkfront_single(const char *ref, const char *port)
{
	front_put("ring-ref", ref);
	front_put("event-channel", port);
	front_put("protocol", "arm-abi");
	front_put("feature-persistent", "1");
	front_state(3);
}

static void assert_closed_with_error(void)
{
	assert_string_equal(back("state"), "6");
	assert_non_null(back("error"));
	assert_int_equal(fake_conn_live(), 0);
}

/* Exactly one log line, naming the frontend domain and devid. */
static void assert_one_log_line(void)
{
	char name[32];

	snprintf(name, sizeof(name), "vbd %u/%u:", FE, DEVID);
	assert_int_equal(fake_log_count, 1);
	assert_non_null(strstr(fake_log[0], name));
}

static int setup(void **state)
{
	(void)state;
	fake_reset();
	assert_int_equal(backend_start(&backend, &fake_store, &fake_disks, OWN), 0);
	fake_store_run();
	return 0;
}

/* Nothing is left: every connection stopped, every watch removed. */
static int teardown(void **state)
{
	(void)state;
	backend_stop(&backend);
	assert_int_equal(fake_conn_live(), 0);
	assert_int_equal(fake_conn_starts, fake_conn_stops);
	assert_int_equal(fake_store_watches(), 0);
	return 0;
}

/* A device up to InitWait, its keys checked. */
static void add_device(const char *params, const char *mode)
{
	toolstack_add(params, mode);
	fake_store_run();
	assert_string_equal(back("state"), "2");
}

static void connect_single(void)
{
	add_device("vda", "w");
	blkfront_single("8", "3");
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_int_equal(fake_conn_live(), 1);
}

static void test_keys(void **state)
{
	(void)state;
	add_device("vda", "w");
	assert_string_equal(back("sectors"), "2097152");
	assert_string_equal(back("sector-size"), "512");
	assert_string_equal(back("physical-sector-size"), "4096");
	assert_string_equal(back("info"), "0");
	assert_string_equal(back("mode"), "w");
	assert_string_equal(back("feature-flush-cache"), "1");
	assert_string_equal(back("feature-max-indirect-segments"), "256");
	assert_string_equal(back("feature-persistent"), "1");
	assert_string_equal(back("max-ring-page-order"), "4");
	assert_string_equal(back("multi-queue-max-queues"), "4");
	assert_null(back("error"));
	assert_int_equal(fake_log_count, 0);
	/* The discard keys come with the connection, when discard-enable is surely written. */
	assert_null(back("feature-discard"));
	/* One watch for the directory, one for the frontend's state; no connection yet. */
	assert_int_equal(fake_store_watches(), 2);
	assert_int_equal(fake_conn_starts, 0);
}

static void test_single_ring(void **state)
{
	const struct blk_conn_params *p;

	(void)state;
	connect_single();
	p = &fake_conn_last()->params;
	assert_int_equal(p->frontend_id, FE);
	assert_int_equal(p->vbd.disk, 0);
	assert_int_equal(p->vbd.first, 0);
	assert_int_equal(p->vbd.sectors, 2097152);
	assert_false(p->vbd.readonly);
	assert_true(p->persistent);
	assert_int_equal(p->queue_count, 1);
	assert_int_equal(p->ring_pages, 1);
	assert_int_equal(p->ring_refs[0][0], 8);
	assert_int_equal(p->ports[0], 3);
	assert_string_equal(fake_store_history(back_path(FE, DEVID, "state")), "1,2,4");
	assert_string_equal(back("feature-discard"), "1");
	assert_string_equal(back("discard-granularity"), "4096");
	assert_string_equal(back("discard-alignment"), "0");
	assert_string_equal(back("discard-secure"), "0");
	/* blkfront's Connected after ours changes nothing. */
	front_state(4);
	fake_store_run();
	assert_int_equal(fake_conn_starts, 1);
	assert_int_equal(fake_log_count, 0);
}

static void test_no_protocol_no_persistent(void **state)
{
	(void)state;
	add_device("vda", "w");
	front_put("ring-ref", "8");
	front_put("event-channel", "3");
	front_state(3);
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_false(fake_conn_last()->params.persistent);
}

static void test_multi_page_ring(void **state)
{
	const struct blk_conn_params *p;
	char key[16], value[16];

	(void)state;
	add_device("vda", "w");
	front_put("ring-page-order", "4");
	for (unsigned int i = 0; i < 16; i++) {
		snprintf(key, sizeof(key), "ring-ref%u", i);
		snprintf(value, sizeof(value), "%u", 100 + i);
		front_put(key, value);
	}
	front_put("event-channel", "9");
	front_state(3);
	fake_store_run();
	assert_string_equal(back("state"), "4");
	p = &fake_conn_last()->params;
	assert_int_equal(p->ring_pages, 16);
	assert_int_equal(p->queue_count, 1);
	for (unsigned int i = 0; i < 16; i++) {
		assert_int_equal(p->ring_refs[0][i], 100 + i);
	}
	assert_int_equal(p->ports[0], 9);
}

/* ring-page-order 0 is written: the one ref is ring-ref0, as Linux's blkback reads it. */
static void test_ring_order_zero(void **state)
{
	(void)state;
	add_device("vda", "w");
	front_put("ring-page-order", "0");
	front_put("ring-ref0", "77");
	front_put("event-channel", "9");
	front_state(3);
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_int_equal(fake_conn_last()->params.ring_pages, 1);
	assert_int_equal(fake_conn_last()->params.ring_refs[0][0], 77);
}

static void test_multi_queue(void **state)
{
	const struct blk_conn_params *p;
	char key[32], value[16];

	(void)state;
	add_device("vda", "w");
	front_put("multi-queue-num-queues", "4");
	front_put("ring-page-order", "1");
	front_put("protocol", "arm-abi");
	for (unsigned int q = 0; q < 4; q++) {
		for (unsigned int i = 0; i < 2; i++) {
			snprintf(key, sizeof(key), "queue-%u/ring-ref%u", q, i);
			snprintf(value, sizeof(value), "%u", 10 * q + i);
			front_put(key, value);
		}
		snprintf(key, sizeof(key), "queue-%u/event-channel", q);
		snprintf(value, sizeof(value), "%u", 20 + q);
		front_put(key, value);
	}
	front_state(3);
	fake_store_run();
	assert_string_equal(back("state"), "4");
	p = &fake_conn_last()->params;
	assert_int_equal(p->queue_count, 4);
	assert_int_equal(p->ring_pages, 2);
	for (unsigned int q = 0; q < 4; q++) {
		assert_int_equal(p->ring_refs[q][0], 10 * q);
		assert_int_equal(p->ring_refs[q][1], 10 * q + 1);
		assert_int_equal(p->ports[q], 20 + q);
	}
}

/* multi-queue-num-queues 1: the keys stay at the top, as blkfront writes them. */
static void test_one_queue_named(void **state)
{
	(void)state;
	add_device("vda", "w");
	front_put("multi-queue-num-queues", "1");
	blkfront_single("8", "3");
	front_put("feature-persistent", "0");
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_int_equal(fake_conn_last()->params.queue_count, 1);
	assert_int_equal(fake_conn_last()->params.ring_refs[0][0], 8);
	assert_false(fake_conn_last()->params.persistent);
}

static void test_frontend_closing(void **state)
{
	(void)state;
	connect_single();
	front_state(5);
	fake_store_run();
	assert_int_equal(fake_conn_live(), 0);
	assert_int_equal(fake_conn_stops, 1);
	assert_string_equal(fake_store_history(back_path(FE, DEVID, "state")), "1,2,4,5,6");
	front_state(6);
	fake_store_run();
	assert_string_equal(back("state"), "6");
	assert_int_equal(fake_log_count, 0);
	assert_null(back("error"));
}

/* blkfront closes, comes back to Initialising, and connects again with new rings. */
static void test_reconnect(void **state)
{
	(void)state;
	connect_single();
	front_state(6);
	fake_store_run();
	assert_string_equal(back("state"), "6");
	assert_int_equal(fake_conn_live(), 0);
	front_state(1);
	fake_store_run();
	assert_string_equal(back("state"), "2");
	blkfront_single("12", "4");
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_int_equal(fake_conn_starts, 2);
	assert_int_equal(fake_conn_live(), 1);
	assert_int_equal(fake_conn_last()->params.ring_refs[0][0], 12);
	assert_int_equal(fake_conn_last()->params.ports[0], 4);
	assert_string_equal(fake_store_history(back_path(FE, DEVID, "state")), "1,2,4,6,2,4");
}

/* The toolstack removes the backend directory: the connection stops, nothing is rewritten. */
static void test_device_removed(void **state)
{
	(void)state;
	connect_single();
	fake_store_remove(back_path(FE, DEVID, ""));
	fake_store_run();
	assert_int_equal(fake_conn_live(), 0);
	assert_null(back("state"));
	assert_int_equal(fake_store_watches(), 1);
	/* The same device made again is a new one. */
	add_device("vda", "w");
	assert_int_equal(fake_store_watches(), 2);
}

/*
 * The frontend's Closing is seen after the toolstack removed our directory:
 * the states we would write are not written, so the directory is not made again.
 */
static void test_no_write_after_removal(void **state)
{
	(void)state;
	connect_single();
	front_state(5);
	fake_store_remove(back_path(FE, DEVID, ""));
	fake_store_run();
	assert_int_equal(fake_conn_live(), 0);
	assert_null(back(""));
	assert_null(back("state"));
	assert_int_equal(fake_store_watches(), 1);
}

/* The whole frontend domain's directory goes at once. */
static void test_frontend_domain_dir_removed(void **state)
{
	char path[64];

	(void)state;
	connect_single();
	snprintf(path, sizeof(path), "/local/domain/%u/backend/vbd/%u", OWN, FE);
	fake_store_remove(path);
	fake_store_run();
	assert_int_equal(fake_conn_live(), 0);
	assert_int_equal(fake_store_watches(), 1);
}

/* The frontend's directory vanishes: stop and Closed. */
static void test_frontend_gone(void **state)
{
	(void)state;
	connect_single();
	fake_store_remove(front_path(FE, DEVID, ""));
	fake_store_run();
	assert_int_equal(fake_conn_live(), 0);
	assert_string_equal(back("state"), "6");
}

/* xl block-detach: online 0, Closing; we stop and write Closed; then the directory goes. */
static void test_detach(void **state)
{
	(void)state;
	connect_single();
	fake_store_put(back_path(FE, DEVID, "online"), "0");
	fake_store_put(back_path(FE, DEVID, "state"), "5");
	fake_store_run();
	assert_int_equal(fake_conn_live(), 0);
	assert_string_equal(back("state"), "6");
	/* A frontend coming back does not bring a detached device back. */
	front_state(1);
	fake_store_run();
	assert_string_equal(back("state"), "6");
	fake_store_remove(back_path(FE, DEVID, ""));
	fake_store_remove(front_path(FE, DEVID, ""));
	fake_store_run();
	assert_null(back("state"));
	assert_int_equal(fake_store_watches(), 1);
	assert_int_equal(fake_log_count, 0);
}

/* The toolstack's whole detach lands before we look: nothing is made again. */
static void test_detach_at_once(void **state)
{
	(void)state;
	connect_single();
	fake_store_put(back_path(FE, DEVID, "online"), "0");
	fake_store_put(back_path(FE, DEVID, "state"), "5");
	fake_store_put(back_path(FE, DEVID, "state"), "6");
	fake_store_remove(back_path(FE, DEVID, ""));
	fake_store_remove(front_path(FE, DEVID, ""));
	fake_store_run();
	assert_int_equal(fake_conn_live(), 0);
	assert_null(back(""));
	assert_int_equal(fake_store_watches(), 1);
}

/* online 0 alone (the toolstack has not written Closing yet) is no detach. */
static void test_offline_alone(void **state)
{
	(void)state;
	connect_single();
	fake_store_put(back_path(FE, DEVID, "online"), "0");
	fake_store_run();
	assert_int_equal(fake_conn_live(), 1);
	assert_string_equal(back("state"), "4");
}

static void test_broken(void **state)
{
	struct fake_conn *c;

	(void)state;
	connect_single();
	c = fake_conn_last();
	c->broken(c->arg);
	fake_store_run();
	assert_int_equal(fake_conn_live(), 0);
	assert_string_equal(fake_store_history(back_path(FE, DEVID, "state")), "1,2,4,5,6");
	assert_closed_with_error();
	assert_int_equal(fake_log_count, 0); /* the engine logged how; the back end adds nothing */
	/* The frontend may try again from the start. */
	front_state(6);
	front_state(1);
	fake_store_run();
	assert_string_equal(back("state"), "2");
}

static void test_start_fails(void **state)
{
	(void)state;
	add_device("vda", "w");
	fake_conn_fail(-XEN_ENOMEM);
	blkfront_single("8", "3");
	fake_store_run();
	assert_int_equal(fake_conn_starts, 0);
	assert_closed_with_error();
	assert_string_equal(back("error"), "12 cannot map the frontend's rings or bind its ports");
	assert_one_log_line();
}

static void test_read_only_mode(void **state)
{
	(void)state;
	add_device("vda", "r");
	assert_string_equal(back("info"), "4");
	blkfront_single("8", "3");
	fake_store_run();
	assert_true(fake_conn_last()->params.vbd.readonly);
	assert_string_equal(back("feature-discard"), "0");
	assert_null(back("discard-granularity"));
}

/* A read-only disk makes a read-only VBD whatever the mode says. */
static void test_read_only_disk(void **state)
{
	(void)state;
	add_device("vdb", "w");
	assert_string_equal(back("info"), "4");
	assert_string_equal(back("sectors"), "8192");
	assert_string_equal(back("sector-size"), "4096");
	assert_string_equal(back("feature-flush-cache"), "0");
	blkfront_single("8", "3");
	fake_store_run();
	assert_string_equal(back("feature-discard"), "0");
	assert_true(fake_conn_last()->params.vbd.readonly);
	assert_int_equal(fake_conn_last()->params.vbd.disk, 1);
}

static void test_cdrom(void **state)
{
	(void)state;
	toolstack_add_as(FE, DEVID, "vda", "r", "cdrom");
	fake_store_run();
	assert_string_equal(back("info"), "5");
}

static void test_extent(void **state)
{
	const struct blk_conn_params *p;

	(void)state;
	add_device("vda:1+2048", "w");
	assert_string_equal(back("sectors"), "2048");
	blkfront_single("8", "3");
	fake_store_run();
	/* The disk's 4 KiB discard granules start 7 sectors into the VBD. */
	assert_string_equal(back("discard-alignment"), "3584");
	p = &fake_conn_last()->params;
	assert_int_equal(p->vbd.first, 1);
	assert_int_equal(p->vbd.sectors, 2048);
}

/* xl's no-discard: discard-enable 0, written after the rest and after we took the device on. */
static void test_discard_disabled(void **state)
{
	(void)state;
	add_device("vda", "w");
	fake_store_put(back_path(FE, DEVID, "discard-enable"), "0");
	fake_store_run();
	blkfront_single("8", "3");
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_string_equal(back("feature-discard"), "0");
	assert_null(back("discard-granularity"));
}

/*
 * The toolstack writes a device one key at a time and we look after each
 * write: nothing happens until its keys are all there, then it is taken on
 * once, without a complaint.
 */
static void test_written_piecemeal(void **state)
{
	(void)state;
	run_each = true;
	toolstack_add("vda:8+8", "w");
	run_each = false;
	assert_string_equal(back("state"), "2");
	assert_string_equal(back("sectors"), "8");
	assert_string_equal(fake_store_history(back_path(FE, DEVID, "state")), "1,2");
	assert_int_equal(fake_store_writes(back_path(FE, DEVID, "sectors"), "8"), 1);
	assert_int_equal(fake_log_count, 0);
	assert_null(back("error"));
}

/* A configuration refused: Closed with error, one log line, and no connection ever. */
static void assert_refused(void)
{
	assert_closed_with_error();
	assert_one_log_line();
	assert_int_equal(fake_store_writes(back_path(FE, DEVID, "state"), "2"), 0);
	blkfront_single("8", "3");
	fake_store_run();
	front_state(1);
	fake_store_run();
	assert_int_equal(fake_conn_starts, 0);
	assert_string_equal(back("state"), "6");
}

static void test_bad_targets(void **state)
{
	static const char *const bad[] = {
		"vdc",                        /* no such disk */
		"vda:2097150+4",              /* past the end */
		"vda:2097152+1",              /* starts at the end */
		"vda:18446744073709551615+2", /* wraps */
		"vdb:1+8",                    /* off vdb's 4 KiB blocks */
		"sda",
		"vda:",
		"vda:1+",
		"vda:+1",
		"vda:1+0",
		"vda:-1+5",
		" vda",
		"vda:1+2:3",
		"",
		"vdaaa",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		teardown(NULL);
		setup(NULL);
		toolstack_add(bad[i], "w");
		fake_store_run();
		assert_refused();
	}
}

static void test_bad_mode(void **state)
{
	(void)state;
	toolstack_add("vda", "rw");
	fake_store_run();
	assert_refused();
}

static void test_frontend_elsewhere(void **state)
{
	(void)state;
	toolstack_add("vda", "w");
	fake_store_put(back_path(FE, DEVID, "frontend"), "/local/domain/7/device/vbd/51712");
	fake_store_run();
	assert_refused();
}

static void test_frontend_id_mismatch(void **state)
{
	(void)state;
	toolstack_add("vda", "w");
	fake_store_put(back_path(FE, DEVID, "frontend-id"), "7");
	fake_store_run();
	assert_refused();
}

static void test_frontend_trailing_slash(void **state)
{
	char path[96];

	(void)state;
	toolstack_add("vda", "w");
	snprintf(path, sizeof(path), "%s/", front_path(FE, DEVID, ""));
	fake_store_put(back_path(FE, DEVID, "frontend"), path);
	fake_store_run();
	assert_refused();
}

/* One hostile frontend key after another: each refused at connect, with one log line. */
static void refuse_connect(const char *key, const char *value)
{
	teardown(NULL);
	setup(NULL);
	add_device("vda", "w");
	front_put("ring-ref", "8");
	front_put("ring-ref0", "8");
	front_put("event-channel", "3");
	front_put(key, value);
	front_state(3);
	fake_store_run();
	assert_int_equal(fake_conn_starts, 0);
	assert_closed_with_error();
	assert_one_log_line();
}

static void test_hostile_frontend(void **state)
{
	(void)state;
	refuse_connect("ring-page-order", "5");
	refuse_connect("ring-page-order", "-1");
	refuse_connect("ring-page-order", " 1");
	refuse_connect("ring-page-order", "1x");
	refuse_connect("ring-page-order", "99999999999999999999999");
	refuse_connect("ring-page-order", "1"); /* ring-ref1 missing */
	refuse_connect("multi-queue-num-queues", "5");
	refuse_connect("multi-queue-num-queues", "0");
	refuse_connect("multi-queue-num-queues", "2"); /* no queue-N directories */
	refuse_connect("ring-ref", "12a");
	refuse_connect("ring-ref", "");
	refuse_connect("ring-ref", "4294967296");
	refuse_connect("event-channel", "port");
	refuse_connect("event-channel", "0");
	refuse_connect("event-channel", "131072");
	refuse_connect("protocol", "x86_64-abi");
	refuse_connect("protocol", "arm-abiX");
	refuse_connect("protocol", "arm-abi-and-a-long-tail-that-does-not-fit");
	refuse_connect("feature-persistent", "yes");
}

static void test_missing_ring_ref(void **state)
{
	(void)state;
	add_device("vda", "w");
	front_put("event-channel", "3");
	front_state(3);
	fake_store_run();
	assert_int_equal(fake_conn_starts, 0);
	assert_closed_with_error();
	assert_one_log_line();
}

static void test_bad_frontend_state(void **state)
{
	static const char *const bad[] = { "9", "x", "-1", "7", "2" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		teardown(NULL);
		setup(NULL);
		connect_single();
		front_put("state", bad[i]);
		fake_store_run();
		assert_closed_with_error();
		assert_one_log_line();
	}
}

/* Names under backend/vbd that are not ids: nothing is taken on, nothing written. */
static void test_hostile_ids(void **state)
{
	static const char *const bad[] = {
		"abc/51712",   "5/12x", "5/0x10", "-5/51712", "5/99999999999",
		"40000/51712", "5/+1",  "5/ 1",   "32752/1",
	};
	char path[160];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/local/domain/%u/backend/vbd/%s/state", OWN, bad[i]);
		fake_store_put(path, "1");
		fake_store_run();
		assert_string_equal(fake_store_history(path), "1");
	}
	assert_int_equal(fake_store_watches(), 1);
	assert_int_equal(fake_log_count, 0);
}

/* Devices already there when blkback starts are taken on by the first event. */
static void test_present_at_start(void **state)
{
	(void)state;
	backend_stop(&backend);
	fake_reset();
	toolstack_add_as(FE, DEVID, "vda", "w", "disk");
	toolstack_add_as(6, 51728, "vdb", "r", "disk");
	assert_int_equal(backend_start(&backend, &fake_store, &fake_disks, OWN), 0);
	fake_store_run();
	assert_string_equal(back("state"), "2");
	assert_string_equal(fake_store_get(back_path(6, 51728, "state")), "2");
	assert_int_equal(fake_store_watches(), 3);
}

/* More devices than the table: the rest are logged, not written. */
static void test_too_many_devices(void **state)
{
	(void)state;
	for (unsigned int i = 0; i <= XENBUS_BACKEND_DEVICES_MAX; i++) {
		toolstack_add_as(10 + i, DEVID, "vda", "w", "disk");
	}
	fake_store_run();
	for (unsigned int i = 0; i < XENBUS_BACKEND_DEVICES_MAX; i++) {
		assert_string_equal(fake_store_get(back_path(10 + i, DEVID, "state")), "2");
	}
	assert_string_equal(
		fake_store_get(back_path(10 + XENBUS_BACKEND_DEVICES_MAX, DEVID, "state")), "1");
	assert_true(fake_log_count >= 1);
	assert_int_equal(fake_store_watches(), 1 + XENBUS_BACKEND_DEVICES_MAX);
}

static void test_watch_fails(void **state)
{
	(void)state;
	toolstack_add("vda", "w");
	fake_store_fail_watch(-XEN_ENOSPC);
	fake_store_run();
	assert_closed_with_error();
	assert_one_log_line();
	assert_int_equal(fake_store_watches(), 1);
}

/* backend_stop while connected: stopped, and the frontend told Closed. */
static void test_stop_connected(void **state)
{
	(void)state;
	connect_single();
	backend_stop(&backend);
	assert_int_equal(fake_conn_live(), 0);
	assert_string_equal(back("state"), "6");
	assert_int_equal(fake_store_watches(), 0);
}

/* Two frontends on extents of one disk, each with its own VBD. */
static void test_two_guests(void **state)
{
	(void)state;
	toolstack_add_as(5, DEVID, "vda:0+1024", "w", "disk");
	toolstack_add_as(6, DEVID, "vda:1024+1024", "w", "disk");
	fake_store_run();
	fake_store_put(front_path(6, DEVID, "ring-ref"), "30");
	fake_store_put(front_path(6, DEVID, "event-channel"), "7");
	fake_store_put(front_path(6, DEVID, "state"), "3");
	fake_store_run();
	assert_int_equal(fake_conn_live(), 1);
	assert_int_equal(fake_conn_last()->params.frontend_id, 6);
	assert_int_equal(fake_conn_last()->params.vbd.first, 1024);
	assert_string_equal(back("state"), "2");
	/* Guest 6 breaking its connection leaves guest 5's device alone. */
	fake_conn_last()->broken(fake_conn_last()->arg);
	blkfront_single("8", "3");
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_string_equal(fake_store_get(back_path(6, DEVID, "state")), "6");
	assert_int_equal(fake_conn_live(), 1);
}

static void test_start_bad_own_id(void **state)
{
	struct backend other;

	(void)state;
	assert_int_equal(backend_start(&other, &fake_store, &fake_disks, 0x7ff0), -XEN_EINVAL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_keys),
		T(test_single_ring),
		T(test_no_protocol_no_persistent),
		T(test_multi_page_ring),
		T(test_ring_order_zero),
		T(test_multi_queue),
		T(test_one_queue_named),
		T(test_frontend_closing),
		T(test_reconnect),
		T(test_device_removed),
		T(test_no_write_after_removal),
		T(test_frontend_domain_dir_removed),
		T(test_frontend_gone),
		T(test_detach),
		T(test_detach_at_once),
		T(test_offline_alone),
		T(test_broken),
		T(test_start_fails),
		T(test_read_only_mode),
		T(test_read_only_disk),
		T(test_cdrom),
		T(test_extent),
		T(test_discard_disabled),
		T(test_written_piecemeal),
		T(test_bad_targets),
		T(test_bad_mode),
		T(test_frontend_elsewhere),
		T(test_frontend_id_mismatch),
		T(test_frontend_trailing_slash),
		T(test_hostile_frontend),
		T(test_missing_ring_ref),
		T(test_bad_frontend_state),
		T(test_hostile_ids),
		T(test_present_at_start),
		T(test_too_many_devices),
		T(test_watch_fails),
		T(test_stop_connected),
		T(test_two_guests),
		T(test_start_bad_own_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
