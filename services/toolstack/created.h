/* SPDX-License-Identifier: MIT */
/* The domains this toolstack made, with the configuration each was made from. */
#ifndef TOOLSTACK_CREATED_H
#define TOOLSTACK_CREATED_H

#include <stdio.h>

#include "platform.h"
#include "xlcfg.h"

#define CREATED_MAX 64 /* domains made and not yet gone, at once */

/**
 * Remember that this incarnation of domid was made from cfg (copied), and
 * when. Returns 0, or -1 if the table is full or domid is gone.
 */
int created_add(const struct platform *pf, uint16_t domid, const struct xl_config *cfg);

/**
 * A domain build_domain just made from cfg: remember it, and unpause it if
 * asked. If either fails, destroy it (after saying why on err); -1.
 */
int created_start(const struct platform *pf, uint16_t domid, const struct xl_config *cfg,
		  bool unpause, FILE *err);

/** When domid was made (the machine's uptime then), or 0 if this toolstack did not make it. */
uint64_t created_at(uint16_t domid);

/** The configuration domid was made from, or NULL if this toolstack did not make it. */
const struct xl_config *created_config(uint16_t domid);

/** Forget domid (destroyed). */
void created_forget(uint16_t domid);

/**
 * Carry out on_poweroff, on_reboot and on_crash for every made domain that
 * has stopped: destroy it, or destroy and make it again from the same
 * configuration (restart), or leave it (preserve). Domains that are gone
 * are forgotten. Says what it did on out.
 */
void created_reap(const struct platform *pf, FILE *out);

#endif
