// SPDX-License-Identifier: MIT
/*
 * Grant tables v1 (see grant.h).
 *
 * A grant in use is "pinned": the granter's flags say GTF_reading (and
 * GTF_writing for a writable use), a count per grant says how many uses are
 * in flight, and the granted frame is referenced by each. The granter can
 * only revoke a grant by a compare-and-swap of its flags to 0, which fails
 * while a flag is set, so it cannot reuse a page another domain is using; if
 * it breaks the protocol, the page still stays allocated until the last use.
 *
 * Locking: a domain's lock protects its grant table and maptrack. Pinning
 * and unpinning take the granter's lock; installing a mapping takes the
 * mapper's; never both at once. The grant entries are shared with the
 * granter and only read or changed with atomics.
 */
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <arch.h>
#include <errno.h>
#include <frame.h>
#include <grant.h>
#include <lib.h>
#include <physmap.h>
#include <rights.h>

#define MAPTRACK_PER_PAGE (PAGE_SIZE / sizeof(struct maptrack))
#define PIN_RETRIES 16

struct grant_active {
	uint16_t readers; /* uses in flight, writable ones included */
	uint16_t writers; /* writable uses in flight */
};

/** A grant the domain mapped: which, where, and a reference on the granter. */
struct maptrack {
	struct domain *granter; /* NULL: a free handle */
	paddr_t pa;
	uint32_t gfn; /* where it is mapped (IPAs are 40 bits: gfns fit) */
	grant_ref_t ref;
	uint32_t generation; /* of the granter's table the grant was in */
	bool readonly;
};
_Static_assert(sizeof(struct maptrack) == 32, "128 handles a page");

static uint32_t table_generations;

struct grant_table {
	uint32_t generation; /* tells this table from an earlier one of the same domain */
	uint32_t nr_frames;
	uint32_t max_frames;
	paddr_t frames[GRANT_FRAMES_MAX];
	gfn_t frame_gfn[GRANT_FRAMES_MAX]; /* where placed; 0: nowhere */
	struct grant_active *active[GRANT_FRAMES_MAX];
	struct maptrack *maptrack[MAPTRACK_PAGES];
};
_Static_assert(sizeof(struct grant_table) <= PAGE_SIZE, "a table fits in a frame");
_Static_assert(sizeof(struct grant_active) * GRANT_ENTRIES_PER_FRAME <= PAGE_SIZE, "active page");

/* Grow gt to n frames; -ENOMEM if memory runs out on the way. */
static int grow(struct grant_table *gt, uint32_t n)
{
	while (gt->nr_frames < n) {
		uint32_t i = gt->nr_frames;
		paddr_t pa;

		gt->active[i] = frame_alloc_va();
		if (!gt->active[i] || !frame_alloc_for_guest(&pa)) {
			frame_free_va(gt->active[i]);
			gt->active[i] = NULL;
			return -ENOMEM;
		}
		gt->frames[i] = pa;
		gt->nr_frames++;
	}
	return 0;
}

int grant_domain_init(struct domain *d)
{
	struct grant_table *gt = frame_alloc_va();

	if (!gt) {
		return -ENOMEM;
	}
	gt->max_frames = d->grant_frames ? d->grant_frames : GRANT_FRAMES_DEFAULT;
	gt->generation = __atomic_add_fetch(&table_generations, 1, __ATOMIC_RELAXED);
	if (grow(gt, 1) < 0) {
		frame_free_va(gt);
		return -ENOMEM;
	}
	d->grant = gt;
	return 0;
}

/* --- pinning a grant ------------------------------------------------------------------- */

static struct grant_entry_v1 *entry_of(struct grant_table *gt, grant_ref_t ref)
{
	struct grant_entry_v1 *frame = arch_pa_to_va(gt->frames[ref / GRANT_ENTRIES_PER_FRAME]);

	return &frame[ref % GRANT_ENTRIES_PER_FRAME];
}

