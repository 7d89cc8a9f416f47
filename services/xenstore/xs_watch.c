/* SPDX-License-Identifier: MIT */
/* Xenstore watches: registration, and which events reach which connection. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

static char *copy_string(const char *s)
{
	size_t len = strlen(s);
	char *copy = malloc(len + 1);

	if (copy) {
		memcpy(copy, s, len + 1);
	}
	return copy;
}

/* What a watch holds: itself, its path and its token, with a word per allocation. */
static uint64_t watch_bytes(const char *path, const char *token)
{
	return sizeof(struct xs_watch) + strlen(path) + strlen(token) + 2 + 3 * sizeof(uint64_t);
}

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

/**
 * Adds a watch on absolute or special @path with @token; events hide the
 * first @rel bytes of their path (the watch was given relative). A token
 * names one watch of a connection, since clients tell events apart by it.
 * Returns 0 with *@out, -EEXIST for a token in use (with this path or any
 * other), -ENOSPC past the watch quota, -ENOMEM.
 */
int xs_watch_add(struct xs_conn *conn, const char *path, const char *token, uint32_t rel,
		 struct xs_watch **out)
{
	struct xs_watch *w, **tail = &conn->watches;
	const struct xs_domain *dom = conn->dom;

	for (w = conn->watches; w; w = w->next) {
		if (strcmp(w->token, token) == 0) {
			return -EEXIST;
		}
		tail = &w->next;
	}
	if (!dom->privileged &&
	    conn->watch_count >= xs_domain_quota(conn->store, dom, XS_QUOTA_WATCHES)) {
		return -ENOSPC;
	}
	if (xs_domain_bytes_room(conn->store, dom, NULL, (int64_t)watch_bytes(path, token)) < 0) {
		return -ENOSPC;
	}
	w = calloc(1, sizeof(*w));
	if (!w || !(w->path = copy_string(path)) || !(w->token = copy_string(token))) {
		if (w) {
			watch_free(w);
		}
		return -ENOMEM;
	}
	w->rel = rel;
	*tail = w;
	conn->watch_count++;
	conn->watch_bytes += watch_bytes(path, token);
	*out = w;
	return 0;
}

/** Removes the watch on @path with @token. 0 or -ENOENT. */
int xs_watch_remove(struct xs_conn *conn, const char *path, const char *token)
{
	struct xs_watch **link, *w;

	for (link = &conn->watches; (w = *link); link = &w->next) {
		if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0) {
			*link = w->next;
			conn->watch_bytes -= watch_bytes(w->path, w->token);
			watch_free(w);
			conn->watch_count--;
			return 0;
		}
	}
	return -ENOENT;
}

/** Drops every watch of @conn. */
void xs_watch_reset(struct xs_conn *conn)
{
	struct xs_watch *w, *next;

	for (w = conn->watches; w; w = next) {
		next = w->next;
		watch_free(w);
	}
	conn->watches = NULL;
	conn->watch_count = 0;
	conn->watch_bytes = 0;
	conn->missed = false;
}

/*
 * Queues @w's event for @path. A watch that has missed events gets one for
 * its own path instead, which covers what it missed. No room: mark it.
 */
static void queue_event(struct xs_conn *conn, struct xs_watch *w, const char *path)
{
	struct xs_msg_header hdr = { XS_WATCH_EVENT, 0, 0, 0 };
	const char *shown;
	size_t path_len, token_len = strlen(w->token);

	if (w->missed) {
		path = w->path;
	}
	path_len = strlen(path);
	shown = path + (path_len >= w->rel ? w->rel : 0);
	path_len = strlen(shown);
	hdr.len = (uint32_t)(path_len + token_len + 2);
	if (!xs_conn_room(conn, hdr.len) || xs_conn_send(conn, &hdr, shown, (uint32_t)path_len + 1,
							 w->token, (uint32_t)token_len + 1) < 0) {
		w->missed = true;
		conn->missed = true;
		return;
	}
	w->missed = false;
}

