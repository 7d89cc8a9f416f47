/* SPDX-License-Identifier: MIT */
/* Xenstore unit tests: a store with clients, driven through the connection API. */
#ifndef XENSTORE_TEST_FIXTURE_H
#define XENSTORE_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <abi/xs_wire.h>
#include "xenstore.h"

#define STORE_DOMID 1u
#define TOOL 0u    /* privileged */
#define GUEST_A 5u /* unprivileged */
#define GUEST_B 6u
#define GUEST_C 7u
#define EVENTS_MAX 256u
/* Domains the fixture's check_introduce hook says TOOL controls, and their ring. */
#define CONTROLLER TOOL
#define CONTROLLED_FIRST 20u
#define CONTROLLED_LAST 29u
#define CONTROLLED_GFN 0x39001u

/* One parsed message from the store. */
struct msg {
	struct xs_msg_header hdr;
	char payload[XS_PAYLOAD_MAX + 1]; /* NUL after the payload */
};

struct event {
	char path[XS_PAYLOAD_MAX];
	char token[XS_PAYLOAD_MAX];
};

struct client {
	struct xs_conn *conn;
	uint16_t domid;
	uint32_t next_req;
	struct msg reply; /* the last reply */
	unsigned int reply_count;
	struct event events[EVENTS_MAX];
	unsigned int event_count;
	unsigned int events_lost;             /* past EVENTS_MAX */
	bool auto_drain;                      /* read output after every request */
	uint8_t pending[16 + XS_PAYLOAD_MAX]; /* a message read in part */
	size_t pending_len;
};

struct fixture {
	struct xs_store *store;
	struct client tool, a, b, c;
};

extern struct fixture fx;

/* Hook log. */
extern unsigned int hook_introduced, hook_released, hook_woken, hook_checked;
extern int hook_introduce_result;

/* Store with default limits (or @limits), tool privileged, guests A, B, C. */
void fx_setup(const struct xs_limits *limits);
void fx_teardown(void);
int fx_cmocka_setup(void **state);
int fx_cmocka_teardown(void **state);
void client_attach(struct client *c, uint16_t domid);
/* Gives c's home to c (the tool sets its perms to "n<domid>"). */
void client_own_home(struct client *c);

/* Raw I/O: feed bytes (returns what the store took), read output. */
size_t client_feed(struct client *c, const void *bytes, size_t len);
void client_drain(struct client *c);

/* Sends a request; returns its req_id. Output is drained if auto_drain. */
uint32_t client_send(struct client *c, uint32_t type, uint32_t tx, const void *payload, size_t len);

/* A request and its reply (in c->reply): 0, or -errno for an error reply. */
int call(struct client *c, uint32_t type, uint32_t tx, const void *payload, size_t len);
int call_str(struct client *c, uint32_t type, uint32_t tx, const char *arg);
int call2(struct client *c, uint32_t type, uint32_t tx, const char *a1, const char *a2);

/* Convenience wrappers. */
int xs_write(struct client *c, uint32_t tx, const char *path, const char *value);
int xs_read(struct client *c, uint32_t tx, const char *path, char *out, size_t cap);
int xs_mkdir(struct client *c, uint32_t tx, const char *path);
int xs_rm(struct client *c, uint32_t tx, const char *path);
int xs_dir(struct client *c, uint32_t tx, const char *path, char *names, size_t cap);
int xs_set_perms(struct client *c, uint32_t tx, const char *path, const char *perms_list);
int xs_get_perms(struct client *c, uint32_t tx, const char *path, char *out, size_t cap);
int xs_watch(struct client *c, const char *path, const char *token);
int xs_unwatch(struct client *c, const char *path, const char *token);
int xs_txn_start(struct client *c, uint32_t *tx);
int xs_txn_end(struct client *c, uint32_t tx, bool commit);

/* Events. */
void events_clear(struct client *c);
bool event_seen(const struct client *c, const char *path, const char *token);
unsigned int event_count_for(const struct client *c, const char *token);

/* Maps an error name to -errno, 1 for an unknown name. */
int errname_to_errno(const char *name);

/* The store's invariants hold. */
void check_store(void);

#endif
