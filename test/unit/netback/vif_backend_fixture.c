// SPDX-License-Identifier: MIT
/* Stand-ins for the vif back end's unit tests (vif_backend_fixture.h). */
#include <abi/errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vif_backend_fixture.h"

struct fake_vif_conn fake_vif_conns[FAKE_VIF_CONN_MAX];
unsigned int fake_vif_starts, fake_vif_stops;
static int start_error;

struct vif_conn {
	unsigned int index;
};

static struct vif_conn handles[FAKE_VIF_CONN_MAX];

void fake_vif_reset(void)
{
	fake_store_reset();
	memset(fake_vif_conns, 0, sizeof(fake_vif_conns));
	fake_vif_starts = fake_vif_stops = 0;
	start_error = 0;
}

void fake_vif_fail(int err)
{
	start_error = err;
}

int vif_conn_start(const struct vif_conn_params *p, vif_conn_broken_fn broken, void *arg,
		   struct vif_conn **out)
{
	struct fake_vif_conn *c;

	if (start_error) {
		return start_error;
	}
	assert_true(fake_vif_starts < FAKE_VIF_CONN_MAX);
	c = &fake_vif_conns[fake_vif_starts];
	*c = (struct fake_vif_conn){ .live = true, .params = *p, .broken = broken, .arg = arg };
	handles[fake_vif_starts].index = fake_vif_starts;
	*out = &handles[fake_vif_starts];
	fake_vif_starts++;
	return 0;
}

void vif_conn_stop(struct vif_conn *c)
{
	assert_true(c >= handles && c < handles + fake_vif_starts);
	assert_true(fake_vif_conns[c->index].live); /* stopped once only */
	fake_vif_conns[c->index].live = false;
	fake_vif_stops++;
}

struct net_port_stats fake_vif_stats;

/* The stand-in's counts: what the test put in fake_vif_stats. */
void vif_conn_stats(const struct vif_conn *c, struct net_port_stats *out)
{
	assert_true(c >= handles && c < handles + fake_vif_starts);
	*out = fake_vif_stats;
}

unsigned int fake_vif_live(void)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < fake_vif_starts; i++) {
		count += fake_vif_conns[i].live ? 1u : 0u;
	}
	return count;
}

struct fake_vif_conn *fake_vif_last(void)
{
	assert_true(fake_vif_starts > 0);
	return &fake_vif_conns[fake_vif_starts - 1];
}
