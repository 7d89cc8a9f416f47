// SPDX-License-Identifier: MIT
// netbench: one TCP stream of a given size, sent from memory or received into memory, timed
// with the monotonic clock; a static Linux program for test/bench.
//
// usage: netbench send ADDRESS PORT MIB
//        netbench recv PORT
// send connects to ADDRESS:PORT (again each second for a minute while it is refused or
// unreachable), writes MIB MiB from memory, shuts its side down and reads the receiver's answer:
// the byte count it got, in decimal (what `wc -c` prints, on the host), until the receiver
// closes. The time runs from the connection to that close, so it covers every byte's arrival;
// an answer other than the count sent fails. recv takes one connection on PORT, reads it to its
// end, answers the count the same way and closes. Each prints
//   netbench: result send bytes=B us=T retrans=R      or
//   netbench: result recv bytes=B us=T
// (R: the segments TCP sent again) and "netbench: done"; "netbench: FAIL: ..." and exit status
// 1 on any error, or when nothing has ended after 10 minutes.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_BYTES (1u << 20)
#define CONNECT_TRIES 60
#define GIVE_UP_SECONDS 600
// The longest answer taken: a count of at most 20 digits and a little white space.
#define ANSWER_MAX 32

static void fail(const char *what)
{
	printf("netbench: FAIL: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail_plain(const char *what)
{
	printf("netbench: FAIL: %s\n", what);
	exit(1);
}

// A hung peer would otherwise hold the boot until its harness's timeout says nothing useful.
static void give_up(int signal_number)
{
	static const char line[] = "netbench: FAIL: no end after 10 minutes\n";

	(void)signal_number;
	if (write(STDOUT_FILENO, line, sizeof(line) - 1) < 0) {
		_exit(1);
	}
	_exit(1);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		fail("clock_gettime");
	}
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t parse_number(const char *text, const char *what, uint64_t max)
{
	char *end;
	unsigned long long value;

	errno = 0;
	value = strtoull(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value == 0 || value > max) {
		printf("netbench: FAIL: %s must be a number from 1 to %" PRIu64 ", not '%s'\n",
		       what, max, text);
		exit(1);
	}
	return value;
}

// Whole buffers: a stream socket may take or give less than asked at a time.
static void write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t done = write(fd, buf, len);

		if (done < 0 && errno == EINTR) {
			continue;
		}
		if (done <= 0) {
			fail("write");
		}
		buf += done;
		len -= (size_t)done;
	}
}

// The count the receiver answered, read until it closes; fails on anything but one number.
static uint64_t read_answer(int fd)
{
	char answer[ANSWER_MAX + 1];
	size_t used = 0;
	char *end;
	unsigned long long value;

	for (;;) {
		ssize_t got = read(fd, answer + used, ANSWER_MAX - used);

		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			fail("reading the receiver's answer");
		}
		if (got == 0) {
			break;
		}
		used += (size_t)got;
		if (used == ANSWER_MAX) {
			fail_plain("the receiver's answer is too long");
		}
	}
	answer[used] = '\0';
	errno = 0;
	value = strtoull(answer, &end, 10);
	while (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t') {
		end++;
	}
	if (errno != 0 || end == answer || *end != '\0') {
		fail_plain("the receiver's answer is not a byte count");
	}
	return value;
}

static int connect_once(const struct sockaddr_in *to)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0) {
		fail("socket");
	}
	if (connect(fd, (const struct sockaddr *)to, sizeof(*to)) == 0) {
		return fd;
	}
	close(fd);
	return -1;
}

// A connection to TO, tried again while the peer is not there yet (not listening, or its
// address not yet answering).
static int connect_retrying(const struct sockaddr_in *to)
{
	for (int tries = 1;; tries++) {
		int fd = connect_once(to);

		if (fd >= 0) {
			return fd;
		}
		if (tries == CONNECT_TRIES || (errno != ECONNREFUSED && errno != EHOSTUNREACH &&
					       errno != ENETUNREACH && errno != ETIMEDOUT)) {
			fail("connect");
		}
		sleep(1);
	}
}

static unsigned int retransmitted(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) {
		fail("TCP_INFO");
	}
	return info.tcpi_total_retrans;
}

