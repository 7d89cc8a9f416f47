// SPDX-License-Identifier: MIT
/* A VIF's configuration from the toolstack's keys (vif_backend_config.h). */
#include <abi/errno.h>
#include <stdio.h>
#include <string.h>

#include "vif_backend_config.h"

#define MAC_TEXT_LEN 17u /* "xx:xx:xx:xx:xx:xx" */
#define NUMBER_TEXT 24u  /* a decimal value read, with its NUL and room to see it is longer */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

int vif_backend_config_mac(const char *text, size_t len, uint8_t mac[6])
{
	uint8_t out[6];
	unsigned int any = 0;

	if (len != MAC_TEXT_LEN) {
		return -XEN_EINVAL;
	}
	for (size_t i = 0; i < 6; i++) {
		int hi = hex_value(text[3 * i]), lo = hex_value(text[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && text[3 * i + 2] != ':')) {
			return -XEN_EINVAL;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
		any |= out[i];
	}
	/* A multicast or zero MAC is no interface's: anti-spoofing could not mean anything. */
	if ((out[0] & 1u) || any == 0) {
		return -XEN_EINVAL;
	}
	memcpy(mac, out, sizeof(out));
	return 0;
}

/* One dotted quad (len bytes) into *ip: four parts 0..255, no leading zeros, no sign. */
static bool dotted_quad(const char *s, size_t len, uint32_t *ip)
{
	size_t at = 0;
	uint32_t value = 0;

	for (unsigned int part = 0; part < 4; part++) {
		size_t start = at;
		uint32_t byte = 0;

		while (at < len && s[at] >= '0' && s[at] <= '9' && at - start < 3) {
			byte = byte * 10 + (uint32_t)(s[at++] - '0');
		}
		if (at == start || byte > 255 || (at - start > 1 && s[start] == '0')) {
			return false;
		}
		if (part < 3 && (at >= len || s[at++] != '.')) {
			return false;
		}
		value = value << 8 | byte;
	}
	*ip = value;
	return at == len;
}

int vif_backend_config_ips(const char *text, size_t len, uint32_t ips[NET_PORT_IPS_MAX],
			   unsigned int *count)
{
	uint32_t out[NET_PORT_IPS_MAX];
	unsigned int n = 0;
	size_t start = 0;

	if (len == 0 || len > VIF_BACKEND_CONFIG_IP_TEXT_MAX) {
		return -XEN_EINVAL;
	}
	while (start <= len) {
		const char *space = memchr(text + start, ' ', len - start);
		size_t end = space ? (size_t)(space - text) : len;

		if (n == NET_PORT_IPS_MAX || !dotted_quad(text + start, end - start, &out[n])) {
			return -XEN_EINVAL;
		}
		n++;
		start = end + 1;
	}
	memcpy(ips, out, n * sizeof(out[0]));
	*count = n;
	return 0;
}

int vif_backend_config_rate(const char *text, size_t len, uint64_t *bytes, uint32_t *usecs)
{
	const char *comma = memchr(text, ',', len);
	uint64_t b, u;
	size_t first;

	if (!comma) {
		return -XEN_EINVAL;
	}
	first = (size_t)(comma - text);
	if (xenbus_backend_decimal(text, first, UINT64_MAX, &b) != 0 ||
	    xenbus_backend_decimal(comma + 1, len - first - 1, UINT32_MAX, &u) != 0 || b == 0 ||
	    u == 0) {
		return -XEN_EINVAL;
	}
	*bytes = b;
	*usecs = (uint32_t)u;
	return 0;
}

/* An optional key of d's directory: its length, 0 when absent, or an error with why. */
static long read_optional(struct xenbus_backend_device *d, const char *key, char *buf, size_t size,
			  char *why, size_t why_size)
{
	long len = xenbus_backend_read(d, key, buf, size);

	if (len == -XEN_ENOENT) {
		buf[0] = '\0';
		return 0;
	}
	if (len == -XEN_ERANGE || (len >= 0 && strlen(buf) != (size_t)len)) {
		snprintf(why, why_size, "%s is too long or holds a NUL", key);
		return -XEN_EINVAL;
	}
	if (len < 0) {
		snprintf(why, why_size, "cannot read %s", key);
	}
	return len;
}

/* handle: the devid our path names; and the port's name from it. */
static long read_handle(struct xenbus_backend_device *d, struct vif_conn_params *p, char *why,
			size_t why_size)
{
	char path[XENBUS_BACKEND_PATH_MAX];
	uint64_t handle;
	long rc;

	rc = xenbus_backend_join(path, d->back, "handle")
		     ? xenbus_backend_number(d->owner->store, path, UINT32_MAX, &handle)
		     : -XEN_EINVAL;
	if (rc == 0 && handle != d->devid) {
		rc = -XEN_EINVAL;
	}
	if (rc != 0) {
		snprintf(why, why_size, "handle is not the device's id");
		return rc == -XEN_ENOENT ? -XEN_EINVAL : rc;
	}
	p->frontend_id = d->frontend_id;
	p->handle = d->devid;
	snprintf(p->port.name, sizeof(p->port.name), "vif%u.%u", d->frontend_id, d->devid);
	return 0;
}

static long read_mac(struct xenbus_backend_device *d, struct vif_conn_params *p, char *why,
		     size_t why_size)
{
	char text[MAC_TEXT_LEN + 2];
	long len = read_optional(d, "mac", text, sizeof(text), why, why_size);

	if (len < 0) {
		return len;
	}
	if (vif_backend_config_mac(text, (size_t)len, p->port.mac) != 0) {
		snprintf(why, why_size, "mac is not a unicast xx:xx:xx:xx:xx:xx");
		return -XEN_EINVAL;
	}
	return 0;
}

/* ip: anti-spoofing on when given. */
static long read_ips(struct xenbus_backend_device *d, struct vif_conn_params *p, char *why,
		     size_t why_size)
{
	char text[VIF_BACKEND_CONFIG_IP_TEXT_MAX + 2];
	long len = read_optional(d, "ip", text, sizeof(text), why, why_size);

	p->port.antispoof = false;
	p->port.ip_count = 0;
	if (len <= 0) {
		return len;
	}
	if (vif_backend_config_ips(text, (size_t)len, p->port.ips, &p->port.ip_count) != 0) {
		snprintf(why, why_size, "ip is not up to %u dotted quads separated by spaces",
			 NET_PORT_IPS_MAX);
		return -XEN_EINVAL;
	}
	p->port.antispoof = true;
	return 0;
}

static long read_rate(struct xenbus_backend_device *d, struct vif_conn_params *p, char *why,
		      size_t why_size)
{
	char text[2 * NUMBER_TEXT];
	long len = read_optional(d, "rate", text, sizeof(text), why, why_size);

	p->port.rate_bytes = 0;
	p->port.rate_interval_us = 0;
	if (len <= 0) {
		return len;
	}
	if (vif_backend_config_rate(text, (size_t)len, &p->port.rate_bytes,
				    &p->port.rate_interval_us) != 0) {
		snprintf(why, why_size, "rate is not BYTES,USECS");
		return -XEN_EINVAL;
	}
	return 0;
}

static long read_rules(struct xenbus_backend_device *d, struct vif_conn_params *p, char *why,
		       size_t why_size)
{
	char text[NET_RULES_TEXT_MAX + 2], parse_why[80];
	long len = read_optional(d, "rules", text, sizeof(text), why, why_size);

	p->rules.count = 0;
	p->port.rules = NULL;
	if (len <= 0) {
		return len;
	}
	if (net_rules_parse(text, (size_t)len, &p->rules, parse_why, sizeof(parse_why)) != 0) {
		snprintf(why, why_size, "rules: %s", parse_why);
		return -XEN_EINVAL;
	}
	return 0;
}

long vif_backend_config_read(struct xenbus_backend_device *d, struct vif_conn_params *p, char *why,
			     size_t why_size)
{
	long rc;

	rc = read_handle(d, p, why, why_size);
	if (rc == 0) {
		rc = read_mac(d, p, why, why_size);
	}
	if (rc == 0) {
		rc = read_ips(d, p, why, why_size);
	}
	if (rc == 0) {
		rc = read_rate(d, p, why, why_size);
	}
	if (rc == 0) {
		rc = read_rules(d, p, why, why_size);
	}
	return rc;
}
