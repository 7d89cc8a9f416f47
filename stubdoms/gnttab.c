// SPDX-License-Identifier: MIT
/* Grant tables v1: the table's frames, the ref allocator, granting and revoking, map/unmap/copy. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/physmap.h>
#include <libos/spinlock.h>
#include <stddef.h>

/*
 * Locking: gnttab_ref_lock protects the allocator bitmap. The table itself
 * is shared with the core and the grantees: entries are written with
 * atomics (flags last, with release) and revoked by compare-and-swap.
 * gnttab_base, gnttab_frames and gnttab_window only change in gnttab_init,
 * which runs alone.
 */

#define GNTTAB_MAX_REFS (GRANT_FRAMES_MAX * GRANT_ENTRIES_PER_FRAME)
#define GNTTAB_PAGE 4096u

static struct spinlock gnttab_ref_lock;
static uint64_t gnttab_ref_bits[GNTTAB_MAX_REFS / 64u]; /* protected by gnttab_ref_lock */
static struct grant_entry_v1 *gnttab_base; /* first frame in the window; NULL before init */
static uint64_t gnttab_window;             /* window pages reserved for the largest table */
static unsigned int gnttab_window_frames;
static unsigned int gnttab_frames; /* frames mapped so far */

long gnttab_op(unsigned int cmd, void *ops, unsigned int count)
{
	return hypercall_grant_table_op(cmd, ops, count);
}

long gnttab_query_size(uint32_t *nr_frames, uint32_t *max_nr_frames)
{
	struct gnttab_query_size op = { .dom = DOMID_SELF };
	long rc = gnttab_op(GNTTABOP_query_size, &op, 1);

	if (rc != 0) {
		return rc;
	}
	if (op.status != GNTST_okay) {
		return -XEN_EINVAL;
	}
	*nr_frames = op.nr_frames;
	*max_nr_frames = op.max_nr_frames;
	return 0;
}

/* GNTTABOP_setup_table: the table has at least frames frames afterwards. */
static long gnttab_grow(unsigned int frames)
{
	static uint64_t frame_list[GRANT_FRAMES_MAX];
	struct gnttab_setup_table op = {
		.dom = DOMID_SELF,
		.nr_frames = frames,
		.frame_list = (uint64_t)(uintptr_t)frame_list,
	};
	long rc = gnttab_op(GNTTABOP_setup_table, &op, 1);

	if (rc != 0) {
		return rc;
	}
	return op.status == GNTST_okay ? 0 : -XEN_EINVAL;
}

/* Reserve window pages for the largest table the domain may have, once. */
static long gnttab_reserve_window(uint32_t max_frames)
{
	if (gnttab_window != 0) {
		return 0;
	}
	if (max_frames == 0 || max_frames > GRANT_FRAMES_MAX) {
		max_frames = GRANT_FRAMES_MAX;
	}
	gnttab_window = physmap_alloc(max_frames);
	if (gnttab_window == 0) {
		return -XEN_ENOSPC;
	}
	gnttab_window_frames = max_frames;
	return 0;
}

long gnttab_init(unsigned int frames)
{
	struct gnttab_set_version version = { .version = 1 };
	uint32_t nr_frames;
	uint32_t max_frames;
	long rc = gnttab_query_size(&nr_frames, &max_frames);

	if (rc != 0) {
		return rc;
	}
	if (frames == 0) {
		frames = nr_frames;
	}
	if (frames > max_frames || frames > GRANT_FRAMES_MAX) {
		return -XEN_EINVAL;
	}
	rc = gnttab_op(GNTTABOP_set_version, &version, 1);
	if (rc != 0) {
		return rc;
	}
	if (frames > nr_frames) {
		rc = gnttab_grow(frames);
		if (rc != 0) {
			return rc;
		}
	}
	rc = gnttab_reserve_window(max_frames);
	if (rc != 0) {
		return rc;
	}
	for (unsigned int i = gnttab_frames; i < frames && i < gnttab_window_frames; i++) {
		rc = physmap_add(XENMAPSPACE_grant_table, i, gnttab_window / GNTTAB_PAGE + i);
		if (rc != 0) {
			return rc;
		}
		gnttab_frames = i + 1;
	}
	gnttab_base = (struct grant_entry_v1 *)(uintptr_t)gnttab_window;
	return 0;
}

unsigned int gnttab_frame_count(void)
{
	return gnttab_frames;
}

struct grant_entry_v1 *gnttab_entries(void)
{
	return gnttab_frames != 0 ? gnttab_base : NULL;
}

static uint32_t gnttab_ref_limit(void)
{
	return gnttab_frames * GRANT_ENTRIES_PER_FRAME;
}

