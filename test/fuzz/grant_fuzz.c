// SPDX-License-Identifier: MIT
/*
 * Fuzz target of grant tables (kernel/common/grant.c, grant_op.c) on the host
 * arch: the input is a script of steps over three real domains, each issued as
 * a guest issues it, through grant_table_op's hypercall entry with its
 * argument in the caller's RAM: map, unmap, copy, setup_table, query_size, a
 * raw batch of any sub-op and count, placing a grant frame; and, from outside,
 * a granter writing any entry into its table, and a domain destroyed or made
 * again. Every status must be one the ABI lists; a mapping must be a page of
 * the granter's RAM, its grant marked in use (reading, writing) for as long as
 * it lasts unless the granter writes over it; a copy between own pages must
 * move the bytes; and once every domain is destroyed every frame must be back
 * in the allocator (a mapping, pin or table left would hold one).
 *
 * A step's first byte picks the step (low 4 bits), the caller (bits 4-5) and
 * its vCPU (bit 6); its arguments follow, as each step's function reads them.
 */
#include "fuzz_domains.h"
#include <string.h>
#include <abi/grant_table.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <errno.h>
#include <lib.h>

#define MAP_BASE 0x80000000ull /* where a grantee maps: nothing else of its is there */
#define MAP_SLOTS 16
#define RECORDS_MAX 64
#define TABLE_REFS (4 * GRANT_ENTRIES_PER_FRAME) /* the fuzz domains' tables grow to 4 frames */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A mapping the core said it made, as the mapper keeps it for unmapping. */
struct record {
	unsigned int mapper;
	uint32_t handle;
	uint64_t host_addr;
	unsigned int granter; /* its index, and which incarnation of it */
	uint32_t granter_generation;
	grant_ref_t ref;
	bool writable;
	bool rewritten; /* the granter wrote the entry since: it broke the protocol */
};

static struct record records[RECORDS_MAX];
static unsigned int record_count;

static void forget(unsigned int k)
{
	records[k] = records[--record_count];
}

static void remember(const struct record *r)
{
	for (unsigned int k = 0; k < record_count; k++) {
		if (records[k].mapper == r->mapper && records[k].handle == r->handle) {
			forget(k); /* a handle is reused only once the core let it go */
			break;
		}
	}
	if (record_count < RECORDS_MAX) {
		records[record_count++] = *r;
	}
}

/* --- picking arguments: mostly values that reach far, sometimes anything ---------------- */

static uint64_t pick_ref(struct fuzz_input *in)
{
	uint8_t b = fuzz_byte(in);

	if (b < 0xf0) {
		return b % 16; /* where the granters write */
	}
	return b < 0xf8 ? TABLE_REFS - 1 + (b & 3) : fuzz_bytes(in, 4);
}

/* A gfn of the caller: its RAM, just past it, its grant area, or anything. */
static uint64_t pick_gfn(struct fuzz_input *in)
{
	uint8_t b = fuzz_byte(in);

	switch (b % 4) {
	case 0:
	case 1:
		return (GUEST_RAM_BASE >> PAGE_SHIFT) + (b >> 2) % (FUZZ_RAM_PAGES + 2);
	case 2:
		return (GUEST_GRANT_BASE >> PAGE_SHIFT) + (b >> 2) % 8;
	default:
		return fuzz_bytes(in, 5);
	}
}

static uint64_t pick_map_addr(struct fuzz_input *in)
{
	uint8_t b = fuzz_byte(in);

	if (b < 0xe0) {
		return MAP_BASE + (b % MAP_SLOTS) * PAGE_SIZE;
	}
	if (b < 0xf0) {
		return pick_gfn(in) << PAGE_SHIFT;
	}
	return fuzz_bytes(in, 8);
}

/*
 * Entry ref of d's table as its guest sees it, or NULL. Frame k of a table is only ever placed
 * at page k of the grant area (or outside it): what is there is that frame, if anything.
 */
