// SPDX-License-Identifier: MIT
/* Random event_channel_op calls: every command, ports of every kind and none, other domains. */
#include <abi/event_channel.h>
#include <libos/hypercall.h>
#include <string.h>

#include "fuzz.h"

static uint32_t random_port(void)
{
	static const uint64_t ports[] = { 1, 1, 2, 3, 4, 5, 8, 63, 64, 4095, 4096, 0 };

	return (uint32_t)fuzz_pick(ports, sizeof(ports) / sizeof(ports[0]));
}

static uint32_t random_vcpu(void)
{
	static const uint64_t vcpus[] = { 0, 0, 0, 1, 2, 0xFFFFFFFF };

	return (uint32_t)fuzz_pick(vcpus, sizeof(vcpus) / sizeof(vcpus[0]));
}

/* Fill the command's argument at arg; returns the command. */
static unsigned long build(uint8_t *arg)
{
	unsigned long cmd = (unsigned long)fuzz_below(13);

	memset(arg, 0, 32);
	switch (cmd) {
	case EVTCHNOP_bind_interdomain: {
		struct evtchn_bind_interdomain *b = (void *)arg;

		b->remote_dom = fuzz_domid();
		b->remote_port = random_port();
		break;
	}
	case EVTCHNOP_bind_virq: {
		struct evtchn_bind_virq *b = (void *)arg;

		b->virq = (uint32_t)(fuzz_one_in(4) ? fuzz_value() : fuzz_below(VIRQ_COUNT + 1));
		b->vcpu = random_vcpu();
		break;
	}
	case EVTCHNOP_status: {
		struct evtchn_status *s = (void *)arg;

		s->dom = fuzz_domid();
		s->port = random_port();
		break;
	}
	case EVTCHNOP_alloc_unbound: {
		struct evtchn_alloc_unbound *a = (void *)arg;

		a->dom = fuzz_domid();
		a->remote_dom = fuzz_domid();
		break;
	}
	case EVTCHNOP_bind_ipi:
	case EVTCHNOP_bind_vcpu: {
		uint32_t *words = (void *)arg;

		words[0] = cmd == EVTCHNOP_bind_ipi ? random_vcpu() : random_port();
		words[1] = cmd == EVTCHNOP_bind_ipi ? 0 : random_vcpu();
		break;
	}
	case EVTCHNOP_reset:
		*(domid_t *)arg = fuzz_domid();
		break;
	case 2:
	case 12:
		cmd = fuzz_one_in(2) ? cmd : fuzz_value(); /* no such command */
		fuzz_fill(arg, 32);
		break;
	default: /* close, send, unmask, init_control */
		*(uint32_t *)arg = random_port();
		break;
	}
	return cmd;
}

void fuzz_evtchn_op(void)
{
	uint8_t *arg = fuzz_arg();
	unsigned long cmd = build(arg);

	if (fuzz_one_in(8)) {
		fuzz_fill(arg, 32); /* the right command, garbage arguments */
	}
	(void)hypercall_event_channel_op(cmd, fuzz_one_in(16) ? (void *)fuzz_pointer() : arg);
}
