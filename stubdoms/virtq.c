// SPDX-License-Identifier: MIT
/* Split virtqueues (virtio 1.x): driver side, for devices that may misbehave. */
#include <errno.h>
#include <libos/virtio.h>
#include <string.h>

/*
 * Locking: none. A virtq belongs to one vCPU at a time; its caller
 * serialises virtq_add and virtq_get_used (they may not run concurrently,
 * an interrupt handler included).
 *
 * Ordering against the device, which reads and writes the areas by DMA
 * (coherently): descriptors and the ring slot are written before the
 * available index that publishes them (a store barrier between), and the
 * used index is read before the used slots it covers (a load barrier).
 */

#if defined(__aarch64__)
static inline void virtq_store_barrier(void)
{
	__asm__ volatile("dmb oshst" ::: "memory");
}

static inline void virtq_load_barrier(void)
{
	__asm__ volatile("dmb oshld" ::: "memory");
}

static inline void virtq_full_barrier(void)
{
	__asm__ volatile("dmb osh" ::: "memory");
}
#else
/* The host build of the unit tests, where the "device" is the test itself. */
static inline void virtq_store_barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void virtq_load_barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void virtq_full_barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
#endif

static size_t virtq_align(size_t value, size_t align)
{
	return (value + align - 1) & ~(align - 1);
}

/* Offsets of the available and used areas from the descriptor table. */
static size_t virtq_avail_offset(uint16_t size)
{
	return sizeof(struct virtq_desc) * size;
}

static size_t virtq_used_offset(uint16_t size)
{
	/* flags, idx, size slots and used_event: 2 bytes each. */
	return virtq_align(virtq_avail_offset(size) + 2u * (3u + size), 4);
}

size_t virtq_area_size(uint16_t size)
{
	/* flags and idx, size slots of 8 bytes, avail_event. */
	return virtq_used_offset(size) + 4u + sizeof(struct virtq_used_elem) * size + 2u;
}

int virtq_init(struct virtq *vq, void *area, size_t area_size, uint16_t size, uint64_t dma_offset)
{
	uint8_t *base = area;

	if (size == 0 || size > VIRTQ_SIZE_MAX || (size & (size - 1)) != 0 ||
	    ((uintptr_t)area & 15u) != 0 || area_size < virtq_area_size(size)) {
		return -EINVAL;
	}
	memset(vq, 0, sizeof(*vq));
	memset(area, 0, virtq_area_size(size));
	vq->size = size;
	vq->desc = (struct virtq_desc *)(void *)base;
	vq->avail = (struct virtq_avail *)(void *)(base + virtq_avail_offset(size));
	vq->used = (volatile struct virtq_used *)(void *)(base + virtq_used_offset(size));
	vq->dma_offset = dma_offset;
	for (uint16_t i = 0; i < size; i++) {
		vq->next_free[i] = (uint16_t)(i + 1u);
	}
	vq->free_head = 0;
	vq->free_count = size;
	return 0;
}

uint64_t virtq_desc_addr(const struct virtq *vq)
{
	return (uint64_t)(uintptr_t)vq->desc + vq->dma_offset;
}

uint64_t virtq_avail_addr(const struct virtq *vq)
{
	return (uint64_t)(uintptr_t)vq->avail + vq->dma_offset;
}

uint64_t virtq_used_addr(const struct virtq *vq)
{
	return (uint64_t)(uintptr_t)vq->used + vq->dma_offset;
}

/* Readable buffers first, then writable ones; at least one, and not more than fit the queue. */
static int virtq_check_request(const struct virtq *vq, const struct virtq_buf *bufs,
			       unsigned int count)
{
	bool writable_seen = false;

	if (count == 0 || count > vq->size) {
		return -EINVAL;
	}
	for (unsigned int i = 0; i < count; i++) {
		if (writable_seen && !bufs[i].device_writes) {
			return -EINVAL;
		}
		writable_seen = bufs[i].device_writes;
	}
	return count > vq->free_count ? -ENOSPC : 0;
}

