// SPDX-License-Identifier: MIT
/*
 * netback's xenbus side (services/netback/vif_backend.c, vif_front.c,
 * vif_backend_config.c) against the stand-in store and engine: the keys
 * Linux's xen-netfront reads, its way of connecting (Initialising straight
 * to Connected), shared and split event channels, several queues, the
 * toolstack's mac, ip, rate and rules, reconnects, detaches, and every
 * hostile value a frontend (or a broken toolstack) can write. After every
 * test the back end is stopped and nothing may be left.
 */
#include <abi/errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vif_backend.h"
#include "vif_backend_config.h"
#include "vif_backend_fixture.h"

#define OWN 3u /* netback's domain id */
#define FE 5u  /* the guest's */
#define HANDLE 0u

static struct vif_backend backend;

static const char *back_path(unsigned int fe, unsigned int handle, const char *key)
{
	static char path[4][160];
	static unsigned int next;
	char *out = path[next++ % 4];

	snprintf(out, 160, "/local/domain/%u/backend/vif/%u/%u%s%s", OWN, fe, handle,
		 key[0] ? "/" : "", key);
	return out;
}

static const char *front_path(unsigned int fe, unsigned int handle, const char *key)
{
	static char path[4][160];
	static unsigned int next;
	char *out = path[next++ % 4];

	snprintf(out, 160, "/local/domain/%u/device/vif/%u%s%s", fe, handle, key[0] ? "/" : "",
		 key);
	return out;
}

static const char *back(const char *key)
{
	return fake_store_get(back_path(FE, HANDLE, key));
}

static void back_put(const char *key, const char *value)
{
	fake_store_put(back_path(FE, HANDLE, key), value);
}

