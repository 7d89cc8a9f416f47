// SPDX-License-Identifier: MIT
/*
 * A boot domain's PV device entries seen from the frontend: the toolstack that
 * controls it wrote them from its boot configuration's disk and vif when it
 * started. Bootargs "domid=N backend=B": this domain and the back end named.
 * The domain reads its own directories and the back end's, which it may read
 * and not write, and may write its own.
 */
#include <abi/errno.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "xs_test.h"

/* The toolstack writes the entries after it has introduced us: wait for them, bounded. */
#define ENTRIES_WAIT_MS 30000u
#define POLL_MS 100u
#define VALUE_MAX 128

static bool read_value(const char *path, char *buf)
{
	return xenbus_read(XENBUS_TX_NONE, path, buf, VALUE_MAX) >= 0;
}

/* The last node the toolstack writes for this domain: its vif's bridge, in the back end's dir. */
static bool entries_written(void)
{
	char backend[VALUE_MAX], path[VALUE_MAX + 16], bridge[VALUE_MAX];

	if (!read_value("device/vif/0/backend", backend)) {
		return false;
	}
	snprintf(path, sizeof(path), "%s/bridge", backend);
	return read_value(path, bridge);
}

static bool wait_entries(void)
{
	for (unsigned int waited = 0; waited < ENTRIES_WAIT_MS; waited += POLL_MS) {
		if (entries_written()) {
			return true;
		}
		xs_test_serve_for(POLL_MS);
	}
	return entries_written();
}

/* path reads as want. */
static void check_value(const char *path, const char *want)
{
	char got[VALUE_MAX] = "";

	test_context("reading %s", path);
	CHECK(read_value(path, got));
	CHECK_EQ(strcmp(got, want), 0);
}

TEST(pv_devices, frontend_entries)
{
	domid_t self = xs_test_self();
	unsigned long backend = xs_test_bootarg("backend", DOMID_INVALID);
	char want[VALUE_MAX], back[VALUE_MAX], path[2 * VALUE_MAX];

	REQUIRE(xs_test_up());
	REQUIRE(self != DOMID_INVALID && backend < DOMID_FIRST_RESERVED);
	REQUIRE(wait_entries());
	snprintf(back, sizeof(back), "/local/domain/%lu/backend/vbd/%u/51712", backend, self);
	check_value("device/vbd/51712/backend", back);
	snprintf(want, sizeof(want), "%lu", backend);
	check_value("device/vbd/51712/backend-id", want);
	check_value("device/vbd/51712/virtual-device", "51712");
	check_value("device/vbd/51712/state", "1");
	/* The back end's directory: readable by its frontend. */
	snprintf(want, sizeof(want), "/local/domain/%u/device/vbd/51712", self);
	snprintf(path, sizeof(path), "%s/frontend", back);
	check_value(path, want);
	snprintf(want, sizeof(want), "%u", self);
	snprintf(path, sizeof(path), "%s/frontend-id", back);
	check_value(path, want);
	snprintf(path, sizeof(path), "%s/params", back);
	check_value(path, "vda:0+2048");
	snprintf(path, sizeof(path), "%s/mode", back);
	check_value(path, "r");
}

TEST(pv_devices, each_side_writes_only_its_own)
{
	char back[VALUE_MAX], path[VALUE_MAX + 16];

	REQUIRE(xs_test_up());
	REQUIRE(wait_entries());
	REQUIRE(read_value("device/vbd/51712/backend", back));
	snprintf(path, sizeof(path), "%s/state", back);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, path, "4"), -XEN_EACCES);
	snprintf(path, sizeof(path), "%s/params", back);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, path, "vdb"), -XEN_EACCES);
	/* Its own frontend directory is the guest's to write (the same state, so nothing moves). */
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "device/vbd/51712/state", "1"), 0);
}

TEST(pv_devices, vif_entries)
{
	char backend[VALUE_MAX], path[VALUE_MAX + 16], mac[VALUE_MAX] = "";

	REQUIRE(xs_test_up());
	REQUIRE(wait_entries());
	check_value("device/vif/0/handle", "0");
	check_value("device/vif/0/mac", "00:16:3e:00:00:07");
	REQUIRE(read_value("device/vif/0/backend", backend));
	snprintf(path, sizeof(path), "%s/mac", backend);
	CHECK(read_value(path, mac));
	CHECK_EQ(strcmp(mac, "00:16:3e:00:00:07"), 0);
	snprintf(path, sizeof(path), "%s/bridge", backend);
	check_value(path, "xenbr0");
}
