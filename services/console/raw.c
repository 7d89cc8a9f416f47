// SPDX-License-Identifier: MIT
/*
 * The input holder's output: to the terminal as written, escape sequences
 * whole.
 *
 * Text goes out at once. An escape sequence is held back in the holder's
 * line buffer until its final byte has come, so that another domain's line
 * or a notice, which may be written between two polls of the holder's ring,
 * never lands inside it. A sequence longer than the buffer (a long OSC
 * string) goes out as it comes; should someone else write before it ends,
 * term_restore() cancels it on the terminal with CAN and the rest of it is
 * dropped.
 *
 * A complete sequence that is a focus request (abi/console_focus.h) is the
 * toolstack talking to this service, not to the terminal: it is acted on,
 * or refused with a notice, and never written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <abi/console_focus.h>
#include <abi/domain_info.h>
#include <abi/hypercall.h>
#include "input.h"
#include "lines.h"
#include "raw.h"

#define PREFIX_LEN (sizeof(CONSOLE_FOCUS_PREFIX) - 1u)
#define END_LEN (sizeof(CONSOLE_FOCUS_END) - 1u)

/* Bytes written in one piece: a poll's budget of text and a held sequence. */
#define RAW_OUT_MAX (CONSOLE_POLL_BUDGET + CONSOLE_LINE_MAX)

struct raw_out {
	char buf[RAW_OUT_MAX];
	size_t len;
};

static int slot_of(const struct console_service *svc, const struct console_domain *d)
{
	return (int)(d - svc->dom);
}

/* Write what gathered; d owns the end of the line while the terminal needs undoing. */
static void flush(struct console_service *svc, struct console_domain *d, struct raw_out *o)
{
	if (o->len == 0) {
		return;
	}
	if (svc->owner != slot_of(svc, d)) {
		lines_break(svc);
	}
	svc->ops.serial_write(svc->ops.ctx, o->buf, o->len);
	o->len = 0;
	svc->owner = term_dirty(&svc->term) ? slot_of(svc, d) : CONSOLE_NO_DOMAIN;
}

static void add(struct console_service *svc, struct console_domain *d, struct raw_out *o,
		const char *bytes, size_t n)
{
	if (o->len + n > sizeof(o->buf)) {
		flush(svc, d, o);
	}
	memcpy(o->buf + o->len, bytes, n);
	o->len += n;
}

/* The held bytes go out as they are (the terminal ends or abandons them itself). */
static void release(struct console_service *svc, struct console_domain *d, struct raw_out *o)
{
	add(svc, d, o, d->line.buf, d->line.len);
	d->line.len = 0;
}

/* A byte of an unfinished sequence: held back, or written once the sequence outgrew the buffer. */
static void hold(struct console_service *svc, struct console_domain *d, struct raw_out *o, char c)
{
	struct console_term *t = &svc->term;

	if (t->skip) {
		return;
	}
	if (!t->open && d->line.len == CONSOLE_LINE_MAX) {
		release(svc, d, o);
		t->open = true;
		/* Its effect is unknown unless it is a string (a title, say): undo everything. */
		if (t->state != TERM_STRING && t->state != TERM_STRING_ESC) {
			t->changed |= TERM_ALL;
		}
	}
	if (t->open) {
		add(svc, d, o, &c, 1);
		return;
	}
	d->line.buf[d->line.len++] = c;
}

/*
 * Whether seq[0..len) is a focus request: 0 if not, 1 with *domid if it is a
 * good one, -EINVAL if it starts as one but is not (it is swallowed all the same).
 */
static int focus_parse(const char *seq, uint32_t len, uint16_t *domid)
{
	uint32_t digits;
	uint32_t value = 0;

	if (len < PREFIX_LEN || memcmp(seq, CONSOLE_FOCUS_PREFIX, PREFIX_LEN) != 0) {
		return 0;
	}
	if (len < PREFIX_LEN + END_LEN + 1u ||
	    memcmp(seq + len - END_LEN, CONSOLE_FOCUS_END, END_LEN) != 0) {
		return -EINVAL;
	}
	digits = len - (uint32_t)(PREFIX_LEN + END_LEN);
	if (digits > CONSOLE_FOCUS_DIGITS_MAX) {
		return -EINVAL;
	}
	if (digits > 1u && seq[PREFIX_LEN] == '0') {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < digits; i++) {
		char c = seq[PREFIX_LEN + i];

		if (c < '0' || c > '9') {
			return -EINVAL;
		}
		value = value * 10u + (uint32_t)(c - '0');
	}
	if (value >= DOMID_FIRST_RESERVED) {
		return -EINVAL;
	}
	*domid = (uint16_t)value;
	return 1;
}

