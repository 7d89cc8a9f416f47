/* SPDX-License-Identifier: MIT */
/* Xenstore homes: the /local/domain/<domid> layout a toolstack writes for a new domain. */
#include <abi/xs_home.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xs_internal.h"

/* The layout is libxl's (abi/xs_home.h), written here for the domains the store introduces. */
static const char *const guest_nodes[] = { XS_HOME_GUEST_NODES };
static const char *const controller_dirs[] = { XS_HOME_CONTROLLER_DIRS };

/* Room for "/local/domain/NNNNN/" and the longest relative path written here. */
#define HOME_PATH_MAX 96u

/*
 * Makes <home>/@rel exist with @perms and, when @value is not NULL, that
 * value. Missing ancestors are created first by the caller's order, so
 * each node is created here with the perms it is meant to have.
 */
static int put(struct xs_txn *txn, const char *home, const char *rel, const struct xs_perms *perms,
	       const char *value)
{
	char path[HOME_PATH_MAX];
	struct xs_entry *e;
	int n = snprintf(path, sizeof(path), rel[0] ? "%s/%s" : "%s%s", home, rel), err;

	if (n < 0 || (size_t)n >= sizeof(path)) {
		return -EINVAL;
	}
	err = xs_node_ensure(txn, path, (size_t)n, 0, &e);
	err = err ? err : xs_txn_set_perms(txn, e, perms);
	if (!err && value) {
		err = xs_txn_set_value(txn, e, value, (uint32_t)strlen(value));
	}
	return err ? err : xs_txn_event(txn, path, NULL);
}

/* The controller's part: the home itself, the values it decides, its directories. */
static int put_controller_part(struct xs_txn *txn, const char *home, const struct xs_home *h,
			       const struct xs_perms *ro)
{
	char rel[32], value[24];
	int err = put(txn, home, "", ro, NULL);

	for (size_t i = 0; !err && i < sizeof(controller_dirs) / sizeof(controller_dirs[0]); i++) {
		err = put(txn, home, controller_dirs[i], ro, NULL);
	}
	err = err ? err : put(txn, home, "name", ro, h->name);
	snprintf(value, sizeof(value), "%u", h->domid);
	err = err ? err : put(txn, home, "domid", ro, value);
	for (unsigned int i = 0; !err && i < h->vcpu_count; i++) {
		snprintf(rel, sizeof(rel), "cpu/%u", i);
		err = put(txn, home, rel, ro, NULL);
		snprintf(rel, sizeof(rel), "cpu/%u/availability", i);
		err = err ? err : put(txn, home, rel, ro, "online");
	}
	if (!err && h->memory_kib) {
		snprintf(value, sizeof(value), "%llu", (unsigned long long)h->memory_kib);
		err = put(txn, home, "memory/static-max", ro, value);
		err = err ? err : put(txn, home, "memory/target", ro, value);
	}
	return err;
}

static int put_guest_part(struct xs_txn *txn, const char *home, const struct xs_perms *ro,
			  const struct xs_perms *rw)
{
	int err = put(txn, home, "device/suspend", ro, NULL);

	for (size_t i = 0; !err && i < sizeof(guest_nodes) / sizeof(guest_nodes[0]); i++) {
		err = put(txn, home, guest_nodes[i], rw, "");
	}
	return err;
}

static bool home_valid(const struct xs_home *h)
{
	return h->domid <= XS_DOMID_MAX && h->owner <= XS_DOMID_MAX && h->owner != h->domid &&
	       h->name && strlen(h->name) < XS_HOME_NAME_MAX && h->vcpu_count <= XS_HOME_VCPUS_MAX;
}

int xs_home_write(struct xs_store *store, const struct xs_home *home)
{
	/* Owner first, standing for everyone not listed too (none); then read for the domain. */
	struct xs_perm ro_entries[2] = { { home->owner, 0 }, { home->domid, XS_ACCESS_READ } };
	struct xs_perm rw_entries[1] = { { home->domid, 0 } };
	const struct xs_perms ro = { 2, ro_entries }, rw = { 1, rw_entries };
	struct xs_caller caller;
	struct xs_txn *txn;
	char path[32];
	int err;

	if (!home_valid(home) || xs_path_of_domain(home->domid, path, sizeof(path)) < 0) {
		return -EINVAL;
	}
	xs_store_caller(store, &caller);
	txn = xs_txn_new(store, &caller, 0, 0);
	if (!txn) {
		return -ENOMEM;
	}
	err = put_controller_part(txn, path, home, &ro);
	err = err ? err : put_guest_part(txn, path, &ro, &rw);
	err = err ? err : xs_commit_apply(txn);
	if (!err) {
		xs_commit_fire(txn);
	}
	xs_txn_free(txn);
	return err;
}
