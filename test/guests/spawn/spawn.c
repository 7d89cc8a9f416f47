// SPDX-License-Identifier: MIT
/*
 * A domain holding the toolstack right makes domains at run time through
 * domain_control, as the toolstack's builder does: create, RAM, the image at
 * its Image header's text_offset, a DTB (its own, with the child's bootargs:
 * the child has its shape), vCPU 0's entry, rings, unpause. It watches the
 * child through domain_info, pauses and resumes it, destroys it, and checks
 * that every page came back. Run beside a domain it does not control
 * (bootargs "other=N"), which it must not reach.
 */
#include <abi/domain_info.h>
#include <abi/errno.h>
#include <abi/sched.h>
#include <libfdt.h>
#include <libos/counter.h>
#include <libos/domctl.h>
#include <libos/dt.h>
#include <libos/peers.h>
#include <libos/test.h>
#include <libos/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/irq_setup.h"

extern const uint8_t spawn_hello_image[], spawn_hello_image_end[];
extern const uint8_t spawn_spin_image[], spawn_spin_image_end[];

#define MIB (1024u * 1024u)
#define DTB_ROOM (64u * 1024u)
#define WAIT_NS (60ull * 1000000000ull) /* a generous bound: past it the test fails */

static uint8_t dtb[DTB_ROOM];

static void sleep_ms(unsigned int ms)
{
	wait_sleep_until(counter_read() + counter_from_ns(ms * 1000000ull));
}

/* What domain_info says of domid now; false if it is gone. */
static bool info_of(uint16_t domid, struct domain_info *info)
{
	memset(info, 0, sizeof(*info));
	info->domid = domid;
	return domain_info_next(info) == 0 && info->domid == domid;
}

/* The arm64 Image header's text_offset (bytes 8..15), where the image wants to be. */
static uint64_t text_offset(const uint8_t *image)
{
	uint64_t off;

	memcpy(&off, image + 8, sizeof(off));
	return off;
}

/* Our own DTB with the child's bootargs, packed into dtb[]; its size or 0. */
static size_t child_dtb(const char *bootargs)
{
	int node;

	if (fdt_open_into(dt_blob(), dtb, sizeof(dtb)) != 0) {
		return 0;
	}
	node = fdt_path_offset(dtb, "/chosen");
	if (node < 0 ||
	    fdt_setprop(dtb, node, "bootargs", bootargs, (int)strlen(bootargs) + 1) != 0 ||
	    fdt_pack(dtb) != 0) {
		return 0;
	}
	return fdt_totalsize(dtb);
}

/* Build a paused domain running image with bootargs, shaped like this one; its id, or 0
 * (after saying what failed, with nothing of the child left). */
static uint16_t build(const uint8_t *image, size_t size, const char *name, const char *bootargs)
{
	struct domctl_create cfg = { .vcpus = 1, .weight = 256, .grant_frames = 4 };
	uint64_t base, ram, entry, dtb_at;
	size_t dtb_size = child_dtb(bootargs);
	uint16_t id = 0;
	long rc;

	if (dtb_size == 0 || dt_memory(&base, &ram) != 0) {
		printf("spawn: no DTB or RAM to copy the shape of\n");
		return 0;
	}
	entry = base + text_offset(image);
	dtb_at = base + ram - 2 * MIB;
	strncpy(cfg.name, name, sizeof(cfg.name) - 1);
	cfg.max_pages = ram / 4096;
	rc = entry + size <= dtb_at ? domctl_create(&cfg, &id) : -XEN_EINVAL;
	rc = rc ? rc : domctl_populate(id, base / 4096, ram / 4096);
	rc = rc ? rc : domctl_copy_in(id, entry, image, size);
	rc = rc ? rc : domctl_copy_in(id, dtb_at, dtb, dtb_size);
	rc = rc ? rc : domctl_vcpu_context(id, 0, entry, dtb_at);
	rc = rc ? rc : domctl_on(DOMCTL_offer_rings, id);
	if (rc != 0) {
		printf("spawn: building %s failed (%ld)\n", name, rc);
		if (id != 0) {
			(void)domctl_on(DOMCTL_destroy, id);
		}
		return 0;
	}
	return id;
}

/* Wait until domid is dying (true) or the bound passes (false). */
static bool wait_dying(uint16_t domid, struct domain_info *info)
{
	uint64_t end = counter_ns() + WAIT_NS;

	while (counter_ns() < end) {
		if (info_of(domid, info) && (info->flags & DOMAIN_INFO_STOPPED)) {
			return true;
		}
		sleep_ms(10);
	}
	return false;
}

/* Destroy domid and wait until the core has let go of it. */
static bool destroy(uint16_t domid)
{
	struct domain_info info;
	uint64_t end = counter_ns() + WAIT_NS;

	if (domctl_on(DOMCTL_destroy, domid) != 0) {
		return false;
	}
	while (info_of(domid, &info)) {
		if (counter_ns() > end) {
			return false;
		}
		sleep_ms(1);
	}
	return true;
}

