/* Batched UDP socket I/O for the name server (Node-API addon, Linux).
 *
 * One non-blocking UDP socket (IPv4 or IPv6, optionally SO_REUSEPORT so several worker processes can
 * each bind their own socket on one port and the kernel spreads datagrams across them), watched with a
 * libuv poll handle on Node's event loop. When it is readable, datagrams are read in batches with
 * recvmmsg into one block of memory shared with JS, the JS callback is called once per batch with the
 * datagram count, it writes each response over its query's slot and sets its length (0 = no response),
 * and the responses go out with sendmmsg to the peers the queries came from (the raw sockaddr, so an
 * IPv6 scope id is echoed as received).
 *
 * Shared block layout (one ArrayBuffer, allocated and owned here, bounded at open):
 *   [ batch * slot octets: datagrams, slot i at i * slot ]
 *   [ batch * PEER_SLOT octets: the sockaddr of datagram i ]
 *   [ batch * int32: length of datagram i as received (-1: larger than a slot), then of its response ]
 *
 * Contract: nothing a peer sends can make this code read or write outside the block; a response length
 * outside 1..slot is treated as "no response"; a response the kernel refuses because the send buffer is
 * full (EAGAIN, ENOBUFS) is dropped with the rest of its batch and counted, never queued, so memory
 * stays bounded; any other send error skips that one response and is counted. Send failures (once per
 * batch, with the number of answers lost) and receive errors other than EAGAIN/EINTR are reported to the
 * JS error callback, and serving goes on. */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <node_api.h>
#include <uv.h>

enum {
  PEER_SLOT = 32,        /* >= sizeof(struct sockaddr_in6) (28) */
  MAX_BATCH = 1024,      /* datagrams per recvmmsg */
  MIN_SLOT = 512,        /* RFC 1035 §4.2.1 */
  MAX_SLOT = 65536,      /* any UDP payload fits */
  EVENT_BUDGET = 256,    /* datagrams per readable event (at least one batch), so other events get a turn */
  HOST_MAX = 128,
};

/* Counters, in the order stats() returns them. */
enum {
  ST_RECEIVED,       /* datagrams read */
  ST_BATCHES,        /* recvmmsg calls that returned datagrams */
  ST_SENT,           /* responses the kernel accepted */
  ST_SEND_DROPPED,   /* responses dropped: send buffer full (EAGAIN/ENOBUFS) */
  ST_SEND_ERRORS,    /* responses refused for another reason (skipped one by one) */
  ST_OVERSIZE,       /* datagrams larger than a slot (truncated by the kernel, not answered) */
  ST_RECV_ERRORS,    /* recvmmsg failures other than EAGAIN/EINTR */
  ST_COUNT
};

typedef struct udp_socket {
  napi_env env;
  uv_poll_t poll;
  int fd;
  int family;
  int closed;        /* close() was called: no more reads, sends or callbacks */
  int teardown;      /* the environment is going away: no more Node-API calls */
  int refs;          /* the uv handle (until its close callback) and the JS external */
  unsigned batch;
  size_t slot;
  uint8_t *block;    /* the shared block (freed by the ArrayBuffer's finalizer) */
  uint8_t *peers;
  int32_t *lens;
  struct mmsghdr *rmsg; /* batch entries */
  struct mmsghdr *smsg; /* batch entries */
  struct iovec *iov;    /* batch entries, iov[i] covers slot i */
  napi_ref on_batch;
  napi_ref on_error;
  napi_ref self;     /* keeps the external alive while open */
  napi_ref block_ref;
  napi_async_context async;
  int cleanup_hook;
  int fault_errno;   /* test hook: the next fault_count sendmmsg calls fail with fault_errno */
  unsigned fault_count;
  double stats[ST_COUNT];
} udp_socket;

static void release(udp_socket *s) {
  if (--s->refs > 0) return;
  free(s->rmsg);
  free(s->smsg);
  free(s->iov);
  free(s);
}

static napi_value throw_errno(napi_env env, int err, const char *syscall, const char *what) {
  char msg[256];
  const char *code = uv_err_name(-err);
  snprintf(msg, sizeof msg, "%s %s %s", syscall, code, what != NULL ? what : "");
  napi_value error, value;
  napi_value code_value, msg_value;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &msg_value);
  napi_create_error(env, code_value, msg_value, &error);
  napi_create_int32(env, -err, &value);
  napi_set_named_property(env, error, "errno", value);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(env, error, "syscall", value);
  napi_throw(env, error);
  return NULL;
}