static void front_put(const char *key, const char *value)
{
	fake_store_put(front_path(FE, HANDLE, key), value);
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

/* What the toolstack writes for a vif, in its order (services/toolstack/devices.c). */
static void toolstack_add_as(unsigned int fe, unsigned int handle, const char *mac)
{
	char text[160];

	ts_put(front_path(fe, handle, "backend"), back_path(fe, handle, ""));
	snprintf(text, sizeof(text), "%u", OWN);
	ts_put(front_path(fe, handle, "backend-id"), text);
	ts_put(front_path(fe, handle, "state"), "1");
	ts_put(back_path(fe, handle, "frontend"), front_path(fe, handle, ""));
	snprintf(text, sizeof(text), "%u", fe);
	ts_put(back_path(fe, handle, "frontend-id"), text);
	ts_put(back_path(fe, handle, "online"), "1");
	ts_put(back_path(fe, handle, "state"), "1");
	snprintf(text, sizeof(text), "%u", handle);
	ts_put(front_path(fe, handle, "handle"), text);
	ts_put(front_path(fe, handle, "mac"), mac);
	ts_put(back_path(fe, handle, "handle"), text);
	ts_put(back_path(fe, handle, "mac"), mac);
	ts_put(back_path(fe, handle, "type"), "vif");
	ts_put(back_path(fe, handle, "bridge"), "xenbr0");
}

static void toolstack_add(void)
{
	toolstack_add_as(FE, HANDLE, "00:16:3e:12:34:56");
}

/* A vif up to InitWait. */
static void add_vif(void)
{
	toolstack_add();
	fake_store_run();
	assert_string_equal(back("state"), "2");
}

/* netfront's keys for one queue, from Initialising straight to Connected. */
static void netfront_keys(const char *tx_ref, const char *rx_ref, const char *port)
{
	front_put("tx-ring-ref", tx_ref);
	front_put("rx-ring-ref", rx_ref);
	front_put("event-channel", port);
	front_put("request-rx-copy", "1");
	front_put("feature-rx-notify", "1");
	front_put("feature-sg", "1");
	front_put("feature-gso-tcpv4", "1");
	front_put("feature-gso-tcpv6", "1");
	front_put("feature-ipv6-csum-offload", "1");
}

static void front_connected(void)
{
	front_put("state", "4");
	fake_store_run();
}

static void connect_single(void)
{
	add_vif();
	netfront_keys("8", "9", "3");
	front_connected();
	assert_string_equal(back("state"), "4");
	assert_int_equal(fake_vif_live(), 1);
}

static void assert_closed_with_error(void)
{
	assert_string_equal(back("state"), "6");
	assert_non_null(back("error"));
	assert_int_equal(fake_vif_live(), 0);
}

/* Exactly one log line, naming the frontend domain and handle. */
static void assert_one_log_line(void)
{
	char name[32];

	snprintf(name, sizeof(name), "vif %u/%u:", FE, HANDLE);
	assert_int_equal(fake_log_count, 1);
	assert_non_null(strstr(fake_log[0], name));
}

static int setup(void **state)
{
	(void)state;
	fake_vif_reset();
	assert_int_equal(vif_backend_start(&backend, &fake_store, OWN), 0);
	fake_store_run();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vif_backend_stop(&backend);
	assert_int_equal(fake_vif_live(), 0);
	assert_int_equal(fake_vif_starts, fake_vif_stops);
	assert_int_equal(fake_store_watches(), 0);
	return 0;
}

static void test_keys(void **state)
{
	char max[8];

	(void)state;
	add_vif();
	snprintf(max, sizeof(max), "%u", VIF_QUEUES_MAX);
	assert_string_equal(back("feature-sg"), "1");
	assert_string_equal(back("feature-gso-tcpv4"), "1");
	assert_string_equal(back("feature-gso-tcpv6"), "1");
	assert_string_equal(back("feature-ipv6-csum-offload"), "1");
	assert_string_equal(back("feature-rx-copy"), "1");
	assert_string_equal(back("feature-rx-flip"), "0");
	assert_string_equal(back("feature-rx-notify"), "1");
	assert_string_equal(back("feature-split-event-channels"), "1");
	assert_string_equal(back("multi-queue-max-queues"), max);
	assert_null(back("error"));
	assert_int_equal(fake_log_count, 0);
	assert_int_equal(fake_store_watches(), 2);
	assert_int_equal(fake_vif_starts, 0);
}

/* The toolstack writes one key at a time: taken on once, when handle, mac and bridge are. */
static void test_written_piecemeal(void **state)
{
	(void)state;
	run_each = true;
	toolstack_add();
	run_each = false;
	assert_string_equal(fake_store_history(back_path(FE, HANDLE, "state")), "1,2");
	assert_int_equal(fake_store_writes(back_path(FE, HANDLE, "feature-rx-copy"), "1"), 1);
	assert_int_equal(fake_log_count, 0);
}

static void test_single_queue(void **state)
{
	const struct vif_conn_params *p;
	const uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0x12, 0x34, 0x56 };

	(void)state;
	add_vif();
	netfront_keys("8", "9", "3");
	front_put("state", "1"); /* netfront rewrites Initialising: nothing yet */
	fake_store_run();
	assert_int_equal(fake_vif_starts, 0);
	front_connected();
	assert_string_equal(fake_store_history(back_path(FE, HANDLE, "state")), "1,2,4");
	p = &fake_vif_last()->params;
	assert_int_equal(p->frontend_id, FE);
	assert_int_equal(p->handle, HANDLE);
	assert_int_equal(p->queue_count, 1);
	assert_int_equal(p->tx_ring_refs[0], 8);
	assert_int_equal(p->rx_ring_refs[0], 9);
	assert_int_equal(p->tx_ports[0], 3);
	assert_int_equal(p->rx_ports[0], 3);
	assert_true(p->sg && p->gso_tcpv4 && p->gso_tcpv6 && p->ipv6_csum && p->rx_notify);
	assert_true(p->csum);
	assert_string_equal(p->port.name, "vif5.0");
	assert_memory_equal(p->port.mac, mac, 6);
	assert_false(p->port.antispoof);
	assert_int_equal(p->port.ip_count, 0);
	assert_int_equal(p->port.rate_bytes, 0);
	assert_int_equal(p->rules.count, 0);
	assert_null(p->port.rules);
	assert_int_equal(vif_backend_connections(&backend), 1);
	/* The frontend's later Connected events change nothing. */
	front_connected();
	assert_int_equal(fake_vif_starts, 1);
	assert_int_equal(fake_log_count, 0);
}