static void send_stream(const char *address, const char *port_text, const char *mib_text)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint64_t chunks = parse_number(mib_text, "MIB", 1u << 16);
	uint64_t start, took, answered;
	uint8_t *buf;
	int fd;

	to.sin_port = htons((uint16_t)parse_number(port_text, "PORT", 65535));
	if (inet_pton(AF_INET, address, &to.sin_addr) != 1) {
		fail_plain("ADDRESS must be a dotted quad");
	}
	buf = malloc(CHUNK_BYTES);
	if (buf == NULL) {
		fail_plain("no memory for the buffer");
	}
	// Not zeros: nothing on the way may treat the stream as empty pages.
	for (size_t i = 0; i < CHUNK_BYTES; i++) {
		buf[i] = (uint8_t)(i * 131u + 7u);
	}
	fd = connect_retrying(&to);
	printf("netbench: sending %" PRIu64 " MiB to %s port %s\n", chunks, address, port_text);
	fflush(stdout);
	start = now_us();
	for (uint64_t c = 0; c < chunks; c++) {
		write_all(fd, buf, CHUNK_BYTES);
	}
	if (shutdown(fd, SHUT_WR) != 0) {
		fail("shutdown");
	}
	answered = read_answer(fd);
	took = now_us() - start;
	if (answered != chunks * CHUNK_BYTES) {
		printf("netbench: FAIL: sent %" PRIu64 " bytes, the receiver got %" PRIu64 "\n",
		       chunks * CHUNK_BYTES, answered);
		exit(1);
	}
	printf("netbench: result send bytes=%" PRIu64 " us=%" PRIu64 " retrans=%u\n",
	       chunks * CHUNK_BYTES, took, retransmitted(fd));
	close(fd);
	free(buf);
}

static int listen_on(uint16_t port)
{
	struct sockaddr_in at = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int on = 1;

	at.sin_addr.s_addr = htonl(INADDR_ANY);
	if (fd < 0) {
		fail("socket");
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0) {
		fail("SO_REUSEADDR");
	}
	if (bind(fd, (const struct sockaddr *)&at, sizeof(at)) != 0) {
		fail("bind");
	}
	if (listen(fd, 1) != 0) {
		fail("listen");
	}
	return fd;
}

static void receive_stream(const char *port_text)
{
	uint16_t port = (uint16_t)parse_number(port_text, "PORT", 65535);
	uint64_t bytes = 0, start, took;
	char answer[ANSWER_MAX];
	int listener = listen_on(port), fd;
	uint8_t *buf = malloc(CHUNK_BYTES);

	if (buf == NULL) {
		fail_plain("no memory for the buffer");
	}
	printf("netbench: listening on port %u\n", port);
	fflush(stdout);
	fd = accept(listener, NULL, NULL);
	if (fd < 0) {
		fail("accept");
	}
	start = now_us();
	for (;;) {
		ssize_t got = read(fd, buf, CHUNK_BYTES);

		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got < 0) {
			fail("read");
		}
		if (got == 0) {
			break;
		}
		bytes += (uint64_t)got;
	}
	took = now_us() - start;
	snprintf(answer, sizeof(answer), "%" PRIu64 "\n", bytes);
	write_all(fd, (const uint8_t *)answer, strlen(answer));
	close(fd);
	close(listener);
	free(buf);
	printf("netbench: result recv bytes=%" PRIu64 " us=%" PRIu64 "\n", bytes, took);
}

/** Sends or receives one timed TCP stream, as the file header says. */
int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, give_up);
	// A receiver that goes away makes write fail with EPIPE, said, rather than end us silently.
	signal(SIGPIPE, SIG_IGN);
	alarm(GIVE_UP_SECONDS);
	if (argc == 5 && strcmp(argv[1], "send") == 0) {
		send_stream(argv[2], argv[3], argv[4]);
	} else if (argc == 3 && strcmp(argv[1], "recv") == 0) {
		receive_stream(argv[2]);
	} else {
		fail_plain("usage: netbench send ADDRESS PORT MIB | netbench recv PORT");
	}
	printf("netbench: done\n");
	return 0;
}
