// SPDX-License-Identifier: MIT
/* Unit tests of the library OS's peer set (stubdoms/peers.c) over a stand-in core. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <abi/console_ring.h>
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/xs_wire.h>
#include <libos/peers.h>

#include "fake.h"

#define LOG_MAX 256u
#define LIMIT 64u /* the set's limit in these tests */

/* What the ops saw, in order: +domid for an attach, -domid for a detach. */
struct record {
	int event;
	uint32_t generation;
	bool mapped; /* the ring was still mapped and the port bound when the op ran */
};

static struct peer_set set;
static struct record log_of[LOG_MAX];
static unsigned int log_count;
static int refuse_attach; /* the error attach returns; 0: takes every peer */

static bool held(const struct peer *p)
{
	return fake_domains[p->domid].maps == 1 && fake_domains[p->domid].bound == 1;
}

static void note(int event, const struct peer *p)
{
	assert_true(log_count < LOG_MAX);
	log_of[log_count++] = (struct record){ event, p->generation, held(p) };
}

static int on_attach(struct peer *p, void *ctx)
{
	assert_ptr_equal(ctx, &set);
	note(p->domid, p);
	return refuse_attach;
}

static void on_detach(struct peer *p, void *ctx)
{
	assert_ptr_equal(ctx, &set);
	note(-(int)p->domid, p);
}

static const struct peer_ops store_ops = { .ref = XS_GRANT_REF,
					   .store = true,
					   .attach = on_attach,
					   .detach = on_detach,
					   .ctx = &set,
					   .data_size = 24 };
static const struct peer_ops console_ops = {
	.ref = CONSOLE_GRANT_REF, .attach = on_attach, .detach = on_detach, .ctx = &set
};

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&set, 0, sizeof(set));
	peers_init(&set, LIMIT);
	log_count = 0;
	refuse_attach = 0;
	/* The two service domains: they are served too, when the core gave them a ring. */
	fake_domain_add(0, "console", DOMAIN_RIGHT_CONSOLE)->console_port = 0;
	fake_domain_add(1, "xenstore", DOMAIN_RIGHT_XENSTORE)->store_port = 0;
	return 0;
}

/* Every peer detached by a sync over an empty list: nothing of theirs may stay behind. */
static void assert_all_let_go(void)
{
	for (unsigned int i = 0; i < FAKE_DOMAINS; i++) {
		fake_domains[i].exists = false;
	}
	assert_int_equal(peers_sync(&set, &store_ops), 0);
	assert_int_equal(fake_maps_held(), 0);
	assert_int_equal(fake_ports_held(), 0);
	assert_null(set.slot); /* an empty set holds no heap */
}

static void test_new_domains_are_attached(void **state)
{
	struct peer *p;

	(void)state;
	fake_domain_add(2, "client", 0)->vcpu_count = 4;
	fake_domain_add(5, "other", DOMAIN_RIGHT_TOOLSTACK);
	assert_int_equal(peers_sync(&set, &store_ops), 3);
	assert_int_equal(log_count, 3);
	assert_int_equal(log_of[0].event, 0); /* the console domain has a store ring */
	assert_int_equal(log_of[1].event, 2);
	assert_int_equal(log_of[2].event, 5);
	assert_true(log_of[1].mapped);
	p = peers_find(&set, 2);
	assert_non_null(p);
	assert_true(p->used);
	assert_ptr_equal(set.slot[p->slot], p);
	/* The service's own state: zeroed, its own to each peer. */
	assert_non_null(p->data);
	assert_memory_equal(p->data, (char[24]){ 0 }, 24);
	assert_ptr_not_equal(p->data, peers_find(&set, 5)->data);
	assert_int_equal(p->vcpu_count, 4);
	assert_int_equal(p->generation, 1);
	assert_string_equal(p->name, "client");
	assert_int_equal(fake_domains[2].mapped_ref, XS_GRANT_REF);
	assert_int_equal(peers_find(&set, 5)->rights, DOMAIN_RIGHT_TOOLSTACK);
	assert_null(peers_find(&set, 1));
	assert_null(peers_find(&set, 3));
	/* A second sync with nothing changed changes nothing. */
	assert_int_equal(peers_sync(&set, &store_ops), 3);
	assert_int_equal(log_count, 3);
	assert_all_let_go();
}

