// SPDX-License-Identifier: MIT
/*
 * Unit tests of trapped system register accesses (kernel/arch/arm64/sysreg_emul.c),
 * given as the syndromes the hardware reports, against a model of the registers
 * it reads (sysreg_model.h): what a guest reads, what its writes do, and which
 * accesses are left to the caller's UNDEF.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <sysreg.h>
#include <traps.h>
#include <vgic.h>

/* --- models ------------------------------------------------------------------------------- */

static char dc_seen[8];
static uint64_t sgi_seen;
static unsigned int sgi_count;

/* Every register the hardware has reads as all ones: hidden fields show up as zeros. */
uint64_t model_read_sysreg(const char *name)
{
	(void)name;
	return ~0ull;
}

void model_dc(const char *op, uint64_t operand)
{
	(void)operand;
	strncpy(dc_seen, op, sizeof(dc_seen) - 1);
}

void vgic_sgi(struct vcpu *v, uint64_t value)
{
	(void)v;
	sgi_seen = value;
	sgi_count++;
}

static struct vcpu cpu;

static int setup(void **state)
{
	(void)state;
	memset(&cpu, 0, sizeof(cpu));
	memset(dc_seen, 0, sizeof(dc_seen));
	sgi_count = 0;
	return 0;
}

/* --- trapped accesses ----------------------------------------------------------------------- */

struct enc {
	unsigned int op0, op1, crn, crm, op2;
};

/* The syndrome of MRS (read) or MSR of register e with Rt = 2. */
static uint64_t esr_of(struct enc e, bool read)
{
	return (0x18ull << 26) | (1ull << 25) | ((uint64_t)e.op0 << 20) | ((uint64_t)e.op2 << 17) |
	       ((uint64_t)e.op1 << 14) | ((uint64_t)e.crn << 10) | (2ull << 5) |
	       ((uint64_t)e.crm << 1) | (read ? 1 : 0);
}

/* A read through x2: the value, or the junk left in x2 if the core did not answer. */
static bool read_reg(struct enc e, uint64_t *value)
{
	bool done;

	cpu.regs.x[2] = 0x5a5a5a5a5a5a5a5aull;
	done = sysreg_emulate(&cpu, esr_of(e, true));
	*value = cpu.regs.x[2];
	return done;
}

static bool write_reg(struct enc e, uint64_t value)
{
	cpu.regs.x[2] = value;
	return sysreg_emulate(&cpu, esr_of(e, false));
}

static const struct enc ACTLR_EL1 = { 3, 0, 1, 0, 1 };
static const struct enc ID_AA64PFR0_EL1 = { 3, 0, 0, 4, 0 };

static void test_actlr_reads_as_zero_and_ignores_writes(void **state)
{
	uint64_t value;

	(void)state;
	assert_true(write_reg(ACTLR_EL1, ~0ull));
	assert_true(read_reg(ACTLR_EL1, &value));
	assert_int_equal(value, 0);
	assert_int_equal(cpu.regs.pc, 8); /* each access emulated and stepped over */
}

static void test_hidden_features_registers_left_undefined(void **state)
{
	static const struct enc regs[] = {
		{ 3, 3, 13, 2, 0 }, /* AMCR_EL0 */
		{ 3, 3, 13, 2, 5 }, /* AMCNTENSET0_EL0 */
		{ 3, 3, 13, 4, 0 }, /* AMEVCNTR00_EL0 */
		{ 3, 3, 13, 6, 0 }, /* AMEVTYPER00_EL0 */
		{ 3, 0, 5, 3, 0 },  /* ERRIDR_EL1 */
		{ 3, 0, 5, 3, 1 },  /* ERRSELR_EL1 */
		{ 3, 0, 5, 4, 2 },  /* ERXSTATUS_EL1 */
		{ 3, 0, 5, 5, 0 },  /* ERXMISC0_EL1 */
	};
	uint64_t value;

	(void)state;
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		assert_false(read_reg(regs[i], &value));
		assert_int_equal(value, 0x5a5a5a5a5a5a5a5aull);
		assert_false(write_reg(regs[i], 1));
	}
	assert_int_equal(cpu.regs.pc, 0); /* the caller injects the UNDEF there */
}

static void test_id_registers_hide_amu_and_ras(void **state)
{
	uint64_t value;

	(void)state;
	assert_true(read_reg(ID_AA64PFR0_EL1, &value));
	assert_int_equal((value >> 28) & 0xf, 0); /* RAS */
	assert_int_equal((value >> 44) & 0xf, 0); /* AMU */
	assert_int_equal(value & 0xf, 0xf);       /* EL0: as the hardware has it */
}

static void test_guests_trap_actlr_and_error_records(void **state)
{
	(void)state;
	assert_true(HCR_GUEST & (1ull << 21)); /* TACR */
	assert_true(HCR_GUEST & (1ull << 36)); /* TERR */
}

static void test_set_way_never_a_plain_invalidate(void **state)
{
	(void)state;
	assert_true(
		sysreg_emulate(&cpu, esr_of((struct enc){ 1, 0, 7, 6, 2 }, false))); /* DC ISW */
	assert_string_equal(dc_seen, "cisw");
	assert_true(sysreg_emulate(&cpu, esr_of((struct enc){ 1, 0, 7, 10, 2 }, false))); /* CSW */
	assert_string_equal(dc_seen, "csw");
}

static void test_sgi_register_write_only(void **state)
{
	static const struct enc sgi1r = { 3, 0, 12, 11, 5 };
	uint64_t value;

	(void)state;
	assert_true(write_reg(sgi1r, 0x1000001));
	assert_int_equal(sgi_count, 1);
	assert_int_equal(sgi_seen, 0x1000001);
	assert_false(read_reg(sgi1r, &value));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_actlr_reads_as_zero_and_ignores_writes),
		T(test_hidden_features_registers_left_undefined),
		T(test_id_registers_hide_amu_and_ras),
		T(test_guests_trap_actlr_and_error_records),
		T(test_set_way_never_a_plain_invalidate),
		T(test_sgi_register_write_only),
	};

	return cmocka_run_group_tests_name("sysreg_emul", tests, NULL, NULL);
}
