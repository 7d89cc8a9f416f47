// SPDX-License-Identifier: MIT
/*
 * Features the core hides from the ID registers stay out of reach: every
 * access to an activity monitor or a RAS error record register is UNDEF, as
 * on a CPU without them, even where the hardware has them (-cpu max has RAS).
 */
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/test.h>

#define PROBE(name)                                     \
	{                                               \
		name, name##_insn, name##_resume, #name \
	}
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

#define PFR0_RAS(pfr0) (((pfr0) >> 28) & 0xfu)
#define PFR0_AMU(pfr0) (((pfr0) >> 44) & 0xfu)

struct probe {
	uint64_t (*run)(uint64_t value);
	const char *insn, *resume, *name;
};

#define DECLARE(name)                    \
	uint64_t name(uint64_t value);   \
	extern const char name##_insn[]; \
	extern const char name##_resume[]

DECLARE(probe_amcr_read);
DECLARE(probe_amcfgr_read);
DECLARE(probe_amcntenset0_read);
DECLARE(probe_amcntenclr0_write);
DECLARE(probe_amevcntr00_read);
DECLARE(probe_erridr_read);
DECLARE(probe_errselr_write);
DECLARE(probe_erxctlr_write);
DECLARE(probe_erxstatus_read);
DECLARE(probe_erxaddr_read);
DECLARE(probe_erxmisc0_read);

/* Run each probe expecting an UNDEF (EC 0) at its instruction; resume after it. */
static void check_all_undef(const struct probe *probes, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		struct exc_record rec;

		test_context("%s", probes[i].name);
		exc_expect(ESR_EC_UNKNOWN, (uintptr_t)probes[i].resume);
		(void)probes[i].run(~0ull);
		if (CHECK(exc_taken(&rec))) {
			CHECK_EQ(ESR_EC(rec.esr), ESR_EC_UNKNOWN);
			CHECK_EQ(rec.elr, probes[i].insn);
		}
	}
	test_context(NULL);
}

TEST(sysregs, activity_monitors_undefined)
{
	static const struct probe probes[] = {
		PROBE(probe_amcr_read),        PROBE(probe_amcfgr_read),
		PROBE(probe_amcntenset0_read), PROBE(probe_amcntenclr0_write),
		PROBE(probe_amevcntr00_read),
	};

	CHECK_EQ(PFR0_AMU(READ_SYSREG(id_aa64pfr0_el1)), 0);
	check_all_undef(probes, COUNT(probes));
}

TEST(sysregs, ras_error_records_undefined)
{
	static const struct probe probes[] = {
		PROBE(probe_erridr_read),    PROBE(probe_errselr_write), PROBE(probe_erxctlr_write),
		PROBE(probe_erxstatus_read), PROBE(probe_erxaddr_read),  PROBE(probe_erxmisc0_read),
	};

	CHECK_EQ(PFR0_RAS(READ_SYSREG(id_aa64pfr0_el1)), 0);
	check_all_undef(probes, COUNT(probes));
}
