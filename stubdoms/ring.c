// SPDX-License-Identifier: MIT
/* Shared I/O rings: checked index handling, entries copied in and out of the shared page. */
#include <abi/errno.h>
#include <abi/io_ring.h>
#include <libos/ring.h>
#include <string.h>

/*
 * Locking: none here (see ring.h: one user per end). Shared indexes are
 * read and written with atomics; the barriers are the ones abi/io_ring.h
 * prescribes. Our own indexes are never read back from the page; the
 * peer's producer index is read once per call and checked against them.
 * Builds on the host too, for its unit test.
 */

static struct io_ring_header *ring_header(void *page)
{
	return (struct io_ring_header *)page;
}

/* The slot of free-running index i. */
static unsigned char *ring_slot(void *page, uint32_t entry_size, uint32_t count, uint32_t i)
{
	return (unsigned char *)page + IO_RING_SLOT_OFFSET(i & (count - 1u), entry_size);
}

/* The largest power of two not above n (n >= 1). */
static uint32_t ring_pow2_floor(uint32_t n)
{
	uint32_t p = 1;

	while (p <= n / 2u) {
		p *= 2u;
	}
	return p;
}

/*
 * A ring over page_count contiguous pages (a power of two, 1..RING_PAGES_MAX):
 * the header in the first page, slots from byte 64 on across all of them,
 * as many as fit rounded down to a power of two. One page gives
 * IO_RING_COUNT(entry_size), as abi/io_ring.h pins.
 */
static int ring_geometry(void *page, unsigned int page_count, uint32_t entry_size, uint32_t *count)
{
	uint32_t room;

	if (page == NULL || page_count == 0 || page_count > RING_PAGES_MAX ||
	    (page_count & (page_count - 1u)) != 0) {
		return -XEN_EINVAL;
	}
	room = (uint32_t)page_count * IO_RING_PAGE_SIZE - IO_RING_HEADER_SIZE;
	if (entry_size == 0 || entry_size > room) {
		return -XEN_EINVAL;
	}
	*count = ring_pow2_floor(room / entry_size);
	return 0;
}

