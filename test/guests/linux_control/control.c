// SPDX-License-Identifier: MIT
/*
 * A toolstack stand-in beside Linux guests: holding the toolstack right it is
 * privileged in the store, reads what each Linux wrote there, and shuts them
 * down through control/shutdown as xl would.
 *
 * Bootargs: "linux=N" the Linux domain to watch over; "reboot=1" to reboot it
 * once through xenstore before powering it off; "quiet=M" another Linux
 * domain expected to power itself off (its home must go by itself).
 */
#include <abi/errno.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "../xenstore/xs_test.h"

#define BOOT_WAIT_MS 180000u /* a Linux boot under emulation, with room to spare */
#define GONE_WAIT_MS 60000u

static unsigned int releases; /* @releaseDomain events after the initial one */

static void on_release(const char *path, const char *token, void *arg)
{
	(void)path;
	(void)token;
	(void)arg;
	releases++;
}

static bool released_since(void *arg)
{
	return releases > *(unsigned int *)arg;
}

static void path_of(domid_t domid, const char *leaf, char *buf, size_t size)
{
	snprintf(buf, size, "/local/domain/%u%s", domid, leaf);
}

struct node_wait {
	char path[96];
	const char *want; /* the value wanted; NULL: wait for the node to be gone */
};

static bool node_is(void *arg)
{
	struct node_wait *w = arg;
	char value[32];
	long rc = xenbus_read(XENBUS_TX_NONE, w->path, value, sizeof(value));

	return w->want ? rc >= 0 && strcmp(value, w->want) == 0 : rc == -XEN_ENOENT;
}

/* Poll the store (every 200 ms) until path reads want, or is gone for want NULL. */
static bool wait_node(domid_t domid, const char *leaf, const char *want, unsigned int ms)
{
	struct node_wait w = { .want = want };

	path_of(domid, leaf, w.path, sizeof(w.path));
	for (unsigned int waited = 0; waited < ms; waited += 200) {
		if (node_is(&w)) {
			return true;
		}
		xs_test_serve_for(200);
	}
	return node_is(&w);
}

static domid_t linux_domid(void)
{
	return (domid_t)xs_test_bootarg("linux", DOMID_INVALID);
}

TEST(linux_control, features_written)
{
	domid_t guest = linux_domid();

	REQUIRE(xs_test_up());
	REQUIRE(guest != DOMID_INVALID);
	REQUIRE(xenbus_watch("@releaseDomain", "released", on_release, NULL) == 0);
	CHECK(wait_node(guest, "/control/feature-poweroff", "1", BOOT_WAIT_MS));
	CHECK(wait_node(guest, "/control/feature-reboot", "1", 1000));
	/* Its init has run its checks (test/linux/init) and written this through xenbus. */
	CHECK(wait_node(guest, "/data/init", "checks-done", BOOT_WAIT_MS));
	printf("linux_control: d%u wrote its control/feature-* keys\n", guest);
}

TEST(linux_control, quiet_one_powers_itself_off)
{
	domid_t quiet = (domid_t)xs_test_bootarg("quiet", DOMID_INVALID);

	if (quiet == DOMID_INVALID) {
		TEST_SKIP("no quiet=N in the bootargs");
	}
	REQUIRE(xs_test_up());
	/* It may be gone already: it needs nobody to end it. */
	CHECK(wait_node(quiet, "", NULL, BOOT_WAIT_MS));
	printf("linux_control: d%u is gone; d%u still runs\n", quiet, linux_domid());
	CHECK(wait_node(linux_domid(), "/data/init", "checks-done", 1000));
}

static void shut_down(domid_t guest, const char *how)
{
	char path[96];

	path_of(guest, "/control/shutdown", path, sizeof(path));
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, path, how), 0);
	printf("linux_control: asked d%u to %s\n", guest, how);
}

TEST(linux_control, reboot_through_xenstore)
{
	domid_t guest = linux_domid();
	unsigned int before = releases;

	if (xs_test_bootarg("reboot", 0) == 0) {
		TEST_SKIP("no reboot=1 in the bootargs");
	}
	REQUIRE(xs_test_up());
	shut_down(guest, "reboot");
	/* Its old store connection is released, then the rebuilt domain boots and writes again. */
	CHECK(xs_test_serve(released_since, &before, GONE_WAIT_MS));
	CHECK(wait_node(guest, "/data/init", "checks-done", BOOT_WAIT_MS));
	printf("linux_control: d%u is back after its reboot\n", guest);
}

TEST(linux_control, poweroff_through_xenstore)
{
	domid_t guest = linux_domid();

	REQUIRE(xs_test_up());
	shut_down(guest, "poweroff");
	CHECK(wait_node(guest, "", NULL, GONE_WAIT_MS));
	printf("linux_control: d%u powered off\n", guest);
}
