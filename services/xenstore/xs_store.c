/* SPDX-License-Identifier: MIT */
/* Xenstore store: creation, the initial tree, accounting and self-checks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

void xs_limits_default(struct xs_limits *limits)
{
	limits->nodes_per_domain = 1000;
	limits->node_size = 2048;
	limits->perms_per_node = 5;
	limits->watches_per_domain = 128;
	limits->transactions_per_domain = 10;
	limits->transaction_nodes = 1024;
	limits->transaction_bytes = 256u * 1024u;
	limits->output_messages = 64;
	limits->output_bytes = 65536;
	limits->path_max = XS_PATH_MAX;
	limits->nodes_total = 20000;
	limits->domain_bytes = 160u * 1024u;
}

uint64_t xs_limits_domain_worst(const struct xs_limits *limits)
{
	/* Its record, its connection and reply reserve, and one message past the queue's bound. */
	uint64_t fixed = sizeof(struct xs_domain) + sizeof(struct xs_conn) + sizeof(struct xs_out) +
			 2u * XS_OUT_MAX;

	return fixed + limits->domain_bytes + limits->output_bytes +
	       (uint64_t)limits->output_messages * (sizeof(struct xs_out) + sizeof(uint64_t));
}

static uint32_t clamp(uint32_t value, uint32_t min, uint32_t max)
{
	return value < min ? min : value > max ? max : value;
}

/*
 * Below these floors the store could not hold its own skeleton and a domain
 * directory, or a connection could never take a request.
 */
static void clamp_limits(struct xs_limits *l)
{
	l->node_size = clamp(l->node_size, 0, XS_PAYLOAD_MAX);
	l->perms_per_node = clamp(l->perms_per_node, 1, UINT32_MAX);
	l->transaction_nodes = clamp(l->transaction_nodes, 1, UINT32_MAX);
	l->output_messages = clamp(l->output_messages, 1, UINT32_MAX);
	l->output_bytes = clamp(l->output_bytes, 1, UINT32_MAX);
	l->path_max = clamp(l->path_max, 32, XS_PATH_MAX);
	l->nodes_total = clamp(l->nodes_total, 16, UINT32_MAX);
}

/* Where struct xs_limits keeps the store-wide value of each quota. */
static const size_t quota_field[XS_QUOTA_COUNT] = {
	[XS_QUOTA_NODES] = offsetof(struct xs_limits, nodes_per_domain),
	[XS_QUOTA_NODE_SIZE] = offsetof(struct xs_limits, node_size),
	[XS_QUOTA_PERMS] = offsetof(struct xs_limits, perms_per_node),
	[XS_QUOTA_WATCHES] = offsetof(struct xs_limits, watches_per_domain),
	[XS_QUOTA_TRANSACTIONS] = offsetof(struct xs_limits, transactions_per_domain),
	[XS_QUOTA_TRANSACTION_NODES] = offsetof(struct xs_limits, transaction_nodes),
	[XS_QUOTA_TRANSACTION_BYTES] = offsetof(struct xs_limits, transaction_bytes),
	[XS_QUOTA_BYTES] = offsetof(struct xs_limits, domain_bytes),
};

/** The store-wide value of quota @which: the limit it was created with, or SET_QUOTA's. */
uint32_t xs_store_quota(const struct xs_store *store, enum xs_quota which)
{
	uint32_t value;

	memcpy(&value, (const uint8_t *)&store->limits + quota_field[which], sizeof(value));
	return value;
}

void xs_store_set_quota(struct xs_store *store, enum xs_quota which, uint32_t value)
{
	memcpy((uint8_t *)&store->limits + quota_field[which], &value, sizeof(value));
}

uint64_t xs_store_next_gen(struct xs_store *store)
{
	return ++store->gen;
}

/** The identity the store's own changes are made with. */
void xs_store_caller(const struct xs_store *store, struct xs_caller *caller)
{
	caller->domid = store->domid;
	caller->privileged = true;
	caller->has_target = false;
	caller->target = 0;
}

/* A skeleton node owned by the store's domain, no access for others. */
static struct xs_node *skeleton_node(struct xs_store *store, struct xs_node *parent,
				     const char *name)
{
	struct xs_node *node = xs_tree_node_new(name, strlen(name));

	if (!node || xs_perms_init(&node->perms, store->domid, 0) < 0) {
		xs_tree_node_free(node);
		return NULL;
	}
	node->gen = xs_store_next_gen(store);
	if (parent) {
		xs_tree_link(parent, node);
	}
	store->node_count++;
	xs_domain_charge(store, node);
	return node;
}

