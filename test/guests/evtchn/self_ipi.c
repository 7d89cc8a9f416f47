// SPDX-License-Identifier: MIT
/* An IPI port to the sending vCPU itself: every send delivered once; masking holds events back. */
#include <abi/errno.h>
#include <libos/evtchn.h>
#include <libos/shared_info.h>
#include <libos/test.h>

#include "../xen_common/xen_test.h"

#define SELF_IPI_ROUNDS 100u
#define SELF_IPI_MASKED_SENDS 3u
#define SELF_IPI_WAIT_SECONDS 5u

static uint64_t self_ipi_count;

static void self_ipi_event(evtchn_port_t port, void *unused)
{
	(void)port;
	(void)unused;
	__atomic_add_fetch(&self_ipi_count, 1, __ATOMIC_RELEASE);
}

static bool port_pending(evtchn_port_t port)
{
	struct shared_info *s = shared_info_get();

	return (__atomic_load_n(&s->evtchn_pending[port / 64], __ATOMIC_ACQUIRE) >> (port % 64)) &
	       1;
}

TEST(evtchn, ipi_to_self)
{
	struct evtchn_status st;
	evtchn_port_t port = 0;

	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(evtchn_bind_ipi(0, self_ipi_event, NULL, &port), 0);
	CHECK(port != 0 && port < EVTCHN_PORTS);
	REQUIRE_EQ(evtchn_status(port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_ipi);
	CHECK_EQ(st.vcpu, 0);

	for (uint64_t n = 1; n <= SELF_IPI_ROUNDS; n++) {
		test_context("send %lu", (unsigned long)n);
		CHECK_EQ(evtchn_send(port), 0);
		if (!CHECK(xen_test_wait_count(&self_ipi_count, n, SELF_IPI_WAIT_SECONDS))) {
			break;
		}
	}
	test_context(NULL);
	CHECK_EQ(__atomic_load_n(&self_ipi_count, __ATOMIC_ACQUIRE), SELF_IPI_ROUNDS);

	/* Masked: sends only mark the port pending, and they merge into one event. */
	CHECK_EQ(evtchn_mask(port), 0);
	for (unsigned int n = 0; n < SELF_IPI_MASKED_SENDS; n++) {
		CHECK_EQ(evtchn_send(port), 0);
	}
	xen_test_sleep_ms(50);
	CHECK_EQ(__atomic_load_n(&self_ipi_count, __ATOMIC_ACQUIRE), SELF_IPI_ROUNDS);
	CHECK(port_pending(port));
	/* Unmasking delivers what waited, once. */
	CHECK_EQ(evtchn_unmask(port), 0);
	CHECK(xen_test_wait_count(&self_ipi_count, SELF_IPI_ROUNDS + 1, SELF_IPI_WAIT_SECONDS));
	xen_test_sleep_ms(50);
	CHECK_EQ(__atomic_load_n(&self_ipi_count, __ATOMIC_ACQUIRE), SELF_IPI_ROUNDS + 1);
	CHECK(!port_pending(port));

	CHECK_EQ(evtchn_close(port), 0);
	CHECK_EQ(evtchn_send(port), -XEN_EINVAL);
	CHECK_EQ(evtchn_unhandled_count(0), 0);
}
