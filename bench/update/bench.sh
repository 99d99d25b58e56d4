#!/usr/bin/env bash
# Update benchmark (npm run bench:update; not part of npm test). Dynzone: a spawned `dynzone serve` with its
# durable SQLite store takes /nic/update over HTTPS keep-alive on loopback — sequential and CONC parallel
# connections — with updates/s, p50/p99 latency and the delay from `good` to the new address in a DNS answer
# (bench/update/driver.mjs). Reference: BIND 9 `named` with one zone open to RFC 2136 updates signed by a
# TSIG key receives the same number of updates from ONE nsupdate process (many `send`s, each waiting for its
# answer), then the concurrent count from CONC nsupdate processes in parallel, each on its own name, as the
# concurrent Dynzone phase does. Prints all four, the like-for-like ratios and best against best. Loopback only, bounded in count and time; everything started is
# stopped and removed on exit.
#   env: N=1000 (sequential updates, also BIND's count)  CN=2000 (concurrent updates)  CONC=16  MAX_SECONDS=30
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export N=${N:-1000} CN=${CN:-2000} CONC=${CONC:-16} MAX_SECONDS=${MAX_SECONDS:-30}
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

echo "== Dynzone: N=$N sequential, CN=$CN over CONC=$CONC connections (each phase at most ${MAX_SECONDS}s)"
DRIVER_OUT=$(cd "$ROOT" && timeout $((MAX_SECONDS * 2 + 120)) node "$HERE/driver.mjs" 2>&1)
rc=$?
echo "$DRIVER_OUT" | grep -v '^RESULT '
[ $rc -eq 0 ] || { echo "driver failed (rc=$rc)" >&2; exit 1; }
RESULT=$(echo "$DRIVER_OUT" | sed -n 's/^RESULT //p')
SEQ_COUNT=$(node -e 'console.log(JSON.parse(process.argv[1]).sequential.updates)' "$RESULT")
SEQ_RATE=$(node -e 'console.log(JSON.parse(process.argv[1]).sequential.perSecond.toFixed(1))' "$RESULT")
CON_RATE=$(node -e 'console.log(JSON.parse(process.argv[1]).concurrent.perSecond.toFixed(1))' "$RESULT")

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
  for i in $(seq 1 "$SEQ_COUNT"); do
    echo "update delete h0.$ZONE. A"
    echo "update add h0.$ZONE. 60 A 10.$(((i >> 16) & 255)).$(((i >> 8) & 255)).$((i & 255))"
    echo "send"
  done
} > "$RUN/updates.txt"
echo "== BIND 9 reference: $SEQ_COUNT RFC 2136 updates from one nsupdate process (TSIG hmac-sha256)"
T0=$(date +%s.%N)
timeout 300 nsupdate -k "$RUN/key.conf" -t 10 "$RUN/updates.txt" > "$RUN/nsupdate.log" 2>&1
nrc=$?
T1=$(date +%s.%N)
[ $nrc -eq 0 ] || { echo "nsupdate failed (rc=$nrc):" >&2; tail -5 "$RUN/nsupdate.log" >&2; exit 1; }
BIND_RATE=$(awk -v n="$SEQ_COUNT" -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", n / (b - a) }')
LAST=$(kdig @127.0.0.1 -p "$PORT" +short "h0.$ZONE." A)
echo "BIND sequential    : $SEQ_COUNT updates, $BIND_RATE updates/s (last answer h0 A $LAST)"

CON_PER=$(((CN + CONC - 1) / CONC))
for j in $(seq 0 $((CONC - 1))); do
  {
    echo "server 127.0.0.1 $PORT"
    echo "zone $ZONE."
    for i in $(seq 1 "$CON_PER"); do
      echo "update delete c$j.$ZONE. A"
      echo "update add c$j.$ZONE. 60 A 10.$((j & 255)).$(((i >> 8) & 255)).$((i & 255))"
      echo "send"
    done
  } > "$RUN/updates-$j.txt"
done
echo "== BIND 9 reference: $((CON_PER * CONC)) RFC 2136 updates from $CONC nsupdate processes in parallel"
pids=()
T0=$(date +%s.%N)
for j in $(seq 0 $((CONC - 1))); do
  timeout 300 nsupdate -k "$RUN/key.conf" -t 10 "$RUN/updates-$j.txt" > "$RUN/nsupdate-$j.log" 2>&1 &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
T1=$(date +%s.%N)
[ $failed -eq 0 ] || { echo "a parallel nsupdate failed:" >&2; tail -3 "$RUN"/nsupdate-*.log >&2; exit 1; }
BIND_CON_RATE=$(awk -v n="$((CON_PER * CONC))" -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", n / (b - a) }')
LAST=$(kdig @127.0.0.1 -p "$PORT" +short "c0.$ZONE." A)
echo "BIND concurrent    : $((CON_PER * CONC)) updates, $BIND_CON_RATE updates/s (last answer c0 A $LAST)"

echo
printf '%-40s %12s\n' "" "updates/s"
printf '%-40s %12s\n' "Dynzone HTTPS, sequential" "$SEQ_RATE"
printf '%-40s %12s\n' "Dynzone HTTPS, $CONC connections" "$CON_RATE"
printf '%-40s %12s\n' "BIND 9 RFC 2136, one nsupdate" "$BIND_RATE"
printf '%-40s %12s\n' "BIND 9 RFC 2136, $CONC nsupdate processes" "$BIND_CON_RATE"
awk -v a="$SEQ_RATE" -v b="$BIND_RATE" -v c="$CON_RATE" -v d="$BIND_CON_RATE" 'BEGIN {
  best_d = (c > a) ? c : a; best_b = (d > b) ? d : b
  printf "ratio Dynzone/BIND: sequential %.2f, concurrent %.2f, best against best %.2f\n", a / b, c / d, best_d / best_b
}'