/* A frontend that goes Initialised first (as blkfront does) is served too. */
static void test_initialised(void **state)
{
	(void)state;
	add_vif();
	netfront_keys("8", "9", "3");
	front_put("state", "3");
	fake_store_run();
	assert_string_equal(back("state"), "4");
	assert_int_equal(fake_vif_starts, 1);
}

/* Only request-rx-copy: every feature off but checksum offload, which is on unless refused. */
static void test_features_absent(void **state)
{
	const struct vif_conn_params *p;

	(void)state;
	add_vif();
	front_put("tx-ring-ref", "8");
	front_put("rx-ring-ref", "9");
	front_put("event-channel", "3");
	front_put("request-rx-copy", "1");
	front_connected();
	p = &fake_vif_last()->params;
	assert_false(p->sg || p->gso_tcpv4 || p->gso_tcpv6 || p->ipv6_csum || p->rx_notify);
	assert_true(p->csum);
}

static void test_no_csum_offload(void **state)
{
	(void)state;
	add_vif();
	netfront_keys("8", "9", "3");
	front_put("feature-no-csum-offload", "1");
	front_put("feature-sg", "0");
	front_connected();
	assert_false(fake_vif_last()->params.csum);
	assert_false(fake_vif_last()->params.sg);
}

static void test_split_channels(void **state)
{
	const struct vif_conn_params *p;

	(void)state;
	add_vif();
	netfront_keys("8", "9", "3");
	front_put("event-channel-tx", "11");
	front_put("event-channel-rx", "12");
	front_connected();
	p = &fake_vif_last()->params;
	assert_int_equal(p->tx_ports[0], 11);
	assert_int_equal(p->rx_ports[0], 12);
}

/* Several queues under queue-N/, some with split channels, some shared. */
static void test_multi_queue(void **state)
{
	const struct vif_conn_params *p;
	char key[40], value[16];

	(void)state;
	add_vif();
	front_put("request-rx-copy", "1");
	front_put("multi-queue-num-queues", "4");
	for (unsigned int q = 0; q < 4; q++) {
		snprintf(key, sizeof(key), "queue-%u/tx-ring-ref", q);
		snprintf(value, sizeof(value), "%u", 100 + q);
		front_put(key, value);
		snprintf(key, sizeof(key), "queue-%u/rx-ring-ref", q);
		snprintf(value, sizeof(value), "%u", 200 + q);
		front_put(key, value);
		if (q % 2) {
			snprintf(key, sizeof(key), "queue-%u/event-channel", q);
			snprintf(value, sizeof(value), "%u", 30 + q);
			front_put(key, value);
			continue;
		}
		snprintf(key, sizeof(key), "queue-%u/event-channel-tx", q);
		snprintf(value, sizeof(value), "%u", 40 + q);
		front_put(key, value);
		snprintf(key, sizeof(key), "queue-%u/event-channel-rx", q);
		snprintf(value, sizeof(value), "%u", 50 + q);
		front_put(key, value);
	}
	front_connected();
	assert_string_equal(back("state"), "4");
	p = &fake_vif_last()->params;
	assert_int_equal(p->queue_count, 4);
	for (unsigned int q = 0; q < 4; q++) {
		assert_int_equal(p->tx_ring_refs[q], 100 + q);
		assert_int_equal(p->rx_ring_refs[q], 200 + q);
		assert_int_equal(p->tx_ports[q], q % 2 ? 30 + q : 40 + q);
		assert_int_equal(p->rx_ports[q], q % 2 ? 30 + q : 50 + q);
	}
}

/* The most queues we offer. */
static void test_max_queues(void **state)
{
	char key[40];

	(void)state;
	add_vif();
	front_put("request-rx-copy", "1");
	snprintf(key, sizeof(key), "%u", VIF_QUEUES_MAX);
	front_put("multi-queue-num-queues", key);
	for (unsigned int q = 0; q < VIF_QUEUES_MAX; q++) {
		snprintf(key, sizeof(key), "queue-%u/tx-ring-ref", q);
		front_put(key, "1");
		snprintf(key, sizeof(key), "queue-%u/rx-ring-ref", q);
		front_put(key, "2");
		snprintf(key, sizeof(key), "queue-%u/event-channel", q);
		front_put(key, "3");
	}
	front_connected();
	assert_int_equal(fake_vif_last()->params.queue_count, VIF_QUEUES_MAX);
}

