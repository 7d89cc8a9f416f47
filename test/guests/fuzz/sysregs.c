// SPDX-License-Identifier: MIT
/* Random accesses to trapped and hidden system registers: each works or is UNDEF, nothing else. */
#include <libos/arm64.h>
#include <libos/exc.h>

#include "fuzz.h"

#define DECLARE(name)                  \
	uint64_t name(uint64_t value); \
	extern const char name##_resume[]

#define PROBE(name)                 \
	{                           \
		name, name##_resume \
	}

DECLARE(fz_sgi1r_write);
DECLARE(fz_asgi1r_write);
DECLARE(fz_pmr_read);
DECLARE(fz_pmr_write);
DECLARE(fz_bpr1_write);
DECLARE(fz_ctlr_read);
DECLARE(fz_ctlr_write);
DECLARE(fz_igrpen1_write);
DECLARE(fz_iar1_read);
DECLARE(fz_eoir1_write);
DECLARE(fz_dir_write);
DECLARE(fz_rpr_read);
DECLARE(fz_hppir1_read);
DECLARE(fz_ap1r0_write);
DECLARE(fz_ap1r3_write);
DECLARE(fz_ap0r1_read);
DECLARE(fz_actlr_read);
DECLARE(fz_actlr_write);
DECLARE(fz_amcr_read);
DECLARE(fz_amcntenset0_write);
DECLARE(fz_erridr_read);
DECLARE(fz_errselr_write);
DECLARE(fz_erxstatus_write);
DECLARE(fz_dc_isw);
DECLARE(fz_dc_csw);
DECLARE(fz_dc_cisw);
DECLARE(fz_cntp_ctl_write);
DECLARE(fz_cntp_cval_write);
DECLARE(fz_pmcr_read);
DECLARE(fz_pmccntr_read);

struct sysreg_probe {
	uint64_t (*run)(uint64_t value);
	const char *resume;
};

void fuzz_sysreg(void)
{
	static const struct sysreg_probe probes[] = {
		PROBE(fz_sgi1r_write),     PROBE(fz_asgi1r_write),      PROBE(fz_pmr_read),
		PROBE(fz_pmr_write),       PROBE(fz_bpr1_write),        PROBE(fz_ctlr_read),
		PROBE(fz_ctlr_write),      PROBE(fz_igrpen1_write),     PROBE(fz_iar1_read),
		PROBE(fz_eoir1_write),     PROBE(fz_dir_write),         PROBE(fz_rpr_read),
		PROBE(fz_hppir1_read),     PROBE(fz_ap1r0_write),       PROBE(fz_ap1r3_write),
		PROBE(fz_ap0r1_read),      PROBE(fz_actlr_read),        PROBE(fz_actlr_write),
		PROBE(fz_amcr_read),       PROBE(fz_amcntenset0_write), PROBE(fz_erridr_read),
		PROBE(fz_errselr_write),   PROBE(fz_erxstatus_write),   PROBE(fz_dc_isw),
		PROBE(fz_dc_csw),          PROBE(fz_dc_cisw),           PROBE(fz_cntp_ctl_write),
		PROBE(fz_cntp_cval_write), PROBE(fz_pmcr_read),         PROBE(fz_pmccntr_read),
	};
	const struct sysreg_probe *p = &probes[fuzz_below(sizeof(probes) / sizeof(probes[0]))];
	uint64_t value = fuzz_value();
	struct exc_record rec;

	/*
	 * ICC_BPR1_EL1 goes to the virtual CPU interface untrapped, so only the
	 * emulator sees it: QEMU 7.2 clamps the whole value before keeping its
	 * three bits, so 0x40 leaves the binary point at 0, below its minimum,
	 * and QEMU aborts at the next acknowledge (icv_gprio_mask). Hardware
	 * ignores the RES0 bits; the field alone says all the core could see.
	 */
	if (p->run == fz_bpr1_write) {
		value &= 7;
	}
	/* An UNDEF resumes after the access; any other exception ends the domain, as it should. */
	exc_expect(ESR_EC_UNKNOWN, (uintptr_t)p->resume);
	(void)p->run(value);
	(void)exc_taken(&rec);
}
