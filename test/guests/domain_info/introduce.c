// SPDX-License-Identifier: MIT
/*
 * A domain with a controller is introduced to the store by that controller
 * alone, as Xen's toolstack introduces a domain it built. Run as
 * "controller peer=N other=M", the controller writes N's home, is refused
 * INTRODUCE with a wrong ring page or port and for M (not its own), then
 * introduces N, and releases it once N has used the store (store_home.c)
 * and the stranger has tried. Run as "stranger peer=N", a domain holding
 * the toolstack right that does not control N is refused both, before and
 * after the controller's INTRODUCE.
 */
#include <abi/errno.h>
#include <abi/guest_layout.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/xs_wire.h>
#include <libos/dt.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "../xenstore/xs_test.h"

/* How long a party waits for the others' steps, in 100 ms polls. */
#define POLLS 600u
/* Where the stranger says it has tried (a toolstack's, so privileged, may write there). */
#define TRIED "/tool/store_intro_tried"

static bool role(const char *name)
{
	const char *args = dt_bootargs();

	return args != NULL && strncmp(args, name, strlen(name)) == 0;
}

/* INTRODUCE domid gfn port: 0 for "OK", or the store's error. */
static long introduce(domid_t domid, uint64_t gfn, uint64_t port)
{
	char payload[64], reply[8];
	int len = snprintf(payload, sizeof(payload), "%u%c%llu%c%llu", (unsigned int)domid, 0,
			   (unsigned long long)gfn, 0, (unsigned long long)port);
	long rc = xenbus_request(XS_INTRODUCE, XENBUS_TX_NONE, payload, (size_t)len + 1, reply,
				 sizeof(reply));

	return rc < 0 ? rc : 0;
}

static long release(domid_t domid)
{
	char payload[8], reply[8];
	int len = snprintf(payload, sizeof(payload), "%u", (unsigned int)domid);
	long rc = xenbus_request(XS_RELEASE, XENBUS_TX_NONE, payload, (size_t)len + 1, reply,
				 sizeof(reply));

	return rc < 0 ? rc : 0;
}

/* IS_DOMAIN_INTRODUCED: 'T', 'F', or '?' when the request failed. */
static char introduced(domid_t domid)
{
	char payload[8], reply[8] = { 0 };
	int len = snprintf(payload, sizeof(payload), "%u", (unsigned int)domid);

	return xenbus_request(XS_IS_DOMAIN_INTRODUCED, XENBUS_TX_NONE, payload, (size_t)len + 1,
			      reply, sizeof(reply)) > 0
		       ? reply[0]
		       : '?';
}

static long param_of(domid_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param arg = { .domid = domid, .index = index };
	long rc = hypercall_hvm_op(HVMOP_get_param, &arg);

	*value = arg.value;
	return rc;
}

/* Poll until path exists (or, want_gone, no longer does); bounded. */
static bool wait_node(const char *path, bool want_gone)
{
	char buf[16];

	for (unsigned int i = 0; i < POLLS; i++) {
		if ((xenbus_read(XENBUS_TX_NONE, path, buf, sizeof(buf)) >= 0) != want_gone) {
			return true;
		}
		xs_test_serve_for(100);
	}
	return false;
}

/* What libxl writes before it introduces a domain: a home the guest only reads, its data. */
static void prepare_home(domid_t controlled)
{
	const struct xenbus_perm home_perms[2] = { { xs_test_self(), XS_PERM_NONE },
						   { controlled, XS_PERM_READ } };
	const struct xenbus_perm data_perms[1] = { { controlled, XS_PERM_NONE } };
	char home[32], path[48];

	xs_test_home_of(controlled, home, sizeof(home));
	CHECK_EQ(xenbus_mkdir(XENBUS_TX_NONE, home), 0);
	CHECK_EQ(xenbus_set_perms(XENBUS_TX_NONE, home, home_perms, 2), 0);
	snprintf(path, sizeof(path), "%s/name", home);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, path, "plain"), 0);
	snprintf(path, sizeof(path), "%s/data", home);
	CHECK_EQ(xenbus_mkdir(XENBUS_TX_NONE, path), 0);
	CHECK_EQ(xenbus_set_perms(XENBUS_TX_NONE, path, data_perms, 1), 0);
}

