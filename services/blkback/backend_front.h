/* SPDX-License-Identifier: MIT */
/* Reading a blkfront's connection keys (rings, ports, queues, protocol) for the backend. */
#ifndef BLKBACK_BACKEND_FRONT_H
#define BLKBACK_BACKEND_FRONT_H

#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "blk_conn.h"

/*
 * What Linux's xen-blkfront writes under its device directory before it
 * goes Initialised, and how it is read here (as Linux's blkback reads it):
 *
 *   protocol                absent or "arm-abi" (the native arm64 layout): others refused
 *   feature-persistent      absent (0) or a number; non-zero asks for persistent grants
 *   multi-queue-num-queues  absent (1) or 1..BLK_QUEUES_MAX
 *   ring-page-order         absent: one page, `ring-ref`; else 0..4, `ring-ref0`..`ring-refN-1`
 *   event-channel, ring-ref*  at the top with one queue, else under queue-0 .. queue-N-1
 *
 * Every value is the guest's: decimal only (xenbus_backend_number), bounded,
 * nothing else accepted.
 */

/** Highest event channel port a frontend may name (the FIFO ABI's limit). */
#define BACKEND_PORT_MAX ((1u << 17) - 1u)

/**
 * Read the frontend's rings, ports, queue count and persistent-grant wish
 * from its directory front into p (the rest of p is left as it is). Returns
 * 0; or -XEN_EINVAL (a missing or malformed key, an order or a queue count
 * out of bounds), -XEN_EOPNOTSUPP (another protocol) or the store's error,
 * with why (why_size bytes) saying which key.
 */
long backend_front_read(const struct xenbus_backend_store *s, const char *front,
			struct blk_conn_params *p, char *why, size_t why_size);

#endif