static int make_skeleton(struct xs_store *store)
{
	struct xs_node *local;

	if (!xs_domain_get(store, store->domid)) {
		return -ENOMEM;
	}
	store->root = skeleton_node(store, NULL, "");
	local = store->root ? skeleton_node(store, store->root, "local") : NULL;
	if (!local || !skeleton_node(store, local, "domain") ||
	    !skeleton_node(store, store->root, "tool")) {
		return -ENOMEM;
	}
	return 0;
}

struct xs_store *xs_store_create(const struct xs_limits *limits, uint16_t store_domid,
				 const struct xs_hooks *hooks, void *ctx)
{
	struct xs_store *store = calloc(1, sizeof(*store));

	if (!store) {
		return NULL;
	}
	if (limits) {
		store->limits = *limits;
	} else {
		xs_limits_default(&store->limits);
	}
	clamp_limits(&store->limits);
	if (hooks) {
		store->hooks = *hooks;
	}
	store->ctx = ctx;
	store->domid = store_domid;
	if (make_skeleton(store) < 0) {
		xs_store_destroy(store);
		return NULL;
	}
	return store;
}

/**
 * Unlinks the subtree at @top and takes it out of the accounts (node count,
 * owners' charges). The caller frees it with xs_tree_free_subtree.
 */
void xs_store_detach_subtree(struct xs_store *store, struct xs_node *top)
{
	struct xs_node *node;

	xs_tree_unlink(top);
	for (node = top; node; node = xs_tree_next(node, top)) {
		store->node_count--;
		xs_domain_uncharge(store, node);
	}
}

void xs_store_destroy(struct xs_store *store)
{
	struct xs_domain *dom, *next;

	if (!store) {
		return;
	}
	for (dom = store->domains; dom; dom = next) {
		next = dom->next;
		xs_conn_free(dom->conn);
		free(dom);
	}
	if (store->root) {
		xs_tree_free_subtree(store->root);
	}
	free(store);
}

uint32_t xs_store_node_count(const struct xs_store *store)
{
	return store->node_count;
}

/* A node's links agree with its neighbours' and it has an owner. */
static bool node_sane(const struct xs_node *node)
{
	const struct xs_node *child;

	if (node->perms.count == 0 || (node->value_len && !node->value)) {
		return false;
	}
	for (child = node->first_child; child; child = child->next) {
		if (child->parent != node || (child->next && child->next->prev != child) ||
		    (!child->next && node->last_child != child)) {
			return false;
		}
	}
	return true;
}

/* Whether @dom's charges are those of the nodes it owns. */
static bool charges_sane(const struct xs_store *store, const struct xs_domain *dom)
{
	const struct xs_node *node;
	uint64_t bytes = 0;
	uint32_t count = 0;

	for (node = store->root; node; node = xs_tree_next(node, store->root)) {
		if (xs_perms_owner(&node->perms) == dom->domid) {
			count++;
			bytes += xs_tree_node_bytes(node);
		}
	}
	return count == dom->nodes_owned && bytes == dom->node_bytes;
}

static bool domains_sane(const struct xs_store *store)
{
	const struct xs_domain *dom;
	const struct xs_conn *conn;
	uint64_t charged = 0;

	for (dom = store->domains; dom; dom = dom->next) {
		conn = dom->conn;
		if (conn &&
		    (conn->dom != dom || conn->out_count > store->limits.output_messages + 1 ||
		     conn->out_bytes > (uint64_t)store->limits.output_bytes + XS_HEADER_SIZE +
					       XS_PAYLOAD_MAX)) {
			return false;
		}
		if (!charges_sane(store, dom)) {
			return false;
		}
		charged += dom->nodes_owned;
	}
	return charged == store->node_count;
}

int xs_store_check(const struct xs_store *store)
{
	const struct xs_node *node;
	uint32_t count = 0;

	if (!store->root || store->root->parent) {
		return -EIO;
	}
	for (node = store->root; node; node = xs_tree_next(node, store->root)) {
		if (!node_sane(node)) {
			return -EIO;
		}
		count++;
	}
	if (count != store->node_count || count > store->limits.nodes_total ||
	    !domains_sane(store)) {
		return -EIO;
	}
	return 0;
}
