// SPDX-License-Identifier: MIT
/*
 * Turning each domain's output into tagged lines on the one serial line.
 *
 * A domain's bytes wait in its struct console_line until a newline, a full
 * line or CONSOLE_PARTIAL_NS. Who wrote last is tracked in svc->owner: only
 * while a domain's partial line is still the end of the serial line may its
 * next bytes follow untagged, so prompts and typed echo read naturally; any
 * other writer first ends that serial line, and the domain's continuation
 * then starts a tagged line of its own. The input holder's output is not
 * made into lines (raw.c); what it leaves open is ended by lines_break() too.
 */
#include <string.h>
#include <stdio.h>
#include "lines.h"
#include "raw.h"

/* The tag, the text, and the "\n". */
#define TAG_MAX 16u
#define EMIT_MAX (TAG_MAX + CONSOLE_LINE_MAX + 1u)

static int slot_of(const struct console_service *svc, const struct console_domain *d)
{
	return (int)(d - svc->dom);
}

static void serial(struct console_service *svc, const char *buf, size_t len)
{
	svc->ops.serial_write(svc->ops.ctx, buf, len);
}

/*
 * Only printable ASCII and tabs reach the terminal as they are: any other
 * byte could move the cursor over another domain's text or its own tag, or
 * drive the terminal.
 */
static char shown_as(unsigned char c)
{
	if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
		return (char)c;
	}
	return '?';
}

/* Text d may still add to the serial line it is on before that line is full. */
static uint32_t room(const struct console_service *svc, const struct console_domain *d)
{
	if (svc->owner == slot_of(svc, d)) {
		return CONSOLE_LINE_MAX - d->line.shown;
	}
	return CONSOLE_LINE_MAX;
}

/*
 * Place in out what must precede d's text: nothing when d continues its own
 * partial line, else d's tag, once whatever another writer left open is ended.
 */
static size_t line_start(struct console_service *svc, struct console_domain *d, char *out,
			 size_t size)
{
	size_t n = 0;
	int tag;

	if (svc->owner == slot_of(svc, d)) {
		return 0;
	}
	lines_break(svc);
	tag = snprintf(out, size, "(d%u) ", (unsigned int)d->domid);
	if (tag > 0) {
		n += (size_t)tag;
	}
	d->line.shown = 0;
	d->stats.lines++;
	svc->owner = slot_of(svc, d);
	return n;
}

/* Write d's buffered text in one piece, ending the serial line if end. */
static void emit(struct console_service *svc, struct console_domain *d, bool end)
{
	char out[EMIT_MAX];
	size_t n = line_start(svc, d, out, TAG_MAX);

	memcpy(out + n, d->line.buf, d->line.len);
	n += d->line.len;
	d->line.shown += d->line.len;
	d->line.len = 0;
	if (end) {
		out[n++] = '\n';
		d->line.shown = 0;
		svc->owner = CONSOLE_NO_DOMAIN;
	}
	serial(svc, out, n);
}

/* Every '\r' goes: "\r\n" is a newline, and a lone '\r' would let text overwrite the tag. */
static void put_one(struct console_service *svc, struct console_domain *d, unsigned char c,
		    uint64_t now_ns)
{
	if (c == '\r') {
		return;
	}
	if (c == '\n') {
		emit(svc, d, true);
		return;
	}
	if (d->line.len == 0) {
		d->line.since_ns = now_ns;
	}
	d->line.buf[d->line.len++] = shown_as(c);
	if (d->line.len >= room(svc, d)) {
		emit(svc, d, true);
	}
}

void lines_put(struct console_service *svc, struct console_domain *d, const char *bytes, uint32_t n,
	       uint64_t now_ns)
{
	for (uint32_t i = 0; i < n; i++) {
		put_one(svc, d, (unsigned char)bytes[i], now_ns);
	}
}

void lines_flush_due(struct console_service *svc, struct console_domain *d, uint64_t now_ns)
{
	if (d->line.len > 0 && now_ns - d->line.since_ns >= CONSOLE_PARTIAL_NS) {
		emit(svc, d, false);
	}
}

uint64_t lines_due(const struct console_domain *d)
{
	if (d->line.len == 0) {
		return UINT64_MAX;
	}
	if (d->line.since_ns > UINT64_MAX - CONSOLE_PARTIAL_NS) {
		return UINT64_MAX;
	}
	return d->line.since_ns + CONSOLE_PARTIAL_NS;
}

void lines_end(struct console_service *svc, struct console_domain *d)
{
	if (svc->focus == slot_of(svc, d)) {
		raw_leave(svc, d);
		return;
	}
	if (d->line.len > 0 || svc->owner == slot_of(svc, d)) {
		emit(svc, d, true);
	}
}

void lines_break(struct console_service *svc)
{
	if (svc->owner == CONSOLE_NO_DOMAIN) {
		return;
	}
	if (svc->owner == svc->focus) {
		raw_park(svc);
		return;
	}
	serial(svc, "\n", 1);
	svc->owner = CONSOLE_NO_DOMAIN;
}

void lines_notice(struct console_service *svc, const char *text)
{
	lines_break(svc);
	serial(svc, text, strlen(text));
	serial(svc, "\n", 1);
}
