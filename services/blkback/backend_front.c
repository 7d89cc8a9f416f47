// SPDX-License-Identifier: MIT
/* Reading a blkfront's connection keys (backend_front.h). */
#include <abi/errno.h>
#include <stdio.h>
#include <string.h>

#include "backend_front.h"

#define RING_ORDER_MAX 4u /* 1 << 4 == BLK_RING_PAGES_MAX */
#define NATIVE_PROTOCOL "arm-abi"

_Static_assert((1u << RING_ORDER_MAX) == BLK_RING_PAGES_MAX, "ring order and pages agree");

/* An optional number: *out stays dflt when the key is absent. */
static long optional(const struct xenbus_backend_store *s, const char *dir, const char *key,
		     uint64_t max, uint64_t dflt, uint64_t *out, char *why, size_t why_size)
{
	char path[XENBUS_BACKEND_PATH_MAX];
	long rc;

	*out = dflt;
	rc = xenbus_backend_join(path, dir, key) ? xenbus_backend_number(s, path, max, out)
						 : -XEN_EINVAL;
	if (rc == -XEN_ENOENT) {
		*out = dflt;
		return 0;
	}
	if (rc != 0) {
		snprintf(why, why_size, "frontend's %s is not a number up to %llu", key,
			 (unsigned long long)max);
	}
	return rc;
}

/* A number that must be there. */
static long required(const struct xenbus_backend_store *s, const char *dir, const char *key,
		     uint64_t max, uint64_t *out, char *why, size_t why_size)
{
	char path[XENBUS_BACKEND_PATH_MAX];
	long rc = xenbus_backend_join(path, dir, key) ? xenbus_backend_number(s, path, max, out)
						      : -XEN_EINVAL;

	if (rc == -XEN_ENOENT) {
		rc = -XEN_EINVAL;
	}
	if (rc != 0) {
		snprintf(why, why_size, "frontend's %s is missing or not a number up to %llu", key,
			 (unsigned long long)max);
	}
	return rc;
}

/* Only the native layout is served: the blkif structs of another ABI differ. */
static long check_protocol(const struct xenbus_backend_store *s, const char *front, char *why,
			   size_t why_size)
{
	char path[XENBUS_BACKEND_PATH_MAX], value[16];
	long len;

	len = xenbus_backend_join(path, front, "protocol") ? s->read(0, path, value, sizeof(value))
							   : -XEN_EINVAL;
	if (len == -XEN_ENOENT) {
		return 0;
	}
	if (len >= 0 && strcmp(value, NATIVE_PROTOCOL) == 0 && (size_t)len == strlen(value)) {
		return 0;
	}
	snprintf(why, why_size, "frontend's protocol is not %s", NATIVE_PROTOCOL);
	return len < 0 && len != -XEN_ERANGE ? len : -XEN_EOPNOTSUPP;
}

/* One queue's port and ring refs, from dir (the frontend's, or its queue-N). */
static long read_queue(const struct xenbus_backend_store *s, const char *dir, bool multi_ref,
		       struct blk_conn_params *p, unsigned int q, char *why, size_t why_size)
{
	char key[24];
	uint64_t value;
	long rc;

	rc = required(s, dir, "event-channel", BACKEND_PORT_MAX, &value, why, why_size);
	if (rc != 0) {
		return rc;
	}
	if (value == 0) {
		snprintf(why, why_size, "frontend's event-channel is 0");
		return -XEN_EINVAL;
	}
	p->ports[q] = (uint32_t)value;
	for (unsigned int i = 0; i < p->ring_pages; i++) {
		if (multi_ref) {
			snprintf(key, sizeof(key), "ring-ref%u", i);
		} else {
			snprintf(key, sizeof(key), "ring-ref");
		}
		rc = required(s, dir, key, UINT32_MAX, &value, why, why_size);
		if (rc != 0) {
			return rc;
		}
		p->ring_refs[q][i] = (uint32_t)value;
	}
	return 0;
}

/* Queue count, ring size and persistent grants, from the frontend's top directory. */
static long read_shape(const struct xenbus_backend_store *s, const char *front,
		       struct blk_conn_params *p, bool *multi_ref, char *why, size_t why_size)
{
	uint64_t queues = 0, order = UINT64_MAX, persistent = 0;
	long rc;

	rc = optional(s, front, "feature-persistent", UINT32_MAX, 0, &persistent, why, why_size);
	if (rc == 0) {
		rc = optional(s, front, "multi-queue-num-queues", BLK_QUEUES_MAX, 1, &queues, why,
			      why_size);
	}
	if (rc == 0 && queues == 0) {
		snprintf(why, why_size, "frontend asks for 0 queues");
		rc = -XEN_EINVAL;
	}
	if (rc == 0) {
		/* Present (even 0): the refs are numbered, as Linux's blkback reads them. */
		rc = optional(s, front, "ring-page-order", RING_ORDER_MAX, UINT64_MAX, &order, why,
			      why_size);
	}
	if (rc != 0) {
		return rc;
	}
	*multi_ref = order != UINT64_MAX;
	p->persistent = persistent != 0;
	p->queue_count = (unsigned int)queues;
	p->ring_pages = *multi_ref ? 1u << order : 1u;
	return 0;
}

long backend_front_read(const struct xenbus_backend_store *s, const char *front,
			struct blk_conn_params *p, char *why, size_t why_size)
{
	char dir[XENBUS_BACKEND_PATH_MAX];
	bool multi_ref;
	long rc;

	rc = check_protocol(s, front, why, why_size);
	if (rc == 0) {
		rc = read_shape(s, front, p, &multi_ref, why, why_size);
	}
	for (unsigned int q = 0; rc == 0 && q < p->queue_count; q++) {
		/* One queue: its keys are at the top, as blkfront writes them. */
		if (p->queue_count == 1) {
			snprintf(dir, sizeof(dir), "%s", front);
		} else if (snprintf(dir, sizeof(dir), "%s/queue-%u", front, q) >=
			   (int)sizeof(dir)) {
			snprintf(why, why_size, "frontend path too long");
			return -XEN_EINVAL;
		}
		rc = read_queue(s, dir, multi_ref, p, q, why, why_size);
	}
	return rc;
}
