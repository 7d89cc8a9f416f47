// SPDX-License-Identifier: MIT
/* What every console service test shares: a captured serial line, guest ring pages, notifications.
 */
#include <string.h>
#include "fixture.h"

struct console_service svc;
struct console_ring rings[FIXTURE_RINGS] __attribute__((aligned(4096)));

static char serial[FIXTURE_SERIAL_MAX + 1];
static size_t serial_len;
static unsigned int notified[65536];

static void capture(void *ctx, const char *buf, size_t len)
{
	assert_ptr_equal(ctx, &svc);
	assert_true(len > 0);
	assert_true(serial_len + len <= FIXTURE_SERIAL_MAX);
	memcpy(serial + serial_len, buf, len);
	serial_len += len;
	serial[serial_len] = '\0';
}

static void notify(void *ctx, uint16_t domid)
{
	assert_ptr_equal(ctx, &svc);
	notified[domid]++;
}

int fixture_setup(void **state)
{
	struct console_ops ops = { .serial_write = capture, .notify = notify, .ctx = &svc };

	(void)state;
	memset(rings, 0, sizeof(rings));
	memset(notified, 0, sizeof(notified));
	serial_clear();
	console_service_free(&svc); /* the previous test's table */
	console_service_init(&svc, &ops, FIXTURE_DOMAINS);
	return 0;
}

int fixture_setup_held(void **state)
{
	static struct console_ring holder_ring __attribute__((aligned(4096)));

	fixture_setup(state);
	memset(&holder_ring, 0, sizeof(holder_ring));
	assert_int_equal(console_service_add(&svc, FIXTURE_HOLDER, "keys", 0, &holder_ring), 0);
	assert_int_equal(console_input_focus(&svc), FIXTURE_HOLDER);
	serial_clear();
	return 0;
}

void fixture_add(uint16_t domid, const char *name, unsigned int ring)
{
	assert_int_equal(console_service_add(&svc, domid, name, 0, &rings[ring]), 0);
	serial_clear();
}

void fixture_add_rights(uint16_t domid, const char *name, uint32_t rights, unsigned int ring)
{
	assert_int_equal(console_service_add(&svc, domid, name, rights, &rings[ring]), 0);
	serial_clear();
}

const char *serial_text(void)
{
	return serial;
}

void serial_clear(void)
{
	serial_len = 0;
	serial[0] = '\0';
}

unsigned int fixture_notified(uint16_t domid)
{
	unsigned int n = notified[domid];

	notified[domid] = 0;
	return n;
}

void guest_write(unsigned int ring, const char *s, size_t len)
{
	struct console_ring *r = &rings[ring];

	assert_true(len <= CONSOLE_RING_OUT_SIZE - (uint32_t)(r->out_prod - r->out_cons));
	for (size_t i = 0; i < len; i++) {
		r->out[(r->out_prod + i) % CONSOLE_RING_OUT_SIZE] = s[i];
	}
	r->out_prod += (uint32_t)len;
}

void guest_puts(unsigned int ring, const char *s)
{
	guest_write(ring, s, strlen(s));
}

size_t guest_read(unsigned int ring, char *buf, size_t size)
{
	struct console_ring *r = &rings[ring];
	size_t n = 0;

	while (r->in_cons != r->in_prod && n < size) {
		buf[n++] = r->in[r->in_cons % CONSOLE_RING_IN_SIZE];
		r->in_cons++;
	}
	return n;
}

unsigned int serial_count(const char *needle)
{
	unsigned int n = 0;

	for (const char *p = strstr(serial, needle); p != NULL; p = strstr(p + 1, needle)) {
		n++;
	}
	return n;
}
