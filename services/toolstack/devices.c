// SPDX-License-Identifier: MIT
/* PV device entries (devices.h). */
#include <abi/hypercall.h>
#include <abi/xs_wire.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "domains.h"

#define PATH 128
#define STATE_INITIALISING "1"
#define STATE_CLOSING "5"
#define STATE_CLOSED "6"

/* One device's two directories while they are written. */
struct entry {
	const struct platform *pf;
	uint16_t domid, backend;
	char front[PATH], back[PATH];
	long rc;
};

/* The live driver domains: how many, the first's id, and their names for a message. */
struct drivers {
	unsigned int count;
	uint16_t first;
	char names[96];
};

static bool count_driver(const struct domain_info *info, void *arg)
{
	struct drivers *d = arg;
	size_t len = strlen(d->names);

	if ((info->rights & DOMAIN_RIGHT_DRIVER) && !(info->flags & DOMAIN_INFO_DYING)) {
		d->first = d->count++ ? d->first : info->domid;
		snprintf(d->names + len, sizeof(d->names) - len, "%s%s", len ? ", " : "",
			 info->name);
	}
	return true;
}

/*
 * The back end's id: backend= by name, else the one driver domain there is.
 * With several, which serves this kind of device is the user's to say: a
 * guess could hand a disk to a network back end, where it would wait for ever.
 */
static bool backend_of(const struct platform *pf, const char *name, uint16_t *out,
		       const char *device, FILE *err)
{
	struct domain_info info;
	struct drivers found = { .count = 0 };

	if (name[0]) {
		if (!domain_by_name(pf, name, &info)) {
			fprintf(err, "libxl: error: %s: no back end domain named %s\n", device,
				name);
			return false;
		}
		*out = info.domid;
		return true;
	}
	domain_each(pf, count_driver, &found);
	if (found.count == 1) {
		*out = found.first;
		return true;
	}
	if (found.count == 0) {
		fprintf(err, "libxl: error: %s: no back end domain holding the driver right\n",
			device);
	} else {
		fprintf(err,
			"libxl: error: %s: %u driver domains (%s) could serve it: name one with "
			"backend=\n",
			device, found.count, found.names);
	}
	return false;
}

/* dir/key = value, with perms: the owner's, the other side reading. */
static void put(struct entry *e, bool front, const char *key, const char *value)
{
	struct platform_perm perms[2] = {
		{ front ? e->domid : e->backend, 'n' },
		{ front ? e->backend : e->domid, 'r' },
	};
	char path[PATH + 32];

	if (e->rc != 0) {
		return;
	}
	snprintf(path, sizeof(path), key[0] ? "%s/%s" : "%s%s", front ? e->front : e->back, key);
	e->rc = e->pf->xs_write(path, value);
	if (e->rc == 0) {
		e->rc = e->pf->xs_set_perms(path, perms, 2);
	}
}

static void put_u(struct entry *e, bool front, const char *key, unsigned long value)
{
	char text[24];

	snprintf(text, sizeof(text), "%lu", value);
	put(e, front, key, text);
}

/* The two directories and their links to each other; the caller adds the rest. */
static int begin(struct entry *e, const struct platform *pf, uint16_t domid, const char *kind,
		 uint32_t devid, const char *backend_name, FILE *err)
{
	char device[48];

	*e = (struct entry){ .pf = pf, .domid = domid };
	snprintf(device, sizeof(device), "%s %u of domain %u", kind, devid, domid);
	if (!backend_of(pf, backend_name, &e->backend, device, err)) {
		return -1;
	}
	snprintf(e->front, sizeof(e->front), "/local/domain/%u/device/%s/%u", domid, kind, devid);
	snprintf(e->back, sizeof(e->back), "/local/domain/%u/backend/%s/%u/%u", e->backend, kind,
		 domid, devid);
	put(e, true, "", "");
	put(e, true, "backend", e->back);
	put_u(e, true, "backend-id", e->backend);
	put(e, true, "state", STATE_INITIALISING);
	put(e, false, "", "");
	put(e, false, "frontend", e->front);
	put_u(e, false, "frontend-id", domid);
	put(e, false, "online", "1");
	put(e, false, "state", STATE_INITIALISING);
	return 0;
}

