/* SPDX-License-Identifier: MIT */
/* What the tests over real domains (domain.c, the registry) share. */
#ifndef DOMAIN_FIXTURE_H
#define DOMAIN_FIXTURE_H

struct domain;

/** Give back all that destroyed domains hold, a step at a time, as idle pCPUs do. */
void domain_fixture_reap(void);

/** Destroy d and give back all it holds, as domain_destroy and the reaping steps after it. */
void domain_fixture_destroy(struct domain *d);

/**
 * Destroy every domain left, the last one expecting the power-off the core
 * makes when no domain is left (a cmocka assertion on the host), then free
 * the host RAM. For a test's teardown.
 */
void domain_fixture_destroy_all(void);

#endif
