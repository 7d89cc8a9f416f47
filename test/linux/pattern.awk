# SPDX-License-Identifier: MIT
# The bytes the disk tests write, made the same in the guest (busybox awk, from the initramfs)
# and on the host (to check them): awk -v name=NAME -v bytes=N -f pattern.awk
# Lines of 64 bytes, "NAME LINE" padded with spaces and ended by a newline, LINE counting from 0,
# cut after N bytes: every 512-byte sector of it says whose it is and where it belongs.
BEGIN {
	full = int(bytes / 64)
	for (line = 0; line < full; line++) {
		printf "%-63s\n", name " " line
	}
	rest = bytes - full * 64
	if (rest > 0) {
		printf "%s", substr(sprintf("%-63s\n", name " " full), 1, rest)
	}
}
