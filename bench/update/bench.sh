#!/usr/bin/env bash
# Update benchmark (npm run bench:update; not part of npm test). Dynzone: a spawned `dynzone serve` with its
# durable SQLite store takes /nic/update over HTTPS keep-alive on loopback — sequential, then C parallel
# connections for each level C of CONC — with updates/s, p50/p99 latency and the delay from `good` to the
# new address in a DNS answer (bench/update/driver.mjs). Reference: BIND 9 `named` with one zone open to
# RFC 2136 updates signed by a TSIG key receives the same number of updates from ONE nsupdate process (many
# `send`s, each waiting for its answer), then for each level C the concurrent count from C nsupdate processes
# in parallel, each on its own name, as the concurrent Dynzone phase does. The machine's speed drifts, so the
# whole set runs ROUNDS times, interleaved (Dynzone, then BIND, then again); the summary takes each row's best
# round and prints like-for-like ratios and best against best. Loopback only, bounded in count and time;
# everything started is stopped and removed on exit.
#   env: N=1000 (sequential updates, also BIND's count)  CN=2000 (concurrent updates per level)
#        CONC=16,64 (connection counts)  ROUNDS=2  MAX_SECONDS=30 (per phase)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export N=${N:-1000} CN=${CN:-2000} CONC=${CONC:-16,64} MAX_SECONDS=${MAX_SECONDS:-30}
ROUNDS=${ROUNDS:-2}
IFS=',' read -r -a LEVELS <<< "$CONC"
for c in "${LEVELS[@]}"; do [[ "$c" =~ ^[1-9][0-9]*$ ]] || { echo "CONC must list connection counts, e.g. 16,64" >&2; exit 2; }; done
RUN=$(mktemp -d /tmp/dynzone-bench-update.XXXXXX)
NAMED_PID=

