/* SPDX-License-Identifier: MIT */
/*
 * Xenstore service: structures and functions the logic's files share.
 * Locking: none. The store is single-threaded and no hook calls back in.
 */
#ifndef XS_INTERNAL_H
#define XS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <abi/xs_wire.h>
#include "xenstore.h"

/* Valid domain ids; above are Xen's reserved ids (DOMID_SELF, ...). */
#define XS_DOMID_MAX 0x7fefu
#define XS_HEADER_SIZE ((uint32_t)sizeof(struct xs_msg_header))
/* A watch token leaves room for the longest path in every event it names. */
#define XS_TOKEN_MAX (XS_PAYLOAD_MAX - XS_PATH_MAX - 2u)

/* Access rights a permission list grants. */
#define XS_ACCESS_READ 1u
#define XS_ACCESS_WRITE 2u
#define XS_ACCESS_OWNER 4u

/* Who a request acts as. */
struct xs_caller {
	uint16_t domid;
	bool privileged;
	bool has_target; /* SET_TARGET: acts as target on target's nodes */
	uint16_t target;
};

struct xs_perm {
	uint16_t domid;
	uint8_t access; /* XS_ACCESS_READ | XS_ACCESS_WRITE */
};

/* entries[0] is the owner and the access of every domain not listed. */
struct xs_perms {
	uint32_t count;
	struct xs_perm *entries;
};

/* A node of the committed tree, or a transaction's private copy of one. */
struct xs_node {
	char *name; /* last path component; "" for the root */
	struct xs_node *parent;
	struct xs_node *first_child, *last_child; /* children in creation order */
	struct xs_node *prev, *next;              /* siblings */
	char *value;                              /* NULL when value_len is 0 */
	uint32_t value_len;
	struct xs_perms perms;
	uint64_t gen; /* changes whenever value, perms or the set of children do */
};

/* Per-domain quotas SET_QUOTA may override (see struct xs_limits). */
enum xs_quota {
	XS_QUOTA_NODES,
	XS_QUOTA_NODE_SIZE,
	XS_QUOTA_PERMS,
	XS_QUOTA_WATCHES,
	XS_QUOTA_TRANSACTIONS,
	XS_QUOTA_TRANSACTION_NODES,
	XS_QUOTA_TRANSACTION_BYTES,
	XS_QUOTA_BYTES,
	XS_QUOTA_COUNT
};

/*
 * What the store knows of a domain. A record lives while the domain has a
 * connection, owns nodes, is privileged, has a target or quota overrides.
 */
struct xs_domain {
	struct xs_domain *next;
	uint16_t domid;
	bool privileged;
	bool has_target;
	uint16_t target;
	struct xs_conn *conn; /* NULL unless introduced */
	/*
	 * Who may release it: a domain introduced by an INTRODUCE request is its
	 * sender's (by_request, controller); one introduced by the main loop
	 * (xs_domain_introduce) is the main loop's alone, as it serves the ring.
	 */
	bool by_request;
	uint16_t controller;
	uint32_t nodes_owned;
	uint64_t node_bytes; /* xs_tree_node_bytes of the nodes it owns */
	int64_t pending;     /* a commit's change to node_bytes, while it is checked */
	uint32_t quota_set;  /* bit per enum xs_quota overridden */
	uint32_t quota[XS_QUOTA_COUNT];
};

struct xs_store {
	struct xs_limits limits; /* also the store-wide values of the quotas */
	uint16_t domid;
	struct xs_hooks hooks;
	void *ctx;
	struct xs_node *root;
	uint64_t gen; /* last generation handed out */
	uint32_t node_count;
	struct xs_domain *domains;
};

/* A path a transaction has looked at or changed, with its private view. */
struct xs_entry {
	struct xs_entry *next;      /* in the order first touched */
	struct xs_entry *hash_next; /* in its bucket */
	uint64_t hash;
	char *path;
	uint32_t path_len;
	uint32_t depth;
	uint64_t base_gen; /* committed generation when first seen; 0: absent */
	uint64_t gen;      /* generation in this view */
	bool checked;      /* commit requires base_gen unchanged */
	bool exists;
	bool fresh;           /* created here: nothing committed below it is inherited */
	bool modified;        /* commit writes it (or removes it when !exists) */
	bool created;         /* counted in the transaction's new nodes */
	struct xs_node *node; /* private copy when exists, else NULL */
	/* After commit: the committed subtree it replaced or removed, kept for the events. */
	struct xs_node *dropped;
};