static napi_value throw_type(napi_env env, const char *msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", msg);
  return NULL;
}

/* report_error calls the JS error callback with (code, syscall, count): `count` datagrams or answers were
 * lost to the error. An exception the callback throws is swallowed. */
static void report_error(udp_socket *s, int err, const char *syscall, unsigned count) {
  napi_env env = s->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value fn, recv, argv[3], result;
  if (napi_get_reference_value(env, s->on_error, &fn) == napi_ok && fn != NULL) {
    napi_get_global(env, &recv); /* make_callback wants an object receiver */
    napi_create_string_utf8(env, uv_err_name(-err), NAPI_AUTO_LENGTH, &argv[0]);
    napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &argv[1]);
    napi_create_uint32(env, count, &argv[2]);
    if (napi_make_callback(env, s->async, recv, fn, 3, argv, &result) != napi_ok) {
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
    }
  }
  napi_close_handle_scope(env, scope);
}

/* receive_batch reads up to `batch` datagrams; returns the count, 0 when none is waiting, -1 on error. */
static int receive_batch(udp_socket *s) {
  for (unsigned i = 0; i < s->batch; i++) {
    struct msghdr *h = &s->rmsg[i].msg_hdr;
    s->iov[i].iov_base = s->block + (size_t)i * s->slot;
    s->iov[i].iov_len = s->slot;
    h->msg_name = s->peers + (size_t)i * PEER_SLOT;
    h->msg_namelen = PEER_SLOT;
    h->msg_iov = &s->iov[i];
    h->msg_iovlen = 1;
    h->msg_control = NULL;
    h->msg_controllen = 0;
    h->msg_flags = 0;
    s->rmsg[i].msg_len = 0;
  }
  int n;
  do {
    n = recvmmsg(s->fd, s->rmsg, s->batch, MSG_DONTWAIT, NULL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    int err = errno;
    if (err == EAGAIN || err == EWOULDBLOCK) return 0;
    s->stats[ST_RECV_ERRORS]++;
    report_error(s, err, "recvmmsg", 0);
    return -1;
  }
  if (n > (int)s->batch) n = (int)s->batch; /* never trust a count beyond what we offered */
  for (int i = 0; i < n; i++) {
    const struct mmsghdr *m = &s->rmsg[i];
    int oversize = (m->msg_hdr.msg_flags & MSG_TRUNC) != 0 || m->msg_len > s->slot;
    if (oversize) s->stats[ST_OVERSIZE]++;
    s->lens[i] = oversize ? -1 : (int32_t)m->msg_len;
  }
  s->stats[ST_RECEIVED] += n;
  if (n > 0) s->stats[ST_BATCHES]++;
  return n;
}

/* send_batch sends the responses JS left for the first `n` datagrams. */
static void send_batch(udp_socket *s, int n) {
  unsigned k = 0;
  for (int i = 0; i < n; i++) {
    int32_t len = s->lens[i];
    socklen_t namelen = s->rmsg[i].msg_hdr.msg_namelen;
    if (len <= 0 || (size_t)len > s->slot || namelen == 0 || namelen > PEER_SLOT) continue;
    s->iov[i].iov_base = s->block + (size_t)i * s->slot;
    s->iov[i].iov_len = (size_t)len;
    struct msghdr *h = &s->smsg[k].msg_hdr;
    memset(h, 0, sizeof *h);
    h->msg_name = s->peers + (size_t)i * PEER_SLOT;
    h->msg_namelen = namelen;
    h->msg_iov = &s->iov[i];
    h->msg_iovlen = 1;
    s->smsg[k].msg_len = 0;
    k++;
  }
  unsigned pos = 0, lost = 0;
  int first_err = 0;
  while (pos < k) {
    int r;
    if (s->fault_count > 0) {
      s->fault_count--;
      r = -1;
      errno = s->fault_errno;
    } else {
      r = sendmmsg(s->fd, s->smsg + pos, k - pos, MSG_DONTWAIT);
    }
    if (r > 0) {
      pos += (unsigned)r > k - pos ? k - pos : (unsigned)r;
      s->stats[ST_SENT] += r;
      continue;
    }
    int err = r < 0 ? errno : EIO;
    if (err == EINTR) continue;
    if (first_err == 0) first_err = err;
    if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS) {
      /* The send buffer is full: these answers are lost like any datagram; the clients retry. */
      s->stats[ST_SEND_DROPPED] += k - pos;
      lost += k - pos;
      break;
    }
    /* This one response cannot go (EPERM from a firewall, EINVAL, ENETUNREACH...): skip it. */
    s->stats[ST_SEND_ERRORS]++;
    lost++;
    pos++;
  }
  if (lost > 0) report_error(s, first_err, "sendmmsg", lost); /* once per batch, not per answer */
}