/* multi-queue-num-queues 1: the keys stay at the top, as netfront writes them. */
static void test_one_queue_named(void **state)
{
	(void)state;
	add_vif();
	netfront_keys("8", "9", "3");
	front_put("multi-queue-num-queues", "1");
	front_connected();
	assert_int_equal(fake_vif_last()->params.queue_count, 1);
	assert_int_equal(fake_vif_last()->params.tx_ring_refs[0], 8);
}

/* ip, rate and rules from the toolstack: anti-spoofing, the limit, the rule list. */
static void test_config(void **state)
{
	const struct vif_conn_params *p;

	(void)state;
	toolstack_add();
	back_put("ip", "10.0.0.2 192.168.1.254");
	back_put("rate", "125000,50000");
	back_put("rules", "drop proto=tcp dst-port=22; accept");
	fake_store_run();
	netfront_keys("8", "9", "3");
	front_connected();
	p = &fake_vif_last()->params;
	assert_true(p->port.antispoof);
	assert_int_equal(p->port.ip_count, 2);
	assert_int_equal(p->port.ips[0], 0x0a000002);
	assert_int_equal(p->port.ips[1], 0xc0a801fe);
	assert_int_equal(p->port.rate_bytes, 125000);
	assert_int_equal(p->port.rate_interval_us, 50000);
	assert_int_equal(p->rules.count, 2);
}

/* ip, rate and rules written after the take-on (they come after bridge) count at connect. */
static void test_config_late(void **state)
{
	(void)state;
	add_vif();
	back_put("ip", "10.0.0.2");
	back_put("rate", "1000,20000");
	fake_store_run();
	netfront_keys("8", "9", "3");
	front_connected();
	assert_true(fake_vif_last()->params.port.antispoof);
	assert_int_equal(fake_vif_last()->params.port.rate_bytes, 1000);
}

/* A bad ip written after take-on is refused at connect. */
static void test_config_late_bad(void **state)
{
	(void)state;
	add_vif();
	back_put("ip", "10.0.0.256");
	fake_store_run();
	netfront_keys("8", "9", "3");
	front_connected();
	assert_int_equal(fake_vif_starts, 0);
	assert_closed_with_error();
	assert_one_log_line();
}

/* The guest's second VIF and another guest's: names and handles of their own. */
static void test_two_vifs(void **state)
{
	(void)state;
	toolstack_add_as(FE, 1, "00:16:3e:00:00:01");
	toolstack_add_as(6, 0, "00:16:3e:00:00:02");
	fake_store_run();
	fake_store_put(front_path(FE, 1, "tx-ring-ref"), "1");
	fake_store_put(front_path(FE, 1, "rx-ring-ref"), "2");
	fake_store_put(front_path(FE, 1, "event-channel"), "3");
	fake_store_put(front_path(FE, 1, "request-rx-copy"), "1");
	fake_store_put(front_path(FE, 1, "state"), "4");
	fake_store_run();
	assert_string_equal(fake_vif_last()->params.port.name, "vif5.1");
	assert_int_equal(fake_vif_last()->params.handle, 1);
	assert_string_equal(fake_store_get(back_path(6, 0, "state")), "2");
	/* One breaking leaves the other alone. */
	fake_vif_last()->broken(fake_vif_last()->arg);
	fake_store_put(front_path(6, 0, "tx-ring-ref"), "1");
	fake_store_put(front_path(6, 0, "rx-ring-ref"), "2");
	fake_store_put(front_path(6, 0, "event-channel"), "3");
	fake_store_put(front_path(6, 0, "request-rx-copy"), "1");
	fake_store_put(front_path(6, 0, "state"), "4");
	fake_store_run();
	assert_string_equal(fake_vif_last()->params.port.name, "vif6.0");
	assert_string_equal(fake_store_get(back_path(FE, 1, "state")), "6");
	assert_int_equal(fake_vif_live(), 1);
}