static void test_console_ring_and_port(void **state)
{
	(void)state;
	fake_domain_add(2, "client", 0);
	assert_int_equal(peers_sync(&set, &console_ops), 2);
	assert_int_equal(log_of[0].event, 1); /* the xenstore domain has a console ring */
	assert_int_equal(log_of[1].event, 2);
	assert_int_equal(fake_domains[2].mapped_ref, CONSOLE_GRANT_REF);
	assert_null(peers_find(&set, 0));
	assert_all_let_go();
}

static void test_dying_and_portless_are_not_attached(void **state)
{
	(void)state;
	fake_domain_add(2, "dying", 0)->flags = DOMAIN_INFO_DYING;
	fake_domain_add(3, "portless", 0)->store_port = 0;
	assert_int_equal(peers_sync(&set, &store_ops), 1);
	assert_null(peers_find(&set, 2));
	assert_null(peers_find(&set, 3));
	assert_int_equal(fake_domains[2].maps + fake_domains[3].maps, 0);
	assert_all_let_go();
}

/* A rebuilt domain has a new ring and port: the old peer goes before the new one comes. */
static void test_new_generation_is_a_new_peer(void **state)
{
	struct domain_info *d = fake_domain_add(2, "client", 0);

	(void)state;
	assert_int_equal(peers_sync(&set, &store_ops), 2);
	log_count = 0;
	d->generation = 2;
	assert_int_equal(peers_sync(&set, &store_ops), 2);
	assert_int_equal(log_count, 2);
	assert_int_equal(log_of[0].event, -2);
	assert_int_equal(log_of[0].generation, 1);
	assert_true(log_of[0].mapped); /* detach runs while the ring is still there */
	assert_int_equal(log_of[1].event, 2);
	assert_int_equal(log_of[1].generation, 2);
	assert_int_equal(fake_domains[2].maps, 1);
	assert_int_equal(fake_domains[2].bound, 1);
	assert_int_equal(peers_find(&set, 2)->generation, 2);
	assert_all_let_go();
}

static void test_gone_and_dying_are_detached(void **state)
{
	(void)state;
	fake_domain_add(2, "ends", 0);
	fake_domain_add(3, "destroyed", 0);
	assert_int_equal(peers_sync(&set, &store_ops), 3);
	log_count = 0;
	fake_domains[2].info.flags = DOMAIN_INFO_DYING;
	fake_domain_remove(3);
	assert_int_equal(peers_sync(&set, &store_ops), 1);
	assert_int_equal(log_count, 2);
	assert_int_equal(log_of[0].event, -2);
	assert_int_equal(log_of[1].event, -3);
	assert_null(peers_find(&set, 2));
	assert_null(peers_find(&set, 3));
	assert_int_equal(fake_domains[2].maps + fake_domains[3].maps, 0);
	assert_int_equal(fake_domains[2].bound + fake_domains[3].bound, 0);
	assert_all_let_go();
}

/* A refusal leaves nothing held, and the next sync tries again. */
static void test_refused_attach_is_tried_again(void **state)
{
	(void)state;
	fake_domain_add(2, "client", 0);
	refuse_attach = -XEN_ENOMEM;
	assert_int_equal(peers_sync(&set, &store_ops), 0);
	assert_int_equal(fake_maps_held(), 0);
	assert_int_equal(fake_ports_held(), 0);
	assert_null(peers_find(&set, 2));
	refuse_attach = 0;
	log_count = 0;
	assert_int_equal(peers_sync(&set, &store_ops), 2);
	assert_int_equal(log_count, 2);
	assert_non_null(peers_find(&set, 2));
	assert_all_let_go();
}

