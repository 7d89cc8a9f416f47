/* SPDX-License-Identifier: MIT */
/* What the request engine needs of the machine: grants, event channels, memory, disks, log. */
#ifndef BLKBACK_BLK_PLATFORM_H
#define BLKBACK_BLK_PLATFORM_H

#include "blk_disk.h"
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/xen.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * main.c fills a struct blk_platform with the library OS's calls and hands
 * it to blk_platform_set before the first blk_conn_start; the unit tests
 * and the fuzz target fill it with fakes. Every function is called in
 * thread context, one at a time: the engine has no lock of its own, so
 * main.c calls into it (port callbacks, disk dones, blk_conn_start/stop)
 * from one thread of control only (the library OS's event loop).
 */

/** The most ops one grant_copy call is given (GNTTABOP_copy's own limit). */
#define BLK_COPY_BATCH_MAX 1024u

/** Called in thread context after a bound port fired (once for any number of events). */
typedef void (*blk_event_fn)(void *arg);

struct blk_platform {
	/**
	 * GNTTABOP_copy of ops[0..count) (count 1..BLK_COPY_BATCH_MAX): each op's
	 * status is set. Returns 0 when every op was tried, or -XEN_E* when the
	 * call itself failed (the statuses are then not to be trusted).
	 */
	int (*grant_copy)(struct gnttab_copy *ops, unsigned int count);
	/**
	 * Map one page domid granted (ref) where the engine can reach it, writable
	 * unless readonly. Returns the GNTST_* status; on GNTST_okay *va,
	 * *handle and *bus are set: *bus is where the disks reach the page for
	 * their DMA, 0 if they cannot (the engine then copies through it).
	 */
	int16_t (*grant_map)(domid_t domid, grant_ref_t ref, bool readonly, void **va,
			     grant_handle_t *handle, uint64_t *bus);
	/** Unmap what grant_map mapped. Returns the GNTST_* status. */
	int16_t (*grant_unmap)(void *va, grant_handle_t handle);
	/**
	 * Map count (1..16) pages domid granted, refs[0..count), writable and
	 * contiguous from *va on (a multi-page ring). All or nothing: returns
	 * GNTST_okay with *va and handles[0..count) set, or a failed status with
	 * nothing left mapped.
	 */
	int16_t (*grant_map_pages)(domid_t domid, const grant_ref_t *refs, unsigned int count,
				   void **va, grant_handle_t *handles);
	/** Unmap what grant_map_pages mapped. */
	void (*grant_unmap_pages)(void *va, const grant_handle_t *handles, unsigned int count);
	/**
	 * Bind an event channel to domid's remote_port; fn(arg) is then called
	 * (thread context) whenever it fires, and after evtchn_raise. Returns 0
	 * with *port our end, or -XEN_E*.
	 */
	int (*evtchn_bind)(domid_t domid, evtchn_port_t remote_port, blk_event_fn fn, void *arg,
			   evtchn_port_t *port);
	/** Close our end; fn is never called for it after this returns. */
	void (*evtchn_close)(evtchn_port_t port);
	/** Send an event to the peer of our port. */
	void (*evtchn_notify)(evtchn_port_t port);
	/** Have port's fn run again soon, from the loop (a queue's next turn), not from here. */
	void (*evtchn_raise)(evtchn_port_t port);
	/** The gfn of a page of blkback's own memory (grant copies name it). */
	uint64_t (*gfn_of)(const void *va);
	/** A 4 KiB page-aligned page of blkback's own memory (the device may reach it), or NULL. */
	void *(*page_alloc)(void);
	/** Give back a page of page_alloc. */
	void (*page_free)(void *page);
	/** One log line (printf format, no newline at the end). */
	void (*log)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
	/** The disks. */
	const struct blk_disks *disks;
};

/** Use p (kept by reference: it must outlive every connection) for what follows. */
void blk_platform_set(const struct blk_platform *p);

/** The platform set last (NULL before blk_platform_set). */
const struct blk_platform *blk_platform(void);

#endif
