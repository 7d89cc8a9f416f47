/* SPDX-License-Identifier: MIT */
/* The frontend's side of a xenbus device for test guests: its nodes, its backend's, states. */
#ifndef TEST_GUESTS_COMMON_XENBUS_FRONT_H
#define TEST_GUESTS_COMMON_XENBUS_FRONT_H

#include <abi/xen.h>
#include <stdbool.h>
#include <stddef.h>

/* xenbus states (the numbers both sides write to their state nodes). */
#define FRONT_INITIALISING 1
#define FRONT_INIT_WAIT 2
#define FRONT_INITIALISED 3
#define FRONT_CONNECTED 4
#define FRONT_CLOSING 5
#define FRONT_CLOSED 6

/*
 * One device of class kind ("vbd", "vif") as its frontend sees it: our
 * directory device/<kind>/<devid>, which the toolstack wrote, and the
 * backend's, which our "backend" node names. Waits serve the store
 * (xs_test_serve), so the loop runs meanwhile.
 */
struct xenbus_front {
	const char *kind;
	unsigned int devid;
	domid_t backend_id;
	char backend[96]; /* the backend's directory */
};

/** Find the backend of device kind/devid, waiting (at most seconds) for the toolstack to have
 *  written our entries. Reports what failed through CHECK. */
bool xenbus_front_find(struct xenbus_front *x, const char *kind, unsigned int devid,
		       unsigned int seconds);

/** Our node key into buf; xenbus_read's return. */
long xenbus_front_read(const struct xenbus_front *x, const char *key, char *buf, size_t size);

/** Write our node key; xenbus_write's return. */
long xenbus_front_write(const struct xenbus_front *x, const char *key, const char *value);

/** Write our node key as a decimal number. */
long xenbus_front_write_u(const struct xenbus_front *x, const char *key, unsigned long value);

/** The backend's node key as an unsigned decimal number, or -1 (missing, not a number). */
long long xenbus_front_backend_number(const struct xenbus_front *x, const char *key);

/** The xenbus state the backend wrote, or -1 if it has none or it does not parse. */
int xenbus_front_backend_state(const struct xenbus_front *x);

/** Wait (at most seconds) until the backend's state is want; whether it got there. */
bool xenbus_front_wait_state(const struct xenbus_front *x, int want, unsigned int seconds);

/** Wait (at most seconds) until the backend has left Connected for Closing or Closed. */
bool xenbus_front_wait_ended(const struct xenbus_front *x, unsigned int seconds);

#endif