int grant_offer(struct domain *d, grant_ref_t ref, uint16_t grantee, gfn_t gfn)
{
	struct grant_entry_v1 *e;

	if (ref >= d->grant->nr_frames * GRANT_ENTRIES_PER_FRAME || gfn.gfn > UINT32_MAX) {
		return -EINVAL;
	}
	e = entry_of(d->grant, ref);
	e->domid = grantee;
	e->frame = (uint32_t)gfn.gfn;
	__atomic_store_n(&e->flags, GTF_permit_access, __ATOMIC_RELEASE);
	return 0;
}

static struct grant_active *active_of(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->active[ref / GRANT_ENTRIES_PER_FRAME][ref % GRANT_ENTRIES_PER_FRAME];
}

/* Flags and domid are one 32-bit word: check and mark them in one compare-and-swap. */
static int16_t mark_in_use(struct grant_entry_v1 *e, uint16_t user, bool write)
{
	uint32_t *word = (uint32_t *)e;

	for (unsigned int tries = 0; tries < PIN_RETRIES; tries++) {
		uint32_t old = __atomic_load_n(word, __ATOMIC_ACQUIRE);
		uint16_t flags = (uint16_t)old, domid = (uint16_t)(old >> 16);
		uint32_t want = old | GTF_reading | (write ? GTF_writing : 0);

		if ((flags & GTF_type_mask) != GTF_permit_access || domid != user ||
		    (write && (flags & GTF_readonly))) {
			return GNTST_general_error; /* Xen's answer for each */
		}
		if (want == old ||
		    __atomic_compare_exchange_n(word, &old, want, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			return GNTST_okay;
		}
	}
	return GNTST_general_error; /* the granter keeps changing it under us */
}

/* Clear the in-use flags no use needs any more. */
static void clear_unused(struct grant_table *gt, grant_ref_t ref)
{
	struct grant_active *act = active_of(gt, ref);
	uint16_t clear = (act->readers ? 0 : GTF_reading) | (act->writers ? 0 : GTF_writing);

	__atomic_fetch_and(&entry_of(gt, ref)->flags, (uint16_t)~clear, __ATOMIC_ACQ_REL);
}

/* Pin granter's grant ref for user; on success *pa holds a reference. granter->lock held. */
static int16_t pin(struct domain *granter, uint64_t ref64, uint16_t user, bool write, paddr_t *pa,
		   uint32_t *generation)
{
	struct grant_table *gt = granter->grant;
	enum stage2_type type;
	grant_ref_t ref;
	uint32_t frame;
	int16_t st;

	spin_assert_held(&granter->lock);
	if (!gt || ref64 >= (uint64_t)gt->nr_frames * GRANT_ENTRIES_PER_FRAME) {
		return GNTST_bad_gntref;
	}
	ref = (grant_ref_t)ref64;
	st = mark_in_use(entry_of(gt, ref), user, write);
	if (st) {
		return st;
	}
	frame = __atomic_load_n(&entry_of(gt, ref)->frame, __ATOMIC_ACQUIRE);
	if (!stage2_lookup(&granter->s2, ipa_make((uint64_t)frame << PAGE_SHIFT), pa, &type) ||
	    type != STAGE2_RAM || !frame_get(*pa)) { /* pa: the page's start, as the IPA's */
		clear_unused(gt, ref);
		/* Only the granter's own allocated RAM: not a frame of the core's, not
		 * another's grant, not a fixed block, which a reboot reuses in place. */
		return GNTST_bad_page;
	}
	*generation = gt->generation;
	active_of(gt, ref)->readers++;
	active_of(gt, ref)->writers += write;
	return GNTST_okay;
}

/* The use is over: count it off and drop its flags when it was the last. A
 * table made since (the granter rebooted) knows nothing of it. */
static void unpin(struct domain *granter, grant_ref_t ref, bool write, uint32_t generation)
{
	struct grant_table *gt;

	spin_lock(&granter->lock);
	gt = granter->grant;
	if (gt && gt->generation == generation && ref < gt->nr_frames * GRANT_ENTRIES_PER_FRAME) {
		active_of(gt, ref)->readers--;
		active_of(gt, ref)->writers -= write;
		clear_unused(gt, ref);
	}
	spin_unlock(&granter->lock);
}

/* --- map and unmap ---------------------------------------------------------------------- */

static struct maptrack *maptrack_of(struct grant_table *gt, uint32_t handle)
{
	struct maptrack *page = gt->maptrack[handle / MAPTRACK_PER_PAGE];

	return page ? &page[handle % MAPTRACK_PER_PAGE] : NULL;
}

/* A free handle, its page allocated if need be; false when all are in use. d->lock held. */
static bool free_handle(struct grant_table *gt, uint32_t *handle)
{
	for (uint32_t h = 0; h < MAPTRACK_PAGES * MAPTRACK_PER_PAGE; h++) {
		struct maptrack **page = &gt->maptrack[h / MAPTRACK_PER_PAGE];

		if (!*page && !(*page = frame_alloc_va())) {
			return false;
		}
		if (!(*page)[h % MAPTRACK_PER_PAGE].granter) {
			*handle = h;
			return true;
		}
	}
	return false;
}

/* What a mapping holds, given back: its pin, its frame, the granter. */
static void release(const struct maptrack *m)
{
	unpin(m->granter, m->ref, !m->readonly, m->generation);
	frame_put(m->pa);
	domain_put(m->granter);
}

/* Record the mapping at op->host_addr; a GNTST status. d->lock held. */
static int16_t install(struct domain *d, struct domain *granter,
		       const struct gnttab_map_grant_ref *op, paddr_t pa, uint32_t generation,
		       uint32_t *handle)
{
	bool ro = op->flags & GNTMAP_readonly;
	struct maptrack *m;

	spin_assert_held(&d->lock);
	if (!d->grant || !free_handle(d->grant, handle)) {
		return GNTST_no_space;
	}
	if (stage2_map(&d->s2, ipa_make(op->host_addr), pa, ro ? STAGE2_GRANT_RO : STAGE2_GRANT) <
	    0) {
		return GNTST_bad_virt_addr; /* taken (RAM, a device, another mapping) or out of
					       range */
	}
	m = maptrack_of(d->grant, *handle);
	*m = (struct maptrack){ granter, pa,         (uint32_t)(op->host_addr >> PAGE_SHIFT),
				op->ref, generation, ro };
	return GNTST_okay;
}

int16_t grant_map(struct domain *d, struct gnttab_map_grant_ref *op)
{
	bool ro = op->flags & GNTMAP_readonly;
	struct domain *granter;
	uint32_t handle = 0, generation = 0;
	paddr_t pa;
	int16_t st;

	/* Xen's order: flags, granter, then the grant; the address Xen finds bad
	 * only when it maps is checked before anything is taken. */
	if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map))) {
		return GNTST_bad_gntref;
	}
	/* A device mapping is only for a driver domain (its devices DMA to machine
	 * addresses, no SMMU between), and only along a host mapping. */
	if ((op->flags & GNTMAP_device_map) &&
	    (!(op->flags & GNTMAP_host_map) || !may(d, RIGHT_DRIVER, NULL))) {
		return GNTST_general_error;
	}
	/* Not in the low area the emulated GIC and devices live in, nor at any
	 * page already mapped (install() finds those), nor beyond the IPA space. */
	if ((op->host_addr & ~PAGE_MASK) || op->host_addr < GUEST_GRANT_BASE ||
	    op->host_addr >= (1ull << STAGE2_IPA_BITS)) {
		return GNTST_bad_virt_addr;
	}
	/* Xen looks the granter up by its id alone, which DOMID_SELF is not; the
	 * domain's own id maps its own grant (loopback), as on Xen. */
	granter = op->dom == DOMID_SELF ? NULL : domain_get(d, op->dom);
	if (!granter) {
		return GNTST_bad_domain;
	}
	spin_lock(&granter->lock);
	st = pin(granter, op->ref, d->domid, !ro, &pa, &generation);
	spin_unlock(&granter->lock);
	if (st) {
		domain_put(granter);
		return st;
	}
	spin_lock(&d->lock);
	st = install(d, granter, op, pa, generation, &handle);
	spin_unlock(&d->lock);
	if (st) { /* given back as if it had been mapped */
		release(&(struct maptrack){ granter, pa, 0, op->ref, generation, ro });
		return st;
	}
	op->handle = handle; /* the maptrack entry keeps the granter reference */
	op->dev_bus_addr = op->flags & GNTMAP_device_map ? pa.pa : 0; /* pinned until unmapped */
	return GNTST_okay;
}

