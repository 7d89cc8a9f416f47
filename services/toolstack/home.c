// SPDX-License-Identifier: MIT
/*
 * A made domain's place in the store (build.h): libxl's layout of its home
 * (abi/xs_home.h), its /vm entry, then XS_INTRODUCE, so that the xenstore
 * domain serves it and @introduceDomain fires; and the way back.
 */
#include <abi/hvm.h>
#include <abi/xs_home.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "devices.h"

#define PATH_MAX_ 96

static const char *const guest_nodes[] = { XS_HOME_GUEST_NODES };
static const char *const controller_dirs[] = { XS_HOME_CONTROLLER_DIRS };

struct home {
	const struct platform *pf;
	uint16_t domid;
	char path[PATH_MAX_];
	long rc; /* the first error; later steps do nothing */
};

/* home/rel = value (NULL: a directory), owned by owner, the other party with access other. */
static void put(struct home *h, const char *rel, const char *value, bool guest_owns)
{
	struct platform_perm ro[2] = { { h->pf->self, 'n' }, { h->domid, 'r' } };
	struct platform_perm own[1] = { { h->domid, 'n' } };
	char path[PATH_MAX_ + 64];

	if (h->rc != 0) {
		return;
	}
	snprintf(path, sizeof(path), rel[0] ? "%s/%s" : "%s%s", h->path, rel);
	h->rc = h->pf->xs_write(path, value ? value : "");
	if (h->rc == 0) {
		h->rc = guest_owns ? h->pf->xs_set_perms(path, own, 1)
				   : h->pf->xs_set_perms(path, ro, 2);
	}
}

/* A UUID of version 4 form for /vm, from the domain's id and the time it was made. */
static void make_uuid(const struct platform *pf, uint16_t domid, char *out, size_t size)
{
	struct domctl_physinfo phys = { .uptime_ns = 0 };
	uint64_t x;

	(void)pf->physinfo(&phys);
	x = phys.uptime_ns ^ ((uint64_t)domid << 48) ^ 0x9e3779b97f4a7c15ull;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	snprintf(out, size, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned int)(x >> 32),
		 (unsigned int)(x >> 16) & 0xffff, (unsigned int)x & 0xfff,
		 (unsigned int)(x >> 20) & 0xfff,
		 (unsigned long long)(x * 31 + domid) & 0xffffffffffffull);
}

long build_store_home(const struct platform *pf, uint16_t domid, const char *name,
		      unsigned int vcpus, unsigned int vcpus_online, uint64_t memory_kib)
{
	struct home h = { .pf = pf, .domid = domid };
	char uuid[40], value[64], rel[32];
	uint64_t gfn = 0, port = 0;

	make_uuid(pf, domid, uuid, sizeof(uuid));
	snprintf(h.path, sizeof(h.path), "/vm/%s", uuid);
	put(&h, "", NULL, false);
	put(&h, "name", name, false);
	put(&h, "uuid", uuid, false);
	snprintf(h.path, sizeof(h.path), "/local/domain/%u", domid);
	put(&h, "", NULL, false);
	for (size_t i = 0; i < sizeof(controller_dirs) / sizeof(controller_dirs[0]); i++) {
		put(&h, controller_dirs[i], NULL, false);
	}
	put(&h, "name", name, false);
	snprintf(value, sizeof(value), "%u", domid);
	put(&h, "domid", value, false);
	snprintf(value, sizeof(value), "/vm/%s", uuid);
	put(&h, "vm", value, false);
	snprintf(value, sizeof(value), "%llu", (unsigned long long)memory_kib);
	put(&h, "memory/static-max", value, false);
	put(&h, "memory/target", value, false);
	for (unsigned int i = 0; i < vcpus; i++) {
		snprintf(rel, sizeof(rel), "cpu/%u/availability", i);
		put(&h, rel, i < vcpus_online ? "online" : "offline", false);
	}
	for (size_t i = 0; i < sizeof(guest_nodes) / sizeof(guest_nodes[0]); i++) {
		put(&h, guest_nodes[i], NULL, true);
	}
	if (h.rc == 0) {
		h.rc = pf->hvm_param(domid, HVM_PARAM_STORE_PFN, &gfn);
	}
	if (h.rc == 0) {
		h.rc = pf->hvm_param(domid, HVM_PARAM_STORE_EVTCHN, &port);
	}
	if (h.rc == 0) {
		h.rc = pf->xs_introduce(domid, gfn, (uint32_t)port);
	}
	return h.rc;
}

long build_destroy(const struct platform *pf, uint16_t domid)
{
	char path[64], vm[96];

	devices_remove_all(pf, domid);
	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	if (pf->xs_read(path, vm, sizeof(vm)) > 0 && strncmp(vm, "/vm/", 4) == 0) {
		(void)pf->xs_rm(vm);
	}
	/* The store removes the home of a domain it served; one never introduced, we do. */
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	(void)pf->xs_rm(path);
	return pf->domctl_on(DOMCTL_destroy, domid);
}