int ring_front_init_pages(struct ring_front *r, void *pages, unsigned int page_count,
			  uint32_t entry_size)
{
	struct io_ring_header *h = ring_header(pages);
	uint32_t count;
	int rc = ring_geometry(pages, page_count, entry_size, &count);

	if (rc != 0) {
		return rc;
	}
	r->page = pages;
	r->entry_size = entry_size;
	r->count = count;
	r->req_prod_pvt = 0;
	r->req_pushed = 0;
	r->rsp_cons = 0;
	r->rsp_seen = 0;
	memset(h->pad, 0, sizeof(h->pad));
	__atomic_store_n(&h->req_prod, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&h->rsp_prod, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&h->req_event, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&h->rsp_event, 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return 0;
}

int ring_front_init(struct ring_front *r, void *page, uint32_t entry_size)
{
	return ring_front_init_pages(r, page, 1, entry_size);
}

int ring_back_init_pages(struct ring_back *r, void *pages, unsigned int page_count,
			 uint32_t entry_size)
{
	uint32_t count;
	int rc = ring_geometry(pages, page_count, entry_size, &count);

	if (rc != 0) {
		return rc;
	}
	r->page = pages;
	r->entry_size = entry_size;
	r->count = count;
	r->req_cons = 0;
	r->req_seen = 0;
	r->rsp_prod_pvt = 0;
	r->rsp_pushed = 0;
	return 0;
}

int ring_back_init(struct ring_back *r, void *page, uint32_t entry_size)
{
	return ring_back_init_pages(r, page, 1, entry_size);
}

uint32_t ring_front_free(const struct ring_front *r)
{
	return r->count - (r->req_prod_pvt - r->rsp_cons);
}

/* Copy len bytes into a slot and zero the rest of it. */
static void ring_fill_slot(unsigned char *slot, uint32_t entry_size, const void *src, size_t len)
{
	memcpy(slot, src, len);
	memset(slot + len, 0, entry_size - len);
}

int ring_front_put_request(struct ring_front *r, const void *req, size_t len)
{
	if (len > r->entry_size) {
		return -XEN_EINVAL;
	}
	if (ring_front_free(r) == 0) {
		return -XEN_ENOSPC;
	}
	ring_fill_slot(ring_slot(r->page, r->entry_size, r->count, r->req_prod_pvt), r->entry_size,
		       req, len);
	r->req_prod_pvt++;
	return 0;
}

/*
 * Publish *pushed = new_prod at *prod and report whether the peer's event
 * index asks for a notify. The old value is our private copy, not the
 * page's, which the peer could have rewritten to make us skip an event.
 */
static bool ring_publish(uint32_t *prod, const uint32_t *event, uint32_t *pushed, uint32_t new_prod)
{
	uint32_t old_prod = *pushed;

	/* Entries before the index (release), the index before reading the event (full). */
	__atomic_store_n(prod, new_prod, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*pushed = new_prod;
	return IO_RING_NEED_NOTIFY(new_prod, old_prod, __atomic_load_n(event, __ATOMIC_RELAXED));
}

/*
 * Load the peer's producer index once and accept it if it lies in [*seen,
 * limit] modulo 2^32: never behind a value already seen, never past what
 * the caller allows. Returns 0 (*seen updated) or -XEN_EIO.
 */
static int ring_accept_prod(const uint32_t *prod, uint32_t *seen, uint32_t limit)
{
	/* Acquire: the entries are read after the index that publishes them. */
	uint32_t value = __atomic_load_n(prod, __ATOMIC_ACQUIRE);

	if (value - *seen > limit - *seen) {
		return -XEN_EIO;
	}
	*seen = value;
	return 0;
}

bool ring_front_push_requests(struct ring_front *r)
{
	struct io_ring_header *h = ring_header(r->page);

	return ring_publish(&h->req_prod, &h->req_event, &r->req_pushed, r->req_prod_pvt);
}

int ring_front_get_response(struct ring_front *r, void *rsp, size_t len)
{
	struct io_ring_header *h = ring_header(r->page);

	if (len > r->entry_size) {
		return -XEN_EINVAL;
	}
	/* Responses can only answer requests published: at most req_pushed (<= count ahead). */
	if (ring_accept_prod(&h->rsp_prod, &r->rsp_seen, r->req_pushed) != 0) {
		return -XEN_EIO;
	}
	if (r->rsp_seen == r->rsp_cons) {
		return -XEN_EAGAIN;
	}
	memcpy(rsp, ring_slot(r->page, r->entry_size, r->count, r->rsp_cons), len);
	r->rsp_cons++;
	return 0;
}

/*
 * Ask for an event when prod passes cons, then look again: true if prod !=
 * cons by then. Only a hint to go on consuming: the get call that follows
 * reads the index again and checks it.
 */
static bool ring_rearm(uint32_t *event, const uint32_t *prod, uint32_t cons)
{
	if (__atomic_load_n(prod, __ATOMIC_ACQUIRE) != cons) {
		return true;
	}
	__atomic_store_n(event, cons + 1u, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return __atomic_load_n(prod, __ATOMIC_ACQUIRE) != cons;
}

bool ring_front_final_check(struct ring_front *r)
{
	struct io_ring_header *h = ring_header(r->page);

	return ring_rearm(&h->rsp_event, &h->rsp_prod, r->rsp_cons);
}

int ring_back_get_request(struct ring_back *r, void *req, size_t len)
{
	struct io_ring_header *h = ring_header(r->page);

	if (len > r->entry_size) {
		return -XEN_EINVAL;
	}
	/*
	 * Requests not yet answered can be at most count (their slots hold the
	 * responses to come), and unconsumed ones are among them: more means the
	 * frontend wrote over slots it does not own.
	 */
	if (ring_accept_prod(&h->req_prod, &r->req_seen, r->rsp_prod_pvt + r->count) != 0) {
		return -XEN_EIO;
	}
	if (r->req_seen == r->req_cons) {
		return -XEN_EAGAIN;
	}
	memcpy(req, ring_slot(r->page, r->entry_size, r->count, r->req_cons), len);
	r->req_cons++;
	return 0;
}

int ring_back_put_response(struct ring_back *r, const void *rsp, size_t len)
{
	if (len > r->entry_size) {
		return -XEN_EINVAL;
	}
	if (r->rsp_prod_pvt == r->req_cons) {
		return -XEN_ENOSPC;
	}
	ring_fill_slot(ring_slot(r->page, r->entry_size, r->count, r->rsp_prod_pvt), r->entry_size,
		       rsp, len);
	r->rsp_prod_pvt++;
	return 0;
}

bool ring_back_push_responses(struct ring_back *r)
{
	struct io_ring_header *h = ring_header(r->page);

	return ring_publish(&h->rsp_prod, &h->rsp_event, &r->rsp_pushed, r->rsp_prod_pvt);
}

bool ring_back_final_check(struct ring_back *r)
{
	struct io_ring_header *h = ring_header(r->page);

	return ring_rearm(&h->req_event, &h->req_prod, r->req_cons);
}
