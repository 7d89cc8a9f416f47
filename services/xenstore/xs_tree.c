/* SPDX-License-Identifier: MIT */
/* Xenstore tree: nodes, their links, lookups and walks. */
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

/** A detached node named @name (@len bytes), empty value, no perms. */
struct xs_node *xs_tree_node_new(const char *name, size_t len)
{
	struct xs_node *node = calloc(1, sizeof(*node));

	if (!node) {
		return NULL;
	}
	node->name = malloc(len + 1);
	if (!node->name) {
		free(node);
		return NULL;
	}
	memcpy(node->name, name, len);
	node->name[len] = '\0';
	return node;
}

/** A detached copy of @src's name, value, perms and generation. */
struct xs_node *xs_tree_node_copy(const struct xs_node *src)
{
	struct xs_node *node = xs_tree_node_new(src->name, strlen(src->name));

	if (!node) {
		return NULL;
	}
	node->gen = src->gen;
	if (xs_perms_copy(&node->perms, &src->perms) < 0) {
		goto out_free;
	}
	if (src->value_len) {
		node->value = malloc(src->value_len);
		if (!node->value) {
			goto out_free;
		}
		memcpy(node->value, src->value, src->value_len);
		node->value_len = src->value_len;
	}
	return node;
out_free:
	xs_tree_node_free(node);
	return NULL;
}

/** Frees one node that has no children left and is not linked. */
void xs_tree_node_free(struct xs_node *node)
{
	if (!node) {
		return;
	}
	xs_perms_free(&node->perms);
	free(node->value);
	free(node->name);
	free(node);
}

struct xs_node *xs_tree_child(const struct xs_node *parent, const char *name, size_t len)
{
	struct xs_node *child;

	for (child = parent->first_child; child; child = child->next) {
		if (strncmp(child->name, name, len) == 0 && child->name[len] == '\0') {
			return child;
		}
	}
	return NULL;
}

/** The node at absolute, well-formed @path (@len bytes), or NULL. */
struct xs_node *xs_tree_lookup(struct xs_node *root, const char *path, size_t len)
{
	struct xs_node *node = root;
	size_t start = 1, end;

	while (node && start < len) {
		end = start;
		while (end < len && path[end] != '/') {
			end++;
		}
		node = xs_tree_child(node, path + start, end - start);
		start = end + 1;
	}
	return node;
}

/** Appends @child to @parent's children. */
void xs_tree_link(struct xs_node *parent, struct xs_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last_child;
	if (parent->last_child) {
		parent->last_child->next = child;
	} else {
		parent->first_child = child;
	}
	parent->last_child = child;
}

/** Detaches @node (and what hangs below it) from its parent. */
void xs_tree_unlink(struct xs_node *node)
{
	struct xs_node *parent = node->parent;

	if (!parent) {
		return;
	}
	if (node->prev) {
		node->prev->next = node->next;
	} else {
		parent->first_child = node->next;
	}
	if (node->next) {
		node->next->prev = node->prev;
	} else {
		parent->last_child = node->prev;
	}
	node->parent = node->prev = node->next = NULL;
}

/**
 * The node after @node in a pre-order walk of the subtree at @top, or NULL
 * at its end. Iterative, so deep trees cost no stack.
 */
struct xs_node *xs_tree_next(const struct xs_node *node, const struct xs_node *top)
{
	if (node->first_child) {
		return node->first_child;
	}
	while (node != top) {
		if (node->next) {
			return node->next;
		}
		node = node->parent;
	}
	return NULL;
}

/**
 * The deepest node on @rel (@len bytes of components, each after a slash)
 * below @top, or @top itself; *@reached is how many bytes of @rel lead to it.
 */
const struct xs_node *xs_tree_nearest(const struct xs_node *top, const char *rel, size_t len,
				      size_t *reached)
{
	const struct xs_node *node = top, *child;
	size_t start = 0, end;

	*reached = 0;
	while (start < len) {
		end = start + 1;
		while (end < len && rel[end] != '/') {
			end++;
		}
		child = xs_tree_child(node, rel + start + 1, end - start - 1);
		if (!child) {
			break;
		}
		node = child;
		*reached = end;
		start = end;
	}
	return node;
}

/** Frees the subtree at @top, which is unlinked or the root, without accounting. */
void xs_tree_free_subtree(struct xs_node *top)
{
	struct xs_node *node = top, *parent;
	bool last;

	for (;;) {
		while (node->first_child) {
			node = node->first_child;
		}
		parent = node->parent;
		last = node == top;
		xs_tree_unlink(node);
		xs_tree_node_free(node);
		if (last) {
			return;
		}
		node = parent;
	}
}

/**
 * What @node holds in the store's memory: itself, its name, its value and
 * its perms, with a word per allocation for the allocator's own bookkeeping.
 */
uint64_t xs_tree_node_bytes(const struct xs_node *node)
{
	return sizeof(*node) + strlen(node->name) + 1 + node->value_len +
	       (uint64_t)node->perms.count * sizeof(struct xs_perm) + 4 * sizeof(uint64_t);
}