/* deliver calls onBatch(n); returns 0 when JS failed (the batch then goes unanswered). */
static int deliver(udp_socket *s, int n) {
  napi_env env = s->env;
  napi_value fn, recv, arg, result;
  if (napi_get_reference_value(env, s->on_batch, &fn) != napi_ok || fn == NULL) return 0;
  napi_get_global(env, &recv); /* make_callback wants an object receiver */
  napi_create_int32(env, n, &arg);
  if (napi_make_callback(env, s->async, recv, fn, 1, &arg, &result) != napi_ok) {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    return 0;
  }
  return 1;
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  (void)events;
  udp_socket *s = handle->data;
  if (s->closed) return;
  if (status < 0) {
    report_error(s, -status, "poll", 0);
    return;
  }
  napi_handle_scope scope;
  if (napi_open_handle_scope(s->env, &scope) != napi_ok) return;
  for (unsigned done = 0; done < EVENT_BUDGET && !s->closed;) {
    int n = receive_batch(s);
    if (n <= 0) break;
    int ok = deliver(s, n);
    if (s->closed) break; /* closed from the callback: like dgram, nothing is sent after close */
    if (ok) send_batch(s, n);
    if ((unsigned)n < s->batch) break; /* drained */
    done += (unsigned)n;
  }
  napi_close_handle_scope(s->env, scope);
}

/* on_handle_closed runs once libuv is done with the poll handle (a later loop turn, never inside a
 * callback of ours), so the JS references and the async context can go now. */
static void on_handle_closed(uv_handle_t *handle) {
  udp_socket *s = handle->data;
  if (!s->teardown) {
    napi_env env = s->env;
    napi_delete_reference(env, s->on_batch);
    napi_delete_reference(env, s->on_error);
    napi_delete_reference(env, s->block_ref);
    napi_async_destroy(env, s->async);
    napi_delete_reference(env, s->self); /* last: the external may be collected from now on */
  }
  release(s);
}

static void on_env_teardown(void *arg);

/* shut_down stops polling and closes the socket at once (the port is free on return); idempotent. */
static void shut_down(udp_socket *s) {
  if (s->closed) return;
  s->closed = 1;
  uv_poll_stop(&s->poll);
  uv_close((uv_handle_t *)&s->poll, on_handle_closed);
  close(s->fd);
  s->fd = -1;
  if (s->cleanup_hook) {
    s->cleanup_hook = 0;
    if (!s->teardown) napi_remove_env_cleanup_hook(s->env, on_env_teardown, s);
  }
}

/* on_env_teardown closes a socket still open when Node shuts the environment down. */
static void on_env_teardown(void *arg) {
  udp_socket *s = arg;
  s->cleanup_hook = 0;
  s->teardown = 1;
  shut_down(s);
}

static void finalize_external(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  release(data);
}

static void finalize_block(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

/* parse_address fills `ss` from a numeric IPv4 or IPv6 address (IPv6 may carry %scope). */
static int parse_address(const char *host, int port, struct sockaddr_storage *ss, socklen_t *len) {
  memset(ss, 0, sizeof *ss);
  struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    *len = sizeof *v4;
    return 0;
  }
  char copy[HOST_MAX];
  size_t n = strlen(host);
  if (n >= sizeof copy) return -1;
  memcpy(copy, host, n + 1);
  char *scope = strchr(copy, '%');
  if (scope != NULL) *scope++ = '\0';
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET6, copy, &v6->sin6_addr) != 1) return -1;
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons((uint16_t)port);
  if (scope != NULL) {
    if (*scope == '\0') return -1;
    char *end;
    unsigned long id = strtoul(scope, &end, 10);
    if (*end != '\0') id = if_nametoindex(scope);
    if (id == 0 || id > UINT32_MAX) return -1;
    v6->sin6_scope_id = (uint32_t)id;
  }
  *len = sizeof *v6;
  return 0;
}

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) return -1;
  return 0;
}

