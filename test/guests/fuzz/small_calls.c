// SPDX-License-Identifier: MIT
/* Random xen_version, console_io, sched_op, vcpu_op, hvm_op, domain_info and unknown numbers. */
#include <abi/console_io.h>
#include <abi/domain_info.h>
#include <abi/hvm.h>
#include <abi/memory.h>
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <abi/vcpu.h>
#include <abi/version.h>
#include <libos/hypercall.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

/* Where in the argument page registered areas may go: calls' arguments stay below. */
#define SCRIBBLE 2048u

static void version_call(void)
{
	static const uint64_t cmds[] = { XENVER_version,
					 XENVER_extraversion,
					 XENVER_get_features,
					 XENVER_pagesize,
					 2,
					 3,
					 4,
					 5,
					 8,
					 9,
					 10,
					 11,
					 0x7FFFFFFF };

	fuzz_fill(fuzz_arg(), 64);
	(void)hypercall_xen_version(
		fuzz_pick(cmds, sizeof(cmds) / sizeof(cmds[0])),
		(void *)(fuzz_one_in(2) ? (uint64_t)(uintptr_t)fuzz_arg() : fuzz_pointer()));
}

/* Rare and mostly short: the console is the only one the whole system shares. */
static void console_call(void)
{
	uint64_t cmd = fuzz_one_in(2) ? CONSOLEIO_read : (fuzz_one_in(2) ? 2 : fuzz_value());
	uint64_t count = fuzz_one_in(4) ? fuzz_value() : fuzz_below(64);

	if (fuzz_one_in(4)) {
		cmd = CONSOLEIO_write;
		count = fuzz_below(40);
		if (fuzz_one_in(8)) {
			/* Too long, or short with garbage above: never past the text. */
			count = fuzz_one_in(2) ? fuzz_below(129) | (fuzz_next() << 32) : 4097;
		}
		(void)hypercall_console_io(cmd, count, (void *)fuzz_text_pointer());
		return;
	}
	if (fuzz_tracing) {
		printf("fuzz: console_io 0x%llx count 0x%llx\n", (unsigned long long)cmd,
		       (unsigned long long)count);
	}
	(void)hypercall_console_io(cmd, count, (void *)fuzz_pointer());
}

static void sched_call(void)
{
	uint32_t *reason = (uint32_t *)fuzz_arg();
	uint64_t which = fuzz_below(4);

	if (fuzz_tracing) {
		printf("fuzz: sched_op case %llu\n", (unsigned long long)which);
	}
	switch (which) {
	case 0:
		(void)hypercall_sched_op(SCHEDOP_yield, (void *)fuzz_pointer());
		break;
	case 1:
		/* A shutdown that must be refused: suspend, or no reason the ABI has. */
		*reason = fuzz_one_in(2) ? SHUTDOWN_suspend : 5u + (uint32_t)fuzz_below(100000);
		if (fuzz_one_in(2)) {
			*reason = (uint32_t)fuzz_value() | 0x100u;
		}
		(void)hypercall_sched_op(SCHEDOP_shutdown, reason);
		break;
	case 2:
		/*
		 * Only what can never be read: a page of zeros is SHUTDOWN_poweroff,
		 * and add_to_physmap may put a core frame anywhere outside RAM.
		 */
		{
			uint64_t where = fuzz_unreadable_pointer();

			if (fuzz_tracing) {
				printf("fuzz: shutdown at 0x%llx\n", (unsigned long long)where);
			}
			(void)hypercall_sched_op(SCHEDOP_shutdown, (void *)where);
		}
		break;
	default: {
		/* Unknown commands; never block (nothing would wake the fuzzer) nor shut down. */
		uint64_t cmd = fuzz_value();

		if (cmd == SCHEDOP_block || cmd == SCHEDOP_shutdown) {
			cmd = 3;
		}
		(void)hypercall_sched_op(cmd, (void *)fuzz_pointer());
		break;
	}
	}
}