static struct grant_entry_v1 *table_entry(struct domain *d, uint64_t ref)
{
	uint64_t frame = ref / GRANT_ENTRIES_PER_FRAME;
	ipa_t ipa = ipa_make(GUEST_GRANT_BASE + frame * PAGE_SIZE);
	enum stage2_type type;
	paddr_t pa;

	/* Only a frame of the core's: a grant mapped there is another domain's page. */
	if (frame >= GRANT_FRAMES_MAX || !stage2_lookup(&d->s2, ipa, &pa, &type) ||
	    type != STAGE2_SPECIAL) {
		return NULL;
	}
	return (struct grant_entry_v1 *)fuzz_guest_ptr(d, ipa.ipa) + ref % GRANT_ENTRIES_PER_FRAME;
}

/* --- checks of what the core answered ----------------------------------------------------- */

static void check_status(int16_t st)
{
	FUZZ_CHECK(st <= GNTST_okay && st >= GNTST_no_space);
}

/* A mapping made is one page of the granter's RAM, mapped where asked, as asked. */
static unsigned int check_mapped(struct domain *d, const struct gnttab_map_grant_ref *op)
{
	struct domain *granter = NULL;
	unsigned int index = 0;
	struct grant_entry_v1 *entry;
	enum stage2_type type, gtype;
	paddr_t pa, gpa;
	bool found = false;

	FUZZ_CHECK(stage2_lookup(&d->s2, ipa_make(op->host_addr), &pa, &type));
	FUZZ_CHECK(type == ((op->flags & GNTMAP_readonly) ? STAGE2_GRANT_RO : STAGE2_GRANT));
	for (unsigned int i = 0; i < FUZZ_DOMAINS; i++) {
		struct domain *g = fuzz_domain(i);

		if (g && g->domid == op->dom) { /* d itself too: a loopback map, as Xen allows */
			granter = g;
			index = i;
		}
	}
	FUZZ_CHECK(granter != NULL);
	/* In use: the granter sees it is read (and written), and cannot revoke it. */
	entry = table_entry(granter, op->ref);
	FUZZ_CHECK(!entry || (entry->flags & GTF_reading));
	FUZZ_CHECK(!entry || (op->flags & GNTMAP_readonly) || (entry->flags & GTF_writing));
	for (uint64_t gfn = 0; gfn < 64 && !found; gfn++) {
		found = stage2_lookup(&granter->s2, ipa_make(GUEST_RAM_BASE + gfn * PAGE_SIZE),
				      &gpa, &gtype) &&
			gtype == STAGE2_RAM && gpa.pa == pa.pa;
	}
	FUZZ_CHECK(found);
	return index;
}

/* While a mapping lasts, its grant stays marked in use, unless its granter wrote over it. */
static void check_in_use(void)
{
	for (unsigned int k = 0; k < record_count; k++) {
		const struct record *r = &records[k];
		struct domain *g = fuzz_domain(r->granter);
		struct grant_entry_v1 *e;

		if (r->rewritten || !g || g->generation != r->granter_generation) {
			continue; /* a new incarnation's table knows nothing of it */
		}
		e = table_entry(g, r->ref);
		FUZZ_CHECK(!e || (e->flags & GTF_reading));
		FUZZ_CHECK(!e || !r->writable || (e->flags & GTF_writing));
	}
}

/* --- the steps ------------------------------------------------------------------------------ */

static void step_map(struct fuzz_input *in, unsigned int i, unsigned int vcpu)
{
	struct domain *d = fuzz_domain(i);
	struct gnttab_map_grant_ref op = { 0 };
	uint8_t flags = fuzz_byte(in);

	op.flags = flags < 0xc0 ? GNTMAP_host_map | (flags & GNTMAP_readonly) : flags & 7;
	op.dom = fuzz_pick_domid(in);
	op.ref = (grant_ref_t)pick_ref(in);
	op.host_addr = pick_map_addr(in);
	op.status = 0x5a5a;
	FUZZ_CHECK(fuzz_call(d, vcpu, __HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, &op,
			     sizeof(op), 1) == 0);
	check_status(op.status);
	if (op.status == GNTST_okay) {
		struct record r = { i,
				    op.handle,
				    op.host_addr,
				    check_mapped(d, &op),
				    0,
				    op.ref,
				    !(op.flags & GNTMAP_readonly),
				    false };

		r.granter_generation = fuzz_domain(r.granter)->generation;
		FUZZ_CHECK(op.dev_bus_addr == 0);
		remember(&r);
	}
}

