/* SPDX-License-Identifier: MIT */
/* Xenstore: the ring page every domain shares with the store, and its messages. */
#ifndef ABI_XS_WIRE_H
#define ABI_XS_WIRE_H

#include <stdint.h>

/*
 * A domain and the xenstore domain talk through one 4 KiB page (the guest's
 * gfn GUEST_XENSTORE_PFN, offered to the store as grant ref XS_GRANT_REF)
 * and one interdomain event channel (HVM_PARAM_STORE_EVTCHN). The page
 * holds two byte rings: requests from the client and responses (replies and
 * watch events) from the store. Indexes are free-running 32-bit counters;
 * byte i of a ring is at i & (XS_RING_SIZE - 1). Unread bytes are
 * (prod - cons), which a well-behaved peer keeps within XS_RING_SIZE.
 *
 * The client only notifies when the request ring was empty before its write
 * or the response ring was full; so the store drains everything each time
 * it wakes, and notifies after every batch of responses it produces.
 */
#define XS_RING_SIZE 1024u
#define XS_GRANT_REF 1u /* grant ref of the ring page, by convention */

/** The store ring page (first 2076 bytes of the page; the rest is zero). */
struct xs_ring {
	char req[XS_RING_SIZE];   /* client -> store */
	char rsp[XS_RING_SIZE];   /* store -> client */
	uint32_t req_cons;        /* store writes */
	uint32_t req_prod;        /* client writes */
	uint32_t rsp_cons;        /* client writes */
	uint32_t rsp_prod;        /* store writes */
	uint32_t server_features; /* store writes: XS_FEATURE_*; none offered */
	uint32_t connection;      /* XS_CONNECTED; reconnection is not supported */
	uint32_t error; /* store writes: XS_RING_ERROR_*; the ring is dead once non-zero */
};
_Static_assert(sizeof(struct xs_ring) == 2076, "xs_ring size");
_Static_assert(__builtin_offsetof(struct xs_ring, rsp) == 1024, "offset");
_Static_assert(__builtin_offsetof(struct xs_ring, req_cons) == 2048, "offset");
_Static_assert(__builtin_offsetof(struct xs_ring, req_prod) == 2052, "offset");
_Static_assert(__builtin_offsetof(struct xs_ring, rsp_cons) == 2056, "offset");
_Static_assert(__builtin_offsetof(struct xs_ring, rsp_prod) == 2060, "offset");
_Static_assert(__builtin_offsetof(struct xs_ring, server_features) == 2064, "offset");
_Static_assert(__builtin_offsetof(struct xs_ring, connection) == 2068, "offset");
_Static_assert(__builtin_offsetof(struct xs_ring, error) == 2072, "offset");

#define XS_CONNECTED 0u

/* Values of the ring's error field. */
#define XS_RING_ERROR_NONE 0u
#define XS_RING_ERROR_COMM 1u    /* the store cannot reach the ring */
#define XS_RING_ERROR_RINGIDX 2u /* the client broke the index contract */
#define XS_RING_ERROR_PROTO 3u   /* the client broke the message framing */

/*
 * Every message, either way, is a 16-byte header and len bytes of payload
 * (len <= XS_PAYLOAD_MAX). Paths and other strings in payloads are
 * NUL-terminated unless the table of the type says otherwise.
 */
struct xs_msg_header {
	uint32_t type;   /* XS_* */
	uint32_t req_id; /* chosen by the client, echoed in the reply; 0 in watch events */
	uint32_t tx_id;  /* transaction the request belongs to; 0: none */
	uint32_t len;    /* payload bytes that follow */
};
_Static_assert(sizeof(struct xs_msg_header) == 16, "xs_msg_header size");
_Static_assert(__builtin_offsetof(struct xs_msg_header, req_id) == 4, "offset");
_Static_assert(__builtin_offsetof(struct xs_msg_header, tx_id) == 8, "offset");
_Static_assert(__builtin_offsetof(struct xs_msg_header, len) == 12, "offset");

#define XS_PAYLOAD_MAX 4096u  /* largest payload of one message */
#define XS_PATH_MAX 3072u     /* longest absolute path, without its NUL */
#define XS_REL_PATH_MAX 2048u /* longest path below a /local/domain/<id>/ home, as Xen */

/* Message types. A reply has the request's type, or XS_ERROR. */
enum xs_type {
	XS_CONTROL = 0,               /* debug commands of the store's owner */
	XS_DIRECTORY = 1,             /* path -> child names, each NUL-terminated */
	XS_READ = 2,                  /* path -> the value, raw */
	XS_GET_PERMS = 3,             /* path -> permissions, each "<c><domid>\0" */
	XS_WATCH = 4,                 /* path, token -> "OK" */
	XS_UNWATCH = 5,               /* path, token -> "OK" */
	XS_TRANSACTION_START = 6,     /* "" -> decimal transaction id */
	XS_TRANSACTION_END = 7,       /* "T" commit or "F" abort -> "OK" or EAGAIN */
	XS_INTRODUCE = 8,             /* domid, gfn, port -> "OK" (privileged) */
	XS_RELEASE = 9,               /* domid -> "OK" (privileged) */
	XS_GET_DOMAIN_PATH = 10,      /* domid -> "/local/domain/<domid>" */
	XS_WRITE = 11,                /* path, then value without NUL -> "OK" */
	XS_MKDIR = 12,                /* path -> "OK" */
	XS_RM = 13,                   /* path -> "OK" (the node and everything below) */
	XS_SET_PERMS = 14,            /* path, permissions -> "OK" */
	XS_WATCH_EVENT = 15,          /* store -> client: path, token */
	XS_ERROR = 16,                /* store -> client: errno name, e.g. "ENOENT" */
	XS_IS_DOMAIN_INTRODUCED = 17, /* domid -> "T" or "F" */
	XS_RESUME = 18,               /* domid -> "OK" (privileged) */
	XS_SET_TARGET = 19,           /* domid, target domid -> "OK" (privileged) */
	XS_RESET_WATCHES = 21,        /* "" -> "OK": drop all of the caller's watches */
	XS_DIRECTORY_PART = 22,       /* path, offset -> generation, then a slice of names */
	XS_GET_FEATURE = 23,
	XS_SET_FEATURE = 24,
	XS_GET_QUOTA = 25,
	XS_SET_QUOTA = 26,
	XS_TYPE_COUNT
};

/*
 * A permission: one letter and a domain id, e.g. "n0", "r5", "b7". The first
 * entry of a node's list names its owner (who may always read, write and
 * change permissions) and the access of every domain not listed after it.
 */
#define XS_PERM_NONE 'n'
#define XS_PERM_READ 'r'
#define XS_PERM_WRITE 'w'
#define XS_PERM_BOTH 'b'

#endif