/* Take mapping handle down; the caller unpins what it returns. d->lock held. */
static int16_t uninstall(struct domain *d, uint32_t handle, ipa_t host_addr, struct maptrack *out)
{
	struct maptrack *m;

	spin_assert_held(&d->lock);
	if (!d->grant || handle >= MAPTRACK_PAGES * MAPTRACK_PER_PAGE) {
		return GNTST_bad_handle;
	}
	m = maptrack_of(d->grant, handle);
	if (!m || !m->granter) {
		return GNTST_bad_handle;
	}
	if (host_addr.ipa != (uint64_t)m->gfn << PAGE_SHIFT) {
		return GNTST_bad_virt_addr;
	}
	if (stage2_unmap(&d->s2, host_addr, NULL) < 0) {
		panic("grant mapping d%u handle %u lost", d->domid, handle);
	}
	*out = *m;
	m->granter = NULL;
	return GNTST_okay;
}

int16_t grant_unmap(struct domain *d, struct gnttab_unmap_grant_ref *op)
{
	struct maptrack m;
	int16_t st;

	spin_lock(&d->lock);
	st = uninstall(d, op->handle, ipa_make(op->host_addr), &m);
	spin_unlock(&d->lock);
	if (st == GNTST_okay) {
		release(&m);
	}
	return st;
}

