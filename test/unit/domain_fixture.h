/* SPDX-License-Identifier: MIT */
/* What the tests over real domains (domain.c, the registry) share. */
#ifndef DOMAIN_FIXTURE_H
#define DOMAIN_FIXTURE_H

/**
 * Destroy every domain left, the last one expecting the power-off the core
 * makes when no domain is left (a cmocka assertion on the host), then free
 * the host RAM. For a test's teardown.
 */
void domain_fixture_destroy_all(void);

#endif
