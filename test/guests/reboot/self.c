// SPDX-License-Identifier: MIT
/*
 * The rebooting side: offers a port to the witness (domain 2, or bootargs
 * "peer=N"), learns from the witness's granted page which boot this is,
 * resets itself (PSCI SYSTEM_RESET) on the first, and on the second finds
 * that it came in at its kernel entry again with fresh memory. See
 * reboot_test.h for the protocol.
 */
#include <abi/errno.h>
#include <abi/psci.h>
#include <libfdt.h>
#include <libos/dt.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/smccc.h>
#include <libos/test.h>
#include <stdio.h>

#include "../xen_common/xen_test.h"
#include "reboot_test.h"

#define PAGE 4096ull

extern const char _image_end[];

/*
 * In .data: the kernel module holds REBOOT_MARKER_INITIAL, and the first
 * boot overwrites it before resetting. Only a domain loaded again from its
 * module reads the initial value on the second boot.
 */
static volatile uint64_t marker = REBOOT_MARKER_INITIAL;

static domid_t witness;
static evtchn_port_t port;
static struct reboot_page *page; /* the witness's page, mapped */
static grant_handle_t handle;
static uint32_t boot; /* as the witness counts them: 1, then 2 */

static void wake(evtchn_port_t p, void *unused)
{
	(void)p;
	(void)unused;
}

static bool notified(void *unused)
{
	(void)unused;
	return evtchn_handled_count(port) >= 1;
}

/*
 * The top page of RAM, if it lies wholly above the image (with its .bss,
 * stacks and heap) and the DTB, so that nothing else uses it; else NULL.
 * The first boot fills it, the second must find it zeroed.
 */
static volatile uint64_t *spare_page(void)
{
	uint64_t base;
	uint64_t size;
	uint64_t used = (uint64_t)(uintptr_t)_image_end;
	const void *dtb = dt_blob();

	if (dtb == NULL || dt_memory(&base, &size) != 0 || size < PAGE) {
		return NULL;
	}
	if ((uint64_t)(uintptr_t)dtb + fdt_totalsize(dtb) > used) {
		used = (uint64_t)(uintptr_t)dtb + fdt_totalsize(dtb);
	}
	if (base + size - PAGE < used) {
		return NULL;
	}
	return (volatile uint64_t *)(uintptr_t)(base + size - PAGE);
}

TEST(reboot, self_offers_port)
{
	witness = xen_test_peer(REBOOT_WITNESS_DOMID);
	/* vCPU 0 came in at the kernel entry with x0 = the domain DTB. */
	REQUIRE(dt_blob() != NULL);
	REQUIRE(dt_bootargs() != NULL);
	REQUIRE(xen_test_events_up());
	test_context("offering a port to domain %u", witness);
	REQUIRE_EQ(xen_test_offer_port(witness, wake, NULL, &port, REBOOT_WAIT_SECONDS), 0);
	test_context(NULL);
	/* A fresh domain: its first port, whatever the boot before it had. */
	CHECK_EQ(port, REBOOT_PORT);
}

TEST(reboot, self_reads_boot_count)
{
	struct evtchn_status st;
	void *va = NULL;

	REQUIRE(port != 0);
	test_context("waiting for the witness's event on port %u", port);
	REQUIRE(xen_test_wait(notified, NULL, REBOOT_WAIT_SECONDS));
	test_context(NULL);
	REQUIRE_EQ(evtchn_status(port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.dom, witness);
	/* The event came after the count was raised: the page says which boot this is. */
	REQUIRE_EQ(gnttab_map_page(witness, REBOOT_REF, false, &va, &handle), GNTST_okay);
	page = va;
	boot = __atomic_load_n(&page->boots, __ATOMIC_ACQUIRE);
	__atomic_store_n(&page->seen, boot, __ATOMIC_RELEASE);
	test_context("boot count %u", boot);
	CHECK(boot == 1 || boot == 2);
}

TEST(reboot, self_reboots_once)
{
	volatile uint64_t *spare = spare_page();
	bool came_back = true;
	int64_t rc;

	REQUIRE(page != NULL);
	REQUIRE(spare != NULL);
	if (boot == 2) {
		printf("reboot: second boot\n");
		return;
	}
	REQUIRE_EQ(boot, 1);
	CHECK_EQ(psci_features(PSCI_0_2_SYSTEM_RESET), PSCI_SUCCESS);
	marker = REBOOT_MARKER_DIRTY;
	for (unsigned int i = 0; i < PAGE / 8; i++) {
		spare[i] = REBOOT_DIRT(i);
	}
	printf("reboot: first boot, rebooting\n");
	fflush(stdout);
	/* The page stays mapped and the port bound: the core undoes both as it rebuilds us. */
	rc = (int64_t)smccc_hvc(PSCI_0_2_SYSTEM_RESET, 0, 0, 0);
	test_context("PSCI SYSTEM_RESET returned %lld", (long long)rc);
	CHECK(!came_back);
}

TEST(reboot, self_ram_is_fresh)
{
	volatile uint64_t *spare = spare_page();
	unsigned int dirty = 0;

	REQUIRE_EQ(boot, 2);
	REQUIRE(spare != NULL);
	/* .data loaded again from the kernel module... */
	CHECK_EQ(marker, REBOOT_MARKER_INITIAL);
	/* ...and the RAM no module covers zeroed. */
	for (unsigned int i = 0; i < PAGE / 8; i++) {
		dirty += spare[i] != 0;
	}
	test_context("top page of RAM at %p", (void *)spare);
	CHECK_EQ(dirty, 0);
}

TEST(reboot, self_unmaps)
{
	REQUIRE(page != NULL);
	CHECK_EQ(gnttab_unmap_page(page, handle), GNTST_okay);
	page = NULL;
	/* The port stays bound: powering off closes it, which the witness waits to see. */
}
