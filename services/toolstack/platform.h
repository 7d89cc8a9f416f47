/* SPDX-License-Identifier: MIT */
/* What the toolstack's logic asks of the machine: the core's calls and the store, as functions. */
#ifndef TOOLSTACK_PLATFORM_H
#define TOOLSTACK_PLATFORM_H

#include <abi/domain_info.h>
#include <abi/domctl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** One entry of a store node's permissions: a domain and 'n', 'r', 'w' or 'b'. */
struct platform_perm {
	uint16_t domid;
	char access;
};

/*
 * The commands (xl.c and friends) reach the hypervisor and the store only
 * through these, so that they build and run on the host against fakes (the
 * unit tests) exactly as in the domain against the libOS (main.c). Each
 * returns 0 or a count, or -XEN_E* as the call it stands for.
 */
struct platform {
	/* domain_info: the domain with the lowest id >= info->domid. */
	long (*domain_info)(struct domain_info *info);
	/* domain_control ops without an argument: destroy, pause, unpause, offer_rings. */
	long (*domctl_on)(uint32_t cmd, uint16_t domid);
	/* The other control verbs (libos/domctl.h): make a domain, give it RAM, fill it, start it.
	 */
	long (*create)(const struct domctl_create *cfg, uint16_t *domid);
	long (*populate)(uint16_t domid, uint64_t gfn, uint64_t count);
	long (*copy_in)(uint16_t domid, uint64_t gpa, const void *src, size_t len);
	long (*vcpu_context)(uint16_t domid, uint32_t vcpu, uint64_t pc, uint64_t x0);
	/* An HVM param of a domain this one controls (where its rings are). */
	long (*hvm_param)(uint16_t domid, uint32_t index, uint64_t *value);
	long (*set_limits)(uint16_t domid, uint64_t max_pages, uint32_t weight, uint32_t cap);
	/* The pCPUs vCPU vcpu of a paused domain may run on (bit i: pCPU i). */
	long (*vcpu_affinity)(uint16_t domid, uint32_t vcpu, uint32_t affinity);
	long (*physinfo)(struct domctl_physinfo *out);
	/* The core's log from byte *from on (libos/domctl.h domctl_read_log): a count. */
	long (*read_log)(uint64_t *from, char *buf, uint32_t size);
	/* The store, outside any transaction; paths absolute. */
	long (*xs_read)(const char *path, char *buf, size_t size);
	long (*xs_write)(const char *path, const char *value);
	long (*xs_rm)(const char *path);
	/* Watch path: fn(changed path, token, arg) on each event, from the loop (while sleep_ms
	 * waits); the store fires once when the watch is set. unwatch takes it away. */
	long (*xs_watch)(const char *path, const char *token,
			 void (*fn)(const char *path, const char *token, void *arg), void *arg);
	long (*xs_unwatch)(const char *path, const char *token);
	/* path's children, NUL-terminated one after another in names; how many. */
	long (*xs_directory)(const char *path, char *names, size_t size);
	/* Set path's permissions: perms[0] is the owner (and everyone else's access). */
	long (*xs_set_perms)(const char *path, const struct platform_perm *perms, unsigned int n);
	/* XS_INTRODUCE and XS_RELEASE of a domain this one controls. */
	long (*xs_introduce)(uint16_t domid, uint64_t gfn, uint32_t port);
	long (*xs_release)(uint16_t domid);
	/* Ask the console domain to give the serial input to domid (abi/console_focus.h). */
	long (*console_focus)(uint16_t domid);
	/* The file bundle's files: a read-only view of name, or NULL with *size 0. */
	const void *(*file)(const char *name, size_t *size);
	/* The names of the bundle's files, index 0 on: false past the last. */
	bool (*file_at)(unsigned int index, char *name, size_t name_size, size_t *size);
	/* The hypervisor's version as xl info shows it: "4.17" and its extra ".0-tessera". */
	long (*version)(char *buf, size_t size);
	/* Wait ms milliseconds, doing the toolstack's other work meanwhile. */
	void (*sleep_ms)(unsigned int ms);
	/* End the toolstack domain (the shell's poweroff); NULL: the shell has none. */
	void (*poweroff)(void);
	/* The toolstack's own domain id. */
	uint16_t self;
};

#endif
