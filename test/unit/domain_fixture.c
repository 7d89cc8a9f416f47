// SPDX-License-Identifier: MIT
/* The shared teardown of the tests over real domains (domain_fixture.h). */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <domain.h>

#include "domain_fixture.h"

void domain_fixture_reap(void)
{
	while (domain_reap_some()) {
	}
}

void domain_fixture_destroy(struct domain *d)
{
	domain_destroy(d);
	domain_fixture_reap();
}

void domain_fixture_destroy_all(void)
{
	struct domain *d;

	for (unsigned int left = 64; left && (d = domain_get_next(0)) != NULL; left--) {
		struct domain *other = domain_get_next((uint16_t)(d->domid + 1));

		domain_put(d);
		if (other) {
			domain_put(other);
			domain_fixture_destroy(d);
		} else {
			expect_assert_failure(domain_destroy(d));
			domain_fixture_reap(); /* the power-off came before its memory was back */
		}
	}
	host_ram_free();
}
