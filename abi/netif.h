/* SPDX-License-Identifier: MIT */
/* The netif protocol: Ethernet frames on a transmit and a receive ring of shared I/O (arm64). */
#ifndef ABI_NETIF_H
#define ABI_NETIF_H

#include <abi/io_ring.h>
#include <stdint.h>

/*
 * A virtual network interface (VIF) is served over one or more queues; a
 * queue is two one-page rings (abi/io_ring.h), each with its own slot size:
 *
 *   transmit (tx)  the frontend (the guest's network driver) puts the
 *                  frames it sends, as requests naming granted pages; the
 *                  backend copies the data out and answers every slot
 *   receive (rx)   the frontend posts empty pages (requests); the backend
 *                  copies a frame it has for the guest into as many of them
 *                  as it needs and answers each with the bytes it wrote
 *
 * Every field is little-endian and naturally aligned. Data lives in 4 KiB
 * pages the frontend granted to the backend; a slot's data never crosses
 * the end of its page.
 *
 * Transmit: one frame is a run of slots. Its first slot's size is the
 * length of the whole frame; if that slot has NETTXF_extra_info, the next
 * slot is a struct netif_extra_info (not data), and each extra with
 * XEN_NETIF_EXTRA_FLAG_MORE is followed by another; then, while a data
 * slot has NETTXF_more_data, another data slot follows. The data slots
 * after the first carry their own sizes; the first slot holds what is left
 * (its size minus theirs). A frame has at most NETIF_TX_SLOTS_MAX data
 * slots. The backend writes one response per slot, data and extra alike,
 * in the order of the slots.
 *
 * Receive: the backend takes a posted request per page it fills and
 * answers in the order it took them (the frontend finds the page of a
 * response by its slot). A frame's first response has NETRXF_more_data
 * if more pages of it follow, and NETRXF_extra_info if the next slot is a
 * struct netif_extra_info (GSO), written in place of that slot's response;
 * the page posted with that slot is not filled (the frontend posts it
 * again).
 */

/** Transmit slot: the larger of the request (12 bytes) and the response (4). */
#define NETIF_TX_SLOT_SIZE 12u
/** Receive slot: the request and the response are both 8 bytes. */
#define NETIF_RX_SLOT_SIZE 8u

/** Slots of each ring (one page each). */
#define NETIF_TX_RING_COUNT IO_RING_COUNT(NETIF_TX_SLOT_SIZE)
#define NETIF_RX_RING_COUNT IO_RING_COUNT(NETIF_RX_SLOT_SIZE)
_Static_assert(NETIF_TX_RING_COUNT == 256, "256 tx slots");
_Static_assert(NETIF_RX_RING_COUNT == 256, "256 rx slots");

/** Data slots one transmitted frame may use (a 64 KiB frame and one slot of slack). */
#define NETIF_TX_SLOTS_MAX 18u

/** The size of a data page: no slot's offset + size may pass it. */
#define NETIF_PAGE_SIZE 4096u

/* Bits of a tx request's flags (written by the frontend, on the frame's first slot but
 * more_data, which each data slot carries). */
#define NETTXF_csum_blank 0x1u     /* the TCP/UDP checksum is not filled (a pseudo-header sum) */
#define NETTXF_data_validated 0x2u /* the data is known good: no need to check the checksum */
#define NETTXF_more_data 0x4u      /* another data slot of this frame follows */
#define NETTXF_extra_info 0x8u     /* the next slot is a struct netif_extra_info */

/**
 * A transmit request (12 bytes at the start of a tx slot), written by the
 * frontend.
 */
struct netif_tx_request {
	uint32_t gref;   /* grant ref of the data page, granted to the backend (read only) */
	uint16_t offset; /* where the data starts in the page, bytes */
	uint16_t flags;  /* NETTXF_* */
	uint16_t id;     /* the frontend's tag of the slot, echoed in its response */
	uint16_t size;   /* first slot: the frame's whole length; others: this slot's, bytes */
};
_Static_assert(sizeof(struct netif_tx_request) == NETIF_TX_SLOT_SIZE, "tx request size");
_Static_assert(__builtin_offsetof(struct netif_tx_request, offset) == 4, "offset");
_Static_assert(__builtin_offsetof(struct netif_tx_request, flags) == 6, "offset");
_Static_assert(__builtin_offsetof(struct netif_tx_request, id) == 8, "offset");
_Static_assert(__builtin_offsetof(struct netif_tx_request, size) == 10, "offset");

