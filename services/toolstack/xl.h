/* SPDX-License-Identifier: MIT */
/* The xl subcommands, each as xl names it, with xl's arguments, columns and messages. */
#ifndef TOOLSTACK_XL_H
#define TOOLSTACK_XL_H

#include <stdbool.h>
#include <stdint.h>

#include "shell.h"

/* xl_dmesg.c */
int xl_dmesg(struct shell_call *c);

/* xl_show.c */
int xl_list(struct shell_call *c);
int xl_vcpu_list(struct shell_call *c);
int xl_info(struct shell_call *c);
int xl_domid(struct shell_call *c);
int xl_domname(struct shell_call *c);
int xl_uptime(struct shell_call *c);

/**
 * xl_list_long.c: `xl list -l [DOM...]`, the domains named from argv[first]
 * on (every domain when none is) as xl's JSON; 1 if a name is not a domain.
 */
int xl_list_long(struct shell_call *c, int first);

/* xl_create.c */
int xl_create(struct shell_call *c);
int xl_console(struct shell_call *c);
int shell_ls(struct shell_call *c);

/* xl_devices.c */
int xl_block_list(struct shell_call *c);
int xl_network_list(struct shell_call *c);
int xl_block_attach(struct shell_call *c);
int xl_block_detach(struct shell_call *c);
int xl_network_attach(struct shell_call *c);
int xl_network_detach(struct shell_call *c);

/* xl_control.c */
int xl_pause(struct shell_call *c);
int xl_unpause(struct shell_call *c);
int xl_destroy(struct shell_call *c);
int xl_shutdown(struct shell_call *c);
int xl_reboot(struct shell_call *c);
int xl_mem_max(struct shell_call *c);
int xl_mem_set(struct shell_call *c);
int xl_sched_credit(struct shell_call *c);
int xl_vcpu_pin(struct shell_call *c);

/* How xl shutdown -w and xl reboot -w wait: checks this often, gives up after this long. */
#define XL_WAIT_STEP_MS 100u
#define XL_WAIT_MAX_MS 300000u

/** xl's memory sizes ("128", "128m", "1g", "65536k"): KiB in *kib, or false. */
bool xl_parse_memory(const char *text, uint64_t *kib);

#endif
