// SPDX-License-Identifier: MIT
/*
 * The console: formatted lines of the core and line-buffered output of
 * domains, all on one serial line.
 *
 * A domain's output reaches the line a whole line at a time, so the serial
 * line and console_lock are held for one line, never for a whole write; and
 * within a budget (console.h), so no domain keeps the line for itself. The
 * console domain writes raw: it is the line's owner.
 *
 * The core's own lines are also kept in a ring of the last CONSOLE_LOG_BYTES,
 * which a toolstack reads (xl dmesg).
 *
 * Locking: a domain's line lock (struct console_line) protects its line and
 * budget, and is taken before console_lock. console_lock serialises lines on
 * the serial line and protects the log ring; it is a leaf lock.
 */
#include <arch.h>
#include <console.h>
#include <lib.h>
#include <spinlock.h>

static struct spinlock console_lock = SPINLOCK_INIT;
static int panicking;
static char log_ring[CONSOLE_LOG_BYTES];
static uint64_t log_end; /* bytes ever logged; the ring holds the last of them */

static void put_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			arch_console_putc('\r');
		}
		arch_console_putc(s[i]);
	}
}

void console_write_raw(const char *s, size_t n)
{
	spin_lock(&console_lock);
	put_raw(s, n);
	spin_unlock(&console_lock);
}

void console_puts(const char *s)
{
	size_t n = strlen(s);

	spin_lock(&console_lock);
	put_raw(s, n);
	for (size_t i = 0; i < n; i++) {
		log_ring[log_end++ % CONSOLE_LOG_BYTES] = s[i];
	}
	spin_unlock(&console_lock);
}

uint32_t console_log_read(uint64_t *from, char *out, uint32_t size)
{
	uint32_t n = 0;

	spin_lock(&console_lock);
	*from = MIN(MAX(*from, log_end - MIN(log_end, CONSOLE_LOG_BYTES)), log_end);
	for (; n < size && *from + n < log_end; n++) {
		out[n] = log_ring[(*from + n) % CONSOLE_LOG_BYTES];
	}
	spin_unlock(&console_lock);
	return n;
}

/* Pay down what the domain owes for the time gone by; line lock held. */
static void repay(struct console_line *line)
{
	uint64_t now = arch_now_ns(), periods;

	spin_assert_held(&line->lock);
	/* Another pCPU's clock a little behind the stamp: no time has passed. */
	periods = now > line->stamp ? (now - line->stamp) / CONSOLE_PERIOD_NS : 0;
	line->owed -= MIN(line->owed, MIN(periods, CONSOLE_BURST) * CONSOLE_RATE);
	line->stamp += periods * CONSOLE_PERIOD_NS;
}

/* Whether the domain's budget has room for n more bytes, and if so take them. */
static bool charge(struct console_line *line, uint64_t n)
{
	repay(line);
	if (line->owed + n > CONSOLE_BURST) {
		return false;
	}
	line->owed += n;
	return true;
}

/* Print the note of what was dropped, if anything, then "(dN) text" if any. */
static void put_tagged(uint16_t domid, const char *text, size_t n, uint64_t dropped)
{
	char prefix[48];

	spin_lock(&console_lock);
	if (dropped) {
		snprintf(prefix, sizeof(prefix), "(d%u) [%lu bytes dropped]\n", domid,
			 (unsigned long)dropped);
		put_raw(prefix, strlen(prefix));
	}
	if (n) {
		snprintf(prefix, sizeof(prefix), "(d%u) ", domid);
		put_raw(prefix, strlen(prefix));
		put_raw(text, n);
	}
	spin_unlock(&console_lock);
}

/* Print the line as "(dN) ..." if the budget allows, else count it dropped; empty
 * it. The line lock held: console_lock is held for this one line only. */
static void emit_line(struct console_line *line, uint16_t domid)
{
	spin_assert_held(&line->lock);
	line->buf[line->len++] = '\n';
	if (charge(line, line->len + (line->dropped ? CONSOLE_NOTE_BYTES : 0))) {
		put_tagged(domid, line->buf, line->len, line->dropped);
		line->dropped = 0;
	} else {
		line->dropped += line->len;
	}
	line->len = 0;
}

void console_domain_write(struct console_line *line, uint16_t domid, const char *s, size_t n)
{
	spin_lock(&line->lock);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			emit_line(line, domid);
			continue;
		}
		if (c == '\r') {
			continue;
		}
		if ((c < 0x20 && c != '\t') || c > 0x7e) {
			c = '?';
		}
		line->buf[line->len++] = c;
		if (line->len == CONSOLE_LINE_MAX - 1) {
			emit_line(line, domid);
		}
	}
	spin_unlock(&line->lock);
}

void console_domain_flush(struct console_line *line, uint16_t domid)
{
	spin_lock(&line->lock);
	if (line->len) {
		emit_line(line, domid);
	}
	if (line->dropped) { /* its last words: say what was lost, budget or not */
		put_tagged(domid, "", 0, line->dropped);
		line->dropped = 0;
	}
	spin_unlock(&line->lock);
}

void log_info(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	memcpy(buf, "tessera: ", 9);
	va_start(ap, fmt);
	vsnprintf(buf + 9, sizeof(buf) - 10, fmt, ap);
	va_end(ap);
	strlcpy(buf + strlen(buf), "\n", 2);
	console_puts(buf);
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_ACQ_REL)) {
		arch_system_off();
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Do not wait for the lock: its holder may be the one that failed. */
	put_raw("tessera: PANIC on CPU ", strlen("tessera: PANIC on CPU "));
	arch_console_putc((char)('0' + arch_cpu_index() % 10));
	put_raw(": ", 2);
	put_raw(buf, strlen(buf));
	put_raw("\ntessera: powering off\n", strlen("\ntessera: powering off\n"));
	arch_system_off();
}
