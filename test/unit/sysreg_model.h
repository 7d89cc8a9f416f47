/* SPDX-License-Identifier: MIT */
/* Forced in ahead of sysreg_emul.c for its unit test: the system registers it
 * reads and the cache operations it issues become calls into the test's model. */
#ifndef TEST_UNIT_SYSREG_MODEL_H
#define TEST_UNIT_SYSREG_MODEL_H

#include <sysreg.h>

#undef read_sysreg
#undef dc_csw
#undef dc_cisw

/** The model's value of the register named as the core's source names it. */
uint64_t model_read_sysreg(const char *name);

/** A set/way operation ("csw" or "cisw") with its operand. */
void model_dc(const char *op, uint64_t operand);

#define read_sysreg(r) model_read_sysreg(#r)
#define dc_csw(v) model_dc("csw", (v))
#define dc_cisw(v) model_dc("cisw", (v))

#endif
