// SPDX-License-Identifier: MIT
/* A bounded FIFO of frames: a queue's frames for the switch, or for its frontend. */
#include "vif_conn_internal.h"
#include <abi/errno.h>
#include <stdlib.h>

/* Locking: none (vif_conn_internal.h). */

int vif_fifo_init(struct vif_fifo *q, uint32_t size)
{
	q->frames = calloc(size, sizeof(q->frames[0]));
	if (q->frames == NULL) {
		return -XEN_ENOMEM;
	}
	q->size = size;
	q->head = 0;
	q->count = 0;
	return 0;
}

bool vif_fifo_put(struct vif_fifo *q, struct net_frame *f)
{
	if (q->count >= q->size) {
		return false;
	}
	q->frames[(q->head + q->count) & (q->size - 1u)] = f;
	q->count++;
	return true;
}

struct net_frame *vif_fifo_peek(const struct vif_fifo *q)
{
	return q->count == 0 ? NULL : q->frames[q->head];
}

struct net_frame *vif_fifo_take(struct vif_fifo *q)
{
	struct net_frame *f = vif_fifo_peek(q);

	if (f != NULL) {
		q->frames[q->head] = NULL;
		q->head = (q->head + 1u) & (q->size - 1u);
		q->count--;
	}
	return f;
}

void vif_fifo_fini(struct vif_fifo *q)
{
	struct net_frame *f;

	if (q->frames == NULL) {
		return;
	}
	while ((f = vif_fifo_take(q)) != NULL) {
		net_frame_put(f);
	}
	free(q->frames);
	q->frames = NULL;
	q->size = 0;
}