/* --- copy ------------------------------------------------------------------------------- */

struct copy_side {
	struct domain *granter; /* a reference; NULL: the caller's own page */
	bool claimed;           /* pa referenced (and the grant pinned) */
	grant_ref_t ref;
	uint32_t generation;
	paddr_t pa;
};

/* The domain a side names: Xen checks both sides' before either's page. */
static int16_t side_domain(struct domain *d, const struct gnttab_copy_ptr *p, bool gref,
			   struct copy_side *s)
{
	*s = (struct copy_side){ NULL, false, 0, 0, { 0 } };
	if (!gref) {
		return domain_is_self(d, p->domid) ? GNTST_okay : GNTST_permission_denied;
	}
	s->granter = domain_get(d, p->domid); /* DOMID_SELF: a copy of its own grant */
	return s->granter ? GNTST_okay : GNTST_bad_domain;
}

/* Pin the side's grant, or take a reference on the caller's own page. */
static int16_t side_claim(struct domain *d, const struct gnttab_copy_ptr *p, bool write,
			  struct copy_side *s)
{
	enum stage2_type type;
	int16_t st = GNTST_bad_page;

	if (s->granter) {
		spin_lock(&s->granter->lock);
		st = pin(s->granter, p->ref_or_gfn, d->domid, write, &s->pa, &s->generation);
		spin_unlock(&s->granter->lock);
		s->ref = (grant_ref_t)p->ref_or_gfn;
		s->claimed = st == GNTST_okay;
		return st;
	}
	spin_lock(&d->lock);
	if (p->ref_or_gfn < (1ull << (STAGE2_IPA_BITS - PAGE_SHIFT)) &&
	    stage2_lookup(&d->s2, ipa_make(p->ref_or_gfn << PAGE_SHIFT), &s->pa, &type) &&
	    (type == STAGE2_RAM || type == STAGE2_RAM_FIXED || (!write && type == STAGE2_RAM_RO)) &&
	    frame_get(s->pa)) {
		st = GNTST_okay;
		s->claimed = true;
	}
	spin_unlock(&d->lock);
	return st;
}

static void let_go(struct copy_side *s, bool write)
{
	if (s->claimed && s->granter) {
		unpin(s->granter, s->ref, write, s->generation);
	}
	if (s->claimed) {
		frame_put(s->pa);
	}
	if (s->granter) {
		domain_put(s->granter);
	}
}

