// SPDX-License-Identifier: MIT
/* The frontend's side of a xenbus device for test guests (xenbus_front.h). */
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>

#include "../xenstore/xs_test.h"
#include "xenbus_front.h"

#define WAIT_STEP_MS 20u

long xenbus_front_read(const struct xenbus_front *x, const char *key, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "device/%s/%u/%s", x->kind, x->devid, key);
	return xenbus_read(XENBUS_TX_NONE, path, buf, size);
}

long xenbus_front_write(const struct xenbus_front *x, const char *key, const char *value)
{
	char path[64];

	snprintf(path, sizeof(path), "device/%s/%u/%s", x->kind, x->devid, key);
	return xenbus_write(XENBUS_TX_NONE, path, value);
}

long xenbus_front_write_u(const struct xenbus_front *x, const char *key, unsigned long value)
{
	char text[24];

	snprintf(text, sizeof(text), "%lu", value);
	return xenbus_front_write(x, key, text);
}

long long xenbus_front_backend_number(const struct xenbus_front *x, const char *key)
{
	char path[160], value[32], *end;
	unsigned long long v;

	snprintf(path, sizeof(path), "%s/%s", x->backend, key);
	if (xenbus_read(XENBUS_TX_NONE, path, value, sizeof(value)) <= 0) {
		return -1;
	}
	v = strtoull(value, &end, 10);
	return *end == '\0' && end != value ? (long long)v : -1;
}

int xenbus_front_backend_state(const struct xenbus_front *x)
{
	long long state = xenbus_front_backend_number(x, "state");

	return state >= 0 && state <= 8 ? (int)state : -1;
}

bool xenbus_front_wait_state(const struct xenbus_front *x, int want, unsigned int seconds)
{
	for (unsigned int waited = 0; waited <= seconds * 1000u; waited += WAIT_STEP_MS) {
		if (xenbus_front_backend_state(x) == want) {
			return true;
		}
		xs_test_serve_for(WAIT_STEP_MS);
	}
	return false;
}

bool xenbus_front_wait_ended(const struct xenbus_front *x, unsigned int seconds)
{
	for (unsigned int waited = 0; waited <= seconds * 1000u; waited += WAIT_STEP_MS) {
		int state = xenbus_front_backend_state(x);

		if (state == FRONT_CLOSING || state == FRONT_CLOSED) {
			return true;
		}
		xs_test_serve_for(WAIT_STEP_MS);
	}
	return false;
}

bool xenbus_front_find(struct xenbus_front *x, const char *kind, unsigned int devid,
		       unsigned int seconds)
{
	char id[16];

	x->kind = kind;
	x->devid = devid;
	/* The toolstack may write our device entries after we started. */
	for (unsigned int waited = 0; waited < seconds * 1000u; waited += WAIT_STEP_MS) {
		if (xenbus_front_read(x, "backend-id", id, sizeof(id)) > 0) {
			break;
		}
		xs_test_serve_for(WAIT_STEP_MS);
	}
	if (!CHECK(xenbus_front_read(x, "backend", x->backend, sizeof(x->backend)) > 0) ||
	    !CHECK(xenbus_front_read(x, "backend-id", id, sizeof(id)) > 0)) {
		return false;
	}
	x->backend_id = (domid_t)strtoul(id, NULL, 10);
	return true;
}
