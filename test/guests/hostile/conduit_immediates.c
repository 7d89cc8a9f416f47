// SPDX-License-Identifier: MIT
/* HVC and SMC with immediates that are neither conduit nor hypercall get an UNDEF injected. */
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/test.h>

#include "hostile.h"

/* Run probe expecting an UNDEF (EC 0) with ELR at insn; resume after it. */
static void check_undef(void (*probe)(void), const char *insn, const char *resume, const char *what)
{
	struct exc_record rec;

	test_context("%s", what);
	exc_expect(ESR_EC_UNKNOWN, (uintptr_t)resume);
	probe();
	if (CHECK(exc_taken(&rec))) {
		CHECK_EQ(ESR_EC(rec.esr), 0x0);
		CHECK_EQ(rec.elr, insn);
	}
	test_context(NULL);
}

TEST(hostile, conduit_immediates)
{
	check_undef(probe_hvc_1, probe_hvc_1_insn, probe_hvc_1_resume, "HVC #1");
	check_undef(probe_hvc_ffff, probe_hvc_ffff_insn, probe_hvc_ffff_resume, "HVC #0xFFFF");
	check_undef(probe_smc_1, probe_smc_1_insn, probe_smc_1_resume, "SMC #1");
}