TEST(store_intro, controller_introduces_its_domain)
{
	domid_t controlled = xen_test_peer(DOMID_INVALID);
	domid_t other = (domid_t)xs_test_bootarg("other", DOMID_INVALID);
	struct xenbus_perm perms[4];
	uint64_t gfn = 0, port = 0;
	char home[32];

	if (!role("controller")) {
		TEST_SKIP("for the controller");
	}
	REQUIRE(xs_test_up());
	REQUIRE_EQ(param_of(controlled, HVM_PARAM_STORE_PFN, &gfn), 0);
	REQUIRE_EQ(param_of(controlled, HVM_PARAM_STORE_EVTCHN, &port), 0);
	prepare_home(controlled);
	CHECK_EQ(introduce(controlled, gfn + 1, port), -XEN_EINVAL);
	CHECK_EQ(introduce(controlled, gfn, port + 1), -XEN_EINVAL);
	CHECK_EQ(introduce(controlled, 0, port), -XEN_EINVAL);
	CHECK_EQ(introduce(other, gfn, port), -XEN_EPERM); /* a domain it does not control */
	CHECK_EQ(introduce(0x7fee, gfn, port), -XEN_ENOENT);
	CHECK_EQ(introduced(controlled), 'F');
	CHECK_EQ(introduce(controlled, gfn, port), 0);
	CHECK_EQ(introduced(controlled), 'T');
	CHECK_EQ(introduce(controlled, gfn, port), -XEN_EEXIST);
	/* The home it wrote is kept as it was. */
	xs_test_home_of(controlled, home, sizeof(home));
	REQUIRE_EQ(xenbus_get_perms(XENBUS_TX_NONE, home, perms, 4), 2);
	CHECK_EQ(perms[0].domid, xs_test_self());
	CHECK_EQ(perms[1].domid, controlled);
	CHECK_EQ(perms[1].access, XS_PERM_READ);
}

TEST(store_intro, controller_releases_its_domain)
{
	domid_t controlled = xen_test_peer(DOMID_INVALID);
	char home[32], path[48];

	if (!role("controller")) {
		TEST_SKIP("for the controller");
	}
	REQUIRE(xs_test_up());
	xs_test_home_of(controlled, home, sizeof(home));
	snprintf(path, sizeof(path), "%s/data/done", home);
	test_context("waiting for %s", path);
	REQUIRE(wait_node(path, false));
	test_context("waiting for %s", TRIED);
	REQUIRE(wait_node(TRIED, false));
	CHECK_EQ(release(controlled), 0);
	CHECK_EQ(introduced(controlled), 'F');
	CHECK_EQ(release(controlled), -XEN_ENOENT);
	/* The store takes the released domain's home away. */
	CHECK(wait_node(home, true));
}

TEST(store_intro, stranger_can_neither_introduce_nor_release)
{
	domid_t victim = xen_test_peer(DOMID_INVALID);
	unsigned int polls = 0;

	if (!role("stranger")) {
		TEST_SKIP("for the stranger");
	}
	REQUIRE(xs_test_up());
	/* Refused as not its controller, whatever ring it names, before and after. */
	CHECK_EQ(introduce(victim, GUEST_XENSTORE_PFN, 1), -XEN_EPERM);
	while (introduced(victim) != 'T' && polls++ < POLLS) {
		xs_test_serve_for(100);
	}
	REQUIRE_EQ(introduced(victim), 'T');
	CHECK_EQ(introduce(victim, GUEST_XENSTORE_PFN, 1), -XEN_EPERM);
	CHECK_EQ(release(victim), -XEN_EPERM);
	CHECK_EQ(introduced(victim), 'T');
	/* Outside its home, which goes with it when it ends before the controller looks. */
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, TRIED, "1"), 0);
}
