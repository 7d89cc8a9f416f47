/* SPDX-License-Identifier: MIT */
/* A VIF's configuration as the toolstack writes it in the back end's directory: MAC, IPs, rate,
 * rules. */
#ifndef NETBACK_VIF_BACKEND_CONFIG_H
#define NETBACK_VIF_BACKEND_CONFIG_H

#include <libos/xenbus_backend.h>
#include <stddef.h>
#include <stdint.h>

#include "vif_conn.h"

/*
 * The toolstack's keys of a vif (services/toolstack/devices.c), each parsed
 * strictly: the back end's directory is written by the toolstack only, but
 * a value that does not parse is refused, never guessed at.
 *
 *   handle  decimal, equal to the devid of the directory's path
 *   mac     six pairs of hex digits separated by ':', unicast, not all zero
 *   ip      optional: dotted quads separated by single spaces, each part
 *           0..255 without leading zeros, up to NET_PORT_IPS_MAX of them;
 *           given, it turns on anti-spoofing
 *   rate    optional: "BYTES,USECS", both decimal and at least 1 (bytes a
 *           VIF may send each interval of USECS microseconds)
 *   rules   optional: net_rule.h's text form
 */

/** Longest `ip` value accepted, without its NUL (eight quads and their spaces). */
#define VIF_BACKEND_CONFIG_IP_TEXT_MAX (NET_PORT_IPS_MAX * 16u - 1u)

/** Parse a MAC (len bytes) into mac. 0 or -XEN_EINVAL. */
int vif_backend_config_mac(const char *text, size_t len, uint8_t mac[6]);

/** Parse an ip value (len bytes) into ips (host byte order) and *count. 0 or -XEN_EINVAL. */
int vif_backend_config_ips(const char *text, size_t len, uint32_t ips[NET_PORT_IPS_MAX],
			   unsigned int *count);

/** Parse a rate value (len bytes). 0 with *bytes and *usecs set, or -XEN_EINVAL. */
int vif_backend_config_rate(const char *text, size_t len, uint64_t *bytes, uint32_t *usecs);

/**
 * Read d's configuration keys into p: frontend_id, handle, port (name
 * "vif<domid>.<handle>", mac, antispoof and ips, rate) and rules; the rest
 * of p is left as it is. Returns 0, or -XEN_EINVAL (a key missing or
 * malformed) or the store's error, with why (why_size bytes) saying which.
 */
long vif_backend_config_read(struct xenbus_backend_device *d, struct vif_conn_params *p, char *why,
			     size_t why_size);

#endif