/* netfront closes, comes back to Initialising, and connects again with new rings. */
static void test_reconnect(void **state)
{
	(void)state;
	connect_single();
	front_put("state", "5");
	fake_store_run();
	assert_int_equal(fake_vif_live(), 0);
	front_put("state", "6");
	fake_store_run();
	assert_string_equal(back("state"), "6");
	front_put("state", "1");
	fake_store_run();
	assert_string_equal(back("state"), "2");
	netfront_keys("18", "19", "4");
	front_connected();
	assert_int_equal(fake_vif_starts, 2);
	assert_int_equal(fake_vif_live(), 1);
	assert_int_equal(fake_vif_last()->params.tx_ring_refs[0], 18);
	assert_int_equal(fake_vif_last()->params.tx_ports[0], 4);
	assert_string_equal(fake_store_history(back_path(FE, HANDLE, "state")), "1,2,4,5,6,2,4");
	assert_int_equal(fake_log_count, 0);
}

/* xl network-detach: online 0, Closing; we stop and write Closed; then the directory goes. */
static void test_detach(void **state)
{
	(void)state;
	connect_single();
	back_put("online", "0");
	back_put("state", "5");
	fake_store_run();
	assert_int_equal(fake_vif_live(), 0);
	assert_string_equal(back("state"), "6");
	front_put("state", "1");
	fake_store_run();
	assert_string_equal(back("state"), "6");
	fake_store_remove(back_path(FE, HANDLE, ""));
	fake_store_remove(front_path(FE, HANDLE, ""));
	fake_store_run();
	assert_null(back(""));
	assert_int_equal(fake_store_watches(), 1);
	assert_int_equal(fake_log_count, 0);
}

/* The directory removed while connected: stopped, nothing made again. */
static void test_removed(void **state)
{
	(void)state;
	connect_single();
	front_put("state", "5");
	fake_store_remove(back_path(FE, HANDLE, ""));
	fake_store_run();
	assert_int_equal(fake_vif_live(), 0);
	assert_null(back(""));
	assert_int_equal(fake_store_watches(), 1);
}

static void test_broken(void **state)
{
	(void)state;
	connect_single();
	fake_vif_last()->broken(fake_vif_last()->arg);
	assert_string_equal(fake_store_history(back_path(FE, HANDLE, "state")), "1,2,4,5,6");
	assert_closed_with_error();
	assert_string_equal(back("error"), "5 the frontend broke the netif protocol");
	/* The engine logged how; the back end adds nothing. */
	assert_int_equal(fake_log_count, 0);
}

/* A VIF whose frames the switch dropped says how many as it goes; one without drops says
 * nothing (test_detach). */
static void test_drop_counts_said(void **state)
{
	(void)state;
	connect_single();
	fake_vif_stats =
		(struct net_port_stats){ .rx_frames = 9, .spoof_drops = 3, .rule_drops = 2 };
	back_put("online", "0");
	back_put("state", "5");
	fake_store_run();
	fake_vif_stats = (struct net_port_stats){ 0 };
	assert_int_equal(fake_vif_live(), 0);
	assert_int_equal(fake_log_count, 1);
	assert_non_null(strstr(fake_log[0], "disconnected"));
	assert_non_null(strstr(fake_log[0], "3 spoofed, 2 by rules"));
}

static void test_start_fails(void **state)
{
	(void)state;
	add_vif();
	fake_vif_fail(-XEN_ENOMEM);
	netfront_keys("8", "9", "3");
	front_connected();
	assert_int_equal(fake_vif_starts, 0);
	assert_closed_with_error();
	assert_string_equal(back("error"), "12 cannot map the frontend's rings or bind its ports");
	assert_one_log_line();
}

/* One hostile frontend key after another: each refused at connect, with one log line. */
static void refuse_connect(const char *key, const char *value)
{
	teardown(NULL);
	setup(NULL);
	add_vif();
	netfront_keys("8", "9", "3");
	front_put(key, value);
	front_connected();
	assert_int_equal(fake_vif_starts, 0);
	assert_closed_with_error();
	assert_one_log_line();
}

