/* SPDX-License-Identifier: MIT */
/*
 * The console service: back end of every domain's PV console ring and sole
 * writer of the serial line.
 *
 * The caller (the console domain's main) owns a struct console_service,
 * maps each domain's ring page, and calls in on three occasions:
 *
 *   - a console event from a guest, or a timer at console_service_deadline():
 *     console_service_poll(), again while it returns true;
 *   - bytes read from the serial line: console_input();
 *   - a domain appears or goes: console_service_add() / console_service_remove().
 *
 * Every call that consumed a guest's output or produced input for it ends
 * with ops->notify(ctx, domid), once a domain, for the caller to signal that
 * domain's event channel. Polls and input take the current time in
 * nanoseconds from any monotonic clock; nothing here reads a clock.
 *
 * The domain with the input focus gets a real terminal, as `xl console`
 * gives: its output reaches the serial line as it wrote it, untagged, escape
 * sequences, "\r" and "\b" included, so line editing, colours and
 * full-screen programs work (raw.c). Every other domain's output becomes
 * whole lines, each prefixed "(d<domid>) " as the core tags its own lines,
 * with only printable ASCII and tabs kept, so no domain without the input
 * can drive the terminal (lines.c); those lines go out as they come, between
 * the holder's output, since the serial line is the machine's only log.
 * Before any text that is not the holder's (another domain's line, a notice
 * of the service's own, the next holder's output), the terminal is brought
 * back to its defaults at the start of a line (term.c): an escape sequence
 * of the holder's is never split, and its colours or modes never spill
 * over. Lines end with "\n" alone (the sink adds any "\r" the terminal
 * wants). A guest can only ever stop its own console: a ring that breaks its
 * index contract marks that domain broken, reported once on the serial line
 * and in its statistics, and the service leaves that ring alone.
 *
 * A domain holding DOMAIN_RIGHT_TOOLSTACK may, while it holds the input,
 * move the input to another domain with the request of
 * abi/console_focus.h in its output (`xl console DOM`).
 *
 * Locking: none. The caller serialises every call on one service.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <abi/console_ring.h>
#include <libos/byte_ring.h>
#include "term.h"

#define CONSOLE_NAME_MAX 16u /* with the terminating NUL */

/* Text of one serial line, tag and "\n" excepted; a longer guest line is cut into several. */
#define CONSOLE_LINE_MAX 256u

/* Bytes one poll takes from each domain's ring: a flooding guest waits for its next turn. */
#define CONSOLE_POLL_BUDGET 256u

/* A partial line (a prompt, say) reaches the serial line once its oldest byte is this old. */
#define CONSOLE_PARTIAL_NS 50000000ull

/* Held Ctrl-a's older than this are delivered as typed instead of counting towards a switch. */
#define CONSOLE_ESCAPE_NS 1000000000ull

/* The serial input byte that, three in a row, moves the input focus to the next domain. */
#define CONSOLE_ESCAPE_CHAR 0x01

#define CONSOLE_NO_DOMAIN (-1)

/** What the service needs from its caller. Both callbacks are required. */
struct console_ops {
	/* Writes len bytes to the serial line; must take them all. */
	void (*serial_write)(void *ctx, const char *buf, size_t len);
	/* The service changed domid's ring indexes: signal its event channel. */
	void (*notify)(void *ctx, uint16_t domid);
	void *ctx;
};

/** Per-domain counters, for the caller to log. */
struct console_stats {
	uint64_t bytes_out;     /* bytes taken from the guest's output ring */
	uint64_t lines;         /* serial lines begun with this domain's tag */
	uint64_t bytes_in;      /* serial input bytes put in the guest's input ring */
	uint64_t input_dropped; /* serial input bytes lost: ring full, or console broken */
	bool broken;            /* the guest broke its ring; the service no longer touches it */
};

/* Everything below is the service's own state: read it through the functions only. */

/* The service's ends of the guest's two rings: our index copies and the guest's last seen. */
struct console_indexes {
	struct byte_ring out; /* we consume */
	struct byte_ring in;  /* we produce */
};

/*
 * Output of one domain not yet on the serial line: text of its tagged line,
 * or for the input holder, the escape sequence it has not finished yet.
 */
struct console_line {
	char buf[CONSOLE_LINE_MAX];
	uint32_t len;   /* bytes in buf */
	uint32_t shown; /* bytes of this line already on the serial line, untagged continuation */
	uint64_t since_ns; /* when buf[0] arrived */
};

