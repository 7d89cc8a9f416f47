// SPDX-License-Identifier: MIT
/*
 * The home its controller wrote, from the domain's own side: run as
 * "plain store=1" once its store port is bound (queries.c, which runs first), the
 * domain reads its home but may not rename itself or write beside what is
 * its own, nor introduce or release anyone; then it tells its controller,
 * which releases it (introduce.c), and it stays until the store has let go
 * of its port.
 */
#include <abi/errno.h>
#include <abi/event_channel.h>
#include <abi/hvm.h>
#include <abi/xs_wire.h>
#include <libos/dt.h>
#include <libos/evtchn.h>
#include <libos/hvm_param.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "../xenstore/xs_test.h"

/* The ordinary domain, where a real store serves it ("plain store=1"). */
static bool is_plain_with_store(void)
{
	const char *args = dt_bootargs();

	return args != NULL && strncmp(args, "plain", 5) == 0 && xs_test_bootarg("store", 0) == 1;
}

TEST(store_home, plain_domain_reads_but_cannot_rename_itself)
{
	static const char introduce[] = "7\0"
					"233473\0"
					"1";
	char buf[16];

	if (!is_plain_with_store()) {
		TEST_SKIP("for the ordinary domain a store serves");
	}
	REQUIRE(xs_test_up());
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "name", buf, sizeof(buf)), 5);
	CHECK_EQ(strcmp(buf, "plain"), 0);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "name", "evil"), -XEN_EACCES);
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "beside", "x"), -XEN_EACCES);
	CHECK_EQ(xenbus_read(XENBUS_TX_NONE, "name", buf, sizeof(buf)), 5);
	CHECK_EQ(strcmp(buf, "plain"), 0);
	/* Only a toolstack may ask, and then only for a domain it controls. */
	CHECK_EQ(xenbus_request(XS_INTRODUCE, XENBUS_TX_NONE, introduce, sizeof(introduce), buf,
				sizeof(buf)),
		 -XEN_EACCES);
	CHECK_EQ(xenbus_request(XS_RELEASE, XENBUS_TX_NONE, "1", 2, buf, sizeof(buf)), -XEN_EACCES);
	/* Last: the controller releases this domain once it is written. */
	CHECK_EQ(xenbus_write(XENBUS_TX_NONE, "data/done", "1"), 0);
}

static bool store_port_let_go(void *arg)
{
	struct evtchn_status st;

	return evtchn_status((evtchn_port_t)(uintptr_t)arg, &st) == 0 &&
	       st.status != EVTCHNSTAT_interdomain;
}

/* Alive until released, so the stranger sees it introduced; the release closes the store's end. */
TEST(store_home, plain_domain_released_by_its_controller)
{
	uint64_t port = 0;

	if (!is_plain_with_store()) {
		TEST_SKIP("for the ordinary domain a store serves");
	}
	REQUIRE_EQ(hvm_param_get(HVM_PARAM_STORE_EVTCHN, &port), 0);
	CHECK(xen_test_wait(store_port_let_go, (void *)(uintptr_t)port, 120));
}
