// SPDX-License-Identifier: MIT
/* The physical CPUs. Set up at boot; their scheduling fields belong to sched.c. */
#include <pcpu.h>

struct pcpu pcpus[BOOT_CPUS_MAX];
unsigned int pcpu_count;