/* Response status (tx responses; rx responses use the negative ones too). */
#define NETIF_RSP_DROPPED (-2) /* the frame was dropped */
#define NETIF_RSP_ERROR (-1)   /* the slot could not be used (a bad grant, no memory) */
#define NETIF_RSP_OKAY 0       /* done */
#define NETIF_RSP_NULL 1       /* the answer to an extra-info slot: nothing to say */

/** A transmit response (4 bytes of a tx slot), written by the backend. */
struct netif_tx_response {
	uint16_t id;    /* the request's id (any value for NETIF_RSP_NULL) */
	int16_t status; /* NETIF_RSP_* */
};
_Static_assert(sizeof(struct netif_tx_response) == 4, "tx response size");
_Static_assert(__builtin_offsetof(struct netif_tx_response, status) == 2, "offset");

/* Extra-info types. */
#define XEN_NETIF_EXTRA_TYPE_NONE 0      /* never valid in a slot */
#define XEN_NETIF_EXTRA_TYPE_GSO 1       /* u.gso: the frame is to be segmented */
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD 2 /* u.mcast: (feature-multicast-control) */
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL 3 /* u.mcast: (feature-multicast-control) */
#define XEN_NETIF_EXTRA_TYPE_HASH 4      /* a flow hash (feature-ctrl-ring) */
#define XEN_NETIF_EXTRA_TYPE_XDP 5       /* receive headroom (feature-xdp) */
#define XEN_NETIF_EXTRA_TYPE_MAX 6       /* types are below this */

/* Bits of an extra's flags. */
#define XEN_NETIF_EXTRA_FLAG_MORE 0x1u /* another extra slot follows this one */

/* GSO types (u.gso.type). */
#define XEN_NETIF_GSO_TYPE_NONE 0
#define XEN_NETIF_GSO_TYPE_TCPV4 1 /* TCP over IPv4 (feature-gso-tcpv4) */
#define XEN_NETIF_GSO_TYPE_TCPV6 2 /* TCP over IPv6 (feature-gso-tcpv6) */

/**
 * An extra-info slot (8 bytes): on tx written by the frontend after a
 * request with NETTXF_extra_info, on rx written by the backend after a
 * response with NETRXF_extra_info.
 */
struct netif_extra_info {
	uint8_t type;  /* XEN_NETIF_EXTRA_TYPE_*: 1..XEN_NETIF_EXTRA_TYPE_MAX - 1 */
	uint8_t flags; /* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size;     /* TCP payload bytes a segment (the MSS): not 0 */
			uint8_t type;      /* XEN_NETIF_GSO_TYPE_*, not NONE */
			uint8_t pad;       /* zero */
			uint16_t features; /* none defined: zero */
		} gso;
		struct {
			uint8_t addr[6]; /* the multicast MAC address */
		} mcast;
		uint16_t pad[3];
	} u;
};
_Static_assert(sizeof(struct netif_extra_info) == 8, "extra info size");
_Static_assert(sizeof(struct netif_extra_info) <= NETIF_TX_SLOT_SIZE, "fits a tx slot");
_Static_assert(sizeof(struct netif_extra_info) <= NETIF_RX_SLOT_SIZE, "fits an rx slot");
_Static_assert(__builtin_offsetof(struct netif_extra_info, flags) == 1, "offset");
_Static_assert(__builtin_offsetof(struct netif_extra_info, u.gso.size) == 2, "offset");
_Static_assert(__builtin_offsetof(struct netif_extra_info, u.gso.type) == 4, "offset");
_Static_assert(__builtin_offsetof(struct netif_extra_info, u.gso.features) == 6, "offset");
_Static_assert(__builtin_offsetof(struct netif_extra_info, u.mcast.addr) == 2, "offset");

/** A receive request (8 bytes of an rx slot): an empty page posted by the frontend. */
struct netif_rx_request {
	uint16_t id; /* the frontend's tag of the buffer, echoed in its response */
	uint16_t pad;
	uint32_t gref; /* grant ref of the page, granted writable to the backend */
};
_Static_assert(sizeof(struct netif_rx_request) == NETIF_RX_SLOT_SIZE, "rx request size");
_Static_assert(__builtin_offsetof(struct netif_rx_request, gref) == 4, "offset");