/* "other=N": a domain this one did not make and was not given. */
static uint16_t other_domain(void)
{
	const char *args = dt_bootargs();
	const char *at = args ? strstr(args, "other=") : NULL;

	return at ? (uint16_t)strtoul(at + 6, NULL, 10) : 0;
}

TEST(spawn, other_domains_are_out_of_reach)
{
	static const uint32_t cmds[] = { DOMCTL_destroy, DOMCTL_pause, DOMCTL_unpause,
					 DOMCTL_offer_rings };
	uint16_t other = other_domain();
	struct domain_info info;
	uint8_t byte = 0;

	REQUIRE(other != 0);
	REQUIRE(info_of(other, &info)); /* it may see it ... */
	CHECK_EQ(info.controller, 0);
	for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		test_context("cmd %u", cmds[i]);
		CHECK_EQ(domctl_on(cmds[i], other), -XEN_EPERM); /* ... but not touch it */
	}
	test_context(NULL);
	CHECK_EQ(domctl_populate(other, 0x48000, 1), -XEN_EPERM);
	CHECK_EQ(domctl_copy_in(other, 0x40000000, &byte, 1), -XEN_EPERM);
	CHECK_EQ(domctl_vcpu_context(other, 0, 0x40000000, 0), -XEN_EPERM);
	CHECK_EQ(domctl_set_limits(other, 1, 1, 0), -XEN_EPERM);
	REQUIRE(info_of(other, &info));
	CHECK(!(info.flags & (DOMAIN_INFO_DYING | DOMAIN_INFO_PAUSED)));
}

TEST(spawn, child_runs_ends_and_gives_back_every_page)
{
	struct domctl_physinfo before, after;
	struct domain_info info;
	char args[64];
	uint16_t id;

	REQUIRE(irq_setup_boot());
	REQUIRE_EQ(domctl_physinfo(&before), 0);
	snprintf(args, sizeof(args), "spawned by %s", dt_bootargs() ? dt_bootargs() : "");
	id = build(spawn_hello_image, (size_t)(spawn_hello_image_end - spawn_hello_image), "child",
		   args);
	REQUIRE(id != 0);
	REQUIRE(info_of(id, &info));
	CHECK(info.flags & DOMAIN_INFO_PAUSED);
	CHECK_EQ(strcmp(info.name, "child"), 0);
	CHECK_EQ(info.rights, 0);
	CHECK(info.controller != 0);
	REQUIRE_EQ(domctl_on(DOMCTL_unpause, id), 0);
	REQUIRE(wait_dying(id, &info));
	CHECK_EQ(info.shutdown_reason, SHUTDOWN_poweroff);
	CHECK(info.cpu_time_ns > 0);
	REQUIRE(destroy(id));
	REQUIRE_EQ(domctl_physinfo(&after), 0);
	CHECK_EQ(after.free_pages, before.free_pages);
	printf("spawn: d%u ran, ended and gave back every page (%lu free)\n", id,
	       (unsigned long)after.free_pages);
}

/* Paused, it makes no progress however long we wait; unpaused, it does again. */
TEST(spawn, pause_stops_progress)
{
	struct domain_info info;
	uint64_t paused_at, end;
	uint16_t id;

	REQUIRE(irq_setup_boot());
	id = build(spawn_spin_image, (size_t)(spawn_spin_image_end - spawn_spin_image), "spinner",
		   "spin 30");
	REQUIRE(id != 0);
	REQUIRE_EQ(domctl_on(DOMCTL_unpause, id), 0);
	end = counter_ns() + WAIT_NS;
	while (info_of(id, &info) && info.cpu_time_ns == 0 && counter_ns() < end) {
		sleep_ms(10);
	}
	REQUIRE(info.cpu_time_ns > 0);
	REQUIRE_EQ(domctl_on(DOMCTL_pause, id), 0);
	while (info_of(id, &info) && (info.flags & DOMAIN_INFO_RUNNING) && counter_ns() < end) {
		sleep_ms(1); /* the pause reaches its pCPU at the next decision */
	}
	REQUIRE(info_of(id, &info));
	REQUIRE(!(info.flags & DOMAIN_INFO_RUNNING));
	paused_at = info.cpu_time_ns;
	sleep_ms(200);
	REQUIRE(info_of(id, &info));
	CHECK_EQ(info.cpu_time_ns, paused_at);
	CHECK(info.flags & DOMAIN_INFO_PAUSED);
	REQUIRE_EQ(domctl_on(DOMCTL_unpause, id), 0);
	while (info_of(id, &info) && info.cpu_time_ns == paused_at && counter_ns() < end) {
		sleep_ms(10);
	}
	CHECK(info.cpu_time_ns > paused_at);
	REQUIRE(destroy(id)); /* still spinning: destroy stops it first */
}
