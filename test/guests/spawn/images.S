/* SPDX-License-Identifier: MIT */
/* The images the spawner starts as domains of its own, linked in whole. */

	.section .rodata
	.balign	4096
	.global	spawn_hello_image, spawn_hello_image_end
spawn_hello_image:
	.incbin	SPAWN_HELLO_IMAGE
spawn_hello_image_end:

	.balign	4096
	.global	spawn_spin_image, spawn_spin_image_end
spawn_spin_image:
	.incbin	SPAWN_SPIN_IMAGE
spawn_spin_image_end:
