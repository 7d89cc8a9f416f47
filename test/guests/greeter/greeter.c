// SPDX-License-Identifier: MIT
/*
 * The demo's small guest: it writes through its PV console (so the console
 * domain tags its lines) and keeps a greeting in xenstore, reads it back and
 * says what the store holds for it, then powers off.
 */
#include <libos/dt.h>
#include <libos/pvconsole.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "../xen_common/xen_test.h"

int main(void)
{
	const char *args = dt_bootargs();
	char value[64];
	long rc;

	if (!xen_test_events_up()) {
		return 1;
	}
	if (pvconsole_init() != 0) {
		printf("greeter: no PV console; writing through console_io\n");
	}
	rc = xenbus_init();
	if (rc == 0) {
		rc = xenbus_write(XENBUS_TX_NONE, "data/greeting", args ? args : "hello");
	}
	if (rc == 0) {
		rc = xenbus_read(XENBUS_TX_NONE, "data/greeting", value, sizeof(value));
	}
	if (rc < 0) {
		printf("greeter: the store did not answer (%ld)\n", rc);
		return 1;
	}
	printf("greeter: the store keeps \"%s\" for me at data/greeting\n", value);
	return 0;
}
