/* SPDX-License-Identifier: MIT */
/* Xenstore quota requests: GET_QUOTA and SET_QUOTA (privileged callers). */
#include <errno.h>
#include <string.h>
#include "xs_internal.h"

static const char *const quota_names[XS_QUOTA_COUNT] = {
	[XS_QUOTA_NODES] = "nodes",
	[XS_QUOTA_NODE_SIZE] = "node-size",
	[XS_QUOTA_PERMS] = "permissions",
	[XS_QUOTA_WATCHES] = "watches",
	[XS_QUOTA_TRANSACTIONS] = "transactions",
	[XS_QUOTA_TRANSACTION_NODES] = "transaction-nodes",
	[XS_QUOTA_TRANSACTION_BYTES] = "transaction-bytes",
	[XS_QUOTA_BYTES] = "bytes",
};

static int quota_by_name(const char *name, enum xs_quota *out)
{
	unsigned int i;

	for (i = 0; i < XS_QUOTA_COUNT; i++) {
		if (strcmp(name, quota_names[i]) == 0) {
			*out = (enum xs_quota)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* The introduced domain named by @s. */
static int domain_arg(struct xs_req *req, const char *s, struct xs_domain **out)
{
	uint16_t domid;

	if (xs_msg_parse_domid(s, &domid) < 0) {
		return -EINVAL;
	}
	if (!xs_domain_introduced(req->store, domid)) {
		return -ENOENT;
	}
	*out = xs_domain_find(req->store, domid);
	return 0;
}

static int list_names(struct xs_req *req)
{
	uint32_t len = 0, i, n;

	for (i = 0; i < XS_QUOTA_COUNT; i++) {
		n = (uint32_t)strlen(quota_names[i]) + 1;
		memcpy(req->conn->reply + len, quota_names[i], n);
		len += n;
	}
	req->reply_len = len;
	return 0;
}

/*
 * "" lists the quota names; "name\0" gives the store-wide value;
 * "domid\0name\0" the value that binds an introduced domain.
 */
int xs_quota_get(struct xs_req *req)
{
	struct xs_domain *dom = NULL;
	const char *argv[2];
	enum xs_quota which;
	int count = xs_msg_count_args(req), err;

	if (count == 0) {
		return list_names(req);
	}
	if (count != 1 && count != 2) {
		return -EINVAL;
	}
	err = xs_msg_args(req, argv, (unsigned int)count);
	err = err ? err : quota_by_name(argv[count - 1], &which);
	if (!err && count == 2) {
		err = domain_arg(req, argv[0], &dom);
	}
	return err ? err : xs_msg_reply_u64(req, xs_domain_quota(req->store, dom, which));
}

/* "name\0value\0" sets the store-wide value; "domid\0name\0value\0" one domain's. */
int xs_quota_set(struct xs_req *req)
{
	struct xs_domain *dom = NULL;
	const char *argv[3];
	enum xs_quota which;
	uint64_t value;
	int count = xs_msg_count_args(req), err;

	if (count != 2 && count != 3) {
		return -EINVAL;
	}
	err = xs_msg_args(req, argv, (unsigned int)count);
	err = err ? err : quota_by_name(argv[count - 2], &which);
	err = err ? err : xs_msg_parse_u64(argv[count - 1], UINT32_MAX, &value);
	if (!err && which == XS_QUOTA_NODE_SIZE && value > XS_PAYLOAD_MAX) {
		err = -EINVAL;
	}
	if (!err && count == 3) {
		err = domain_arg(req, argv[0], &dom);
	}
	if (err) {
		return err;
	}
	if (dom) {
		dom->quota[which] = (uint32_t)value;
		dom->quota_set |= 1u << which;
	} else {
		xs_store_set_quota(req->store, which, (uint32_t)value);
	}
	return xs_msg_reply_str(req, "OK");
}