static void test_map_or_bind_failure_holds_nothing(void **state)
{
	(void)state;
	fake_domain_add(2, "unmappable", 0);
	fake_domain_add(3, "unbindable", 0);
	fake_domains[2].refuse_map = true;
	fake_domains[3].refuse_bind = true;
	assert_int_equal(peers_sync(&set, &store_ops), 1);
	assert_int_equal(log_count, 1); /* the service never heard of either */
	assert_int_equal(fake_maps_held(), 1);
	assert_int_equal(fake_domains[2].maps + fake_domains[3].maps, 0);
	assert_int_equal(fake_domains[3].bound, 0);
	fake_domains[2].refuse_map = false;
	fake_domains[3].refuse_bind = false;
	assert_int_equal(peers_sync(&set, &store_ops), 3);
	assert_all_let_go();
}

/* More domains than the limit: LIMIT are served, the rest wait, nothing leaks. */
static void test_full_set(void **state)
{
	const uint16_t last = LIMIT + 2; /* guests 2 to last: one more than room */

	(void)state;
	fake_domains[0].info.store_port = 0;
	for (uint16_t id = 2; id <= last; id++) {
		fake_domain_add(id, "guest", 0);
	}
	assert_int_equal(peers_sync(&set, &store_ops), LIMIT);
	assert_int_equal(set.slot_count, LIMIT);
	assert_int_equal(fake_maps_held(), LIMIT);
	assert_int_equal(fake_ports_held(), LIMIT);
	assert_null(peers_find(&set, last));
	assert_int_equal(peers_attach(&set, last, &store_ops), -XEN_ENOSPC);
	/* A gone domain's room is found free at the end of the walk, and used at once. */
	fake_domain_remove(2);
	assert_int_equal(peers_sync(&set, &store_ops), LIMIT);
	assert_non_null(peers_find(&set, last));
	assert_int_equal(fake_maps_held(), LIMIT);
	assert_all_let_go();
}

/* The name is the core's copy of the boot configuration's: terminated here whatever it says. */
static void test_name_is_terminated(void **state)
{
	struct domain_info *d = fake_domain_add(2, "", 0);

	(void)state;
	memset(d->name, 'x', sizeof(d->name));
	assert_int_equal(peers_sync(&set, &store_ops), 2);
	assert_int_equal(strlen(peers_find(&set, 2)->name), sizeof(d->name) - 1);
	assert_all_let_go();
}

static void test_none_left(void **state)
{
	(void)state;
	assert_true(peers_none_left());
	fake_domain_add(2, "ends", 0)->flags = DOMAIN_INFO_DYING;
	assert_true(peers_none_left());
	fake_domain_add(7, "guest", DOMAIN_RIGHT_TOOLSTACK);
	assert_false(peers_none_left());
	fake_domain_remove(7);
	assert_true(peers_none_left());
}

static void test_holder(void **state)
{
	(void)state;
	assert_int_equal(peers_holder(DOMAIN_RIGHT_XENSTORE), 1);
	assert_int_equal(peers_holder(DOMAIN_RIGHT_CONSOLE), 0);
	assert_int_equal(peers_holder(DOMAIN_RIGHT_TOOLSTACK), DOMID_INVALID);
	fake_domain_add(4, "dying", DOMAIN_RIGHT_TOOLSTACK)->flags = DOMAIN_INFO_DYING;
	assert_int_equal(peers_holder(DOMAIN_RIGHT_TOOLSTACK), DOMID_INVALID);
	fake_domain_add(6, "toolstack", DOMAIN_RIGHT_TOOLSTACK);
	assert_int_equal(peers_holder(DOMAIN_RIGHT_TOOLSTACK), 6);
}

/* The store's choice: a domain with a controller waits for it. */
static bool no_controller(const struct domain_info *info, void *ctx)
{
	assert_ptr_equal(ctx, &set);
	return info->controller == 0;
}

static const struct peer_ops picky_ops = { .ref = XS_GRANT_REF,
					   .store = true,
					   .attach = on_attach,
					   .detach = on_detach,
					   .wanted = no_controller,
					   .ctx = &set };