/*
 * A watch event a transaction will fire when it commits. A change is shown
 * to those who may read the node as committed; a removal to those who could
 * read the node as it was removed (its perms are kept for that).
 */
struct xs_event {
	struct xs_event *next;
	char *path;
	bool removal;
	struct xs_perms perms; /* removal: the removed node's last; else empty */
};

#define XS_TXN_BUCKETS 64u

struct xs_txn {
	struct xs_txn *next; /* in the connection's list */
	uint32_t id;         /* 0: a single request's implicit transaction */
	struct xs_store *store;
	struct xs_caller caller;
	struct xs_entry *entries, **entries_tail;
	struct xs_entry *buckets[XS_TXN_BUCKETS];
	struct xs_event *events, **events_tail;
	uint32_t used;        /* entries and events */
	uint32_t budget;      /* bound on used; 0: none */
	uint64_t bytes;       /* memory the entries, their nodes and the events hold */
	uint32_t byte_budget; /* bound on bytes; 0: none */
	/* An unprivileged domain's open transaction: its bytes count against the domain's. */
	const struct xs_domain *payer;
	uint32_t created; /* nodes committing would add */
	int error;        /* a failure that left the view half-changed */
};

struct xs_watch {
	struct xs_watch *next;
	char *path; /* absolute, or a special "@..." name */
	char *token;
	uint32_t rel; /* bytes of path to hide in events: the relative prefix */
	bool missed;  /* an event was dropped for want of queue room */
};

struct xs_out {
	struct xs_out *next;
	uint32_t len;
	bool reserve; /* the connection's reply reserve: back to it once read */
	uint8_t data[];
};

/* Room for any message: the header and the largest payload. */
#define XS_OUT_MAX (XS_HEADER_SIZE + XS_PAYLOAD_MAX)

struct xs_conn {
	struct xs_store *store;
	struct xs_domain *dom;
	bool broken;
	bool missed; /* some watch has missed events */
	uint32_t in_len;
	struct xs_out *out_head, *out_tail;
	/*
	 * Room for one reply of any size, taken when a reply finds no memory and
	 * back once read: a request is taken only while it is here, so every
	 * request gets its reply.
	 */
	struct xs_out *reserve;
	uint32_t out_off; /* bytes of out_head already taken */
	uint32_t out_count;
	uint32_t out_bytes;
	struct xs_watch *watches;
	uint32_t watch_count;
	uint64_t watch_bytes; /* what the watches hold */
	struct xs_txn *txns;
	uint32_t txn_count;
	uint32_t txn_next;
	/* The message being received; one spare byte keeps a NUL after it. */
	uint8_t in[sizeof(struct xs_msg_header) + XS_PAYLOAD_MAX + 1];
	char path[XS_PATH_MAX + 1]; /* the request's resolved path */
	char reply[XS_PAYLOAD_MAX]; /* the request's reply payload */
};

/* One request being handled. */
struct xs_req {
	struct xs_store *store;
	struct xs_conn *conn;
	struct xs_caller caller;
	struct xs_msg_header hdr;
	const char *payload; /* NUL follows payload[len] */
	uint32_t len;
	struct xs_txn *txn;         /* the view node requests act on */
	uint32_t reply_len;         /* of conn->reply */
	struct xs_watch *new_watch; /* fires once after the reply */
	struct xs_txn *done_txn;    /* committed: fire its events after the reply */
};

/* xs_path.c */
int xs_path_resolve(const char *in, const struct xs_caller *caller, uint32_t max,
		    bool allow_special, char *out);
bool xs_path_is_under(const char *path, size_t len, const char *top, size_t top_len);
size_t xs_path_parent_len(const char *path, size_t len);
uint32_t xs_path_depth(const char *path, size_t len);
int xs_path_of_domain(uint16_t domid, char *out, size_t cap);

