// SPDX-License-Identifier: MIT
/*
 * The witness's use of the services the fuzzer writes garbage to: a store
 * round trip (a write of its own node and the read back) and a line through
 * its own console ring, which the console domain must take. Its stdout stays
 * on console_io, so its test lines keep the core's tag whoever holds the
 * console's input.
 */
#include <abi/console_ring.h>
#include <abi/hvm.h>
#include <abi/sched.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/hvm_param.h>
#include <libos/hypercall.h>
#include <libos/memmap.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xenstore/xs_test.h"
#include "witness.h"

#define CONSOLE_TAKE_NS 5000000000ull /* the console domain takes a line within this */

static volatile struct console_ring *ring;
static evtchn_port_t ring_port;
static uint32_t out_prod;

bool witness_services_up(void)
{
	uint64_t pfn;
	uint64_t port;

	if (!xs_test_up() ||
	    hvm_param_ring(HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN, &pfn, &port) != 0 ||
	    !memmap_normal(pfn << 12, sizeof(struct console_ring))) {
		return false;
	}
	ring = (volatile struct console_ring *)(uintptr_t)(pfn << 12);
	ring_port = (evtchn_port_t)port;
	out_prod = ring->out_prod;
	return true;
}

bool witness_store_round_trip(uint64_t round)
{
	char value[24];
	char back[24];

	snprintf(value, sizeof(value), "%llu", (unsigned long long)round);
	return xenbus_write(XENBUS_TX_NONE, "data/witness", value) == 0 &&
	       xenbus_read(XENBUS_TX_NONE, "data/witness", back, sizeof(back)) > 0 &&
	       strcmp(back, value) == 0;
}

/* The console domain has taken everything we wrote (its index is checked, not trusted). */
static bool console_took_all(void)
{
	uint32_t cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);

	return cons == out_prod;
}

bool witness_console_line(const char *text)
{
	size_t len = strlen(text);
	uint64_t start = counter_ns();

	if (len > CONSOLE_RING_OUT_SIZE || !console_took_all()) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		ring->out[(out_prod + i) & (CONSOLE_RING_OUT_SIZE - 1)] = text[i];
	}
	__atomic_store_n(&ring->out_prod, out_prod + (uint32_t)len, __ATOMIC_RELEASE);
	out_prod += (uint32_t)len;
	(void)evtchn_send(ring_port);
	while (!console_took_all()) {
		if (counter_ns() - start > CONSOLE_TAKE_NS) {
			return false;
		}
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}