/* A domain wanted turns down is left alone by syncs until the service takes it on. */
static void test_unwanted_domain_waits_for_attach(void **state)
{
	(void)state;
	fake_domain_add(4, "toolstack", DOMAIN_RIGHT_TOOLSTACK);
	fake_domain_add(2, "controlled", 0)->controller = 4;
	assert_int_equal(peers_sync(&set, &picky_ops), 2);
	assert_null(peers_find(&set, 2));
	assert_int_equal(fake_domains[2].maps + fake_domains[2].bound, 0);
	assert_int_equal(peers_attach(&set, 2, &picky_ops), 0);
	assert_int_equal(log_of[log_count - 1].event, 2);
	assert_true(log_of[log_count - 1].mapped);
	assert_true(held(peers_find(&set, 2)));
	assert_int_equal(peers_attach(&set, 2, &picky_ops), -XEN_EEXIST);
	/* Once attached, a sync keeps it while it lives. */
	assert_int_equal(peers_sync(&set, &picky_ops), 3);
	fake_domains[2].info.flags = DOMAIN_INFO_DYING;
	assert_int_equal(peers_sync(&set, &picky_ops), 2);
	assert_int_equal(log_of[log_count - 1].event, -2);
	assert_int_equal(fake_domains[2].maps + fake_domains[2].bound, 0);
	assert_all_let_go();
}

static void test_attach_refusals_hold_nothing(void **state)
{
	(void)state;
	fake_domain_add(2, "dying", 0)->flags = DOMAIN_INFO_DYING;
	fake_domain_add(3, "portless", 0)->store_port = 0;
	fake_domain_add(6, "unmappable", 0);
	fake_domains[6].refuse_map = true;
	assert_int_equal(peers_attach(&set, 2, &picky_ops), -XEN_ESRCH);
	assert_int_equal(peers_attach(&set, 3, &picky_ops), -XEN_ENOENT);
	assert_int_equal(peers_attach(&set, 5, &picky_ops), -XEN_ESRCH); /* none, 6 is next */
	assert_true(peers_attach(&set, 6, &picky_ops) < 0);
	refuse_attach = -XEN_EBUSY;
	fake_domains[6].refuse_map = false;
	assert_int_equal(peers_attach(&set, 6, &picky_ops), -XEN_EBUSY);
	assert_int_equal(fake_maps_held(), 0);
	assert_int_equal(fake_ports_held(), 0);
	assert_null(peers_find(&set, 6));
}

/* peers_detach lets one peer go as a sync would: detach first, then port and ring. */
static void test_detach_one(void **state)
{
	(void)state;
	fake_domain_add(2, "client", 0);
	fake_domain_add(3, "other", 0);
	assert_int_equal(peers_sync(&set, &store_ops), 3);
	peers_detach(&set, 2, &store_ops);
	assert_int_equal(log_of[log_count - 1].event, -2);
	assert_true(log_of[log_count - 1].mapped);
	assert_null(peers_find(&set, 2));
	assert_int_equal(fake_domains[2].maps + fake_domains[2].bound, 0);
	assert_true(held(peers_find(&set, 3)));
	peers_detach(&set, 2, &store_ops); /* nothing left to let go */
	assert_int_equal(log_of[log_count - 1].event, -2);
	assert_all_let_go();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_new_domains_are_attached, setup),
		cmocka_unit_test_setup(test_console_ring_and_port, setup),
		cmocka_unit_test_setup(test_dying_and_portless_are_not_attached, setup),
		cmocka_unit_test_setup(test_new_generation_is_a_new_peer, setup),
		cmocka_unit_test_setup(test_gone_and_dying_are_detached, setup),
		cmocka_unit_test_setup(test_refused_attach_is_tried_again, setup),
		cmocka_unit_test_setup(test_map_or_bind_failure_holds_nothing, setup),
		cmocka_unit_test_setup(test_full_set, setup),
		cmocka_unit_test_setup(test_name_is_terminated, setup),
		cmocka_unit_test_setup(test_none_left, setup),
		cmocka_unit_test_setup(test_holder, setup),
		cmocka_unit_test_setup(test_unwanted_domain_waits_for_attach, setup),
		cmocka_unit_test_setup(test_attach_refusals_hold_nothing, setup),
		cmocka_unit_test_setup(test_detach_one, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