static void test_hostile_frontend(void **state)
{
	(void)state;
	refuse_connect("request-rx-copy", "0");
	refuse_connect("request-rx-copy", "yes");
	refuse_connect("tx-ring-ref", "12a");
	refuse_connect("tx-ring-ref", "");
	refuse_connect("tx-ring-ref", "4294967296");
	refuse_connect("rx-ring-ref", "-1");
	refuse_connect("rx-ring-ref", " 9");
	refuse_connect("event-channel", "0");
	refuse_connect("event-channel", "131072");
	refuse_connect("event-channel", "port");
	refuse_connect("event-channel-tx", "4"); /* without its -rx */
	refuse_connect("event-channel-rx", "4"); /* without its -tx */
	refuse_connect("event-channel-tx", "131072");
	refuse_connect("multi-queue-num-queues", "0");
	refuse_connect("multi-queue-num-queues", "9");
	refuse_connect("multi-queue-num-queues", "99999999999999999999999");
	refuse_connect("multi-queue-num-queues", "2"); /* no queue-N directories */
	refuse_connect("feature-sg", "yes");
	refuse_connect("feature-rx-notify", "4294967296");
	refuse_connect("feature-no-csum-offload", "-1");
}

static void test_missing_keys(void **state)
{
	static const char *const keys[] = { "tx-ring-ref", "rx-ring-ref", "event-channel",
					    "request-rx-copy" };

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		teardown(NULL);
		setup(NULL);
		add_vif();
		netfront_keys("8", "9", "3");
		fake_store_remove(front_path(FE, HANDLE, keys[i]));
		front_connected();
		assert_int_equal(fake_vif_starts, 0);
		assert_closed_with_error();
		assert_one_log_line();
	}
}

/* One queue of several with a hostile key: the whole VIF is refused. */
static void test_hostile_queue(void **state)
{
	char key[40];

	(void)state;
	add_vif();
	front_put("request-rx-copy", "1");
	front_put("multi-queue-num-queues", "2");
	for (unsigned int q = 0; q < 2; q++) {
		snprintf(key, sizeof(key), "queue-%u/tx-ring-ref", q);
		front_put(key, "1");
		snprintf(key, sizeof(key), "queue-%u/rx-ring-ref", q);
		front_put(key, q ? "0x10" : "2");
		snprintf(key, sizeof(key), "queue-%u/event-channel", q);
		front_put(key, "3");
	}
	front_connected();
	assert_int_equal(fake_vif_starts, 0);
	assert_closed_with_error();
	assert_non_null(strstr(back("error"), "rx-ring-ref"));
}

/* A configuration refused at take-on: Closed with error, one line, never InitWait. */
static void refuse_config(const char *key, const char *value)
{
	teardown(NULL);
	setup(NULL);
	toolstack_add();
	back_put(key, value);
	fake_store_run();
	assert_closed_with_error();
	assert_one_log_line();
	assert_int_equal(fake_store_writes(back_path(FE, HANDLE, "state"), "2"), 0);
	netfront_keys("8", "9", "3");
	front_connected();
	front_put("state", "1");
	fake_store_run();
	assert_int_equal(fake_vif_starts, 0);
	assert_string_equal(back("state"), "6");
}

static void test_hostile_config(void **state)
{
	(void)state;
	refuse_config("handle", "1");
	refuse_config("handle", "zero");
	refuse_config("mac", "00:16:3e:12:34");
	refuse_config("mac", "00:16:3e:12:34:56:78");
	refuse_config("mac", "01:00:5e:00:00:01"); /* multicast */
	refuse_config("mac", "00:00:00:00:00:00");
	refuse_config("mac", "00:16:3e:0g:34:56");
	refuse_config("mac", "00-16-3e-12-34-56");
	refuse_config("mac", "");
	refuse_config("ip", "10.0.0.256");
	refuse_config("ip", "10.0.0.01");
	refuse_config("ip", "10.0.0");
	refuse_config("ip", "10.0.0.1 ");
	refuse_config("ip", " 10.0.0.1");
	refuse_config("ip", "10.0.0.1  10.0.0.2");
	refuse_config("ip", "10.0.0.1,10.0.0.2");
	refuse_config("ip",
		      "1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 5.5.5.5 6.6.6.6 7.7.7.7 8.8.8.8 9.9.9.9");
	refuse_config("ip", "-1.0.0.1");
	refuse_config("rate", "100");
	refuse_config("rate", "0,50000");
	refuse_config("rate", "100,0");
	refuse_config("rate", "100,4294967296");
	refuse_config("rate", "100,50000,1");
	refuse_config("rate", ",50000");
	refuse_config("rate", "100,");
	refuse_config("rules", "reject all");
	refuse_config("frontend", "/local/domain/5/device/vbd/0");
	refuse_config("frontend-id", "6");
}

