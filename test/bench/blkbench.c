// SPDX-License-Identifier: MIT
// blkbench: sequential 1 MiB writes and reads and 4 KiB random reads with O_DIRECT on a raw
// block device, timed with the monotonic clock; a static Linux program for test/bench.
//
// usage: blkbench DEVICE MIB RANDOM_READS
// Writes MIB MiB from sector 0 in 1 MiB requests and flushes, reads them back in 1 MiB
// requests, then reads RANDOM_READS pages of 4 KiB at random places among them, one request at
// a time. Every 4 KiB page written carries its own index, checked on every read, so a benchmark
// of wrong data fails. Prints, for each phase:
//   blkbench: result PHASE bytes=B us=T ops=N
// (PHASE write, read or randread) and "blkbench: done" at the end; "blkbench: FAIL: ..." and
// exit status 1 on any error.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK_BYTES (1u << 20)
#define PAGE_BYTES 4096u
#define PAGES_PER_BLOCK (BLOCK_BYTES / PAGE_BYTES)
// What a page's first eight bytes hold, XORed with its index: a zero or stale page never matches.
#define STAMP_KEY UINT64_C(0x7465737365726142)

static void fail(const char *what)
{
	printf("blkbench: FAIL: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail_data(const char *phase, uint64_t page)
{
	printf("blkbench: FAIL: %s: page %" PRIu64 " holds the wrong data\n", phase, page);
	exit(1);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		fail("clock_gettime");
	}
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void report(const char *phase, uint64_t bytes, uint64_t us, uint64_t ops)
{
	printf("blkbench: result %s bytes=%" PRIu64 " us=%" PRIu64 " ops=%" PRIu64 "\n", phase,
	       bytes, us, ops);
	fflush(stdout);
}

static void stamp_page(uint8_t *page, uint64_t index)
{
	uint64_t stamp = STAMP_KEY ^ index;

	memcpy(page, &stamp, sizeof(stamp));
}

static int page_holds(const uint8_t *page, uint64_t index)
{
	uint64_t stamp;

	memcpy(&stamp, page, sizeof(stamp));
	return stamp == (STAMP_KEY ^ index);
}

// Full-length transfers only: O_DIRECT on a block device moves all of it or fails.
static void transfer(int fd, uint8_t *buf, size_t len, uint64_t offset, int write)
{
	ssize_t done =
		write ? pwrite(fd, buf, len, (off_t)offset) : pread(fd, buf, len, (off_t)offset);

	if (done != (ssize_t)len) {
		if (done >= 0) {
			errno = EIO;
		}
		fail(write ? "pwrite" : "pread");
	}
}

static void seq_write(int fd, uint8_t *buf, uint64_t blocks)
{
	uint64_t start = now_us();

	for (uint64_t b = 0; b < blocks; b++) {
		for (uint64_t p = 0; p < PAGES_PER_BLOCK; p++) {
			stamp_page(buf + p * PAGE_BYTES, b * PAGES_PER_BLOCK + p);
		}
		transfer(fd, buf, BLOCK_BYTES, b * BLOCK_BYTES, 1);
	}
	// The writes count once the device has them: QEMU's drive caches (cache=writeback).
	if (fdatasync(fd) != 0) {
		fail("fdatasync");
	}
	report("write", blocks * BLOCK_BYTES, now_us() - start, blocks);
}

static void seq_read(int fd, uint8_t *buf, uint64_t blocks)
{
	uint64_t start = now_us();

	for (uint64_t b = 0; b < blocks; b++) {
		memset(buf, 0, PAGE_BYTES);
		transfer(fd, buf, BLOCK_BYTES, b * BLOCK_BYTES, 0);
		for (uint64_t p = 0; p < PAGES_PER_BLOCK; p++) {
			if (!page_holds(buf + p * PAGE_BYTES, b * PAGES_PER_BLOCK + p)) {
				fail_data("read", b * PAGES_PER_BLOCK + p);
			}
		}
	}
	report("read", blocks * BLOCK_BYTES, now_us() - start, blocks);
}

// xorshift64: the same places every run, on every machine.
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static void random_read(int fd, uint8_t *buf, uint64_t pages, uint64_t count)
{
	uint64_t state = UINT64_C(0x9e3779b97f4a7c15);
	uint64_t start = now_us();

	for (uint64_t i = 0; i < count; i++) {
		uint64_t page = next_random(&state) % pages;

		memset(buf, 0, sizeof(uint64_t));
		transfer(fd, buf, PAGE_BYTES, page * PAGE_BYTES, 0);
		if (!page_holds(buf, page)) {
			fail_data("randread", page);
		}
	}
	report("randread", count * PAGE_BYTES, now_us() - start, count);
}

static uint64_t parse_count(const char *text, const char *what)
{
	char *end;
	unsigned long long value;

	errno = 0;
	value = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value == 0 || value > (1ull << 32)) {
		printf("blkbench: FAIL: %s must be a count from 1 to 2^32, not '%s'\n", what, text);
		exit(1);
	}
	return value;
}

/** Writes, reads back and randomly reads the device argv[1] names, as the file header says. */
int main(int argc, char **argv)
{
	uint64_t blocks, reads, size;
	void *buf;
	off_t end;
	int fd;

	if (argc != 4) {
		printf("blkbench: FAIL: usage: blkbench DEVICE MIB RANDOM_READS\n");
		return 1;
	}
	blocks = parse_count(argv[2], "MIB");
	reads = parse_count(argv[3], "RANDOM_READS");
	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0) {
		fail(argv[1]);
	}
	// A block device's end is its size, as a file's is (the program runs on the host too).
	end = lseek(fd, 0, SEEK_END);
	if (end < 0) {
		fail("lseek");
	}
	size = (uint64_t)end;
	if (size / BLOCK_BYTES < blocks) {
		printf("blkbench: FAIL: %s holds %" PRIu64 " bytes, less than %" PRIu64 " MiB\n",
		       argv[1], size, blocks);
		return 1;
	}
	// O_DIRECT needs buffers aligned to the logical block size; a page covers every size.
	if (posix_memalign(&buf, PAGE_BYTES, BLOCK_BYTES) != 0) {
		errno = ENOMEM;
		fail("posix_memalign");
	}
	printf("blkbench: %s, %" PRIu64 " bytes: %" PRIu64 " MiB in 1 MiB requests, %" PRIu64
	       " random 4 KiB reads\n",
	       argv[1], size, blocks, reads);
	seq_write(fd, buf, blocks);
	seq_read(fd, buf, blocks);
	random_read(fd, buf, blocks * PAGES_PER_BLOCK, reads);
	free(buf);
	close(fd);
	printf("blkbench: done\n");
	return 0;
}