static int finish(struct entry *e, const char *kind, uint32_t devid, FILE *err)
{
	if (e->rc == 0) {
		return 0;
	}
	fprintf(err, "libxl: error: %s %u of domain %u: the store refused its entries (%ld)\n",
		kind, devid, e->domid, e->rc);
	(void)e->pf->xs_rm(e->front);
	(void)e->pf->xs_rm(e->back);
	return -1;
}

int devices_add_disk(const struct platform *pf, uint16_t domid, const struct xl_disk *disk,
		     FILE *err)
{
	struct entry e;

	if (begin(&e, pf, domid, "vbd", disk->devid, disk->backend, err) != 0) {
		return -1;
	}
	put_u(&e, true, "virtual-device", disk->devid);
	put(&e, true, "device-type", disk->cdrom ? "cdrom" : "disk");
	put(&e, false, "params", disk->target);
	put(&e, false, "mode", disk->readonly || disk->cdrom ? "r" : "w");
	put(&e, false, "removable", disk->cdrom ? "1" : "0");
	put(&e, false, "bootable", "1");
	put(&e, false, "dev", disk->vdev);
	put(&e, false, "type", "phy");
	put(&e, false, "device-type", disk->cdrom ? "cdrom" : "disk");
	if (disk->discard >= 0) {
		put(&e, false, "discard-enable", disk->discard ? "1" : "0");
	}
	return finish(&e, "vbd", disk->devid, err);
}

/* xl's MAC for a vif without mac=: Xen's OUI 00:16:3e, the rest from the domain and device. */
static void default_mac(uint16_t domid, uint32_t devid, uint8_t mac[6])
{
	uint32_t x = (uint32_t)domid * 2654435761u ^ devid * 40503u;

	mac[0] = 0x00;
	mac[1] = 0x16;
	mac[2] = 0x3e;
	mac[3] = (uint8_t)((x >> 16) & 0x7f);
	mac[4] = (uint8_t)(x >> 8);
	mac[5] = (uint8_t)x;
}

int devices_add_vif(const struct platform *pf, uint16_t domid, const struct xl_vif *vif, FILE *err)
{
	uint8_t mac[6];
	char text[40];
	struct entry e;

	if (begin(&e, pf, domid, "vif", vif->devid, vif->backend, err) != 0) {
		return -1;
	}
	if (vif->mac_set) {
		memcpy(mac, vif->mac, sizeof(mac));
	} else {
		default_mac(domid, vif->devid, mac);
	}
	/* The policy first: a back end takes a vif on once handle, mac and bridge are there, and
	 * must not connect a guest before it knows the vif's addresses, rate and rules. */
	if (vif->ip[0]) {
		put(&e, false, "ip", vif->ip);
	}
	if (vif->rate_set) {
		snprintf(text, sizeof(text), "%llu,%u",
			 (unsigned long long)vif->rate_bytes_per_interval,
			 vif->rate_interval_usecs);
		put(&e, false, "rate", text);
	}
	if (vif->rules[0]) {
		put(&e, false, "rules", vif->rules);
	}
	snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
	put_u(&e, true, "handle", vif->devid);
	put(&e, true, "mac", text);
	put_u(&e, false, "handle", vif->devid);
	put(&e, false, "mac", text);
	put(&e, false, "type", "vif");
	put(&e, false, "bridge", vif->bridge[0] ? vif->bridge : "xenbr0");
	return finish(&e, "vif", vif->devid, err);
}

/*
 * Wait, bounded, for the back end to reach Closed after it was told Closing:
 * the frontend sees Closing, closes, and the back end follows it to Closed,
 * as xenbus has it. The back end is a peer: it may never get there, so the
 * wait ends after DEVICES_REMOVE_WAIT_MS, as libxl's device removal does.
 * Returns true if it reached Closed or its state node is gone.
 */