long gnttab_alloc_ref(grant_ref_t *ref)
{
	uint32_t limit = gnttab_ref_limit();
	uint64_t daif = spin_lock_irqsave(&gnttab_ref_lock);
	long rc = -XEN_ENOSPC;

	for (uint32_t r = GNTTAB_RESERVED_REFS; r < limit; r++) {
		uint64_t bit = 1ull << (r % 64u);

		if (gnttab_ref_bits[r / 64u] == ~0ull) {
			r = r / 64u * 64u + 63u; /* word full: skip it */
			continue;
		}
		if ((gnttab_ref_bits[r / 64u] & bit) == 0) {
			gnttab_ref_bits[r / 64u] |= bit;
			*ref = r;
			rc = 0;
			break;
		}
	}
	spin_unlock_irqrestore(&gnttab_ref_lock, daif);
	return rc;
}

void gnttab_free_ref(grant_ref_t ref)
{
	uint64_t daif;

	if (ref >= GNTTAB_MAX_REFS) {
		return;
	}
	daif = spin_lock_irqsave(&gnttab_ref_lock);
	gnttab_ref_bits[ref / 64u] &= ~(1ull << (ref % 64u));
	spin_unlock_irqrestore(&gnttab_ref_lock, daif);
}

long gnttab_grant_access_ref(grant_ref_t ref, domid_t domid, uint64_t gfn, bool readonly)
{
	struct grant_entry_v1 *e;
	uint16_t flags = (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));

	if (gnttab_base == NULL || ref >= gnttab_ref_limit() || gfn > UINT32_MAX) {
		return -XEN_EINVAL;
	}
	e = &gnttab_base[ref];
	__atomic_store_n(&e->domid, domid, __ATOMIC_RELAXED);
	__atomic_store_n(&e->frame, (uint32_t)gfn, __ATOMIC_RELAXED);
	/* The core must never see the new flags with the old domid or frame. */
	__atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);
	return 0;
}

long gnttab_grant_access(domid_t domid, uint64_t gfn, bool readonly, grant_ref_t *ref)
{
	grant_ref_t r;
	long rc = gnttab_alloc_ref(&r);

	if (rc != 0) {
		return rc;
	}
	rc = gnttab_grant_access_ref(r, domid, gfn, readonly);
	if (rc != 0) {
		gnttab_free_ref(r);
		return rc;
	}
	*ref = r;
	return 0;
}

long gnttab_end_access_ref(grant_ref_t ref)
{
	uint16_t *flags;
	uint16_t old;

	if (gnttab_base == NULL || ref >= gnttab_ref_limit()) {
		return -XEN_EINVAL;
	}
	flags = &gnttab_base[ref].flags;
	old = __atomic_load_n(flags, __ATOMIC_ACQUIRE);
	do {
		if (old & (GTF_reading | GTF_writing)) {
			return -XEN_EBUSY;
		}
	} while (!__atomic_compare_exchange_n(flags, &old, 0, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_ACQUIRE));
	return 0;
}

long gnttab_end_access(grant_ref_t ref)
{
	long rc = gnttab_end_access_ref(ref);

	if (rc == 0) {
		gnttab_free_ref(ref);
	}
	return rc;
}

int16_t gnttab_map(domid_t dom, grant_ref_t ref, uint64_t host_addr, uint32_t flags,
		   grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = host_addr,
		.flags = flags | GNTMAP_host_map,
		.ref = ref,
		.dom = dom,
	};

	if (gnttab_op(GNTTABOP_map_grant_ref, &op, 1) != 0) {
		return GNTST_general_error;
	}
	if (op.status == GNTST_okay) {
		*handle = op.handle;
	}
	return op.status;
}

int16_t gnttab_unmap(uint64_t host_addr, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = host_addr, .handle = handle };

	if (gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1) != 0) {
		return GNTST_general_error;
	}
	return op.status;
}

/* One page of the window mapped with flags; *bus (if asked) the device address the core gave. */
static int16_t map_window_page(domid_t dom, grant_ref_t ref, uint32_t flags, void **va,
			       grant_handle_t *handle, uint64_t *bus)
{
	struct gnttab_map_grant_ref op = { .flags = flags | GNTMAP_host_map,
					   .ref = ref,
					   .dom = dom };

	op.host_addr = physmap_alloc(1);
	if (op.host_addr == 0) {
		return GNTST_no_device_space;
	}
	if (gnttab_op(GNTTABOP_map_grant_ref, &op, 1) != 0) {
		op.status = GNTST_general_error;
	}
	if (op.status != GNTST_okay) {
		physmap_free(op.host_addr, 1);
		return op.status;
	}
	*va = (void *)(uintptr_t)op.host_addr;
	*handle = op.handle;
	if (bus != NULL) {
		*bus = op.dev_bus_addr;
	}
	return GNTST_okay;
}

int16_t gnttab_map_page(domid_t dom, grant_ref_t ref, bool readonly, void **va,
			grant_handle_t *handle)
{
	return map_window_page(dom, ref, readonly ? GNTMAP_readonly : 0, va, handle, NULL);
}