struct console_domain {
	volatile struct console_ring *ring; /* NULL: the slot is free */
	uint16_t domid;
	uint32_t rights; /* DOMAIN_RIGHT_* it holds (abi/domain_info.h) */
	bool notify;     /* ops->notify owed at the end of the current call */
	char name[CONSOLE_NAME_MAX];
	struct console_indexes idx;
	struct console_line line;
	struct console_stats stats;
};

struct console_service {
	struct console_ops ops;
	struct console_domain *dom; /* dom_count slots, from the heap; a free one has no ring */
	uint32_t dom_count;         /* grows by doubling as consoles come, up to dom_limit */
	uint32_t dom_limit;
	int focus; /* slot receiving serial input, whose output is raw; or CONSOLE_NO_DOMAIN */
	/* Slot whose output ends the serial line as it stands (its tagged partial line, or the
	 * holder's raw output needing term_restore), or CONSOLE_NO_DOMAIN. */
	int owner;
	struct console_term term; /* the terminal as the holder's raw output leaves it */
	uint32_t next;            /* slot that goes first in the next poll */
	uint32_t escapes;         /* Ctrl-a's held back, 0..2 */
	uint64_t escape_ns;       /* when the last held Ctrl-a arrived */
};

/**
 * Start with no domains and no focus, serving at most limit domains at once
 * (the caller sizes it from its memory). ops is copied. The table of
 * consoles comes from the heap as domains are added: console_service_free
 * gives it back.
 */
void console_service_init(struct console_service *svc, const struct console_ops *ops,
			  uint32_t limit);

/** Give back the table of consoles; svc is then as after init with no domain added. */
void console_service_free(struct console_service *svc);

/**
 * Attach domid's console. ring is its mapped ring page, used until
 * console_service_remove(); the indexes found in it are where the service
 * starts. name (truncated, unprintable bytes replaced) appears in focus
 * notices. rights are the DOMAIN_RIGHT_* domid holds: DOMAIN_RIGHT_TOOLSTACK
 * lets it move the input (abi/console_focus.h). The first domain added while
 * no domain has the focus gets it.
 * Returns 0, -EINVAL for a NULL ring or name, -EEXIST if domid is already
 * attached, -ENOSPC when the limit of domains is, -ENOMEM when the heap has
 * no room for a larger table.
 */
int console_service_add(struct console_service *svc, uint16_t domid, const char *name,
			uint32_t rights, volatile struct console_ring *ring);

/**
 * Detach domid's console: its partial line is ended on the serial line (what
 * is still in its ring is left there; if it held the input, an escape
 * sequence it had not finished is dropped and the terminal restored), and
 * the focus moves to the next domain if it had it. The service no longer
 * touches the ring page afterwards. Returns 0, or -ENOENT if domid is not
 * attached.
 */
int console_service_remove(struct console_service *svc, uint16_t domid);

/**
 * One round of output: takes up to CONSOLE_POLL_BUDGET bytes from each
 * domain's ring in turn, writes out the input holder's output and what became
 * whole lines of the others, then partial lines that have waited
 * CONSOLE_PARTIAL_NS, and delivers held Ctrl-a's older
 * than CONSOLE_ESCAPE_NS. Returns true if some ring still holds output, so the
 * caller should poll again (other work may come first: nothing waits).
 */
bool console_service_poll(struct console_service *svc, uint64_t now_ns);

/**
 * The time at which console_service_poll() has something to do even without
 * an event (a partial line or a held Ctrl-a comes due), or UINT64_MAX.
 */
uint64_t console_service_deadline(const struct console_service *svc);

/** Copy domid's counters to *out. Returns 0, or -ENOENT if domid is not attached. */
int console_service_stats(const struct console_service *svc, uint16_t domid,
			  struct console_stats *out);

/**
 * Bytes typed on the serial line, delivered as typed to the domain with the
 * focus. Three CONSOLE_ESCAPE_CHAR in a row move the focus to the next domain
 * in domid order, skipping broken consoles and cycling, and say so on the
 * serial line; fewer, followed by another byte, are delivered before it.
 * Everything else goes as typed, escape sequences (a terminal's answers to
 * the holder's queries, arrow keys) included. Input that does not fit in
 * the focus domain's ring is dropped and counted, never waited for.
 */
void console_input(struct console_service *svc, const char *bytes, size_t len, uint64_t now_ns);

/** The domid serial input goes to, or CONSOLE_NO_DOMAIN. */
int console_input_focus(const struct console_service *svc);

#endif
