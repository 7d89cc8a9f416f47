/* SPDX-License-Identifier: MIT */
/* xl vif specs: KEY=VALUE parameters and flags, MAC and IP addresses, interface names, rules. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xl_vif.h"
#include "xlcfg.h"

#define VIF_MTU_MIN 68u /* the least MTU IPv4 allows */
#define VIF_MTU_MAX 65535u

/* One KEY=VALUE (or flag) of the spec: bytes [start, start + len); value after '='. */
struct vif_param {
	size_t start, len;
	const char *text;
	const char *value;
	size_t value_len;
};

static int vif_fail(struct xl_spec_error *err, size_t offset, const char *what,
		    const struct vif_param *near)
{
	return xl_spec_fail(err, offset, what, near != NULL ? near->text : NULL,
			    near != NULL ? near->len : 0);
}

static bool equals(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* Six pairs of hex digits separated by ':', unicast and not all zero. */
static int parse_mac(const struct vif_param *at, struct xl_vif *vif, struct xl_spec_error *err)
{
	const char *s = at->value;
	size_t i;

	if (at->value_len != 17) {
		return vif_fail(err, at->start, "Invalid parameter `mac' (six hex pairs and ':')",
				at);
	}
	for (i = 0; i < 6; i++) {
		int hi = xl_digit_value((unsigned char)s[3 * i]);
		int lo = xl_digit_value((unsigned char)s[3 * i + 1]);

		if (hi >= 16 || lo >= 16 || (i < 5 && s[3 * i + 2] != ':')) {
			return vif_fail(err, at->start,
					"Invalid parameter `mac' (six hex pairs and ':')", at);
		}
		vif->mac[i] = (uint8_t)(hi << 4 | lo);
	}
	if (vif->mac[0] & 1u) {
		return vif_fail(err, at->start, "mac is a multicast address (bit 0 of byte 0 set)",
				at);
	}
	if ((vif->mac[0] | vif->mac[1] | vif->mac[2] | vif->mac[3] | vif->mac[4] | vif->mac[5]) ==
	    0) {
		return vif_fail(err, at->start, "mac is all zero", at);
	}
	vif->mac_set = true;
	return 0;
}

/* One dotted quad: four decimal parts 0..255, no leading zeros (they would read as octal). */
static bool dotted_quad(const char *s, size_t len)
{
	size_t i = 0, part, digits;

	for (part = 0; part < 4; part++) {
		unsigned value = 0;

		for (digits = 0; i < len && s[i] >= '0' && s[i] <= '9' && digits < 4; digits++) {
			value = value * 10 + (unsigned)(s[i++] - '0');
		}
		if (digits == 0 || value > 255 || (digits > 1 && s[i - digits] == '0')) {
			return false;
		}
		if (part < 3 && (i >= len || s[i++] != '.')) {
			return false;
		}
	}
	return i == len;
}

/* ip=: one or more dotted quads separated by single spaces. */
static int parse_ip(const struct vif_param *at, struct xl_vif *vif, struct xl_spec_error *err)
{
	size_t i = 0, end;

	if (at->value_len == 0 || at->value_len >= sizeof(vif->ip)) {
		return vif_fail(err, at->start, "invalid ip (dotted quads separated by spaces)",
				at);
	}
	while (i <= at->value_len) {
		for (end = i; end < at->value_len && at->value[end] != ' '; end++) {
		}
		if (!dotted_quad(at->value + i, end - i)) {
			return vif_fail(err, at->start,
					"invalid ip (dotted quads separated by spaces)", at);
		}
		i = end + 1;
	}
	memcpy(vif->ip, at->value, at->value_len);
	vif->ip[at->value_len] = '\0';
	return 0;
}

/* A host interface name as Linux takes one: 1..15 bytes, no '/', ':' or space, not . or .. */
static int parse_ifname(const struct vif_param *at, char *dst, struct xl_spec_error *err)
{
	const char *v = at->value;
	size_t n = at->value_len;

	if (n == 0 || n >= XL_IFNAME_MAX || memchr(v, '/', n) != NULL ||
	    memchr(v, ':', n) != NULL || memchr(v, ' ', n) != NULL || equals(v, n, ".") ||
	    equals(v, n, "..")) {
		return vif_fail(err, at->start,
				"invalid interface name (1..15 bytes, no / : space)", at);
	}
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

/* A string value that only has to fit. */
static int parse_text(const struct vif_param *at, char *dst, size_t size, struct xl_spec_error *err)
{
	if (at->value_len >= size) {
		return vif_fail(err, at->start, "value too long", at);
	}
	memcpy(dst, at->value, at->value_len);
	dst[at->value_len] = '\0';
	return 0;
}

static int parse_type(const struct vif_param *at, struct xl_vif *vif, struct xl_spec_error *err)
{
	if (equals(at->value, at->value_len, "vif")) {
		vif->type = XL_VIF_TYPE_VIF;
	} else if (equals(at->value, at->value_len, "ioemu")) {
		vif->type = XL_VIF_TYPE_IOEMU;
	} else {
		return vif_fail(err, at->start, "Invalid parameter `type'", at);
	}
	return 0;
}

static int parse_rate(const struct vif_param *at, struct xl_vif *vif, struct xl_spec_error *err)
{
	const char *what = NULL;
	uint32_t off = 0;
	size_t value_at = (size_t)(at->value - at->text) + at->start;

	if (xl_vif_rate(at->value, at->value_len, &vif->rate_bytes_per_interval,
			&vif->rate_interval_usecs, &off, &what) < 0) {
		return vif_fail(err, value_at + off, what, at);
	}
	vif->rate_set = true;
	return 0;
}

/*
 * rules=: Tessera's own key, the VIF's rule list in netback's text form,
 * checked here by the parser netback itself uses, so a bad rule is refused
 * when the domain is made rather than when netback reads it.
 */
static int parse_rules(const struct vif_param *at, struct xl_vif *vif, struct xl_spec_error *err)
{
	static const char prefix[] = "invalid rules, ";
	size_t value_at = (size_t)(at->value - at->text) + at->start;
	struct net_rules rules;
	char what[XL_MSG_MAX];

	if (at->value_len >= sizeof(vif->rules)) {
		return vif_fail(err, value_at, "rules too long (1023 bytes at most)", at);
	}
	memcpy(what, prefix, sizeof(prefix) - 1); /* net_rules_parse says why after it */
	if (net_rules_parse(at->value, at->value_len, &rules, what + sizeof(prefix) - 1,
			    sizeof(what) - (sizeof(prefix) - 1)) < 0) {
		return vif_fail(err, value_at, what, NULL);
	}
	memcpy(vif->rules, at->value, at->value_len);
	vif->rules[at->value_len] = '\0';
	return 0;
}

static int parse_u32(const struct vif_param *at, uint32_t min, uint32_t max, uint32_t *value,
		     struct xl_spec_error *err, const char *what)
{
	uint64_t v;

	if (xl_number(at->value, at->value_len, &v) < 0 || v < min || v > max) {
		return vif_fail(err, at->start, what, at);
	}
	*value = (uint32_t)v;
	return 0;
}

static int parse_keyword(const struct vif_param *at, const char *key, struct xl_vif *vif,
			 struct xl_spec_error *err)
{
	if (strcmp(key, "mac") == 0) {
		return parse_mac(at, vif, err);
	} else if (strcmp(key, "ip") == 0) {
		return parse_ip(at, vif, err);
	} else if (strcmp(key, "bridge") == 0) {
		return parse_ifname(at, vif->bridge, err);
	} else if (strcmp(key, "gatewaydev") == 0 || strcmp(key, "netdev") == 0) {
		return parse_ifname(at, vif->gatewaydev, err);
	} else if (strcmp(key, "vifname") == 0) {
		return parse_ifname(at, vif->vifname, err);
	} else if (strcmp(key, "backend") == 0) {
		return parse_text(at, vif->backend, sizeof(vif->backend), err);
	} else if (strcmp(key, "script") == 0) {
		return parse_text(at, vif->script, sizeof(vif->script), err);
	} else if (strcmp(key, "model") == 0) {
		return parse_text(at, vif->model, sizeof(vif->model), err);
	} else if (strcmp(key, "type") == 0) {
		return parse_type(at, vif, err);
	} else if (strcmp(key, "rate") == 0) {
		return parse_rate(at, vif, err);
	} else if (strcmp(key, "rules") == 0) {
		return parse_rules(at, vif, err);
	} else if (strcmp(key, "devid") == 0) {
		return parse_u32(at, 0, INT32_MAX, &vif->devid, err, "invalid devid");
	} else if (strcmp(key, "mtu") == 0) {
		return parse_u32(at, VIF_MTU_MIN, VIF_MTU_MAX, &vif->mtu, err,
				 "mtu must be 68..65535");
	}
	return vif_fail(err, at->start, "unrecognized argument", at);
}

/* One comma-separated parameter: a flag, or KEY=VALUE. */
static int parse_param(struct vif_param *at, struct xl_vif *vif, struct xl_spec_error *err)
{
	const char *eq = memchr(at->text, '=', at->len);
	char key[16];

	if (eq == NULL) {
		if (equals(at->text, at->len, "trusted") ||
		    equals(at->text, at->len, "untrusted")) {
			vif->trusted = at->text[0] == 't' ? 1 : 0;
			return 0;
		}
		return vif_fail(err, at->start, "unrecognized argument", at);
	}
	if ((size_t)(eq - at->text) >= sizeof(key)) {
		return vif_fail(err, at->start, "unrecognized argument", at);
	}
	snprintf(key, sizeof(key), "%.*s", (int)(eq - at->text), at->text);
	at->value = eq + 1;
	at->value_len = at->len - (size_t)(eq + 1 - at->text);
	return parse_keyword(at, key, vif, err);
}

static int check_bytes(const char *spec, size_t len, struct xl_spec_error *err)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)spec[i];

		if (c < ' ' || c >= 0x7f) {
			return vif_fail(err, i, "byte that is not printable ASCII in the spec",
					NULL);
		}
	}
	return 0;
}

/** xl_vif_parse() - see xl_vif.h. */
int xl_vif_parse(const char *spec, size_t len, uint32_t devid, struct xl_vif *vif,
		 struct xl_spec_error *err)
{
	struct vif_param at;
	size_t pos = 0, end;
	int rc;

	memset(vif, 0, sizeof(*vif));
	memset(err, 0, sizeof(*err));
	vif->devid = devid;
	vif->trusted = -1;
	rc = check_bytes(spec, len, err);
	while (rc == 0 && pos < len) {
		while (pos < len && spec[pos] == ' ') {
			pos++;
		}
		for (end = pos; end < len && spec[end] != ','; end++) {
		}
		memset(&at, 0, sizeof(at));
		at.start = pos;
		at.len = end - pos;
		at.text = spec + pos;
		rc = at.len == 0 ? 0 : parse_param(&at, vif, err); /* empty ones: skipped, as xl */
		pos = end + 1;
	}
	if (rc < 0) {
		memset(vif, 0, sizeof(*vif));
	}
	return rc;
}