int16_t gnttab_map_page_dma(domid_t dom, grant_ref_t ref, void **va, grant_handle_t *handle,
			    uint64_t *bus)
{
	return map_window_page(dom, ref, GNTMAP_device_map, va, handle, bus);
}

int16_t gnttab_unmap_page(void *va, grant_handle_t handle)
{
	int16_t status = gnttab_unmap((uint64_t)(uintptr_t)va, handle);

	if (status == GNTST_okay) {
		physmap_free((uint64_t)(uintptr_t)va, 1);
	}
	return status;
}

/*
 * An op the core did not get to keeps this status: it is not a GNTST_*
 * value (those are 0 and negative), so a batch the hypercall abandoned
 * half way shows which ops took effect.
 */
#define GNTTAB_STATUS_UNTOUCHED 1

/* Unmap the pages of ops that mapped (status okay); returns the first failing unmap's status. */
static int16_t gnttab_undo_maps(const struct gnttab_map_grant_ref *ops, unsigned int count)
{
	int16_t result = GNTST_okay;

	for (unsigned int i = 0; i < count; i++) {
		int16_t st;

		if (ops[i].status != GNTST_okay) {
			continue;
		}
		st = gnttab_unmap(ops[i].host_addr, ops[i].handle);
		if (st != GNTST_okay) {
			result = result == GNTST_okay ? st : result;
			continue;
		}
		physmap_free(ops[i].host_addr, 1);
	}
	return result;
}

/* The first op's status that is not okay (a hypercall failure for an untouched op). */
static int16_t gnttab_batch_status(const struct gnttab_map_grant_ref *ops, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		if (ops[i].status == GNTTAB_STATUS_UNTOUCHED) {
			return GNTST_general_error;
		}
		if (ops[i].status != GNTST_okay) {
			return ops[i].status;
		}
	}
	return GNTST_okay;
}

int16_t gnttab_map_pages(domid_t dom, const grant_ref_t *refs, unsigned int count, bool readonly,
			 void **va, grant_handle_t *handles)
{
	struct gnttab_map_grant_ref ops[GNTTAB_MAP_PAGES_MAX];
	uint64_t ipa;
	int16_t status;

	if (count == 0 || count > GNTTAB_MAP_PAGES_MAX) {
		return GNTST_general_error;
	}
	ipa = physmap_alloc(count);
	if (ipa == 0) {
		return GNTST_no_device_space;
	}
	for (unsigned int i = 0; i < count; i++) {
		ops[i] = (struct gnttab_map_grant_ref){
			.host_addr = ipa + (uint64_t)i * GNTTAB_PAGE,
			.flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0u),
			.ref = refs[i],
			.dom = dom,
			.status = GNTTAB_STATUS_UNTOUCHED,
		};
	}
	(void)gnttab_op(GNTTABOP_map_grant_ref, ops, count);
	status = gnttab_batch_status(ops, count);
	if (status != GNTST_okay) {
		/* Pages that mapped go back once unmapped; the others at once. */
		(void)gnttab_undo_maps(ops, count);
		for (unsigned int i = 0; i < count; i++) {
			if (ops[i].status != GNTST_okay) {
				physmap_free(ops[i].host_addr, 1);
			}
		}
		return status;
	}
	for (unsigned int i = 0; i < count; i++) {
		handles[i] = ops[i].handle;
	}
	*va = (void *)(uintptr_t)ipa;
	return GNTST_okay;
}

int16_t gnttab_unmap_pages(void *va, const grant_handle_t *handles, unsigned int count)
{
	struct gnttab_unmap_grant_ref ops[GNTTAB_MAP_PAGES_MAX];
	uint64_t ipa = (uint64_t)(uintptr_t)va;
	int16_t result = GNTST_okay;

	if (count == 0 || count > GNTTAB_MAP_PAGES_MAX) {
		return GNTST_general_error;
	}
	for (unsigned int i = 0; i < count; i++) {
		ops[i] = (struct gnttab_unmap_grant_ref){
			.host_addr = ipa + (uint64_t)i * GNTTAB_PAGE,
			.handle = handles[i],
			.status = GNTTAB_STATUS_UNTOUCHED,
		};
	}
	(void)gnttab_op(GNTTABOP_unmap_grant_ref, ops, count);
	for (unsigned int i = 0; i < count; i++) {
		int16_t st = ops[i].status == GNTTAB_STATUS_UNTOUCHED ? GNTST_general_error
								      : ops[i].status;

		if (st == GNTST_okay) {
			physmap_free(ops[i].host_addr, 1);
		} else if (result == GNTST_okay) {
			result = st;
		}
	}
	return result;
}

int16_t gnttab_copy(struct gnttab_copy *op)
{
	if (gnttab_op(GNTTABOP_copy, op, 1) != 0) {
		return GNTST_general_error;
	}
	return op->status;
}