/* A rules value longer than the text form allows is refused, not cut. */
static void test_rules_too_long(void **state)
{
	char rules[NET_RULES_TEXT_MAX + 8];

	(void)state;
	memset(rules, ' ', sizeof(rules) - 1);
	memcpy(rules, "accept", 6);
	rules[sizeof(rules) - 1] = '\0';
	refuse_config("rules", rules);
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

/* Names under backend/vif that are not ids: nothing is taken on, nothing written. */
static void test_hostile_ids(void **state)
{
	static const char *const bad[] = { "abc/0", "5/0x1", "-5/0", "5/99999999999", "32752/0" };
	char path[160];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/local/domain/%u/backend/vif/%s/state", OWN, bad[i]);
		fake_store_put(path, "1");
		fake_store_run();
		assert_string_equal(fake_store_history(path), "1");
	}
	assert_int_equal(fake_store_watches(), 1);
	assert_int_equal(fake_log_count, 0);
}

/* vif_backend_stop while connected: stopped, and the frontend told Closed. */
static void test_stop_connected(void **state)
{
	(void)state;
	connect_single();
	vif_backend_stop(&backend);
	assert_int_equal(fake_vif_live(), 0);
	assert_string_equal(back("state"), "6");
	assert_int_equal(fake_store_watches(), 0);
}

/* The parsers alone, at their edges. */
static void test_parsers(void **state)
{
	uint32_t ips[NET_PORT_IPS_MAX];
	unsigned int count = 0;
	uint8_t mac[6];
	uint64_t bytes;
	uint32_t usecs;
	const char *eight = "1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 5.5.5.5 6.6.6.6 7.7.7.7 8.8.8.8";

	(void)state;
	assert_int_equal(vif_backend_config_mac("AA:bb:cC:00:11:22", 17, mac), 0);
	assert_int_equal(mac[0], 0xaa);
	assert_int_equal(mac[5], 0x22);
	assert_int_equal(vif_backend_config_mac("aa:bb:cc:00:11:22:", 17, mac), 0);
	assert_int_equal(vif_backend_config_ips("0.0.0.0 255.255.255.255", 23, ips, &count), 0);
	assert_int_equal(count, 2);
	assert_int_equal(ips[0], 0);
	assert_true(ips[1] == 0xffffffffu);
	assert_int_equal(vif_backend_config_ips(eight, strlen(eight), ips, &count), 0);
	assert_int_equal(count, 8);
	assert_int_equal(ips[7], 0x08080808);
	assert_int_equal(vif_backend_config_ips("1.2.3.4", 6, ips, &count),
			 -XEN_EINVAL); /* "1.2.3." */
	assert_int_equal(vif_backend_config_ips("1.2.3.4", 7, ips, &count), 0);
	assert_int_equal(vif_backend_config_ips("1.2.3.1000", 10, ips, &count), -XEN_EINVAL);
	assert_int_equal(vif_backend_config_ips("", 0, ips, &count), -XEN_EINVAL);
	assert_int_equal(
		vif_backend_config_rate("18446744073709551615,4294967295", 31, &bytes, &usecs), 0);
	assert_true(bytes == UINT64_MAX);
	assert_true(usecs == UINT32_MAX);
	assert_int_equal(vif_backend_config_rate("18446744073709551616,1", 22, &bytes, &usecs),
			 -XEN_EINVAL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_keys),
		T(test_written_piecemeal),
		T(test_single_queue),
		T(test_initialised),
		T(test_features_absent),
		T(test_no_csum_offload),
		T(test_split_channels),
		T(test_multi_queue),
		T(test_max_queues),
		T(test_one_queue_named),
		T(test_config),
		T(test_config_late),
		T(test_config_late_bad),
		T(test_two_vifs),
		T(test_reconnect),
		T(test_detach),
		T(test_removed),
		T(test_broken),
		T(test_drop_counts_said),
		T(test_start_fails),
		T(test_hostile_frontend),
		T(test_missing_keys),
		T(test_hostile_queue),
		T(test_hostile_config),
		T(test_rules_too_long),
		T(test_bad_frontend_state),
		T(test_hostile_ids),
		T(test_stop_connected),
		T(test_parsers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
