/* SPDX-License-Identifier: MIT */
/* Who may introduce a domain to the store (xs_intro.h). */
#include <errno.h>
#include "xs_intro.h"

int xs_intro_check(const struct xs_intro_facts *facts, uint16_t caller, uint64_t gfn, uint32_t port)
{
	if (!facts->exists || facts->dying) {
		return -ENOENT;
	}
	if (xs_intro_by_main_loop(facts->controller) || facts->controller != caller) {
		return -EPERM;
	}
	/* 0 is never a ring: a domain the core gave no ring for this store cannot be served. */
	if (facts->store_port == 0 || port != facts->store_port) {
		return -EINVAL;
	}
	if (facts->store_gfn == 0 || gfn != facts->store_gfn) {
		return -EINVAL;
	}
	return 0;
}

bool xs_intro_by_main_loop(uint16_t controller)
{
	return controller == 0;
}