int16_t grant_copy(struct domain *d, struct gnttab_copy *op)
{
	struct copy_side src = { 0 }, dst = { 0 };
	int16_t st;

	/* Xen's order: both domains, the source, the destination, then the bounds. */
	st = side_domain(d, &op->source, op->flags & GNTCOPY_source_gref, &src);
	if (st == GNTST_okay) {
		st = side_domain(d, &op->dest, op->flags & GNTCOPY_dest_gref, &dst);
	}
	if (st == GNTST_okay) {
		st = side_claim(d, &op->source, false, &src);
	}
	if (st == GNTST_okay) {
		st = side_claim(d, &op->dest, true, &dst);
	}
	if (st == GNTST_okay && ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
				 (uint32_t)op->dest.offset + op->len > PAGE_SIZE)) {
		st = GNTST_bad_copy_arg;
	}
	if (st == GNTST_okay) {
		memmove((uint8_t *)arch_pa_to_va(dst.pa) + op->dest.offset,
			(const uint8_t *)arch_pa_to_va(src.pa) + op->source.offset, op->len);
	}
	let_go(&dst, true);
	let_go(&src, false);
	return st;
}

/* --- the table's frames ----------------------------------------------------------------- */

int grant_place_frame(struct domain *d, uint64_t idx, gfn_t gfn)
{
	struct grant_table *gt = d->grant;

	spin_assert_held(&d->lock);
	if (!gt || idx >= gt->max_frames) {
		return -EINVAL;
	}
	if (grow(gt, (uint32_t)idx + 1) < 0) {
		return -ENOMEM;
	}
	return physmap_place(d, &gt->frame_gfn[idx].gfn, gfn, gt->frames[idx]);
}

int16_t grant_setup_table(struct domain *d, uint32_t nr_frames, gfn_t gfns[GRANT_FRAMES_MAX])
{
	struct grant_table *gt = d->grant;
	int16_t st = GNTST_okay;

	spin_lock(&d->lock);
	if (!gt || nr_frames > gt->max_frames) {
		st = GNTST_general_error;
	} else if (grow(gt, nr_frames) < 0) {
		st = GNTST_no_space;
	} else {
		for (uint32_t i = 0; i < nr_frames; i++) {
			gfns[i] = gt->frame_gfn[i].gfn
					  ? gt->frame_gfn[i]
					  : gfn_make((GUEST_GRANT_BASE >> PAGE_SHIFT) + i);
		}
	}
	spin_unlock(&d->lock);
	return st;
}

int16_t grant_query_size(struct domain *d, uint32_t *nr_frames, uint32_t *max_frames)
{
	spin_lock(&d->lock);
	*nr_frames = d->grant ? d->grant->nr_frames : 0;
	*max_frames = d->grant ? d->grant->max_frames : 0;
	spin_unlock(&d->lock);
	return d->grant ? GNTST_okay : GNTST_general_error;
}

/* --- teardown ---------------------------------------------------------------------------- */

void grant_domain_destroy(struct domain *d)
{
	struct grant_table *gt;

	/* First what d mapped of others: each mapping is unmapped, giving its pin back. d's
	 * vCPUs are off, so nothing maps meanwhile; uninstall() checks again under the lock. */
	for (uint32_t h = 0; d->grant && h < MAPTRACK_PAGES * MAPTRACK_PER_PAGE; h++) {
		struct maptrack *m = maptrack_of(d->grant, h);
		struct gnttab_unmap_grant_ref op = { .handle = h };

		if (m && m->granter) {
			op.host_addr = (uint64_t)m->gfn << PAGE_SHIFT;
			(void)grant_unmap(d, &op);
		}
	}
	spin_lock(&d->lock);
	gt = d->grant;
	d->grant = NULL; /* from now on others' unpins find no table and leave it */
	spin_unlock(&d->lock);
	if (!gt) {
		return;
	}
	for (uint32_t i = 0; i < gt->nr_frames; i++) {
		spin_lock(&d->lock);
		if (gt->frame_gfn[i].gfn) {
			physmap_unplace(d, gt->frame_gfn[i], gt->frames[i]);
		}
		spin_unlock(&d->lock);
		frame_free(gt->frames[i]);
		frame_free_va(gt->active[i]);
	}
	for (uint32_t i = 0; i < MAPTRACK_PAGES; i++) {
		frame_free_va(gt->maptrack[i]);
	}
	frame_free_va(gt);
}