/* Unmap a mapping the caller made, or a handle and address from the input. */
static void step_unmap(struct fuzz_input *in, unsigned int i, unsigned int vcpu)
{
	struct domain *d = fuzz_domain(i);
	struct gnttab_unmap_grant_ref op = { 0 };
	uint8_t b = fuzz_byte(in);
	unsigned int own = 0;
	int known = -1;

	for (unsigned int k = 0; k < record_count; k++) {
		own += records[k].mapper == i;
	}
	for (unsigned int k = 0, n = 0; k < record_count && b < 0xc0 && own; k++) {
		if (records[k].mapper == i && n++ == b % own) {
			known = (int)k;
		}
	}
	if (known >= 0) {
		op.handle = (grant_handle_t)records[known].handle;
		op.host_addr = records[known].host_addr;
	} else {
		op.handle = (grant_handle_t)fuzz_bytes(in, 2);
		op.host_addr = pick_map_addr(in);
	}
	FUZZ_CHECK(fuzz_call(d, vcpu, __HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref, &op,
			     sizeof(op), 1) == 0);
	check_status(op.status);
	FUZZ_CHECK(known < 0 || op.status == GNTST_okay); /* its own mapping always goes */
	for (unsigned int k = 0; k < record_count && op.status == GNTST_okay; k++) {
		if (records[k].mapper == i && records[k].handle == op.handle) {
			FUZZ_CHECK(records[k].host_addr == op.host_addr);
			forget(k);
			break;
		}
	}
	if (op.status == GNTST_okay) {
		FUZZ_CHECK(!stage2_lookup(&d->s2, ipa_make(op.host_addr), NULL, NULL));
	}
}

static void pick_copy_side(struct fuzz_input *in, struct gnttab_copy_ptr *p, bool gref)
{
	p->domid = gref ? fuzz_pick_domid(in)
			: (fuzz_byte(in) < 0xf0 ? DOMID_SELF : fuzz_pick_domid(in));
	p->ref_or_gfn = gref ? pick_ref(in) : pick_gfn(in);
	p->offset = (uint16_t)fuzz_bytes(in, 2);
}

static void step_copy(struct fuzz_input *in, unsigned int i, unsigned int vcpu)
{
	struct domain *d = fuzz_domain(i);
	struct gnttab_copy op = { 0 };
	uint8_t before[PAGE_SIZE];
	const uint8_t *src = NULL;

	op.flags = (uint16_t)(fuzz_byte(in) % 5 == 4 ? fuzz_bytes(in, 2) : fuzz_byte(in) & 3);
	pick_copy_side(in, &op.source, op.flags & GNTCOPY_source_gref);
	pick_copy_side(in, &op.dest, op.flags & GNTCOPY_dest_gref);
	op.len = (uint16_t)fuzz_bytes(in, 2);
	/* Own pages both, the argument page neither (the call itself writes there). */
	if (!(op.flags & 3) && op.source.ref_or_gfn < (1ull << 28) &&
	    op.source.offset + (uint32_t)op.len <= PAGE_SIZE &&
	    op.source.ref_or_gfn != FUZZ_ARGS_GPA >> PAGE_SHIFT &&
	    op.dest.ref_or_gfn != FUZZ_ARGS_GPA >> PAGE_SHIFT) {
		src = fuzz_guest_ptr(d, op.source.ref_or_gfn << PAGE_SHIFT);
	}
	if (src) {
		memcpy(before, src + op.source.offset, op.len);
	}
	FUZZ_CHECK(fuzz_call(d, vcpu, __HYPERVISOR_grant_table_op, GNTTABOP_copy, &op, sizeof(op),
			     1) == 0);
	check_status(op.status);
	if (op.status == GNTST_okay && src) {
		const uint8_t *dst = fuzz_guest_ptr(d, op.dest.ref_or_gfn << PAGE_SHIFT);

		FUZZ_CHECK(dst && !memcmp(dst + op.dest.offset, before, op.len));
	}
}

