/* SPDX-License-Identifier: MIT */
/* Stand-ins for the vif back end's unit tests: the engine's connections, beside the store. */
#ifndef NETBACK_TEST_VIF_BACKEND_FIXTURE_H
#define NETBACK_TEST_VIF_BACKEND_FIXTURE_H

#include <stdbool.h>

#include "fake_store.h"
#include "vif_conn.h"

#define FAKE_VIF_CONN_MAX 64

/** One connection the back end started through vif_conn_start. */
struct fake_vif_conn {
	bool live;
	struct vif_conn_params params;
	vif_conn_broken_fn broken;
	void *arg;
};

extern struct fake_vif_conn fake_vif_conns[FAKE_VIF_CONN_MAX];
extern unsigned int fake_vif_starts, fake_vif_stops;
/** What vif_conn_stats gives for every stand-in connection (zero unless a test sets it). */
extern struct net_port_stats fake_vif_stats;

/** Empty the store (fake_store_reset) and the connections. */
void fake_vif_reset(void);

/** Make vif_conn_start fail with err (0: succeed again). */
void fake_vif_fail(int err);

/** How many connections are started and not stopped. */
unsigned int fake_vif_live(void);

/** The last connection started (the test fails if there is none). */
struct fake_vif_conn *fake_vif_last(void);

#endif