static udp_socket *unwrap(napi_env env, napi_value v) {
  void *data = NULL;
  if (napi_get_value_external(env, v, &data) != napi_ok) return NULL;
  return data;
}

/* open(host, port, reusePort, batch, slot, recvBufferSize, onBatch, onError)
 *   -> [handle, block ArrayBuffer, bound port]; throws an Error with code (e.g. EADDRINUSE). */
static napi_value js_open(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (get_args(env, info, 8, argv) != 0) return throw_type(env, "open expects 8 arguments");
  char host[HOST_MAX];
  size_t host_len = 0;
  if (napi_get_value_string_utf8(env, argv[0], host, sizeof host, &host_len) != napi_ok ||
      host_len >= sizeof host - 1)
    return throw_type(env, "host must be a short string");
  int32_t port = -1, batch = 0, slot = 0, rcvbuf = 0;
  bool reuse = false;
  napi_get_value_int32(env, argv[1], &port);
  napi_get_value_bool(env, argv[2], &reuse);
  napi_get_value_int32(env, argv[3], &batch);
  napi_get_value_int32(env, argv[4], &slot);
  napi_get_value_int32(env, argv[5], &rcvbuf);
  if (port < 0 || port > 65535) return throw_type(env, "port out of range");
  if (batch < 1 || batch > MAX_BATCH) return throw_type(env, "batch out of range");
  if (slot < MIN_SLOT || slot > MAX_SLOT || slot % 8 != 0) return throw_type(env, "slot out of range");
  if (rcvbuf < 0) return throw_type(env, "recvBufferSize out of range");
  napi_valuetype t1, t2;
  napi_typeof(env, argv[6], &t1);
  napi_typeof(env, argv[7], &t2);
  if (t1 != napi_function || t2 != napi_function) return throw_type(env, "callbacks must be functions");

  struct sockaddr_storage addr;
  socklen_t addr_len;
  if (parse_address(host, port, &addr, &addr_len) != 0) return throw_errno(env, EINVAL, "bind", host);

  int fd = socket(addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket", host);
  int one = 1;
  if (addr.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "setsockopt", "IPV6_V6ONLY");
  }
  if (reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "setsockopt", "SO_REUSEPORT");
  }
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf); /* best effort */
  if (bind(fd, (struct sockaddr *)&addr, addr_len) != 0) {
    int err = errno;
    close(fd);
    char what[HOST_MAX + 8];
    snprintf(what, sizeof what, "%s:%d", host, port);
    return throw_errno(env, err, "bind", what);
  }
  struct sockaddr_storage bound;
  socklen_t bound_len = sizeof bound;
  int bound_port = port;
  if (getsockname(fd, (struct sockaddr *)&bound, &bound_len) == 0)
    bound_port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                   : ((struct sockaddr_in *)&bound)->sin_port);

  size_t n = (size_t)batch;
  size_t block_size = n * (size_t)slot + n * PEER_SLOT + n * sizeof(int32_t);
  udp_socket *s = calloc(1, sizeof *s);
  uint8_t *block = calloc(1, block_size);
  if (s != NULL) {
    s->rmsg = calloc(n, sizeof *s->rmsg);
    s->smsg = calloc(n, sizeof *s->smsg);
    s->iov = calloc(n, sizeof *s->iov);
  }
  if (s == NULL || block == NULL || s->rmsg == NULL || s->smsg == NULL || s->iov == NULL) {
    close(fd);
    if (s != NULL) {
      free(s->rmsg);
      free(s->smsg);
      free(s->iov);
    }
    free(s);
    free(block);
    return throw_errno(env, ENOMEM, "open", host);
  }
  s->env = env;
  s->fd = fd;
  s->family = addr.ss_family;
  s->batch = (unsigned)batch;
  s->slot = (size_t)slot;
  s->block = block;
  s->peers = block + n * (size_t)slot;
  s->lens = (int32_t *)(s->peers + n * PEER_SLOT);

  napi_value external, buffer, name, result, port_value;
  napi_status st = napi_create_external_arraybuffer(env, block, block_size, finalize_block, NULL, &buffer);
  if (st != napi_ok) {
    free(block);
    close(fd);
    s->refs = 1;
    release(s);
    return throw_errno(env, ENOMEM, "open", "external arraybuffer");
  }
  napi_create_reference(env, buffer, 1, &s->block_ref);
  napi_create_reference(env, argv[6], 1, &s->on_batch);
  napi_create_reference(env, argv[7], 1, &s->on_error);
  napi_create_string_utf8(env, "dynzone:udp-batch", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, NULL, name, &s->async);
  napi_create_external(env, s, finalize_external, NULL, &external);
  napi_create_reference(env, external, 1, &s->self);
  s->refs = 2; /* the external and the uv handle */

  uv_loop_t *loop = NULL;
  napi_get_uv_event_loop(env, &loop);
  int rc = loop != NULL ? uv_poll_init(loop, &s->poll, fd) : UV_EINVAL;
  if (rc == 0) {
    s->poll.data = s;
    rc = uv_poll_start(&s->poll, UV_READABLE, on_readable);
    if (rc != 0) {
      shut_down(s);
      return throw_errno(env, -rc, "uv_poll_start", host);
    }
  } else {
    /* No handle to close: drop its reference by hand, then undo the rest. */
    s->closed = 1;
    close(fd);
    napi_delete_reference(env, s->on_batch);
    napi_delete_reference(env, s->on_error);
    napi_delete_reference(env, s->block_ref);
    napi_async_destroy(env, s->async);
    napi_delete_reference(env, s->self);
    release(s);
    return throw_errno(env, -rc, "uv_poll_init", host);
  }
  if (napi_add_env_cleanup_hook(env, on_env_teardown, s) == napi_ok) s->cleanup_hook = 1;

  napi_create_array_with_length(env, 3, &result);
  napi_set_element(env, result, 0, external);
  napi_set_element(env, result, 1, buffer);
  napi_create_int32(env, bound_port, &port_value);
  napi_set_element(env, result, 2, port_value);
  return result;
}

