/* SPDX-License-Identifier: MIT */
/* The blkif protocol: block requests and responses on a shared I/O ring (arm64 layout). */
#ifndef ABI_BLKIF_H
#define ABI_BLKIF_H

#include <abi/io_ring.h>
#include <stdint.h>

/*
 * A virtual block device is served over one or more rings (abi/io_ring.h;
 * one ring per queue, each of 1 << ring-page-order pages). The frontend
 * (the guest's block driver) puts requests; the backend takes each one,
 * does it and writes one response into a slot already consumed. Responses
 * may come in any order: the frontend matches them to requests by id.
 *
 * A slot is 112 bytes, the size of the largest request (struct
 * blkif_request); the other request kinds and the response are shorter and
 * start at the slot's first byte. Every field is little-endian, naturally
 * aligned (the arm64 ABI: 64-bit fields at 8-byte offsets).
 *
 * Units: sectors are always 512 bytes on the wire, whatever the disk's
 * sector-size key says. Data moves in segments: a segment is one 4 KiB
 * page the frontend granted, of which sectors first_sect..last_sect
 * (inclusive, 0..7) take part. The segments of one request are consecutive
 * on the disk from sector_number on.
 */

/* Operations (the request's operation byte). */
#define BLKIF_OP_READ 0            /* disk -> the segments' pages */
#define BLKIF_OP_WRITE 1           /* the segments' pages -> disk */
#define BLKIF_OP_WRITE_BARRIER 2   /* a write ordered after all before it (feature-barrier) */
#define BLKIF_OP_FLUSH_DISKCACHE 3 /* make completed writes durable (feature-flush-cache) */
#define BLKIF_OP_DISCARD 5         /* the range's data may be dropped (feature-discard) */
#define BLKIF_OP_INDIRECT 6        /* a read or write whose segments lie in granted pages */

/* Segments a direct request carries in its slot. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11

/* Indirect requests: at most 8 pages of segment descriptors, 512 descriptors a page. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8
#define BLKIF_SEGMENTS_PER_INDIRECT_PAGE 512

/* Sectors per segment page, and the largest valid last_sect. */
#define BLKIF_SECTOR_SIZE 512u
#define BLKIF_SECTORS_PER_PAGE 8u

/** The ring slot size of the protocol (the largest request). */
#define BLKIF_SLOT_SIZE 112u

/** Slots of a one-page ring; a ring of N pages has N times as many (ring.h). */
#define BLKIF_RING_COUNT_ONE_PAGE IO_RING_COUNT(BLKIF_SLOT_SIZE)

/**
 * One segment (8 bytes): in a direct request's slot, or in an indirect
 * page. Written by the frontend.
 */
struct blkif_request_segment {
	uint32_t gref;      /* grant ref of the data page (granted to the backend) */
	uint8_t first_sect; /* first sector of the page taking part, 0..7 */
	uint8_t last_sect;  /* last one, first_sect..7 */
	uint8_t pad[2];
};
_Static_assert(sizeof(struct blkif_request_segment) == 8, "blkif segment size");
_Static_assert(__builtin_offsetof(struct blkif_request_segment, first_sect) == 4, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_segment, last_sect) == 5, "offset");
_Static_assert(BLKIF_SEGMENTS_PER_INDIRECT_PAGE * sizeof(struct blkif_request_segment) ==
		       IO_RING_PAGE_SIZE,
	       "an indirect page is full of segments");

/**
 * READ, WRITE, WRITE_BARRIER and FLUSH_DISKCACHE (112 bytes). All fields are
 * written by the frontend; the backend only reads them.
 */
struct blkif_request {
	uint8_t operation;   /* BLKIF_OP_* */
	uint8_t nr_segments; /* segments in seg[]: 1..11 (0 for a FLUSH_DISKCACHE) */
	uint16_t handle;     /* the device's number (virtual-device); not checked */
	uint8_t pad[4];
	uint64_t id;            /* the frontend's own tag, echoed in the response */
	uint64_t sector_number; /* first sector on the device, 512-byte units */
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
_Static_assert(sizeof(struct blkif_request) == BLKIF_SLOT_SIZE, "blkif request size");
_Static_assert(__builtin_offsetof(struct blkif_request, nr_segments) == 1, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request, handle) == 2, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request, id) == 8, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request, sector_number) == 16, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request, seg) == 24, "offset");

