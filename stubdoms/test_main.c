// SPDX-License-Identifier: MIT
/* The default main of a test image: run the test cases, then power the domain off. */
#include <abi/sched.h>
#include <libos/libos.h>
#include <libos/test.h>
#include <stdio.h>

/*
 * Alone in its file so that an image defining its own main (a service
 * domain) never pulls this one from the library.
 */
int main(void)
{
	(void)test_run_all();
	fflush(stdout);
	/* Pass or fail, the domain ends cleanly: the RESULT line is the verdict. */
	libos_shutdown(SHUTDOWN_poweroff);
}