static void vcpu_call(void)
{
	static const uint64_t cmds[] = { VCPUOP_get_runstate_info,
					 VCPUOP_register_runstate_memory_area,
					 VCPUOP_register_vcpu_info,
					 0,
					 11,
					 ~0ull };
	static const uint64_t ids[] = { 0, 0, 0, 1, 2, 64, 0xFFFFFFFF };
	uint64_t cmd = fuzz_pick(cmds, sizeof(cmds) / sizeof(cmds[0]));
	uint8_t *arg = fuzz_arg();

	memset(arg, 0, 16);
	/*
	 * The core keeps writing a registered area, at any time: in the argument
	 * page only its upper half, which no call's argument reaches.
	 */
	if (cmd == VCPUOP_register_runstate_memory_area) {
		uint64_t addr = fuzz_one_in(2)
					? (uint64_t)(uintptr_t)arg + SCRIBBLE + fuzz_below(1984)
					: fuzz_bad_pointer();

		if (fuzz_one_in(3)) {
			addr = (fuzz_pool_gfn() + fuzz_below(FUZZ_POOL_PAGES)) * FUZZ_PAGE +
			       fuzz_below(FUZZ_PAGE);
		}
		((struct vcpu_register_runstate_memory_area *)arg)->addr = addr;
	} else if (cmd == VCPUOP_register_vcpu_info) {
		struct vcpu_register_vcpu_info *info = (void *)arg;
		bool own = fuzz_one_in(2);

		info->mfn = own ? fuzz_arg_gfn() : fuzz_gfn_to_lose();
		info->offset =
			(uint32_t)(fuzz_one_in(2) ? fuzz_below(FUZZ_PAGE) & ~7ull : fuzz_value());
		if (own) {
			info->offset = SCRIBBLE + (info->offset % 2048u);
		}
		info->rsvd = fuzz_one_in(8) ? (uint32_t)fuzz_next() : 0;
	}
	uint64_t id = fuzz_pick(ids, sizeof(ids) / sizeof(ids[0]));
	void *where = fuzz_one_in(8) ? (void *)fuzz_unreadable_pointer() : arg;

	if (fuzz_tracing) {
		printf("fuzz: vcpu_op 0x%llx vcpu 0x%llx at %p: 0x%llx 0x%llx\n",
		       (unsigned long long)cmd, (unsigned long long)id, where,
		       (unsigned long long)((uint64_t *)arg)[0],
		       (unsigned long long)((uint64_t *)arg)[1]);
	}
	/* The argument only from page 0 or unreadable: it names where the core writes. */
	(void)hypercall_vcpu_op(cmd, id, where);
}

static void hvm_call(void)
{
	struct xen_hvm_param *p = (struct xen_hvm_param *)fuzz_arg();

	memset(p, 0, sizeof(*p));
	p->domid = fuzz_domid();
	p->index = (uint32_t)(fuzz_one_in(4) ? fuzz_value() : fuzz_below(HVM_PARAM_COUNT + 1));
	p->value = fuzz_value();
	(void)hypercall_hvm_op(fuzz_one_in(8) ? fuzz_value() : fuzz_below(2),
			       fuzz_one_in(8) ? (void *)fuzz_pointer() : p);
}

static void domain_info_call(void)
{
	struct domain_info *info = (struct domain_info *)fuzz_arg();

	fuzz_fill(info, sizeof(*info));
	info->domid = fuzz_domid();
	(void)hypercall(__HYPERVISOR_domain_info, fuzz_one_in(4) ? fuzz_pointer() : (uintptr_t)info,
			fuzz_value(), fuzz_value(), fuzz_value(), fuzz_value());
}

void fuzz_small_ops(void)
{
	uint64_t which = fuzz_below(7);

	if (fuzz_tracing) {
		printf("fuzz: small op %llu\n", (unsigned long long)which);
	}
	switch (which) {
	case 0:
		version_call();
		break;
	case 1:
		if (fuzz_one_in(4)) {
			console_call();
		} else {
			version_call();
		}
		break;
	case 2:
		sched_call();
		break;
	case 3:
	case 4:
		vcpu_call();
		break;
	case 5:
		hvm_call();
		break;
	default:
		domain_info_call();
		break;
	}
}

/* Numbers the core does not implement get garbage; those it does, safe pointers. */
void fuzz_raw_hypercall(void)
{
	static const uint64_t beyond[] = { 64, 65, 100, 0xFFFF, 0x80000000ull, ~0ull };
	uint64_t nr = fuzz_one_in(8) ? beyond[fuzz_below(sizeof(beyond) / sizeof(beyond[0]))]
				     : fuzz_below(HYPERCALL_COUNT);
	uint64_t a[5];

	fuzz_fill(fuzz_arg(), 256);
	for (unsigned int i = 0; i < 5; i++) {
		a[i] = fuzz_one_in(2) ? fuzz_value() : fuzz_pointer();
	}
	switch (nr) {
	case __HYPERVISOR_memory_op:
		if (fuzz_memop_loses(a[0])) {
			a[0] = XENMEM_current_reservation;
		}
		a[1] = fuzz_pointer();
		break;
	case __HYPERVISOR_console_io:
		a[2] = fuzz_text_pointer();
		a[1] = a[1] > 128 && a[1] <= 4096 ? 128 : a[1]; /* never past the text */
		break;
	case __HYPERVISOR_sched_op:
		if (a[0] == SCHEDOP_block || a[0] == SCHEDOP_shutdown) {
			a[0] = SCHEDOP_yield;
		}
		break;
	case __HYPERVISOR_vcpu_op:
		a[2] = fuzz_one_in(2) ? fuzz_unreadable_pointer() : (uint64_t)(uintptr_t)fuzz_arg();
		if (a[0] == VCPUOP_register_vcpu_info ||
		    a[0] == VCPUOP_register_runstate_memory_area) {
			a[0] = VCPUOP_get_runstate_info; /* garbage would name pages of the fuzzer
							  */
		}
		break;
	case __HYPERVISOR_grant_table_op:
		/* Garbage ops are noted only through grant_calls.c's map path. */
		fuzz_grant_op();
		return;
	default:
		for (unsigned int i = 0; i < 5; i++) {
			if (a[i] >= 0x40000000ull && a[i] < 0x100000000ull) {
				a[i] = fuzz_pointer(); /* a value that might be an address of the
							  fuzzer */
			}
		}
		break;
	}
	(void)hypercall(nr, a[0], a[1], a[2], a[3], a[4]);
}