/* DISCARD's flag: the data must be made unrecoverable (only with feature-discard-secure). */
#define BLKIF_DISCARD_SECURE 1u

/** DISCARD (32 bytes of the slot). Written by the frontend. */
struct blkif_request_discard {
	uint8_t operation; /* BLKIF_OP_DISCARD */
	uint8_t flag;      /* BLKIF_DISCARD_SECURE or 0 */
	uint16_t handle;   /* as in blkif_request */
	uint8_t pad[4];
	uint64_t id;            /* echoed in the response */
	uint64_t sector_number; /* first sector to discard, 512-byte units */
	uint64_t nr_sectors;    /* sectors to discard, 512-byte units */
};
_Static_assert(sizeof(struct blkif_request_discard) == 32, "blkif discard size");
_Static_assert(__builtin_offsetof(struct blkif_request_discard, flag) == 1, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_discard, handle) == 2, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_discard, id) == 8, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_discard, sector_number) == 16, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_discard, nr_sectors) == 24, "offset");

/**
 * INDIRECT (64 bytes of the slot): a READ or WRITE whose nr_segments
 * segment descriptors fill the first ceil(nr_segments / 512) pages of
 * indirect_grefs, in order. Written by the frontend; only with
 * feature-max-indirect-segments, which bounds nr_segments.
 */
struct blkif_request_indirect {
	uint8_t operation;    /* BLKIF_OP_INDIRECT */
	uint8_t indirect_op;  /* BLKIF_OP_READ or BLKIF_OP_WRITE */
	uint16_t nr_segments; /* 1..the backend's feature-max-indirect-segments */
	uint8_t pad[4];
	uint64_t id;            /* echoed in the response */
	uint64_t sector_number; /* first sector, 512-byte units */
	uint16_t handle;        /* as in blkif_request */
	uint8_t pad2[2];
	uint32_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST]; /* pages of segments */
	uint8_t pad3[4];
};
_Static_assert(sizeof(struct blkif_request_indirect) == 64, "blkif indirect size");
_Static_assert(__builtin_offsetof(struct blkif_request_indirect, indirect_op) == 1, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_indirect, nr_segments) == 2, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_indirect, id) == 8, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_indirect, sector_number) == 16, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_indirect, handle) == 24, "offset");
_Static_assert(__builtin_offsetof(struct blkif_request_indirect, indirect_grefs) == 28, "offset");

/* Response status. */
#define BLKIF_RSP_OKAY 0
#define BLKIF_RSP_ERROR (-1)      /* the operation failed (an I/O error, a refused write) */
#define BLKIF_RSP_EOPNOTSUPP (-2) /* the backend does not do this operation */

/**
 * The response (16 bytes of the slot), written by the backend into the
 * slot of a request it has taken.
 */
struct blkif_response {
	uint64_t id;       /* the request's id */
	uint8_t operation; /* the request's operation (indirect_op for an INDIRECT) */
	uint8_t pad;
	int16_t status; /* BLKIF_RSP_* */
	uint8_t pad2[4];
};
_Static_assert(sizeof(struct blkif_response) == 16, "blkif response size");
_Static_assert(__builtin_offsetof(struct blkif_response, operation) == 8, "offset");
_Static_assert(__builtin_offsetof(struct blkif_response, status) == 10, "offset");

_Static_assert(BLKIF_RING_COUNT_ONE_PAGE == 32, "32 slots a page");

/* Bits of the backend's info key. */
#define VDISK_CDROM 0x1u     /* the device is a CD-ROM */
#define VDISK_REMOVABLE 0x2u /* its medium can change */
#define VDISK_READONLY 0x4u  /* writes are refused */

#endif
