/* SPDX-License-Identifier: MIT */
/* Xenstore domain requests, features and CONTROL. */
#include <errno.h>
#include <string.h>
#include "xs_internal.h"

/* The single domid argument. */
static int one_domid(struct xs_req *req, uint16_t *domid)
{
	const char *argv[1];
	int err = xs_msg_args(req, argv, 1);

	return err ? err : xs_msg_parse_domid(argv[0], domid);
}

/* 0, or the error of the hook's answer: positive numbers are a bug of the main loop's. */
static int hook_error(int err)
{
	return err > 0 ? -EIO : err;
}

/*
 * "domid\0gfn\0port\0". The main loop first says whether the caller may
 * introduce that domain with that ring (check_introduce: its controller,
 * its ring page, its port), before the already-introduced check, so a
 * stranger hears EPERM whether or not the controller was first. Then the
 * main loop maps the ring and binds the port (the introduce hook), the
 * domain gets its connection (and, if the controller prepared none, a home
 * owned by the controller), and the caller becomes the one that may
 * release it; if that fails, the release hook undoes the mapping. Without
 * an introduce hook the main loop alone decides whom the store serves
 * (EPERM): a connection made here would never be served.
 */
int xs_admin_introduce(struct xs_req *req)
{
	const struct xs_hooks *hooks = &req->store->hooks;
	struct xs_domain *dom;
	const char *argv[3];
	uint64_t gfn, port;
	uint16_t domid;
	int err = xs_msg_args(req, argv, 3);

	err = err ? err : xs_msg_parse_domid(argv[0], &domid);
	err = err ? err : xs_msg_parse_u64(argv[1], UINT64_MAX, &gfn);
	err = err ? err : xs_msg_parse_u64(argv[2], UINT32_MAX, &port);
	if (!err && !hooks->introduce) {
		err = -EPERM;
	}
	if (!err && hooks->check_introduce) {
		err = hook_error(hooks->check_introduce(req->store->ctx, req->caller.domid, domid,
							gfn, (uint32_t)port));
	}
	if (!err && xs_domain_introduced(req->store, domid)) {
		err = -EEXIST;
	}
	if (!err) {
		err = hook_error(hooks->introduce(req->store->ctx, domid, gfn, (uint32_t)port));
	}
	if (err) {
		return err;
	}
	if (!xs_domain_introduce_by(req->store, domid, req->caller.domid)) {
		if (hooks->release) {
			hooks->release(req->store->ctx, domid);
		}
		return -ENOMEM;
	}
	dom = xs_domain_find(req->store, domid);
	dom->by_request = true;
	dom->controller = req->caller.domid;
	return xs_msg_reply_str(req, "OK");
}

/*
 * A connection cannot release itself: it is the one being served. Only a
 * domain's controller may release it (EPERM otherwise): the store frees the
 * connection, so one the main loop introduced, and still feeds, is released
 * by the main loop alone.
 */
int xs_admin_release(struct xs_req *req)
{
	const struct xs_hooks *hooks = &req->store->hooks;
	const struct xs_domain *dom;
	uint16_t domid;
	int err = one_domid(req, &domid);

	if (err) {
		return err;
	}
	if (domid == req->caller.domid) {
		return -EINVAL;
	}
	if (!xs_domain_introduced(req->store, domid)) {
		return -ENOENT;
	}
	dom = xs_domain_find(req->store, domid);
	if (!dom->by_request || dom->controller != req->caller.domid) {
		return -EPERM;
	}
	if (hooks->release) {
		hooks->release(req->store->ctx, domid);
	}
	/* -ENOMEM only means the directory stayed; the domain is gone. */
	xs_domain_release(req->store, domid);
	return xs_msg_reply_str(req, "OK");
}

int xs_admin_get_domain_path(struct xs_req *req)
{
	char path[32];
	uint16_t domid;
	int err = one_domid(req, &domid);

	if (!err && xs_path_of_domain(domid, path, sizeof(path)) < 0) {
		err = -EINVAL;
	}
	return err ? err : xs_msg_reply_str(req, path);
}

int xs_admin_is_introduced(struct xs_req *req)
{
	uint16_t domid;
	int err = one_domid(req, &domid);

	if (err) {
		return err;
	}
	return xs_msg_reply_str(req, xs_domain_introduced(req->store, domid) ? "T" : "F");
}

/* Nothing is kept about a suspended domain, so there is nothing to resume. */
int xs_admin_resume(struct xs_req *req)
{
	uint16_t domid;
	int err = one_domid(req, &domid);

	if (!err && !xs_domain_introduced(req->store, domid)) {
		err = -ENOENT;
	}
	return err ? err : xs_msg_reply_str(req, "OK");
}

/* "domid\0target\0": domid acts as target on target's nodes (a device model). */
int xs_admin_set_target(struct xs_req *req)
{
	struct xs_domain *dom;
	const char *argv[2];
	uint16_t domid, target;
	int err = xs_msg_args(req, argv, 2);

	err = err ? err : xs_msg_parse_domid(argv[0], &domid);
	err = err ? err : xs_msg_parse_domid(argv[1], &target);
	if (!err && domid == target) {
		err = -EINVAL;
	}
	if (!err && (!xs_domain_introduced(req->store, domid) ||
		     !xs_domain_introduced(req->store, target))) {
		err = -ENOENT;
	}
	if (err) {
		return err;
	}
	dom = xs_domain_find(req->store, domid);
	dom->has_target = true;
	dom->target = target;
	return xs_msg_reply_str(req, "OK");
}

/*
 * The store offers no optional feature: GET_FEATURE ("" for the caller,
 * or "domid\0"; another domain's only to privileged callers) answers "0".
 */
int xs_admin_get_feature(struct xs_req *req)
{
	const char *argv[1];
	uint16_t domid;
	int count = xs_msg_count_args(req);

	if (count == 0) {
		return xs_msg_reply_str(req, "0");
	}
	if (count != 1 || xs_msg_args(req, argv, 1) < 0 ||
	    xs_msg_parse_domid(argv[0], &domid) < 0) {
		return -EINVAL;
	}
	if (domid != req->caller.domid && !req->caller.privileged) {
		return -EACCES;
	}
	if (!xs_domain_introduced(req->store, domid)) {
		return -ENOENT;
	}
	return xs_msg_reply_str(req, "0");
}

/* "domid\0value\0": only the empty set of features can be set. */
int xs_admin_set_feature(struct xs_req *req)
{
	const char *argv[2];
	uint64_t value;
	uint16_t domid;
	int err = xs_msg_args(req, argv, 2);

	err = err ? err : xs_msg_parse_domid(argv[0], &domid);
	err = err ? err : xs_msg_parse_u64(argv[1], UINT32_MAX, &value);
	if (!err && value != 0) {
		err = -EINVAL;
	}
	if (!err && !xs_domain_introduced(req->store, domid)) {
		err = -ENOENT;
	}
	return err ? err : xs_msg_reply_str(req, "OK");
}

/*
 * "command\0args...": "check" runs xs_store_check (EIO on a broken
 * invariant). Other commands are not implemented (ENOSYS).
 */
int xs_admin_control(struct xs_req *req)
{
	int count = xs_msg_count_args(req);

	if (count <= 0) {
		return -EINVAL;
	}
	if (strcmp(req->payload, "check") != 0) {
		return -ENOSYS;
	}
	return xs_store_check(req->store) ? -EIO : xs_msg_reply_str(req, "OK");
}