static void step_setup_table(struct fuzz_input *in, unsigned int i, unsigned int vcpu)
{
	struct domain *d = fuzz_domain(i);
	struct gnttab_setup_table op = { 0 };
	uint8_t b = fuzz_byte(in);

	op.dom = b < 0xe0 ? DOMID_SELF : fuzz_pick_domid(in);
	op.nr_frames = b < 0xf0 ? b % 6 : (uint32_t)fuzz_bytes(in, 4);
	op.frame_list = fuzz_byte(in) < 0xf0 ? FUZZ_ARGS_GPA + PAGE_SIZE : fuzz_bytes(in, 8);
	FUZZ_CHECK(fuzz_call(d, vcpu, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table, &op,
			     sizeof(op), 1) == 0);
	check_status(op.status);
	FUZZ_CHECK(op.status != GNTST_okay || op.nr_frames <= 4);
}

static void step_query_size(struct fuzz_input *in, unsigned int i, unsigned int vcpu)
{
	struct domain *d = fuzz_domain(i);
	struct gnttab_query_size op = { 0 };

	op.dom = fuzz_byte(in) < 0xe0 ? DOMID_SELF : fuzz_pick_domid(in);
	FUZZ_CHECK(fuzz_call(d, vcpu, __HYPERVISOR_grant_table_op, GNTTABOP_query_size, &op,
			     sizeof(op), 1) == 0);
	check_status(op.status);
	if (op.status == GNTST_okay) {
		FUZZ_CHECK(op.max_nr_frames == 4);
		FUZZ_CHECK(op.nr_frames >= 1 && op.nr_frames <= op.max_nr_frames);
	}
}

/* Any sub-op (known or not) over argument bytes from the input, any count, any address. */
static void step_batch(struct fuzz_input *in, unsigned int i, unsigned int vcpu)
{
	struct domain *d = fuzz_domain(i);
	uint8_t *args = fuzz_guest_ptr(d, FUZZ_ARGS_GPA);
	uint64_t cmd = fuzz_byte(in) % 12;
	uint64_t count = fuzz_byte(in) < 0xf0 ? fuzz_byte(in) : fuzz_bytes(in, 8);
	uint64_t uop =
		fuzz_byte(in) < 0xe0 ? FUZZ_ARGS_GPA + fuzz_byte(in) * 8ull : fuzz_bytes(in, 8);
	size_t len = fuzz_byte(in) * 16u;
	long ret;

	for (size_t k = 0; k < len && args; k++) {
		args[k] = fuzz_byte(in);
	}
	ret = fuzz_hvc(d, vcpu, __HYPERVISOR_grant_table_op, cmd, uop, count);
	/* get_version of another domain: -EPERM, or -ESRCH if there is none, as Xen answers. */
	FUZZ_CHECK(ret == 0 || ret == -ENOSYS || ret == -EINVAL || ret == -EFAULT ||
		   (cmd == GNTTABOP_get_version && (ret == -EPERM || ret == -ESRCH)));
	/* Its unmaps may have taken recorded mappings down: keep only those still there. */
	for (unsigned int k = 0; k < record_count;) {
		struct domain *m = fuzz_domain(records[k].mapper);
		enum stage2_type type;

		if (!m || !stage2_lookup(&m->s2, ipa_make(records[k].host_addr), NULL, &type) ||
		    (type != STAGE2_GRANT && type != STAGE2_GRANT_RO)) {
			forget(k);
		} else {
			k++;
		}
	}
}