/* xs_perms.c */
int xs_perms_parse(const char *buf, size_t len, uint32_t max, struct xs_perms *out);
uint32_t xs_perms_format(const struct xs_perms *perms, char *out, uint32_t cap);
int xs_perms_copy(struct xs_perms *dst, const struct xs_perms *src);
int xs_perms_init(struct xs_perms *perms, uint16_t owner, uint8_t others);
void xs_perms_free(struct xs_perms *perms);
unsigned int xs_perms_access(const struct xs_perms *perms, const struct xs_caller *caller);
uint16_t xs_perms_owner(const struct xs_perms *perms);
bool xs_perms_forget(struct xs_perms *perms, uint16_t domid, uint16_t heir);

/* xs_tree.c */
struct xs_node *xs_tree_node_new(const char *name, size_t len);
struct xs_node *xs_tree_node_copy(const struct xs_node *src);
void xs_tree_node_free(struct xs_node *node);
struct xs_node *xs_tree_child(const struct xs_node *parent, const char *name, size_t len);
struct xs_node *xs_tree_lookup(struct xs_node *root, const char *path, size_t len);
void xs_tree_link(struct xs_node *parent, struct xs_node *child);
void xs_tree_unlink(struct xs_node *node);
struct xs_node *xs_tree_next(const struct xs_node *node, const struct xs_node *top);
const struct xs_node *xs_tree_nearest(const struct xs_node *top, const char *rel, size_t len,
				      size_t *reached);
void xs_tree_free_subtree(struct xs_node *top);
uint64_t xs_tree_node_bytes(const struct xs_node *node);

/* xs_txn.c: a transaction's view of the tree */
struct xs_txn *xs_txn_new(struct xs_store *store, const struct xs_caller *caller, uint32_t budget,
			  uint32_t byte_budget);
void xs_txn_free(struct xs_txn *txn);
int xs_txn_room(const struct xs_txn *txn, uint32_t more, uint64_t bytes);
int xs_txn_node_room(const struct xs_txn *txn, uint32_t more);
uint64_t xs_txn_create_cost(size_t path_len, uint32_t perms_count);
uint64_t xs_txn_event_cost(size_t path_len, const struct xs_perms *removed);
int xs_txn_find(struct xs_txn *txn, const char *path, size_t len, struct xs_entry **out);
int xs_txn_children(struct xs_txn *txn, const struct xs_entry *dir,
		    int (*fn)(void *arg, const char *name, size_t len), void *arg);
int xs_txn_create(struct xs_txn *txn, const char *path, size_t len, const struct xs_perms *perms,
		  struct xs_entry **out);
int xs_txn_set_value(struct xs_txn *txn, struct xs_entry *entry, const char *value, uint32_t len);
int xs_txn_set_perms(struct xs_txn *txn, struct xs_entry *entry, const struct xs_perms *perms);
int xs_txn_remove(struct xs_txn *txn, struct xs_entry *entry);
int xs_txn_event(struct xs_txn *txn, const char *path, const struct xs_perms *removed);

/* xs_commit.c */
int xs_commit_apply(struct xs_txn *txn);
void xs_commit_fire(struct xs_txn *txn);
const struct xs_perms *xs_commit_perms_below(const struct xs_txn *txn, const struct xs_event *ev,
					     const char *watched);

/* xs_watch.c */
int xs_watch_add(struct xs_conn *conn, const char *path, const char *token, uint32_t rel,
		 struct xs_watch **out);
int xs_watch_remove(struct xs_conn *conn, const char *path, const char *token);
void xs_watch_reset(struct xs_conn *conn);
void xs_watch_fire(struct xs_store *store, const char *path, const struct xs_perms *perms);
void xs_watch_fire_removal(const struct xs_txn *txn, const struct xs_event *ev);
void xs_watch_fire_special(struct xs_store *store, const char *name);
void xs_watch_fire_initial(struct xs_conn *conn, struct xs_watch *watch);
void xs_watch_flush_missed(struct xs_conn *conn);

/* xs_conn.c */
struct xs_conn *xs_conn_new(struct xs_store *store, struct xs_domain *dom);
void xs_conn_free(struct xs_conn *conn);
bool xs_conn_room(const struct xs_conn *conn, uint32_t payload_len);
int xs_conn_send(struct xs_conn *conn, const struct xs_msg_header *hdr, const void *a,
		 uint32_t a_len, const void *b, uint32_t b_len);
