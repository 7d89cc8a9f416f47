# SPDX-License-Identifier: MIT
# The virtio_blk test's sector pattern (test/guests/virtio_blk/blk_test.h), for its setup and
# check scripts. Source it.

# blk_pattern FIRST COUNT: the pattern of sectors FIRST..FIRST+COUNT-1 on stdout: for each, the
# 32-byte line "tessera sector %012u ok.\n" sixteen times.
blk_pattern() {
	awk -v first="$1" -v count="$2" 'BEGIN {
		for (s = first; s < first + count; s++)
			for (i = 0; i < 16; i++)
				printf "tessera sector %012d ok.\n", s
	}'
}