/* Grant frame idx placed at a gfn of the caller's choice (XENMEM_add_to_physmap). */
static void step_place_frame(struct fuzz_input *in, unsigned int i, unsigned int vcpu)
{
	struct domain *d = fuzz_domain(i);
	struct xen_add_to_physmap xatp = { .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table };
	long ret;

	xatp.idx = fuzz_byte(in) % 6;
	xatp.gpfn = pick_gfn(in);
	if (xatp.gpfn == FUZZ_ARGS_GPA >> PAGE_SHIFT) {
		return; /* the argument page stays RAM, where the steps put their arguments */
	}
	if (xatp.gpfn - (GUEST_GRANT_BASE >> PAGE_SHIFT) < GRANT_FRAMES_MAX) {
		xatp.gpfn = (GUEST_GRANT_BASE >> PAGE_SHIFT) + xatp.idx; /* see table_entry() */
	}
	ret = fuzz_call(d, vcpu, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &xatp, sizeof(xatp),
			0);
	FUZZ_CHECK(ret <= 0);
	/* What is placed may replace the caller's RAM, never a grant it mapped. */
	for (unsigned int k = 0; k < record_count; k++) {
		FUZZ_CHECK(ret != 0 || records[k].mapper != i ||
			   records[k].host_addr != xatp.gpfn << PAGE_SHIFT);
	}
}

/* The granter writes an entry of its table, through the page where it placed the frame. */
static void step_write_entry(struct fuzz_input *in, unsigned int i)
{
	struct domain *d = fuzz_domain(i);
	uint32_t ref = (uint32_t)(fuzz_byte(in) < 0xf0 ? fuzz_byte(in) % 16
						       : fuzz_bytes(in, 2) % TABLE_REFS);
	uint8_t b = fuzz_byte(in);
	struct grant_entry_v1 e, *where;

	e.flags = b < 0x80   ? GTF_permit_access
		  : b < 0xc0 ? GTF_permit_access | GTF_readonly
			     : (uint16_t)fuzz_bytes(in, 2);
	e.domid = fuzz_pick_domid(in);
	e.frame = (uint32_t)(fuzz_byte(in) < 0xf0 ? pick_gfn(in) : fuzz_bytes(in, 4));
	where = table_entry(d, ref);
	if (where) {
		*where = e;
	}
	for (unsigned int k = 0; k < record_count; k++) {
		if (records[k].granter == i && records[k].ref == ref) {
			records[k].rewritten = true;
		}
	}
}

static void step(struct fuzz_input *in)
{
	uint8_t b = fuzz_byte(in);
	unsigned int i = (b >> 4) & 3, vcpu = (b >> 6) & 1;

	if (i == FUZZ_DOMAINS || (!fuzz_domain(i) && (b & 15) != 9)) {
		return;
	}
	switch (b & 15) {
	case 0:
	case 1:
		step_map(in, i, vcpu);
		break;
	case 2:
		step_unmap(in, i, vcpu);
		break;
	case 3:
	case 4:
		step_copy(in, i, vcpu);
		break;
	case 5:
		step_setup_table(in, i, vcpu);
		break;
	case 6:
		step_query_size(in, i, vcpu);
		break;
	case 7:
	case 8:
		step_write_entry(in, i);
		break;
	case 9:
		/* Its own mappings go with it; those of it stay until their mappers let go. */
		for (unsigned int k = 0; k < record_count;) {
			records[k].mapper == i ? forget(k) : (void)k++;
		}
		fuzz_domain_toggle(i);
		break;
	case 10:
		step_batch(in, i, vcpu);
		break;
	case 11:
		step_place_frame(in, i, vcpu);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };

	record_count = 0;
	fuzz_domains_start();
	for (unsigned int steps = 0; in.left && steps < 512; steps++) {
		step(&in);
		check_in_use();
	}
	fuzz_domains_end();
	return 0;
}