int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned int count)
{
	int err = virtq_check_request(vq, bufs, count);
	uint16_t head = vq->free_head;
	uint16_t index = head;
	uint32_t writable = 0;

	if (err != 0) {
		return err;
	}
	for (unsigned int i = 0; i < count; i++) {
		struct virtq_desc *desc = &vq->desc[index];
		bool last = i + 1 == count;

		desc->addr = bufs[i].bus != 0 ? bufs[i].bus
					      : (uint64_t)(uintptr_t)bufs[i].addr + vq->dma_offset;
		desc->len = bufs[i].len;
		desc->flags = (uint16_t)((bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0u) |
					 (last ? 0u : VIRTQ_DESC_F_NEXT));
		desc->next = last ? 0 : vq->next_free[index];
		if (bufs[i].device_writes) {
			writable += bufs[i].len;
		}
		index = vq->next_free[index];
	}
	vq->free_head = index;
	vq->free_count = (uint16_t)(vq->free_count - count);
	vq->chain_count[head] = (uint16_t)count;
	vq->chain_writable[head] = writable;

	vq->avail->ring[vq->avail_idx & (vq->size - 1u)] = head;
	virtq_store_barrier();
	vq->avail_idx++;
	__atomic_store_n(&vq->avail->idx, vq->avail_idx, __ATOMIC_RELAXED);
	return head;
}

bool virtq_notify_wanted(const struct virtq *vq)
{
	/* The index store before the flag's load: a device that cleared the flag after looking
	 * at an older index is then seen to want the notification (virtio's rule). */
	virtq_full_barrier();
	return (vq->used->flags & VIRTQ_USED_F_NO_NOTIFY) == 0;
}

bool virtq_has_used(const struct virtq *vq)
{
	return vq->used->idx != vq->used_idx;
}

/* Put the chain headed by head back on the free list, following the driver's own links. */
static void virtq_free_chain(struct virtq *vq, uint16_t head)
{
	uint16_t last = head;

	for (uint16_t i = 1; i < vq->chain_count[head]; i++) {
		last = vq->next_free[last];
	}
	vq->next_free[last] = vq->free_head;
	vq->free_head = head;
	vq->free_count = (uint16_t)(vq->free_count + vq->chain_count[head]);
	vq->chain_count[head] = 0;
	vq->chain_writable[head] = 0;
}

/*
 * The next used entry the device published (its head and length, read
 * once), or -EAGAIN when there is none, or -EIO when the used index claims
 * more chains than are out. Consumes nothing.
 */
static int virtq_peek_used(const struct virtq *vq, uint32_t *id, uint32_t *written)
{
	uint16_t published = vq->used->idx;
	uint16_t in_flight = (uint16_t)(vq->size - vq->free_count);
	uint16_t slot = vq->used_idx & (uint16_t)(vq->size - 1u);

	if (published == vq->used_idx) {
		return -EAGAIN;
	}
	/* The device cannot have returned more chains than are out. */
	if ((uint16_t)(published - vq->used_idx) > in_flight) {
		return -EIO;
	}
	virtq_load_barrier();
	*id = vq->used->ring[slot].id;
	*written = vq->used->ring[slot].len;
	return 0;
}

int virtq_get_used(struct virtq *vq, uint32_t *len)
{
	uint32_t id, written;
	int err = virtq_peek_used(vq, &id, &written);

	if (err) {
		return err;
	}
	if (id >= vq->size || vq->chain_count[id] == 0 || written > vq->chain_writable[id]) {
		return -EIO;
	}
	vq->used_idx++;
	virtq_free_chain(vq, (uint16_t)id);
	*len = written;
	return (int)id;
}

int virtq_next_used(struct virtq *vq, uint16_t *head, uint32_t *len)
{
	uint32_t id, written, writable;
	int err = virtq_peek_used(vq, &id, &written);

	if (err) {
		return err;
	}
	vq->used_idx++;
	if (id >= vq->size || vq->chain_count[id] == 0) {
		return -ENOENT;
	}
	writable = vq->chain_writable[id];
	virtq_free_chain(vq, (uint16_t)id);
	*head = (uint16_t)id;
	*len = written;
	return written > writable ? -EMSGSIZE : 0;
}
