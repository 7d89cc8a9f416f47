// SPDX-License-Identifier: MIT
/* Shared by the xenstore test guests: connecting, who we are, waiting for watch callbacks. */
#include <abi/errno.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/loop.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "xs_test.h"

/* Set on the boot vCPU by the first xs_test_up. */
static bool xs_tried;
static bool xs_ok;

/* Any answer of the store (a value or an error) shows the connection works. */
static bool xs_test_connect(void)
{
	char value[32];
	long rc;

	xenbus_set_timeout_ms(XS_TEST_CONNECT_SECONDS * 1000u);
	rc = xenbus_read(XENBUS_TX_NONE, "domid", value, sizeof(value));
	xenbus_set_timeout_ms(XS_TEST_TIMEOUT_MS);
	test_context("first request: %ld", rc);
	return CHECK(rc != -XEN_EIO && rc != -XEN_ENODEV);
}

bool xs_test_up(void)
{
	if (xs_tried) {
		return xs_ok;
	}
	xs_tried = true;
	if (!xen_test_events_up()) {
		return false;
	}
	if (!CHECK_EQ(xenbus_init(), 0)) {
		return false;
	}
	xs_ok = xs_test_connect();
	return xs_ok;
}

unsigned long xs_test_bootarg(const char *key, unsigned long fallback)
{
	const char *args = dt_bootargs();
	size_t key_len = strlen(key);
	const char *at = args;
	char *end;
	unsigned long value;

	/* The key must start a word: "peer=" is not inside "xpeer=". */
	while (at != NULL && (at = strstr(at, key)) != NULL) {
		if ((at == args || at[-1] == ' ') && at[key_len] == '=') {
			break;
		}
		at += key_len;
	}
	if (at == NULL) {
		return fallback;
	}
	value = strtoul(at + key_len + 1, &end, 10);
	return end == at + key_len + 1 ? fallback : value;
}

domid_t xs_test_self(void)
{
	unsigned long id = xs_test_bootarg("domid", DOMID_INVALID);
	char value[16];
	char *end;

	if (id < DOMID_FIRST_RESERVED) {
		return (domid_t)id;
	}
	if (xenbus_read(XENBUS_TX_NONE, "domid", value, sizeof(value)) > 0) {
		id = strtoul(value, &end, 10);
		if (*end == '\0' && id < DOMID_FIRST_RESERVED) {
			return (domid_t)id;
		}
	}
	return DOMID_INVALID;
}

void xs_test_home_of(domid_t domid, char *buf, size_t size)
{
	snprintf(buf, size, "/local/domain/%u", (unsigned int)domid);
}

bool xs_test_serve(loop_cond_fn cond, void *arg, unsigned int ms)
{
	return loop_serve_until(cond, arg, loop_deadline_ns(ms * 1000000ull)) == 1;
}

static bool xs_never(void *unused)
{
	(void)unused;
	return false;
}

void xs_test_serve_for(unsigned int ms)
{
	(void)xs_test_serve(xs_never, NULL, ms);
}
