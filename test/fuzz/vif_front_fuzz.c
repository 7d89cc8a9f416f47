// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for what netback reads of a netfront and of its
 * toolstack (services/netback/vif_front.c, vif_backend_config.c): the
 * input is a frontend's directory, one "key=value" a line (keys such as
 * tx-ring-ref or queue-1/event-channel-rx), served by a store of the
 * target's own. vif_front_read must either refuse with a documented error
 * and say why, or fill in a connection whose every number is in bounds:
 * 1..VIF_QUEUES_MAX queues, ports 1..VIF_FRONT_PORT_MAX, and only when the
 * frontend asked for copies. Each value is also given to the MAC, IP and
 * rate parsers: what they accept must print back to the same text (MAC
 * and IPs) or be in bounds (rate).
 */
#include <abi/errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vif_backend_config.h"
#include "vif_front.h"

#define FRONT "/local/domain/5/device/vif/0"
#define ENTRIES_MAX 64u
#define TEXT_MAX 256u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool condition)
{
	if (!condition) {
		__builtin_trap();
	}
}

/* The frontend's directory: keys (below FRONT) and their values. */
static struct {
	char key[TEXT_MAX], value[TEXT_MAX];
	size_t value_len;
} entries[ENTRIES_MAX];
static unsigned int entry_count;
static bool rx_copy_asked;

static long store_read(uint32_t tx, const char *path, char *buf, size_t size)
{
	size_t front_len = strlen(FRONT);

	require(tx == 0 && size > 0);
	if (strncmp(path, FRONT "/", front_len + 1) != 0) {
		return -XEN_ENOENT;
	}
	for (unsigned int i = 0; i < entry_count; i++) {
		if (strcmp(entries[i].key, path + front_len + 1) != 0) {
			continue;
		}
		if (entries[i].value_len + 1 > size) {
			return -XEN_ERANGE;
		}
		memcpy(buf, entries[i].value, entries[i].value_len);
		buf[entries[i].value_len] = '\0';
		return (long)entries[i].value_len;
	}
	return -XEN_ENOENT;
}

static const struct xenbus_backend_store store = { .read = store_read };

/* One "key=value" line into the directory (the first of a key wins, as reads find it). */
static void add_line(const uint8_t *line, size_t len)
{
	const uint8_t *eq = memchr(line, '=', len);
	size_t key_len;

	if (!eq || entry_count == ENTRIES_MAX) {
		return;
	}
	key_len = (size_t)(eq - line);
	if (key_len >= TEXT_MAX || len - key_len - 1 >= TEXT_MAX || memchr(line, '\0', key_len)) {
		return;
	}
	memcpy(entries[entry_count].key, line, key_len);
	entries[entry_count].key[key_len] = '\0';
	entries[entry_count].value_len = len - key_len - 1;
	memcpy(entries[entry_count].value, eq + 1, len - key_len - 1);
	entry_count++;
}

static void parse_input(const uint8_t *data, size_t size)
{
	size_t start = 0;

	entry_count = 0;
	while (start < size) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - data) : size;

		add_line(data + start, end - start);
		start = end + 1;
	}
}

/* Whether the frontend asked for copies, as the reader must have seen it. */
static bool asked_rx_copy(void)
{
	uint64_t value;
	char path[XENBUS_BACKEND_PATH_MAX];

	snprintf(path, sizeof(path), "%s/request-rx-copy", FRONT);
	return xenbus_backend_number(&store, path, UINT32_MAX, &value) == 0 && value != 0;
}

static void check_front(void)
{
	struct vif_conn_params p;
	char why[96];
	long rc;

	memset(&p, 0, sizeof(p));
	why[0] = '\0';
	rx_copy_asked = asked_rx_copy();
	rc = vif_front_read(&store, FRONT, &p, why, sizeof(why));
	if (rc != 0) {
		require(rc == -XEN_EINVAL || rc == -XEN_EOPNOTSUPP);
		require(why[0] != '\0' && memchr(why, '\0', sizeof(why)) != NULL);
		return;
	}
	require(rx_copy_asked);
	require(p.queue_count >= 1 && p.queue_count <= VIF_QUEUES_MAX);
	for (unsigned int q = 0; q < p.queue_count; q++) {
		require(p.tx_ports[q] >= 1 && p.tx_ports[q] <= VIF_FRONT_PORT_MAX);
		require(p.rx_ports[q] >= 1 && p.rx_ports[q] <= VIF_FRONT_PORT_MAX);
	}
}

/* A value the MAC, IP and rate parsers took must mean what it says. */
static void check_config_parsers(const char *text, size_t len)
{
	uint32_t ips[NET_PORT_IPS_MAX];
	char back[TEXT_MAX];
	unsigned int count = 0;
	uint8_t mac[6];
	uint64_t bytes;
	uint32_t usecs;
	size_t at = 0;

	if (vif_backend_config_mac(text, len, mac) == 0) {
		snprintf(back, sizeof(back), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
			 mac[2], mac[3], mac[4], mac[5]);
		require(len == 17 && strncasecmp(back, text, len) == 0);
		require(!(mac[0] & 1u));
	}
	if (vif_backend_config_ips(text, len, ips, &count) == 0) {
		require(count >= 1 && count <= NET_PORT_IPS_MAX);
		for (unsigned int i = 0; i < count; i++) {
			at += (size_t)snprintf(back + at, sizeof(back) - at, "%s%u.%u.%u.%u",
					       i ? " " : "", ips[i] >> 24, (ips[i] >> 16) & 0xffu,
					       (ips[i] >> 8) & 0xffu, ips[i] & 0xffu);
		}
		require(at == len && memcmp(back, text, len) == 0);
	}
	if (vif_backend_config_rate(text, len, &bytes, &usecs) == 0) {
		require(bytes >= 1 && usecs >= 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_input(data, size);
	check_front();
	for (unsigned int i = 0; i < entry_count; i++) {
		check_config_parsers(entries[i].value, entries[i].value_len);
	}
	return 0;
}
