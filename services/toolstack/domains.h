/* SPDX-License-Identifier: MIT */
/* Domains as xl names them: by id or by name, read through domain_info. */
#ifndef TOOLSTACK_DOMAINS_H
#define TOOLSTACK_DOMAINS_H

#include <stdbool.h>
#include <stdio.h>

#include "platform.h"

/**
 * The domain a command names with arg: a decimal id, or a name. Fills info
 * and returns true; false after writing xl's "ARG is an invalid domain
 * identifier" to err.
 */
bool domain_find(const struct platform *pf, const char *arg, struct domain_info *info, FILE *err);

/** The domain called name: fills info and returns true; false (silently) if there is none. */
bool domain_by_name(const struct platform *pf, const char *name, struct domain_info *info);

/** Call fn for each domain, in order of id, until it returns false. */
void domain_each(const struct platform *pf, bool (*fn)(const struct domain_info *, void *),
		 void *arg);

/** xl's state letters (r b p s c d, '-' for each that does not hold) into six bytes and a NUL. */
void domain_state_letters(const struct domain_info *info, char out[7]);

/** Its RAM in MiB, as xl shows Mem. */
unsigned long domain_mem_mib(const struct domain_info *info);

#endif
