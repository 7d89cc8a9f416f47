/* SPDX-License-Identifier: MIT */
/* A fake machine for netback's VIF engine: a frontend's grants and rings, a fake switch. */
#ifndef TEST_NETBACK_FIXTURE_H
#define TEST_NETBACK_FIXTURE_H

#include "net_frame.h"
#include "net_platform.h"
#include "net_switch.h"
#include "vif_conn.h"
#include <abi/netif.h>
#include <libos/ring.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FX_DOMID 7
#define FX_GRANTS 2048u
#define FX_PORTS 40u
#define FX_REMOTE_PORT 50u /* the frontend's ports: 50.., ours 1.. */

/* A frontend grant: a page of its memory, granted to netback. */
struct fx_grant {
	void *page;
	bool granted;
	bool readonly;
	unsigned int maps;
};

struct fx_port {
	bool bound;
	bool pending;
	net_event_fn fn;
	void *arg;
	unsigned int notifies; /* events netback sent the frontend */
	unsigned int raises;   /* times netback raised it */
};

/* The fake switch's one port. */
struct fx_switch_port {
	bool added;
	bool ready;
	struct net_port_config config;
	const struct net_port_ops *ops;
	void *arg;
	struct net_port_stats stats;
};

struct fx {
	struct fx_grant grants[FX_GRANTS];
	unsigned int grant_count;
	struct fx_port ports[FX_PORTS];
	unsigned int copy_calls, copy_ops;
	bool copy_call_fails;
	unsigned int adds_to_fail;   /* net_switch_port_add calls to refuse */
	unsigned int allocs_to_fail; /* net_frame_alloc calls to refuse */
	struct fx_switch_port sw;
	unsigned int csum_calls;
	int csum_rc;
	unsigned int gso_calls; /* net_gso_segment calls */
	/* The connection. */
	struct vif_conn *conn;
	struct vif_conn_params params;
	void *tx_rings[VIF_QUEUES_MAX], *rx_rings[VIF_QUEUES_MAX];
	struct ring_front tx[VIF_QUEUES_MAX], rx[VIF_QUEUES_MAX];
	uint16_t next_rx_id[VIF_QUEUES_MAX];
	unsigned int broken;
	unsigned int logs;
	char last_log[256];
};

extern struct fx fx;

/** A fresh fake machine, and net_platform_set on it. */
void fx_init(void);
/** After a test: the connection stopped and freed, nothing of ours left (frames, maps, ports). */
void fx_fini(void);

/** A frontend page, granted (readonly or not): its ref. */
uint32_t fx_grant_page(bool readonly);
/** The page behind ref. */
uint8_t *fx_page(uint32_t ref);
/** The frontend ends its grant of ref. */
void fx_revoke(uint32_t ref);

/** Parameters for queues queues, split channels or not, every receive feature on. */
struct vif_conn_params fx_params(unsigned int queues, bool split);
/** Start a connection on p (rings made and granted here); returns vif_conn_start's result. */
int fx_start_with(struct vif_conn_params *p);
/** fx_start_with(fx_params(queues, split)). */
int fx_start(unsigned int queues, bool split);
/** Stop it (vif_conn_stop); fx.conn is NULL after. */
void fx_stop(void);

/** Our port of the frontend's remote port r. */
unsigned int fx_local(uint32_t remote);
/** Run the engine's pending port callbacks until none is left. */
void fx_run(void);

/** Put n raw tx slots on queue q's ring, publish them and send the event if asked. */
void fx_tx_put(unsigned int q, const void *slots, unsigned int n);
/**
 * Put a frame of len bytes (data) on queue q's tx ring in data slots of at
 * most slot_max bytes each (pages granted here), with flags on the first
 * slot and a GSO extra when gso_type is set. Ids from id on. Returns the
 * slots put.
 */
unsigned int fx_tx_frame(unsigned int q, const uint8_t *data, uint32_t len, uint32_t slot_max,
			 uint16_t flags, uint8_t gso_type, uint16_t gso_size, uint16_t id);
/** Take queue q's next tx response: 0, or -1 if there is none. */
int fx_tx_response(unsigned int q, struct netif_tx_response *rsp);

/** Post n pages (granted writable) on queue q's rx ring; returns the first ref. */
uint32_t fx_rx_post(unsigned int q, unsigned int n);
/** Take queue q's next rx slot (a response or an extra, 8 bytes): 0, or -1 if none. */
int fx_rx_response(unsigned int q, void *slot8);

/** The switch pulls from the port: a frame (the caller's reference) or NULL. */
struct net_frame *fx_pull(void);
/** The switch pushes a frame to the port: its answer. */
bool fx_push(struct net_frame *f);

/** A frame of len bytes: an IPv4/TCP header from a to b (MACs), then a pattern. */
struct net_frame *fx_frame(uint32_t len, uint8_t seed);
/** Fill data with an Ethernet + IPv4 (or IPv6) + TCP frame of len bytes, pattern from seed. */
void fx_fill(uint8_t *data, uint32_t len, bool ipv6, uint8_t seed);

/** The platform, for tests that change one call. */
extern struct net_platform fx_platform;

#endif