void xs_conn_reply(struct xs_conn *conn, const struct xs_msg_header *hdr, const void *payload,
		   uint32_t len);
struct xs_txn *xs_conn_txn(const struct xs_conn *conn, uint32_t id);
void xs_conn_end_txns(struct xs_conn *conn);

/* xs_msg.c */
int xs_msg_args(const struct xs_req *req, const char **argv, unsigned int n);
int xs_msg_count_strings(const char *buf, size_t len);
int xs_msg_count_args(const struct xs_req *req);
int xs_msg_parse_u64(const char *s, uint64_t max, uint64_t *out);
int xs_msg_parse_domid(const char *s, uint16_t *out);
const char *xs_msg_errname(int err);
int xs_msg_reply(struct xs_req *req, const void *data, uint32_t len);
int xs_msg_reply_str(struct xs_req *req, const char *s);
int xs_msg_reply_u64(struct xs_req *req, uint64_t value);

/* xs_domain.c (and the public xs_domain_* of xenstore.h) */
struct xs_domain *xs_domain_find(const struct xs_store *store, uint16_t domid);
struct xs_domain *xs_domain_get(struct xs_store *store, uint16_t domid);
struct xs_conn *xs_domain_introduce_by(struct xs_store *store, uint16_t domid, uint16_t owner);
void xs_domain_charge(struct xs_store *store, const struct xs_node *node);
void xs_domain_uncharge(struct xs_store *store, const struct xs_node *node);
uint64_t xs_domain_bytes(const struct xs_domain *dom, const struct xs_txn *except);
int xs_domain_bytes_room(const struct xs_store *store, const struct xs_domain *dom,
			 const struct xs_txn *except, int64_t more);
void xs_domain_gc(struct xs_store *store);
uint32_t xs_domain_quota(const struct xs_store *store, const struct xs_domain *dom,
			 enum xs_quota which);
void xs_domain_caller(const struct xs_domain *dom, struct xs_caller *caller);

/* xs_dispatch.c */
void xs_dispatch_request(struct xs_conn *conn);

/* xs_store.c */
void xs_store_detach_subtree(struct xs_store *store, struct xs_node *top);
uint32_t xs_store_quota(const struct xs_store *store, enum xs_quota which);
void xs_store_set_quota(struct xs_store *store, enum xs_quota which, uint32_t value);
uint64_t xs_store_next_gen(struct xs_store *store);
void xs_store_caller(const struct xs_store *store, struct xs_caller *caller);

/* xs_node.c: node requests */
int xs_node_read(struct xs_req *req);
int xs_node_write(struct xs_req *req);
int xs_node_mkdir(struct xs_req *req);
int xs_node_rm(struct xs_req *req);
int xs_node_get_perms(struct xs_req *req);
int xs_node_set_perms(struct xs_req *req);
int xs_node_resolve(struct xs_req *req, const char *in, size_t *len);
int xs_node_ensure(struct xs_txn *txn, const char *path, size_t len, uint64_t then,
		   struct xs_entry **out);
int xs_node_get(struct xs_req *req, const char *path, size_t len, unsigned int need,
		struct xs_entry **out);

/* xs_dir.c: listing requests */
int xs_dir_directory(struct xs_req *req);
int xs_dir_directory_part(struct xs_req *req);

/* xs_session.c: watch and transaction requests */
int xs_session_watch(struct xs_req *req);
int xs_session_unwatch(struct xs_req *req);
int xs_session_reset_watches(struct xs_req *req);
int xs_session_txn_start(struct xs_req *req);
int xs_session_txn_end(struct xs_req *req);

/* xs_admin.c: domain, quota, feature and control requests */
int xs_admin_introduce(struct xs_req *req);
int xs_admin_release(struct xs_req *req);
int xs_admin_get_domain_path(struct xs_req *req);
int xs_admin_is_introduced(struct xs_req *req);
int xs_admin_resume(struct xs_req *req);
int xs_admin_set_target(struct xs_req *req);
int xs_admin_get_feature(struct xs_req *req);
int xs_admin_set_feature(struct xs_req *req);
int xs_admin_control(struct xs_req *req);

/* xs_quota.c */
int xs_quota_get(struct xs_req *req);
int xs_quota_set(struct xs_req *req);

#endif
