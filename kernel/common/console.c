// SPDX-License-Identifier: MIT
/*
 * The console: formatted lines of the core and line-buffered output of
 * domains, all on one serial line.
 *
 * Locking: console_lock serialises whole lines on the serial line and
 * protects every struct console_line. It is a leaf lock.
 */
#include <arch.h>
#include <console.h>
#include <lib.h>
#include <spinlock.h>

static struct spinlock console_lock = SPINLOCK_INIT;
static int panicking;

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
	console_write_raw(s, strlen(s));
}

/* Print the line as "(dN) ..." and empty it; console_lock held. */
static void emit_line(struct console_line *line, uint16_t domid)
{
	char prefix[16];

	spin_assert_held(&console_lock);
	snprintf(prefix, sizeof(prefix), "(d%u) ", domid);
	line->buf[line->len++] = '\n';
	put_raw(prefix, strlen(prefix));
	put_raw(line->buf, line->len);
	line->len = 0;
}

void console_domain_write(struct console_line *line, uint16_t domid, const char *s, size_t n)
{
	spin_lock(&console_lock);
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
	spin_unlock(&console_lock);
}

void console_domain_flush(struct console_line *line, uint16_t domid)
{
	spin_lock(&console_lock);
	if (line->len) {
		emit_line(line, domid);
	}
	spin_unlock(&console_lock);
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