/* Bits of an rx response's flags (written by the backend). */
#define NETRXF_data_validated 0x01u /* the checksum need not be checked */
#define NETRXF_csum_blank 0x02u     /* the TCP/UDP checksum is not filled (pseudo-header sum) */
#define NETRXF_more_data 0x04u      /* another data slot of this frame follows */
#define NETRXF_extra_info 0x08u     /* the next slot is a struct netif_extra_info */
#define NETRXF_gso_prefix 0x10u     /* this slot is a GSO prefix (feature-gso-*-prefix; unused) */

/** A receive response (8 bytes of an rx slot), written by the backend. */
struct netif_rx_response {
	uint16_t id;     /* the request's id */
	uint16_t offset; /* where the data starts in the page, bytes */
	uint16_t flags;  /* NETRXF_* */
	int16_t status;  /* bytes written (>= 0), or NETIF_RSP_ERROR / NETIF_RSP_DROPPED */
};
_Static_assert(sizeof(struct netif_rx_response) == NETIF_RX_SLOT_SIZE, "rx response size");
_Static_assert(__builtin_offsetof(struct netif_rx_response, offset) == 2, "offset");
_Static_assert(__builtin_offsetof(struct netif_rx_response, flags) == 4, "offset");
_Static_assert(__builtin_offsetof(struct netif_rx_response, status) == 6, "offset");

/*
 * The xenstore keys of a VIF (device/vif/<handle> of the frontend,
 * backend/vif/<frontend domid>/<handle> of the backend).
 *
 * Written by the backend, before it moves to InitWait:
 *   feature-rx-copy               "1": receive copies into posted pages (the only mode)
 *   feature-sg                    "1": frames over several slots either way
 *   feature-gso-tcpv4, -tcpv6     "1": GSO frames of that type are taken on transmit
 *   feature-ipv6-csum-offload     "1": blank IPv6 checksums are taken on transmit
 *   feature-rx-notify             "1": the frontend notifies whenever it posts receive pages
 *   feature-split-event-channels  "1": a queue may have a tx and an rx event channel
 *   multi-queue-max-queues        the most queues the backend serves (decimal)
 *   mac                           the VIF's MAC, "xx:xx:xx:xx:xx:xx"
 *   handle                        the VIF's number (decimal)
 * Written by the frontend, before Connected (with one queue in its own
 * directory, with several under queue-<n>/ for n = 0..count - 1):
 *   tx-ring-ref, rx-ring-ref      grant refs of the rings (decimal)
 *   event-channel                 the queue's one port, or
 *   event-channel-tx, -rx         its two ports (split event channels)
 *   multi-queue-num-queues        queues used, 1..multi-queue-max-queues (absent: 1)
 *   request-rx-copy               "1" (required: no other receive mode is served)
 *   feature-rx-notify             "1": it notifies when it posts receive pages
 *   feature-sg, feature-gso-tcpv4, feature-gso-tcpv6, feature-ipv6-csum-offload
 *                                 what it takes on receive (absent: 0)
 *   feature-no-csum-offload       "1": it cannot take blank IPv4 checksums on receive
 *   mac                           (frontend's own key) its MAC
 */
#define NETIF_KEY_TX_RING_REF "tx-ring-ref"
#define NETIF_KEY_RX_RING_REF "rx-ring-ref"
#define NETIF_KEY_EVENT_CHANNEL "event-channel"
#define NETIF_KEY_EVENT_CHANNEL_TX "event-channel-tx"
#define NETIF_KEY_EVENT_CHANNEL_RX "event-channel-rx"
#define NETIF_KEY_NUM_QUEUES "multi-queue-num-queues"
#define NETIF_KEY_MAX_QUEUES "multi-queue-max-queues"
#define NETIF_KEY_REQUEST_RX_COPY "request-rx-copy"
#define NETIF_KEY_FEATURE_RX_COPY "feature-rx-copy"
#define NETIF_KEY_FEATURE_RX_NOTIFY "feature-rx-notify"
#define NETIF_KEY_FEATURE_SG "feature-sg"
#define NETIF_KEY_FEATURE_GSO_TCPV4 "feature-gso-tcpv4"
#define NETIF_KEY_FEATURE_GSO_TCPV6 "feature-gso-tcpv6"
#define NETIF_KEY_FEATURE_IPV6_CSUM "feature-ipv6-csum-offload"
#define NETIF_KEY_FEATURE_NO_CSUM "feature-no-csum-offload"
#define NETIF_KEY_FEATURE_SPLIT_EVTCHN "feature-split-event-channels"
#define NETIF_KEY_MAC "mac"
#define NETIF_KEY_HANDLE "handle"

#endif