/* close(handle): stops serving and closes the socket; idempotent, also from inside onBatch. */
static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (get_args(env, info, 1, argv) != 0) return throw_type(env, "close expects a handle");
  udp_socket *s = unwrap(env, argv[0]);
  if (s == NULL) return throw_type(env, "not a socket handle");
  shut_down(s);
  return NULL;
}

/* stats(handle) -> Float64Array of the ST_* counters. */
static napi_value js_stats(napi_env env, napi_callback_info info) {
  napi_value argv[1], ab, out;
  if (get_args(env, info, 1, argv) != 0) return throw_type(env, "stats expects a handle");
  udp_socket *s = unwrap(env, argv[0]);
  if (s == NULL) return throw_type(env, "not a socket handle");
  void *data = NULL;
  napi_create_arraybuffer(env, sizeof s->stats, &data, &ab);
  memcpy(data, s->stats, sizeof s->stats);
  napi_create_typedarray(env, napi_float64_array, ST_COUNT, ab, 0, &out);
  return out;
}

/* injectSendErrors(handle, errno, count): test hook; the next `count` sendmmsg calls fail with errno. */
static napi_value js_inject(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (get_args(env, info, 3, argv) != 0) return throw_type(env, "injectSendErrors expects 3 arguments");
  udp_socket *s = unwrap(env, argv[0]);
  if (s == NULL) return throw_type(env, "not a socket handle");
  int32_t err = 0, count = 0;
  napi_get_value_int32(env, argv[1], &err);
  napi_get_value_int32(env, argv[2], &count);
  if (err <= 0 || count < 0) return throw_type(env, "errno must be positive, count not negative");
  s->fault_errno = err;
  s->fault_count = (unsigned)count;
  return NULL;
}

static napi_value constant(napi_env env, napi_value exports, const char *name, int32_t value) {
  napi_value v;
  napi_create_int32(env, value, &v);
  napi_set_named_property(env, exports, name, v);
  return v;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
      {"stats", NULL, js_stats, NULL, NULL, NULL, napi_default, NULL},
      {"injectSendErrors", NULL, js_inject, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  constant(env, exports, "PEER_SLOT", PEER_SLOT);
  constant(env, exports, "MAX_BATCH", MAX_BATCH);
  constant(env, exports, "EAGAIN", EAGAIN);
  constant(env, exports, "EPERM", EPERM);
  return exports;
}
