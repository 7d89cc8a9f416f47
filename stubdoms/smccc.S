/* SPDX-License-Identifier: MIT */
/* SMCCC conduits: function id in x0, arguments in x1..x3, result in x0. */

	.text

/* uint64_t smccc_hvc(fid, a1, a2, a3): the conduit the domain's DT names. */
	.global	smccc_hvc
	.type	smccc_hvc, %function
smccc_hvc:
	hvc	#0
	ret
	.size	smccc_hvc, . - smccc_hvc

/* uint64_t smccc_smc(fid, a1, a2, a3): trapped by the hypervisor and handled the same way. */
	.global	smccc_smc
	.type	smccc_smc, %function
smccc_smc:
	smc	#0
	ret
	.size	smccc_smc, . - smccc_smc

	.section .note.GNU-stack, "", %progbits
