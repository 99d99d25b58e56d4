#!/usr/bin/env bash
# DNS benchmark (npm run bench:dns; not part of npm test). On the benchmark zone and query mix it starts in
# turn Dynzone (bench/dns/serve-zone.mjs), Knot, BIND 9 and the minimal Node responder (node-static.mjs),
# each pinned to CPU 0, and loads them from CPU 1 with dnsperf (UDP and TCP) and with blast.c (batched UDP,
# for when dnsperf is the bottleneck). Then Dynzone with 2 workers vs 1, nothing pinned; then load time and
# memory for a generated 1,000,000-record zone. Prints one table with the ratios Dynzone/static and
# Dynzone/BIND. Loopback only; every run is bounded (LEN seconds, REPS runs); everything it started is
# stopped on exit.
#   env: LEN=5 (s per measurement)  REPS=1  BIG_RECORDS=1000000  SKIP_BIG=1 (skip the 1M-record part)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LEN=${LEN:-5} REPS=${REPS:-1} BIG_RECORDS=${BIG_RECORDS:-1000000}
ZONE=$HERE/example.test.zone QUERIES=$HERE/queries.txt
RUN=$(mktemp -d /tmp/dynzone-bench.XXXXXX)
PORT=${PORT:-5391}
SERVER_PID=

cleanup() {
  [ -n "$SERVER_PID" ] && stop_server
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in dnsperf knotd named kdig taskset gcc; do
  command -v "$tool" > /dev/null || { echo "missing $tool (scripts/install-system-deps.sh)" >&2; exit 1; }
done
[ -f "$ROOT/dist/src/nameserver/server.js" ] || { echo "run npm run build first" >&2; exit 1; }
gcc -O2 -o "$RUN/blast" "$HERE/blast.c" || exit 1

render() { # template -> file with @PORT@ @RUN@ @ZONE@ @WORKERS@ filled in
  sed -e "s|@PORT@|$PORT|g; s|@RUN@|$RUN|g; s|@ZONE@|$ZONE|g; s|@WORKERS@|$2|g" "$HERE/$1" > "$RUN/${1%.in}"
}

# start_server NAME WORKERS CPUS: starts NAME on 127.0.0.1:$PORT (CPUS empty = unpinned), waits for answers.
start_server() {
  local name=$1 workers=$2 cpus=$3 cmd
  case $name in
    dynzone) cmd=(node "$HERE/serve-zone.mjs" "$PORT" "$ZONE" example.test. "$workers") ;;
    knot) render knot.conf.in "$workers"; cmd=(knotd -c "$RUN/knot.conf") ;;
    bind) render named.conf.in "$workers"; cmd=(named -g -n "$workers" -c "$RUN/named.conf") ;;
    node-static) cmd=(node "$HERE/node-static.mjs" "$PORT" "$workers") ;;
    *) echo "unknown server $name" >&2; return 1 ;;
  esac
  local pin=(); [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  "${pin[@]}" "${cmd[@]}" > "$RUN/$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 150); do
    if kdig @127.0.0.1 -p "$PORT" +time=1 +retry=0 example.test. SOA 2> /dev/null | grep -q 'status: NOERROR'; then
      return 0
    fi
    kill -0 "$SERVER_PID" 2> /dev/null || break
    sleep 0.2
  done
  echo "$name did not start; log:" >&2; cat "$RUN/$name.log" >&2
  stop_server; return 1
}

stop_server() {
  local pid=$SERVER_PID; SERVER_PID=
  kill "$pid" 2> /dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || { wait "$pid" 2> /dev/null; return 0; }; sleep 0.1; done
  kill -9 "$pid" 2> /dev/null; wait "$pid" 2> /dev/null
}

