/* SPDX-License-Identifier: MIT */
/* Xenstore dispatch: one table from message type to handler, and the reply. */
#include <errno.h>
#include <string.h>
#include "xs_internal.h"

#define ON_VIEW 1u    /* acts on the transaction tx_id names, or on its own */
#define PRIVILEGED 2u /* privileged callers only */

static const struct {
	int (*fn)(struct xs_req *req);
	unsigned int flags;
} handlers[XS_TYPE_COUNT] = {
	[XS_CONTROL] = { xs_admin_control, PRIVILEGED },
	[XS_DIRECTORY] = { xs_dir_directory, ON_VIEW },
	[XS_READ] = { xs_node_read, ON_VIEW },
	[XS_GET_PERMS] = { xs_node_get_perms, ON_VIEW },
	[XS_WATCH] = { xs_session_watch, 0 },
	[XS_UNWATCH] = { xs_session_unwatch, 0 },
	[XS_TRANSACTION_START] = { xs_session_txn_start, 0 },
	[XS_TRANSACTION_END] = { xs_session_txn_end, 0 },
	[XS_INTRODUCE] = { xs_admin_introduce, PRIVILEGED },
	[XS_RELEASE] = { xs_admin_release, PRIVILEGED },
	[XS_GET_DOMAIN_PATH] = { xs_admin_get_domain_path, 0 },
	[XS_WRITE] = { xs_node_write, ON_VIEW },
	[XS_MKDIR] = { xs_node_mkdir, ON_VIEW },
	[XS_RM] = { xs_node_rm, ON_VIEW },
	[XS_SET_PERMS] = { xs_node_set_perms, ON_VIEW },
	[XS_IS_DOMAIN_INTRODUCED] = { xs_admin_is_introduced, 0 },
	[XS_RESUME] = { xs_admin_resume, PRIVILEGED },
	[XS_SET_TARGET] = { xs_admin_set_target, PRIVILEGED },
	[XS_RESET_WATCHES] = { xs_session_reset_watches, 0 },
	[XS_DIRECTORY_PART] = { xs_dir_directory_part, ON_VIEW },
	[XS_GET_FEATURE] = { xs_admin_get_feature, 0 },
	[XS_SET_FEATURE] = { xs_admin_set_feature, PRIVILEGED },
	[XS_GET_QUOTA] = { xs_quota_get, PRIVILEGED },
	[XS_SET_QUOTA] = { xs_quota_set, PRIVILEGED },
};

/* In the open transaction the header names. */
static int run_in_txn(struct xs_req *req, int (*fn)(struct xs_req *req))
{
	struct xs_txn *txn = xs_conn_txn(req->conn, req->hdr.tx_id);

	if (!txn) {
		return -ENOENT;
	}
	txn->caller = req->caller;
	req->txn = txn;
	return fn(req);
}

/* In a view of its own, committed at once. */
static int run_alone(struct xs_req *req, int (*fn)(struct xs_req *req))
{
	struct xs_txn *txn = xs_txn_new(req->store, &req->caller, 0, 0);
	int err;

	if (!txn) {
		return -ENOMEM;
	}
	req->txn = txn;
	err = fn(req);
	if (!err) {
		err = xs_commit_apply(txn);
	}
	if (err) {
		xs_txn_free(txn);
		return err;
	}
	req->done_txn = txn;
	return 0;
}

static int run(struct xs_req *req)
{
	uint32_t type = req->hdr.type;

	if (type >= XS_TYPE_COUNT || !handlers[type].fn) {
		return -EINVAL;
	}
	if ((handlers[type].flags & PRIVILEGED) && !req->caller.privileged) {
		return -EACCES;
	}
	if (!(handlers[type].flags & ON_VIEW)) {
		return handlers[type].fn(req);
	}
	if (req->hdr.tx_id) {
		return run_in_txn(req, handlers[type].fn);
	}
	return run_alone(req, handlers[type].fn);
}

/* The reply cannot fail: xs_conn_input took the request only with room for it. */
static void send_reply(struct xs_req *req, int err)
{
	struct xs_msg_header hdr = req->hdr;
	const char *name;

	if (err) {
		name = xs_msg_errname(err);
		hdr.type = XS_ERROR;
		xs_conn_reply(req->conn, &hdr, name, (uint32_t)strlen(name) + 1);
	} else {
		xs_conn_reply(req->conn, &hdr, req->conn->reply, req->reply_len);
	}
}

/** Handles the complete message in @conn's input buffer. */
void xs_dispatch_request(struct xs_conn *conn)
{
	struct xs_req req;
	int err;

	memset(&req, 0, sizeof(req));
	req.store = conn->store;
	req.conn = conn;
	memcpy(&req.hdr, conn->in, sizeof(req.hdr));
	req.payload = (const char *)conn->in + XS_HEADER_SIZE;
	req.len = req.hdr.len;
	xs_domain_caller(conn->dom, &req.caller);
	err = run(&req);
	send_reply(&req, err);
	/* Events follow the reply that caused them. */
	if (!err && req.new_watch) {
		xs_watch_fire_initial(conn, req.new_watch);
	}
	if (req.done_txn) {
		xs_commit_fire(req.done_txn);
		xs_txn_free(req.done_txn);
	}
}