cleanup() {
  if [ -n "$NAMED_PID" ]; then
    kill "$NAMED_PID" 2> /dev/null
    for _ in $(seq 50); do kill -0 "$NAMED_PID" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$NAMED_PID" 2> /dev/null
    wait "$NAMED_PID" 2> /dev/null
  fi
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in named nsupdate tsig-keygen kdig openssl; do
  command -v "$tool" > /dev/null || { echo "missing $tool (scripts/install-system-deps.sh)" >&2; exit 1; }
done
[ -f "$ROOT/dist/test/helpers/clients-dynzone.js" ] || { echo "run npm run build first" >&2; exit 1; }

# --- BIND 9 reference -------------------------------------------------------------------------------------
PORT=$(node -e "import('$ROOT/dist/test/helpers/ports.js').then(async (m) => console.log(await m.findFreePort()))")
ZONE=bench.example.test
tsig-keygen -a hmac-sha256 bench-key > "$RUN/key.conf"
cat > "$RUN/$ZONE.zone" << EOF
\$TTL 60
@ IN SOA ns1.$ZONE. hostmaster.$ZONE. 1 3600 600 86400 60
@ IN NS ns1.$ZONE.
ns1 IN A 127.0.0.1
h0 IN A 10.0.0.1
EOF
cat > "$RUN/named.conf" << EOF
include "$RUN/key.conf";
options {
  directory "$RUN";
  pid-file "$RUN/named.pid";
  listen-on port $PORT { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  notify no;
  dnssec-validation no;
};
controls { };
zone "$ZONE" { type primary; file "$RUN/$ZONE.zone"; allow-update { key bench-key; }; };
EOF
named -g -c "$RUN/named.conf" > "$RUN/named.log" 2>&1 &
NAMED_PID=$!
for _ in $(seq 100); do
  kdig @127.0.0.1 -p "$PORT" +time=1 +retry=0 "$ZONE." SOA 2> /dev/null | grep -q 'status: NOERROR' && break
  kill -0 "$NAMED_PID" 2> /dev/null || { echo "named exited:" >&2; cat "$RUN/named.log" >&2; exit 1; }
  sleep 0.1
done

{
  echo "server 127.0.0.1 $PORT"
  echo "zone $ZONE."
  for i in $(seq 1 "$N"); do
    echo "update delete h0.$ZONE. A"
    echo "update add h0.$ZONE. 60 A 10.$(((i >> 16) & 255)).$(((i >> 8) & 255)).$((i & 255))"
    echo "send"
  done
} > "$RUN/updates.txt"
for level in "${LEVELS[@]}"; do
  per=$(((CN + level - 1) / level))
  for j in $(seq 0 $((level - 1))); do
    {
      echo "server 127.0.0.1 $PORT"
      echo "zone $ZONE."
      for i in $(seq 1 "$per"); do
        echo "update delete c$j.$ZONE. A"
        echo "update add c$j.$ZONE. 60 A 10.$((j & 255)).$(((i >> 8) & 255)).$((i & 255))"
        echo "send"
      done
    } > "$RUN/updates-$level-$j.txt"
  done
done

rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", n / (b - a) }'; }

# nsupdate sends over UDP and now and then reports "timed out" for an update although named applied them all
# (here: in some runs, most often with 64 nsupdate processes). A phase with such a failure is run again, up
# to three attempts, and says so; if all three fail, that row of that round has no figure (the summary uses
# the other rounds, or prints n/a).
bind_sequential() {
  local attempt
  for attempt in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    timeout 300 nsupdate -k "$RUN/key.conf" -t 10 "$RUN/updates.txt" > "$RUN/nsupdate.log" 2>&1
    local nrc=$?
    t1=$(date +%s.%N)
    if [ $nrc -eq 0 ]; then
      BIND_RATE=$(rate "$N" "$t0" "$t1")
      return 0
    fi
    echo "nsupdate failed (rc=$nrc) after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, attempt $attempt:" >&2
    tail -n 3 "$RUN/nsupdate.log" "$RUN/named.log" >&2
  done
  return 1
}

bind_parallel() {
  local level=$1 attempt
  local per=$(((CN + level - 1) / level))
  for attempt in 1 2 3; do
    local pids=() t0 t1 j pid failed=0
    t0=$(date +%s.%N)
    for j in $(seq 0 $((level - 1))); do
      timeout 300 nsupdate -k "$RUN/key.conf" -t 10 "$RUN/updates-$level-$j.txt" > "$RUN/nsupdate-$j.log" 2>&1 &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
    t1=$(date +%s.%N)
    if [ $failed -eq 0 ]; then
      BIND_COUNT=$((per * level))
      BIND_RATE=$(rate "$BIND_COUNT" "$t0" "$t1")
      return 0
    fi
    echo "a parallel nsupdate failed after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, attempt $attempt:" >&2
    grep -h . "$RUN"/nsupdate-*.log | sort | uniq -c >&2
    tail -n 3 "$RUN/named.log" >&2
  done
  return 1
}
: > "$RUN/results"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round/$ROUNDS — Dynzone: N=$N sequential, then CN=$CN over each of ${CONC} connections"
  DRIVER_OUT=$(cd "$ROOT" && timeout $((MAX_SECONDS * (1 + ${#LEVELS[@]}) + 180)) node "$HERE/driver.mjs" 2>&1)
  rc=$?
  echo "$DRIVER_OUT" | grep -v '^RESULT '
  [ $rc -eq 0 ] || { echo "driver failed (rc=$rc)" >&2; exit 1; }
  RESULT=$(echo "$DRIVER_OUT" | sed -n 's/^RESULT //p')
  node -e '
    const r = JSON.parse(process.argv[1]);
    console.log(`dynzone-seq ${r.sequential.perSecond.toFixed(1)}`);
    for (const c of r.concurrent) console.log(`dynzone-${c.connections} ${c.perSecond.toFixed(1)}`);
  ' "$RESULT" >> "$RUN/results"

  echo "== round $round/$ROUNDS — BIND 9: $N RFC 2136 updates from one nsupdate process (TSIG hmac-sha256)"
  if bind_sequential; then
    echo "BIND sequential    : $N updates, $BIND_RATE updates/s (last answer h0 A $(kdig @127.0.0.1 -p "$PORT" +short "h0.$ZONE." A))"
    echo "bind-seq $BIND_RATE" >> "$RUN/results"
  else
    echo "BIND sequential    : no figure this round (nsupdate timed out in three attempts)"
  fi

  for level in "${LEVELS[@]}"; do
    if bind_parallel "$level"; then
      echo "BIND concurrent    : $BIND_COUNT updates from $level nsupdate processes, $BIND_RATE updates/s (last answer c0 A $(kdig @127.0.0.1 -p "$PORT" +short "c0.$ZONE." A))"
      echo "bind-$level $BIND_RATE" >> "$RUN/results"
    else
      echo "BIND concurrent    : $level nsupdate processes: no figure this round (nsupdate timed out in three attempts)"
    fi
  done
done

echo
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
  const rounds = new Map();
  for (const l of lines) { const [k, v] = l.split(" "); if (!rounds.has(k)) rounds.set(k, []); rounds.get(k).push(Number(v)); }
  const best = (k) => (rounds.has(k) ? Math.max(...rounds.get(k)) : NaN);
  const num = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
  const levels = process.argv[2].split(",");
  const label = {
    "dynzone-seq": "Dynzone HTTPS, sequential",
    "bind-seq": "BIND 9 RFC 2136, one nsupdate",
  };
  for (const c of levels) {
    label[`dynzone-${c}`] = `Dynzone HTTPS, ${c} connections`;
    label[`bind-${c}`] = `BIND 9 RFC 2136, ${c} nsupdate processes`;
  }
  const order = ["dynzone-seq", ...levels.map((c) => `dynzone-${c}`), "bind-seq", ...levels.map((c) => `bind-${c}`)];
  console.log(`${"".padEnd(44)}${"best updates/s".padStart(15)}   each round`);
  for (const k of order) console.log(`${label[k].padEnd(44)}${num(best(k)).padStart(15)}   ${(rounds.get(k) ?? []).map((x) => x.toFixed(1)).join("  ")}`);
  const parts = [`sequential ${num(best("dynzone-seq") / best("bind-seq"), 2)}`];
  for (const c of levels) parts.push(`${c} in parallel ${num(best(`dynzone-${c}`) / best(`bind-${c}`), 2)}`);
  const finite = (xs) => xs.filter(Number.isFinite);
  const bestD = Math.max(...finite(order.filter((k) => k.startsWith("dynzone")).map(best)));
  const bestB = Math.max(...finite(order.filter((k) => k.startsWith("bind")).map(best)));
  console.log(`ratio Dynzone/BIND: ${parts.join(", ")}; best against best ${num(bestD / bestB, 2)} (${num(bestD, 0)} against ${num(bestB, 0)} updates/s)`);
' "$RUN/results" "$CONC"