# measure MODE GENCPU: prints the median qps of REPS runs. MODE: udp | tcp (dnsperf) | blast.
measure() {
  local mode=$1 gencpu=$2 pin=() out qps all=()
  [ -n "$gencpu" ] && pin=(taskset -c "$gencpu")
  for _ in $(seq "$REPS"); do
    if [ "$mode" = blast ]; then
      out=$(timeout $((LEN + 20)) "${pin[@]}" "$RUN/blast" "$PORT" "$QUERIES" "$LEN" 256 4 2>&1)
      qps=$(sed -n 's/.*qps=\([0-9]*\).*/\1/p' <<< "$out")
    else
      out=$(timeout $((LEN + 20)) "${pin[@]}" dnsperf -s 127.0.0.1 -p "$PORT" -m "$mode" -d "$QUERIES" \
        -l "$LEN" -c 8 -q 200 -T 1 2>&1)
      qps=$(awk '/Queries per second/ {printf "%.0f", $4}' <<< "$out")
    fi
    [ -n "$qps" ] || { echo "load generator failed: $out" >&2; qps=0; }
    all+=("$qps")
  done
  printf '%s\n' "${all[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

warm() { LEN=1 REPS=1 measure udp "$1" > /dev/null; }

declare -A R
echo "# Dynzone DNS benchmark $(date -u +%FT%TZ) — $(nproc) CPUs, node $(node --version), $(knotd -V | head -1), BIND $(named -v | awk '{print $2}')"
echo "# LEN=${LEN}s REPS=$REPS; servers pinned to CPU 0, load generators to CPU 1; zone example.test ($(grep -c . "$ZONE") lines), $(wc -l < "$QUERIES") queries"
for s in dynzone knot bind node-static; do
  start_server "$s" 1 0 || continue
  warm 1
  R[$s.udp]=$(measure udp 1)
  R[$s.blast]=$(measure blast 1)
  if [ "$s" != node-static ]; then R[$s.tcp]=$(measure tcp 1); else R[$s.tcp]=-; fi
  stop_server
  echo "  measured $s" >&2
done

for w in 1 2; do
  start_server dynzone "$w" "" || continue
  warm ""
  R[dz$w.udp]=$(measure udp "")
  R[dz$w.blast]=$(measure blast "")
  stop_server
done

ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
echo
printf '%-34s %14s %14s %14s\n' "server (1 worker, CPU 0)" "UDP dnsperf" "UDP blast" "TCP dnsperf"
for s in dynzone knot bind node-static; do
  printf '%-34s %14s %14s %14s\n' "$s" "${R[$s.udp]:-failed}" "${R[$s.blast]:-failed}" "${R[$s.tcp]:-failed}"
done
printf '%-34s %14s %14s %14s\n' "ratio Dynzone/static" "$(ratio "${R[dynzone.udp]:-}" "${R[node-static.udp]:-}")" \
  "$(ratio "${R[dynzone.blast]:-}" "${R[node-static.blast]:-}")" "-"
printf '%-34s %14s %14s %14s\n' "ratio Dynzone/BIND" "$(ratio "${R[dynzone.udp]:-}" "${R[bind.udp]:-}")" \
  "$(ratio "${R[dynzone.blast]:-}" "${R[bind.blast]:-}")" "$(ratio "${R[dynzone.tcp]:-}" "${R[bind.tcp]:-}")"
printf '%-34s %14s %14s %14s\n' "ratio Dynzone/Knot" "$(ratio "${R[dynzone.udp]:-}" "${R[knot.udp]:-}")" \
  "$(ratio "${R[dynzone.blast]:-}" "${R[knot.blast]:-}")" "$(ratio "${R[dynzone.tcp]:-}" "${R[knot.tcp]:-}")"
echo
printf '%-34s %14s %14s\n' "Dynzone, nothing pinned" "UDP dnsperf" "UDP blast"
printf '%-34s %14s %14s\n' "1 worker" "${R[dz1.udp]:-failed}" "${R[dz1.blast]:-failed}"
printf '%-34s %14s %14s\n' "2 workers (node:cluster)" "${R[dz2.udp]:-failed}" "${R[dz2.blast]:-failed}"
printf '%-34s %14s %14s\n' "ratio 2/1" "$(ratio "${R[dz2.udp]:-}" "${R[dz1.udp]:-}")" "$(ratio "${R[dz2.blast]:-}" "${R[dz1.blast]:-}")"

if [ -z "${SKIP_BIG:-}" ]; then
  echo
  echo "# load time and memory, generated zone of $BIG_RECORDS records"
  node "$HERE/gen-zone.mjs" "$RUN/big.test.zone" "$BIG_RECORDS" > /dev/null || exit 1
  echo "zone file $(du -m "$RUN/big.test.zone" | cut -f1) MB"
  timeout 300 node --expose-gc --max-old-space-size=4096 "$HERE/load-zone.mjs" "$RUN/big.test.zone" big.test. \
    || echo "load failed or timed out"
fi
