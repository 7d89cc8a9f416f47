// SPDX-License-Identifier: MIT
/* The cmocka setup and teardown hypercall tests share (hypercall_fixture.h). */
#include "hypercall_fixture.h"

int fixture_setup_running(void **state)
{
	(void)state;
	fixture_setup();
	fixture_run(fixture_dom[0].vcpus[0]);
	return 0;
}

int fixture_teardown_running(void **state)
{
	(void)state;
	fixture_teardown();
	return 0;
}