static void refuse(struct console_service *svc, const struct console_domain *d, const char *why)
{
	char notice[96];

	snprintf(notice, sizeof(notice), "[console: d%u (%s) %s; ignored]", (unsigned int)d->domid,
		 d->name, why);
	lines_notice(svc, notice);
}

/* d's sequence in its line buffer is complete: act on it if it is a request, else write it. */
static void sequence(struct console_service *svc, struct console_domain *d, struct raw_out *o)
{
	uint16_t domid = 0;
	int req = focus_parse(d->line.buf, d->line.len, &domid);

	if (req == 0) {
		term_sequence(&svc->term, d->line.buf, d->line.len);
		release(svc, d, o);
		return;
	}
	d->line.len = 0;
	flush(svc, d, o); /* what d wrote before the request comes before the answer */
	if ((d->rights & DOMAIN_RIGHT_TOOLSTACK) == 0) {
		refuse(svc, d, "may not move the input");
	} else if (req < 0) {
		refuse(svc, d, "sent a bad focus request");
	} else {
		(void)console_input_request(svc, domid);
	}
}

/* The last byte of a sequence, or CAN/SUB abandoning it. */
static void finish(struct console_service *svc, struct console_domain *d, struct raw_out *o, char c,
		   bool complete)
{
	struct console_term *t = &svc->term;

	if (t->skip) {
		t->skip = false;
		return;
	}
	if (!t->open && d->line.len < CONSOLE_LINE_MAX) {
		d->line.buf[d->line.len++] = c;
		if (complete) {
			sequence(svc, d, o);
		} else {
			release(svc, d, o);
		}
		return;
	}
	/* A sequence too long to hold ends: its last byte follows the rest out. */
	hold(svc, d, o, c);
	t->open = false;
	t->mid_line = true;
}

static void put_one(struct console_service *svc, struct console_domain *d, struct raw_out *o,
		    char c)
{
	struct console_term *t = &svc->term;

	switch (term_feed(t, (unsigned char)c)) {
	case TERM_TEXT:
		add(svc, d, o, &c, 1);
		break;
	case TERM_SEQ_BEGIN:
		/* This ESC abandons any unfinished sequence, on the terminal too. */
		t->open = false;
		t->skip = false;
		release(svc, d, o);
		hold(svc, d, o, c);
		break;
	case TERM_SEQ_MORE:
		hold(svc, d, o, c);
		break;
	case TERM_SEQ_END:
		finish(svc, d, o, c, true);
		break;
	case TERM_SEQ_ABORT:
		finish(svc, d, o, c, false);
		break;
	}
}

void raw_put(struct console_service *svc, struct console_domain *d, const char *bytes, uint32_t n,
	     uint64_t now_ns)
{
	struct raw_out o = { .len = 0 };

	for (uint32_t i = 0; i < n; i++) {
		if (svc->focus != slot_of(svc, d)) {
			/* d's request moved the input away: the rest is tagged lines. */
			lines_put(svc, d, bytes + i, n - i, now_ns);
			return;
		}
		put_one(svc, d, &o, bytes[i]);
	}
	flush(svc, d, &o);
}

void raw_park(struct console_service *svc)
{
	char restore[TERM_RESTORE_MAX];
	size_t n = term_restore(&svc->term, restore);

	if (n > 0) {
		svc->ops.serial_write(svc->ops.ctx, restore, n);
	}
	svc->owner = CONSOLE_NO_DOMAIN;
}

void raw_leave(struct console_service *svc, struct console_domain *d)
{
	d->line.len = 0;
	if (svc->owner == slot_of(svc, d)) {
		raw_park(svc);
	}
	memset(&svc->term, 0, sizeof(svc->term));
}
