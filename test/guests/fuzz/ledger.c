// SPDX-License-Identifier: MIT
/* What the fuzzer made: its view of the core before and after, and the cleanup between. */
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/memory.h>
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/hypercall.h>
#include <libos/probe.h>
#include <libos/physmap.h>
#include <libos/reservation.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

#define MAPS_MAX 8192u
#define LIST_CHUNK 256u

struct noted_map {
	uint64_t host_addr;
	grant_handle_t handle;
};

static struct noted_map maps[MAPS_MAX];
static unsigned int map_count;

static void unmap_noted(void);

void fuzz_note_map(uint64_t host_addr, grant_handle_t handle)
{
	if (map_count == MAPS_MAX) {
		unmap_noted(); /* a long run: undo what is noted so far, and go on */
	}
	maps[map_count].host_addr = host_addr;
	maps[map_count].handle = handle;
	map_count++;
}

static long port_status(uint32_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	return hypercall_event_channel_op(EVTCHNOP_status, st);
}

bool fuzz_view_take(struct fuzz_view *view)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	bool ok = true;

	memset(view, 0, sizeof(*view));
	for (uint32_t port = 1; port < EVTCHN_PORTS; port++) {
		struct evtchn_status st;

		if (port_status(port, &st) != 0) {
			ok = false;
		} else if (st.status != EVTCHNSTAT_closed) {
			view->open_ports++;
			view->open_bits[port / 64] |= 1ull << (port % 64);
		}
	}
	if (hypercall_grant_table_op(GNTTABOP_query_size, &q, 1) != 0 || q.status != GNTST_okay) {
		ok = false;
	}
	view->grant_frames = q.nr_frames;
	view->reservation = reservation_current();
	return ok && view->reservation > 0;
}

static void close_new_ports(const struct fuzz_view *start)
{
	for (uint32_t port = 1; port < EVTCHN_PORTS; port++) {
		struct evtchn_port_arg arg = { .port = port };

		if ((start->open_bits[port / 64] & (1ull << (port % 64))) == 0) {
			(void)hypercall_event_channel_op(EVTCHNOP_close, &arg);
		}
	}
}

static void unmap_noted(void)
{
	for (unsigned int i = 0; i < map_count; i++) {
		struct gnttab_unmap_grant_ref op = { .host_addr = maps[i].host_addr,
						     .handle = maps[i].handle };

		(void)hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);
	}
	map_count = 0;
}

/* Shared info and every grant frame to a parking page of their own, out of the
 * pool, before the run: a frame of the core's is placed once (a later place is
 * -EBUSY, as on Xen), so the run cannot put one where the pool's pages are. */
void fuzz_park_core_frames(uint32_t grant_frames)
{
	uint64_t park = fuzz_park_gfn();

	(void)physmap_add(XENMAPSPACE_shared_info, 0, park);
	for (uint32_t i = 0; i < grant_frames && i + 1 < FUZZ_PARK_PAGES; i++) {
		(void)physmap_add(XENMAPSPACE_grant_table, i, park + 1 + i);
	}
}

/* One list call for count consecutive gfns from first. */
static void list_call(unsigned int cmd, uint64_t first, unsigned int count)
{
	static uint64_t gfns[LIST_CHUNK];

	for (unsigned int done = 0; done < count; done += LIST_CHUNK) {
		unsigned int n = count - done < LIST_CHUNK ? count - done : LIST_CHUNK;

		for (unsigned int i = 0; i < n; i++) {
			gfns[i] = first + done + i;
		}
		if (cmd == XENMEM_decrease_reservation) {
			(void)reservation_decrease(gfns, n);
		} else {
			(void)reservation_populate(gfns, n);
		}
	}
}

void fuzz_cleanup(const struct fuzz_view *start)
{
	close_new_ports(start);
	unmap_noted();
	/*
	 * A page taken where there was none is given back, one given back is
	 * refilled; the lists go one gfn at a time so that one refused gfn
	 * does not stop the rest.
	 */
	for (uint64_t i = 0; i < FUZZ_MISC_PAGES; i++) {
		list_call(XENMEM_decrease_reservation, fuzz_misc_gfn() + i, 1);
	}
	for (uint64_t i = 0; i < FUZZ_ABOVE_PAGES; i++) {
		list_call(XENMEM_decrease_reservation, fuzz_above_gfn() + i, 1);
	}
	/* Last: the pages taken past RAM may have used up the maximum the refill needs. */
	for (uint64_t i = 0; i < FUZZ_POOL_PAGES; i++) {
		list_call(XENMEM_populate_physmap, fuzz_pool_gfn() + i, 1);
	}
}

int16_t fuzz_tell_witness(uint64_t seed)
{
	/* Made only now, so no copy of the fuzzer's memory during the run can carry it. */
	uint64_t *word = (uint64_t *)(fuzz_arg() + FUZZ_PAGE);
	struct gnttab_copy op = {
		.source = { .ref_or_gfn = fuzz_arg_gfn() + 1, .domid = DOMID_SELF },
		.dest = { .ref_or_gfn = FUZZ_WITNESS_REF, .domid = FUZZ_WITNESS_DOMID },
		.len = sizeof(uint64_t),
		.flags = GNTCOPY_dest_gref,
		.status = 1,
	};

	*word = FUZZ_DONE_MAGIC ^ seed;
	if (hypercall_grant_table_op(GNTTABOP_copy, &op, 1) != 0) {
		return GNTST_general_error;
	}
	return op.status;
}

unsigned int fuzz_pool_holes(void)
{
	unsigned int holes = 0;

	for (uint64_t i = 0; i < FUZZ_POOL_PAGES; i++) {
		uint64_t gfn = fuzz_pool_gfn() + i;
		struct exc_record rec;

		exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_read8_resume);
		(void)probe_read8((uintptr_t)(gfn * FUZZ_PAGE));
		if (exc_taken(&rec)) {
			printf("fuzz: pool gfn 0x%llx still unreadable after the refill\n",
			       (unsigned long long)gfn);
			holes++;
		}
	}
	return holes;
}
