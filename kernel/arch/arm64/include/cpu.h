/* SPDX-License-Identifier: MIT */
/* Bringing pCPUs up. */
#ifndef CPU_H
#define CPU_H

#include <boot_info.h>

/** EL2 set-up every pCPU runs for itself; false if the pCPU cannot host guests. */
bool cpu_init_el2(unsigned int index);

struct pcpu;
struct vcpu;

/** The next vCPU this pCPU runs, idling until there is one, with its interrupts ready. */
struct vcpu *cpu_next_vcpu(struct pcpu *p);

/** Power the other pCPUs on through the firmware and wait for them to come online. */
void cpu_start_secondaries(const struct boot_info *bi);

/* Entered from head.S. */
/** The boot pCPU's C entry, with the DTB the loader passed; does not return. */
void boot_main(void *fdt);

/** A secondary pCPU's C entry, with its index; does not return. */
void secondary_main(unsigned long index);

#endif
