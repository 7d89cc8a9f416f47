// SPDX-License-Identifier: MIT
/*
 * FP/SIMD state belongs to its vCPU: all 32 vector registers, loaded with a
 * pattern of this domain's own, must read back unchanged after thousands of
 * switches to another domain doing the same on the same pCPU (the test's
 * boot configuration pins both to one). The registers stay live across the
 * yields inside one asm block, so the compiler cannot save them for us.
 */
#include <abi/sched.h>
#include <libos/dt.h>
#include <libos/test.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define YIELDS 2000u

/* Load v0..v31 from in, yield count times, store v0..v31 to out. */
static void hold_across_yields(const uint64_t in[64], uint64_t out[64], uint64_t count)
{
	__asm__ volatile("mov x9, %[in]\n"
			 "ld1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x9], #64\n"
			 "ld1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x9], #64\n"
			 "ld1 {v8.2d, v9.2d, v10.2d, v11.2d}, [x9], #64\n"
			 "ld1 {v12.2d, v13.2d, v14.2d, v15.2d}, [x9], #64\n"
			 "ld1 {v16.2d, v17.2d, v18.2d, v19.2d}, [x9], #64\n"
			 "ld1 {v20.2d, v21.2d, v22.2d, v23.2d}, [x9], #64\n"
			 "ld1 {v24.2d, v25.2d, v26.2d, v27.2d}, [x9], #64\n"
			 "ld1 {v28.2d, v29.2d, v30.2d, v31.2d}, [x9], #64\n"
			 "mov x10, %[count]\n"
			 "1: mov x16, #29\n" /* sched_op */
			 "mov x0, #0\n"      /* SCHEDOP_yield */
			 "mov x1, #0\n"
			 "hvc #0xea1\n"
			 "subs x10, x10, #1\n"
			 "b.ne 1b\n"
			 "mov x9, %[out]\n"
			 "st1 {v0.2d, v1.2d, v2.2d, v3.2d}, [x9], #64\n"
			 "st1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x9], #64\n"
			 "st1 {v8.2d, v9.2d, v10.2d, v11.2d}, [x9], #64\n"
			 "st1 {v12.2d, v13.2d, v14.2d, v15.2d}, [x9], #64\n"
			 "st1 {v16.2d, v17.2d, v18.2d, v19.2d}, [x9], #64\n"
			 "st1 {v20.2d, v21.2d, v22.2d, v23.2d}, [x9], #64\n"
			 "st1 {v24.2d, v25.2d, v26.2d, v27.2d}, [x9], #64\n"
			 "st1 {v28.2d, v29.2d, v30.2d, v31.2d}, [x9], #64\n"
			 :
			 : [in] "r"(in), [out] "r"(out), [count] "r"(count)
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x9", "x10", "x16", "cc", "memory",
			   "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11",
			   "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21",
			   "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
}

TEST(fp, registers_kept_across_switches)
{
	const char *args = dt_bootargs();
	uint64_t seed = args && strcmp(args, "second") == 0 ? 0xB0B0B0B0u : 0xA0A0A0A0u;
	uint64_t in[64], out[64];

	for (unsigned int i = 0; i < 64; i++) {
		in[i] = (seed << 32) | (i * 0x01010101u);
	}
	memset(out, 0, sizeof(out));
	hold_across_yields(in, out, YIELDS);
	for (unsigned int i = 0; i < 64; i++) {
		test_context("q%u, half %u", i / 2, i % 2);
		CHECK_EQ(out[i], in[i]);
	}
	test_context(NULL);
	printf("fp: 32 vector registers kept across %u yields\n", YIELDS);
}
