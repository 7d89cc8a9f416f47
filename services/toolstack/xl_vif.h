/* SPDX-License-Identifier: MIT */
/* xl's vif specs (xl-network-configuration(5)): MAC and IP addresses, rate limits, rules. */
#ifndef XL_VIF_H
#define XL_VIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "services/netback/net_rule.h"
#include "xlcfg_limits.h"

/** What type= says of a vif; Tessera's guests only ever see the PV device. */
enum xl_vif_type {
	XL_VIF_TYPE_DEFAULT = 0,
	XL_VIF_TYPE_VIF,
	XL_VIF_TYPE_IOEMU,
};

/** One entry of vif = [...]: xl-network-configuration(5). */
struct xl_vif {
	uint32_t devid;             /* its index in the list, or devid=; unique */
	bool mac_set;               /* mac= was given; else the toolstack makes one */
	uint8_t mac[6];             /* unicast: bit 0 of mac[0] clear */
	char ip[XL_VIF_IP_MAX];     /* dotted quads separated by single spaces; "" none */
	char bridge[XL_IFNAME_MAX]; /* "" is xl's default, xenbr0 */
	char gatewaydev[XL_IFNAME_MAX];
	char vifname[XL_IFNAME_MAX]; /* the back end's interface name; "" for vifDOMID.DEVID */
	char backend[XL_NAME_MAX];   /* backend domain name; "": the one driver domain */
	char script[XL_PATH_MAX];    /* hotplug script; "" is the default */
	char model[XL_MODEL_MAX];    /* emulated model (HVM only in xl); "" none */
	enum xl_vif_type type;
	bool rate_set;                      /* rate= was given; else unlimited */
	uint64_t rate_bytes_per_interval;   /* credit per interval, bytes */
	uint32_t rate_interval_usecs;       /* the interval, microseconds (default 50 ms) */
	uint32_t mtu;                       /* 0: the default (1500, or the bridge's) */
	int8_t trusted;                     /* -1 not said, 0 untrusted, 1 trusted */
	char rules[NET_RULES_TEXT_MAX + 1]; /* rules=, checked (net_rule.h); "" none */
};

/**
 * xl_vif_parse() - read one vifspec: comma-separated KEY=VALUE parameters and
 * the trusted/untrusted flags, as xl reads it (spaces before each are skipped;
 * empty ones are ignored; the empty spec is a vif with every default).
 * @spec:  the spec's @len bytes (a NUL among them is refused)
 * @devid: its index in the vif list, the devid unless devid= says otherwise
 * @vif:   the vif, filled in whole on success, zero on failure
 * @err:   on failure, which byte of @spec is wrong and what was expected
 *
 * Return: 0, or -EINVAL with @err set.
 */
int xl_vif_parse(const char *spec, size_t len, uint32_t devid, struct xl_vif *vif,
		 struct xl_spec_error *err);

/**
 * xl_vif_rate() - xl's rate syntax: RATE/s or RATE/s@INTERVAL. RATE is decimal
 * with an optional G, M or K (powers of 1000) and then B (bytes) or b (bits);
 * INTERVAL is decimal with an optional unit, us, ms or s (no unit: seconds, as
 * xl reads it), 50ms when absent. So 10Mb/s@20ms is 25,000 bytes every 20,000
 * microseconds.
 * @text: @len bytes
 *
 * Return: 0 with the credit and the interval set, or -EINVAL (@err_offset: the
 * byte at fault, @what: what is wrong).
 */
int xl_vif_rate(const char *text, size_t len, uint64_t *bytes_per_interval,
		uint32_t *interval_usecs, uint32_t *err_offset, const char **what);

#endif
