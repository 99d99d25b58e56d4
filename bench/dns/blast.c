/* blast: a small batched UDP DNS load generator for loopback benchmarks, used when dnsperf (one core,
 * one syscall per packet) is slower than the server under test. It reads a dnsperf-style query file
 * ("name TYPE" per line), keeps a fixed number of queries in flight spread over a few connected sockets,
 * sends and receives in batches with sendmmsg/recvmmsg, runs for a fixed time and prints one line:
 *   blast port=P seconds=S sent=N received=M qps=Q
 * Queries that get no answer within 200 ms are written off so the window never stalls.
 * Build: cc -O2 -o blast blast.c      Usage: blast PORT QUERYFILE SECONDS [INFLIGHT=256] [SOCKETS=4]
 * Only 127.0.0.1 is ever targeted. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { MAX_QUERIES = 150000, MAX_WIRE = 272, BATCH = 64, MAX_SOCKETS = 16 };

struct query { unsigned char wire[MAX_WIRE]; int len; };
static struct query *queries;
static int query_count;

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int type_code(const char *mnemonic) {
  static const struct { const char *name; int code; } table[] = {
    {"A", 1}, {"NS", 2}, {"CNAME", 5}, {"SOA", 6}, {"PTR", 12}, {"MX", 15}, {"TXT", 16}, {"AAAA", 28},
    {"SRV", 33}, {"DS", 43}, {"ANY", 255}, {"CAA", 257},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcasecmp(mnemonic, table[i].name) == 0) return table[i].code;
  return 1;
}

/* encode_query writes header (RD clear, QDCOUNT 1) + question; returns the length or -1. */
static int encode_query(unsigned char *out, const char *name, int type) {
  memset(out, 0, 12);
  out[5] = 1;
  int pos = 12;
  const char *label = name;
  while (*label) {
    const char *dot = strchr(label, '.');
    int n = dot ? (int)(dot - label) : (int)strlen(label);
    if (n == 0) break;
    if (n > 63 || pos + n + 1 + 5 > MAX_WIRE) return -1;
    out[pos++] = (unsigned char)n;
    memcpy(out + pos, label, (size_t)n);
    pos += n;
    if (!dot) break;
    label = dot + 1;
  }
  out[pos++] = 0;
  out[pos++] = (unsigned char)(type >> 8);
  out[pos++] = (unsigned char)type;
  out[pos++] = 0;
  out[pos++] = 1;
  return pos;
}

static void load_queries(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) { perror(path); exit(1); }
  queries = calloc(MAX_QUERIES, sizeof *queries);
  char name[300], type[32];
  while (query_count < MAX_QUERIES && fscanf(f, "%299s %31s", name, type) == 2) {
    int len = encode_query(queries[query_count].wire, name, type_code(type));
    if (len > 0) queries[query_count++].len = len;
  }
  fclose(f);
  if (query_count == 0) { fprintf(stderr, "no queries in %s\n", path); exit(1); }
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s PORT QUERYFILE SECONDS [INFLIGHT=256] [SOCKETS=4]\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]);
  double duration = atof(argv[3]);
  int inflight_max = argc > 4 ? atoi(argv[4]) : 256;
  int nsock = argc > 5 ? atoi(argv[5]) : 4;
  if (nsock < 1) nsock = 1;
  if (nsock > MAX_SOCKETS) nsock = MAX_SOCKETS;
  if (duration <= 0 || duration > 600) { fprintf(stderr, "SECONDS must be in (0, 600]\n"); return 2; }
  load_queries(argv[2]);

  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  int fds[MAX_SOCKETS], outstanding[MAX_SOCKETS];
  double last_reply[MAX_SOCKETS];
  struct pollfd pfds[MAX_SOCKETS];
  int per_socket = inflight_max / nsock > 0 ? inflight_max / nsock : 1;
  for (int s = 0; s < nsock; s++) {
    fds[s] = socket(AF_INET, SOCK_DGRAM, 0);
    int buf = 8 << 20;
    setsockopt(fds[s], SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(fds[s], SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    if (connect(fds[s], (struct sockaddr *)&to, sizeof to) != 0) { perror("connect"); return 1; }
    outstanding[s] = 0;
    pfds[s] = (struct pollfd){.fd = fds[s], .events = POLLIN};
  }

  static unsigned char sendbuf[BATCH][MAX_WIRE], recvbuf[BATCH][4096];
  struct mmsghdr smsg[BATCH], rmsg[BATCH];
  struct iovec siov[BATCH], riov[BATCH];
  long sent = 0, received = 0;
  unsigned next = 0;
  unsigned short id = 0;
  double start = seconds_now(), stop = start + duration, now = start;
  for (int s = 0; s < nsock; s++) last_reply[s] = start;

  while ((now = seconds_now()) < stop) {
    int busy = 0;
    for (int s = 0; s < nsock; s++) {
      int want = per_socket - outstanding[s];
      if (want > BATCH) want = BATCH;
      for (int i = 0; i < want; i++) {
        struct query *q = &queries[next++ % (unsigned)query_count];
        memcpy(sendbuf[i], q->wire, (size_t)q->len);
        sendbuf[i][0] = (unsigned char)(id >> 8);
        sendbuf[i][1] = (unsigned char)id;
        id++;
        siov[i] = (struct iovec){sendbuf[i], (size_t)q->len};
        memset(&smsg[i], 0, sizeof smsg[i]);
        smsg[i].msg_hdr.msg_iov = &siov[i];
        smsg[i].msg_hdr.msg_iovlen = 1;
      }
      if (want > 0) {
        int n = sendmmsg(fds[s], smsg, (unsigned)want, MSG_DONTWAIT);
        if (n > 0) { sent += n; outstanding[s] += n; busy = 1; }
      }
      for (int i = 0; i < BATCH; i++) {
        riov[i] = (struct iovec){recvbuf[i], sizeof recvbuf[i]};
        memset(&rmsg[i], 0, sizeof rmsg[i]);
        rmsg[i].msg_hdr.msg_iov = &riov[i];
        rmsg[i].msg_hdr.msg_iovlen = 1;
      }
      int r = recvmmsg(fds[s], rmsg, BATCH, MSG_DONTWAIT, NULL);
      if (r > 0) {
        received += r;
        outstanding[s] = outstanding[s] > r ? outstanding[s] - r : 0;
        last_reply[s] = now;
        busy = 1;
      } else if (outstanding[s] > 0 && now - last_reply[s] > 0.2) {
        outstanding[s] = 0; /* write off lost queries */
        last_reply[s] = now;
      }
    }
    if (!busy) poll(pfds, (nfds_t)nsock, 1);
  }
  double elapsed = seconds_now() - start;
  printf("blast port=%d seconds=%.2f sent=%ld received=%ld qps=%.0f\n", port, elapsed, sent, received,
         (double)received / elapsed);
  for (int s = 0; s < nsock; s++) close(fds[s]);
  free(queries);
  return 0;
}