static bool wait_closed(const struct platform *pf, const char *state_path)
{
	char state[8];

	for (unsigned int waited = 0;; waited += DEVICES_REMOVE_POLL_MS) {
		if (pf->xs_read(state_path, state, sizeof(state)) < 0 ||
		    strcmp(state, STATE_CLOSED) == 0) {
			return true;
		}
		if (waited >= DEVICES_REMOVE_WAIT_MS || !pf->sleep_ms) {
			return false;
		}
		pf->sleep_ms(DEVICES_REMOVE_POLL_MS);
	}
}

/* Whether a back end has taken the device: its state is no longer the Initialising we wrote. */
static bool backend_took(const struct platform *pf, const char *state_path)
{
	char state[8];

	return pf->xs_read(state_path, state, sizeof(state)) > 0 &&
	       strcmp(state, STATE_INITIALISING) != 0;
}

/* The back end's directory of domid's device, from the id the frontend names; false if none. */
static bool backend_dir(const struct platform *pf, const char *front, uint16_t domid,
			const char *kind, uint32_t devid, char *back, size_t size)
{
	char key[PATH + 16], id[8], *end;
	unsigned long backend;

	snprintf(key, sizeof(key), "%s/backend-id", front);
	if (pf->xs_read(key, id, sizeof(id)) <= 0) {
		return false;
	}
	backend = strtoul(id, &end, 10);
	if (id[0] < '0' || id[0] > '9' || *end != '\0' || backend >= DOMID_FIRST_RESERVED) {
		return false;
	}
	snprintf(back, size, "/local/domain/%lu/backend/%s/%u/%u", backend, kind, domid, devid);
	return true;
}

/*
 * The frontend is the guest's own, so its backend path is never taken from
 * it: only the back end's id is, and the path is built here, always one of
 * this guest's own devices, so a lying guest can reach nothing else.
 */
int devices_remove(const struct platform *pf, uint16_t domid, const char *kind, uint32_t devid,
		   bool wait, FILE *err)
{
	char front[PATH], back[PATH], key[PATH + 16];
	bool took;

	snprintf(front, sizeof(front), "/local/domain/%u/device/%s/%u", domid, kind, devid);
	if (!backend_dir(pf, front, domid, kind, devid, back, sizeof(back))) {
		return -1;
	}
	snprintf(key, sizeof(key), "%s/state", back);
	took = wait && backend_took(pf, key);
	snprintf(key, sizeof(key), "%s/online", back);
	(void)pf->xs_write(key, "0");
	snprintf(key, sizeof(key), "%s/state", back);
	(void)pf->xs_write(key, STATE_CLOSING);
	if (took && !wait_closed(pf, key)) {
		fprintf(err,
			"libxl: error: %s %u of domain %u: the back end did not close it within "
			"%u s; removing it anyway\n",
			kind, devid, domid, DEVICES_REMOVE_WAIT_MS / 1000);
		took = false;
	}
	if (!took) {
		(void)pf->xs_write(key, STATE_CLOSED); /* no back end to say it: we do */
	}
	(void)pf->xs_rm(back);
	(void)pf->xs_rm(front);
	return 0;
}

void devices_remove_all(const struct platform *pf, uint16_t domid)
{
	static const char *const kinds[] = { "vbd", "vif" };
	char path[PATH], names[1024];

	for (unsigned int k = 0; k < 2 && pf->xs_directory; k++) {
		long n;

		snprintf(path, sizeof(path), "/local/domain/%u/device/%s", domid, kinds[k]);
		n = pf->xs_directory(path, names, sizeof(names));
		for (size_t i = 0, at = 0; n > 0 && i < (size_t)n && at < sizeof(names); i++) {
			(void)devices_remove(pf, domid, kinds[k],
					     (uint32_t)strtoul(names + at, NULL, 10), false, NULL);
			at += strnlen(names + at, sizeof(names) - at) + 1;
		}
	}
}
