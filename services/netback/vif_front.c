// SPDX-License-Identifier: MIT
/* Reading a netfront's connection keys (vif_front.h). */
#include <abi/errno.h>
#include <stdio.h>
#include <string.h>

#include "vif_front.h"

/* A number that may be absent: *out is dflt then. */
static long optional(const struct xenbus_backend_store *s, const char *dir, const char *key,
		     uint64_t max, uint64_t dflt, uint64_t *out, char *why, size_t why_size)
{
	char path[XENBUS_BACKEND_PATH_MAX];
	long rc;

	*out = dflt;
	rc = xenbus_backend_join(path, dir, key) ? xenbus_backend_number(s, path, max, out)
						 : -XEN_EINVAL;
	if (rc == -XEN_ENOENT) {
		*out = dflt;
		return 0;
	}
	if (rc != 0) {
		snprintf(why, why_size, "frontend's %s is not a number up to %llu", key,
			 (unsigned long long)max);
	}
	return rc;
}

/* A number that must be there. */
static long required(const struct xenbus_backend_store *s, const char *dir, const char *key,
		     uint64_t max, uint64_t *out, char *why, size_t why_size)
{
	char path[XENBUS_BACKEND_PATH_MAX];
	long rc = xenbus_backend_join(path, dir, key) ? xenbus_backend_number(s, path, max, out)
						      : -XEN_EINVAL;

	if (rc == -XEN_ENOENT) {
		rc = -XEN_EINVAL;
	}
	if (rc != 0) {
		snprintf(why, why_size, "frontend's %s is missing or not a number up to %llu", key,
			 (unsigned long long)max);
	}
	return rc;
}

/* A port: 1..VIF_FRONT_PORT_MAX, or absent (*port 0) when absent_ok. */
static long read_port(const struct xenbus_backend_store *s, const char *dir, const char *key,
		      bool absent_ok, uint32_t *port, char *why, size_t why_size)
{
	uint64_t value;
	long rc;

	if (absent_ok) {
		rc = optional(s, dir, key, VIF_FRONT_PORT_MAX, 0, &value, why, why_size);
	} else {
		rc = required(s, dir, key, VIF_FRONT_PORT_MAX, &value, why, why_size);
	}
	if (rc == 0 && value == 0 && !absent_ok) {
		snprintf(why, why_size, "frontend's %s is 0", key);
		rc = -XEN_EINVAL;
	}
	*port = (uint32_t)value;
	return rc;
}

/* The queue's ports: split (both -tx and -rx) or shared (event-channel alone). */
static long read_ports(const struct xenbus_backend_store *s, const char *dir,
		       struct vif_conn_params *p, unsigned int q, char *why, size_t why_size)
{
	uint32_t tx, rx;
	long rc;

	rc = read_port(s, dir, "event-channel-tx", true, &tx, why, why_size);
	if (rc == 0) {
		rc = read_port(s, dir, "event-channel-rx", true, &rx, why, why_size);
	}
	if (rc != 0) {
		return rc;
	}
	if ((tx == 0) != (rx == 0)) {
		snprintf(why, why_size, "frontend split only one of its event channels");
		return -XEN_EINVAL;
	}
	if (tx == 0) {
		rc = read_port(s, dir, "event-channel", false, &tx, why, why_size);
		rx = tx;
	}
	p->tx_ports[q] = tx;
	p->rx_ports[q] = rx;
	return rc;
}

/* One queue's two ring refs and its ports, from dir (the frontend's, or its queue-N). */
static long read_queue(const struct xenbus_backend_store *s, const char *dir,
		       struct vif_conn_params *p, unsigned int q, char *why, size_t why_size)
{
	uint64_t tx_ref, rx_ref;
	long rc;

	rc = required(s, dir, "tx-ring-ref", UINT32_MAX, &tx_ref, why, why_size);
	if (rc == 0) {
		rc = required(s, dir, "rx-ring-ref", UINT32_MAX, &rx_ref, why, why_size);
	}
	if (rc == 0) {
		rc = read_ports(s, dir, p, q, why, why_size);
	}
	if (rc != 0) {
		return rc;
	}
	p->tx_ring_refs[q] = (uint32_t)tx_ref;
	p->rx_ring_refs[q] = (uint32_t)rx_ref;
	return 0;
}

/* A feature flag: absent is 0, any other number non-zero is yes. */
static long flag(const struct xenbus_backend_store *s, const char *front, const char *key,
		 bool *out, char *why, size_t why_size)
{
	uint64_t value;
	long rc = optional(s, front, key, UINT32_MAX, 0, &value, why, why_size);

	*out = value != 0;
	return rc;
}

/* What the frontend can take, and whether it takes copies. */
static long read_features(const struct xenbus_backend_store *s, const char *front,
			  struct vif_conn_params *p, char *why, size_t why_size)
{
	bool rx_copy = false, no_csum = false;
	long rc;

	rc = flag(s, front, "request-rx-copy", &rx_copy, why, why_size);
	if (rc == 0 && !rx_copy) {
		snprintf(why, why_size, "frontend does not request-rx-copy (netback only copies)");
		return -XEN_EOPNOTSUPP;
	}
	if (rc == 0) {
		rc = flag(s, front, "feature-rx-notify", &p->rx_notify, why, why_size);
	}
	if (rc == 0) {
		rc = flag(s, front, "feature-sg", &p->sg, why, why_size);
	}
	if (rc == 0) {
		rc = flag(s, front, "feature-gso-tcpv4", &p->gso_tcpv4, why, why_size);
	}
	if (rc == 0) {
		rc = flag(s, front, "feature-gso-tcpv6", &p->gso_tcpv6, why, why_size);
	}
	if (rc == 0) {
		rc = flag(s, front, "feature-ipv6-csum-offload", &p->ipv6_csum, why, why_size);
	}
	if (rc == 0) {
		rc = flag(s, front, "feature-no-csum-offload", &no_csum, why, why_size);
	}
	p->csum = !no_csum;
	return rc;
}

long vif_front_read(const struct xenbus_backend_store *s, const char *front,
		    struct vif_conn_params *p, char *why, size_t why_size)
{
	char dir[XENBUS_BACKEND_PATH_MAX];
	uint64_t queues;
	long rc;

	rc = read_features(s, front, p, why, why_size);
	if (rc == 0) {
		rc = optional(s, front, "multi-queue-num-queues", VIF_QUEUES_MAX, 1, &queues, why,
			      why_size);
	}
	if (rc == 0 && queues == 0) {
		snprintf(why, why_size, "frontend asks for 0 queues");
		rc = -XEN_EINVAL;
	}
	if (rc != 0) {
		return rc;
	}
	p->queue_count = (unsigned int)queues;
	for (unsigned int q = 0; rc == 0 && q < p->queue_count; q++) {
		/* One queue: its keys are at the top, as netfront writes them. */
		if (p->queue_count == 1) {
			snprintf(dir, sizeof(dir), "%s", front);
		} else if (snprintf(dir, sizeof(dir), "%s/queue-%u", front, q) >=
			   (int)sizeof(dir)) {
			snprintf(why, why_size, "frontend path too long");
			return -XEN_EINVAL;
		}
		rc = read_queue(s, dir, p, q, why, why_size);
	}
	return rc;
}
