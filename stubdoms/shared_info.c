// SPDX-License-Identifier: MIT
/* Mapping the shared info page into the physmap window. */
#include <abi/errno.h>
#include <abi/memory.h>
#include <libos/physmap.h>
#include <libos/shared_info.h>
#include <libos/spinlock.h>
#include <stddef.h>

/* Locking: shared_info_lock serialises the mapping; the pointer is published with release. */
static struct spinlock shared_info_lock;
static struct shared_info *shared_info_page;

long shared_info_map(struct shared_info **out)
{
	uint64_t daif = spin_lock_irqsave(&shared_info_lock);
	long rc = 0;

	if (shared_info_page == NULL) {
		uint64_t ipa = physmap_alloc(1);

		if (ipa == 0) {
			rc = -XEN_ENOSPC;
		} else {
			rc = physmap_add(XENMAPSPACE_shared_info, 0, ipa / PHYSMAP_PAGE_SIZE);
			if (rc == 0) {
				__atomic_store_n(&shared_info_page, (struct shared_info *)ipa,
						 __ATOMIC_RELEASE);
			} else {
				physmap_free(ipa, 1);
			}
		}
	}
	*out = shared_info_page;
	spin_unlock_irqrestore(&shared_info_lock, daif);
	return rc;
}

struct shared_info *shared_info_get(void)
{
	return __atomic_load_n(&shared_info_page, __ATOMIC_ACQUIRE);
}