/* Whether @dom has a connection that listens, and may read a node with @perms. */
static bool may_hear(const struct xs_domain *dom, const struct xs_perms *perms)
{
	struct xs_caller caller;

	if (!dom->conn || dom->conn->broken) {
		return false;
	}
	xs_domain_caller(dom, &caller);
	return (xs_perms_access(perms, &caller) & XS_ACCESS_READ) != 0;
}

/* Whether @w watches @path (@len bytes), or a node above it. */
static bool watch_covers(const struct xs_watch *w, const char *path, size_t len)
{
	return w->path[0] != '@' && xs_path_is_under(path, len, w->path, strlen(w->path));
}

/**
 * Delivers the event "@path changed" to every watch at or above it, on
 * connections whose domain may read a node with @perms.
 */
void xs_watch_fire(struct xs_store *store, const char *path, const struct xs_perms *perms)
{
	size_t len = strlen(path);
	struct xs_domain *dom;
	struct xs_watch *w;

	for (dom = store->domains; dom; dom = dom->next) {
		if (!may_hear(dom, perms)) {
			continue;
		}
		for (w = dom->conn->watches; w; w = w->next) {
			if (watch_covers(w, path, len)) {
				queue_event(dom->conn, w, path);
			}
		}
	}
}

/*
 * @dom's watches hearing of removal @ev: those at or above the removed node
 * if @dom could read it; each one below (with its own path: its node went
 * with an ancestor) if @dom could read its node there.
 */
static void fire_removal_dom(const struct xs_txn *txn, const struct xs_event *ev,
			     struct xs_domain *dom)
{
	size_t len = strlen(ev->path), wlen;
	bool above = may_hear(dom, &ev->perms);
	struct xs_watch *w;

	for (w = dom->conn->watches; w; w = w->next) {
		if (w->path[0] == '@') {
			continue;
		}
		wlen = strlen(w->path);
		if (xs_path_is_under(ev->path, len, w->path, wlen)) {
			if (above) {
				queue_event(dom->conn, w, ev->path);
			}
		} else if (xs_path_is_under(w->path, wlen, ev->path, len) &&
			   may_hear(dom, xs_commit_perms_below(txn, ev, w->path))) {
			queue_event(dom->conn, w, w->path);
		}
	}
}

/**
 * Delivers removal @ev of committed @txn: whoever could read the removed
 * node could list what it held, so learning that it went tells them nothing
 * new; a watcher below it learns no more than that its own node went.
 */
void xs_watch_fire_removal(const struct xs_txn *txn, const struct xs_event *ev)
{
	struct xs_domain *dom;

	for (dom = txn->store->domains; dom; dom = dom->next) {
		if (dom->conn && !dom->conn->broken) {
			fire_removal_dom(txn, ev, dom);
		}
	}
}

/*
 * Domains coming and going concern the toolstack: only privileged
 * connections receive these (each still gets its initial event).
 */
void xs_watch_fire_special(struct xs_store *store, const char *name)
{
	struct xs_domain *dom;
	struct xs_watch *w;

	for (dom = store->domains; dom; dom = dom->next) {
		if (!dom->conn || dom->conn->broken || !dom->privileged) {
			continue;
		}
		for (w = dom->conn->watches; w; w = w->next) {
			if (strcmp(w->path, name) == 0) {
				queue_event(dom->conn, w, name);
			}
		}
	}
}

/** The event a new watch fires at once, whether or not its node exists. */
void xs_watch_fire_initial(struct xs_conn *conn, struct xs_watch *watch)
{
	queue_event(conn, watch, watch->path);
}

/** Sends what queue_event owes the watches that missed events, room allowing. */
void xs_watch_flush_missed(struct xs_conn *conn)
{
	struct xs_watch *w;

	if (!conn->missed || conn->broken) {
		return;
	}
	conn->missed = false;
	for (w = conn->watches; w; w = w->next) {
		if (w->missed) {
			queue_event(conn, w, w->path);
		}
	}
}
