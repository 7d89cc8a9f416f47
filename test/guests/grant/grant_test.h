/* SPDX-License-Identifier: MIT */
/* What the grant owner and user domains agree on: refs, port and the control page's stages. */
#ifndef TEST_GUESTS_GRANT_TEST_H
#define TEST_GUESTS_GRANT_TEST_H

#include <stdint.h>

/*
 * The owner grants eight pages to the user (refs in allocation order, so the
 * first is 8), then offers port 1 to the user. The user binds it (retrying
 * until offered: by then every grant is in place) and maps the control page
 * for the whole test. Each side then advances its stage in the control page
 * and sends an event; the other waits for the stage it needs (bounded).
 */
#define GRANT_OWNER_DOMID 1
#define GRANT_USER_DOMID 2
#define GRANT_PORT 1u

#define GRANT_DATA_REF 8u    /* read/write: the user maps it and writes a pattern */
#define GRANT_CONTROL_REF 9u /* read/write: this control page */
#define GRANT_COPY_REF 10u   /* read/write: the user copies into it */
#define GRANT_RO_REF 11u     /* read-only: the user copies from it and maps it read-only */
#define GRANT_RING_REF 12u   /* read/write: refs 12..15, mapped as one contiguous run */
#define GRANT_RING_PAGES 4u

/* user_stage values */
#define USER_WROTE 1u    /* data page mapped, pattern written */
#define USER_UNMAPPED 2u /* data page unmapped */
#define USER_COPIED 3u   /* copies and read-only mappings done, all unmapped */
#define USER_DONE 4u     /* about to unmap the control page */

/* owner_stage values */
#define OWNER_CHECKED 1u /* saw the pattern; revoking the mapped grant was refused */
#define OWNER_DONE 2u    /* saw the copies; revoked the data, copy and read-only grants */

/** The control page (the rest of the page is unused). */
struct grant_control {
	uint32_t owner_stage; /* owner writes */
	uint32_t user_stage;  /* user writes */
};

/* Where the user writes its pattern, and what it writes. */
#define GRANT_PATTERN_OFFSET 0u
#define GRANT_PATTERN_WORDS 512u /* the whole page, 64-bit words */
#define GRANT_PATTERN(i) (0x5a5a000000000000ull ^ ((uint64_t)(i)*0x9e3779b97f4a7c15ull))

/* What the read-only page holds (owner fills it). */
#define GRANT_RO_BYTE(i) ((uint8_t)(0xc3u ^ (i)*7u))

/* What the ring pages hold (owner fills them): page p, byte i. */
#define GRANT_RING_BYTE(p, i) ((uint8_t)(0x5du ^ (p)*0x31u ^ (i)*13u))

/* The user's copy into the copy page: from its own page, at these offsets. */
#define GRANT_COPY_DEST_OFFSET 100u
#define GRANT_COPY_LEN 256u
#define GRANT_COPY_BYTE(i) ((uint8_t)(0x11u + (i)*3u))

/* How long a side waits for the other's next stage. */
#define GRANT_WAIT_SECONDS 60u

#endif
