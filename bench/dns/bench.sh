#!/usr/bin/env bash
# DNS benchmark (npm run bench:dns; not part of npm test). On the benchmark zone and query mix it starts in
# turn Dynzone with batched UDP I/O (the native addon, bench/dns/serve-zone.mjs), Dynzone on node:dgram,
# Knot, BIND 9 and the minimal Node responder (node-static.mjs), each pinned to CPU 0, and loads them from
# CPU 1 with dnsperf (UDP and TCP) and with blast.c (batched UDP, for when dnsperf is the bottleneck). It
# also reads each server's CPU time (utime+stime in /proc) around a dnsperf run at a fixed rate below
# saturation: microseconds of CPU per query, which the other load on a shared machine barely moves.
# The servers are measured in interleaved rounds (A B C … A B C …, each started fresh), and the table shows
# the median and the maximum over the rounds; each ratio is taken within a round, then the median of
# those. Then Dynzone with 2 workers vs 1 (on CPUs 0-1 vs CPU 0, on the mix and on random names, and
# unpinned); then load time and memory for a generated 1,000,000-record zone. Loopback only; every run is
# bounded (LEN seconds, ROUNDS rounds); everything it started is stopped on exit.
#   env: LEN=3 (s per measurement)  ROUNDS=3  RATE=30000 (q/s of the CPU-per-query run)  CPU_LEN=5
#        SERVERS="dynzone dynzone-dgram knot bind node-static"  SKIP_MULTI=1  SKIP_BIG=1
#        BIG_RECORDS=1000000
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LEN=${LEN:-3} ROUNDS=${ROUNDS:-3} RATE=${RATE:-30000} CPU_LEN=${CPU_LEN:-5} BIG_RECORDS=${BIG_RECORDS:-1000000}
SERVERS=${SERVERS:-dynzone dynzone-dgram knot bind node-static}
ZONE=$HERE/example.test.zone QUERIES=$HERE/queries.txt
RUN=$(mktemp -d /tmp/dynzone-bench.XXXXXX)
PORT=${PORT:-5391}
SERVER_PID=
TICK=$(getconf CLK_TCK)

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
# dynzone requires the addon (DYNZONE_DNS_UDP=native: no silent fallback); dynzone-dgram forces node:dgram.
start_server() {
  local name=$1 workers=$2 cpus=$3 cmd env=()
  case $name in
    dynzone) env=(DYNZONE_DNS_UDP=native); cmd=(node "$HERE/serve-zone.mjs" "$PORT" "$ZONE" example.test. "$workers") ;;
    dynzone-dgram) env=(DYNZONE_DNS_UDP=dgram); cmd=(node "$HERE/serve-zone.mjs" "$PORT" "$ZONE" example.test. "$workers") ;;
    knot) render knot.conf.in "$workers"; cmd=(knotd -c "$RUN/knot.conf") ;;
    bind) render named.conf.in "$workers"; cmd=(named -g -n "$workers" -c "$RUN/named.conf") ;;
    node-static) cmd=(node "$HERE/node-static.mjs" "$PORT" "$workers") ;;
    *) echo "unknown server $name" >&2; return 1 ;;
  esac
  local pin=(); [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  env "${env[@]}" "${pin[@]}" "${cmd[@]}" > "$RUN/$name.log" 2>&1 &
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

# measure MODE GENCPU: prints the qps of one run. MODE: udp | tcp (dnsperf) | blast. After a blast run,
# $RUN/blast.cpu holds the server's CPU µs per answered query under that full load.
measure() {
  local mode=$1 gencpu=$2 pin=() out qps t0 t1
  [ -n "$gencpu" ] && pin=(taskset -c "$gencpu")
  if [ "$mode" = blast ]; then
    t0=$(cpu_ticks "$SERVER_PID")
    out=$(timeout $((LEN + 20)) "${pin[@]}" "$RUN/blast" "$PORT" "$QUERIES" "$LEN" 256 8 2>&1)
    t1=$(cpu_ticks "$SERVER_PID")
    qps=$(sed -n 's/.*qps=\([0-9]*\).*/\1/p' <<< "$out")
    awk -v d="$((t1 - t0))" -v n="$(sed -n 's/.*received=\([0-9]*\).*/\1/p' <<< "$out")" -v hz="$TICK" \
      'BEGIN { if (n > 0) printf "%.2f", d * 1e6 / hz / n; else print 0 }' > "$RUN/blast.cpu"
  else
    out=$(timeout $((LEN + 20)) "${pin[@]}" dnsperf -s 127.0.0.1 -p "$PORT" -m "$mode" -d "$QUERIES" \
      -l "$LEN" -c 8 -q 200 -T 1 2>&1)
    qps=$(awk '/Queries per second/ {printf "%.0f", $4}' <<< "$out")
  fi
  [ -n "$qps" ] || { echo "load generator failed: $out" >&2; qps=0; }
  echo "$qps"
}

# cpu_ticks PID: utime+stime of PID and its children (DNS workers), in clock ticks.
cpu_ticks() {
  local total=0 p f
  for p in "$1" $(pgrep -P "$1"); do
    f=$(cat "/proc/$p/stat" 2> /dev/null) || continue
    f=${f##*) } # fields after "(comm) "; utime and stime are fields 14 and 15 of the whole line
    total=$((total + $(awk '{print $12 + $13}' <<< "$f")))
  done
  echo "$total"
}

# cpu_per_query: dnsperf at RATE q/s for CPU_LEN s; prints the server's CPU µs per answered query.
cpu_per_query() {
  local t0 t1 out done
  t0=$(cpu_ticks "$SERVER_PID")
  out=$(timeout $((CPU_LEN + 20)) taskset -c 1 dnsperf -s 127.0.0.1 -p "$PORT" -m udp -d "$QUERIES" \
    -l "$CPU_LEN" -c 8 -q 200 -T 1 -Q "$RATE" 2>&1)
  t1=$(cpu_ticks "$SERVER_PID")
  done=$(awk '/Queries completed/ {print $3}' <<< "$out")
  awk -v d="$((t1 - t0))" -v n="${done:-0}" -v hz="$TICK" 'BEGIN { if (n > 0) printf "%.2f", d * 1e6 / hz / n; else print 0 }'
}

warm() { LEN=1 measure udp "$1" > /dev/null; }

# summary VALUES...: "median (max)" of the non-empty values, or "failed".
summary() {
  printf '%s\n' "$@" | awk 'NF && $1 > 0' | sort -g | awk '{v[NR]=$1} END {
    if (NR == 0) { print "failed"; exit }
    m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    if (m >= 1000) printf "%.0f (%.0f)", m, v[NR]; else printf "%.2f (%.2f)", m, v[NR] }'
}

# ratio_median A B METRIC: median over rounds of R[A.METRIC.round] / R[B.METRIC.round].
ratio_median() {
  local r vals=()
  for r in $(seq "$ROUNDS"); do
    vals+=("$(awk -v a="${R[$1.$3.$r]:-0}" -v b="${R[$2.$3.$r]:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.4f", a / b }')")
  done
  printf '%s\n' "${vals[@]}" | awk 'NF' | sort -g | awk '{v[NR]=$1} END {
    if (NR == 0) { printf "n/a"; exit }
    printf "%.2f", NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'
}

declare -A R
echo "# Dynzone DNS benchmark $(date -u +%FT%TZ) — $(nproc) CPUs, node $(node --version), $(knotd -V | head -1), BIND $(named -v | awk '{print $2}')"
echo "# LEN=${LEN}s ROUNDS=$ROUNDS (interleaved); servers pinned to CPU 0, load generators to CPU 1;" \
  "zone example.test ($(grep -c . "$ZONE") lines), $(wc -l < "$QUERIES") queries; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
  for s in $SERVERS; do
    start_server "$s" 1 0 || continue
    warm 1
    R[$s.udp.$r]=$(measure udp 1)
    R[$s.blast.$r]=$(measure blast 1)
    R[$s.bcpu.$r]=$(cat "$RUN/blast.cpu")
    if [ "$s" != node-static ]; then R[$s.tcp.$r]=$(measure tcp 1); fi
    R[$s.cpu.$r]=$(cpu_per_query)
    stop_server
    echo "  round $r: $s udp=${R[$s.udp.$r]} blast=${R[$s.blast.$r]} tcp=${R[$s.tcp.$r]:--}" \
      "cpu=${R[$s.cpu.$r]}µs/q blast-cpu=${R[$s.bcpu.$r]}µs/q" >&2
  done
done

col() { local s=$1 m=$2 r v=(); for r in $(seq "$ROUNDS"); do v+=("${R[$s.$m.$r]:-}"); done; summary "${v[@]}"; }
echo
echo "# queries/s: median (max) of $ROUNDS rounds. Server CPU µs per answered query, median (max): at $RATE q/s"
echo "# (dnsperf -Q, unsaturated) and under the blast load (saturated)"
printf '%-28s %18s %18s %18s %16s %16s\n' "server (1 worker, CPU 0)" "UDP dnsperf" "UDP blast" "TCP dnsperf" \
  "CPU µs/q @$RATE" "CPU µs/q blast"
for s in $SERVERS; do
  tcp=-; [ "$s" != node-static ] && tcp=$(col "$s" tcp)
  printf '%-28s %18s %18s %18s %16s %16s\n' "$s" "$(col "$s" udp)" "$(col "$s" blast)" "$tcp" "$(col "$s" cpu)" \
    "$(col "$s" bcpu)"
done
echo "# ratios (median of per-round ratios; CPU columns inverted: queries per CPU-second)"
for pair in "dynzone node-static" "dynzone bind" "dynzone knot" "dynzone dynzone-dgram" "dynzone-dgram node-static" "dynzone-dgram bind"; do
  set -- $pair
  case " $SERVERS " in *" $1 "*) ;; *) continue ;; esac
  case " $SERVERS " in *" $2 "*) ;; *) continue ;; esac
  tcp=-; [ "$2" != node-static ] && tcp=$(ratio_median "$1" "$2" tcp)
  printf '%-28s %18s %18s %18s %16s %16s\n' "$1/$2" "$(ratio_median "$1" "$2" udp)" \
    "$(ratio_median "$1" "$2" blast)" "$tcp" "$(ratio_median "$2" "$1" cpu)" "$(ratio_median "$2" "$1" bcpu)"
done

if [ -z "${SKIP_MULTI:-}" ]; then
  # Two cores vs one, with blast: the server given CPU 0 or CPUs 0-1 while the generator runs on CPU 1
  # (the second worker shares that CPU with it), on the benchmark mix and on a mix of random names
  # (NXDOMAIN, every query a response-cache miss: the server, not the generator, is then the bottleneck),
  # and the same with nothing pinned. CPU µs/query shows what a second worker costs per query.
  node -e 'let s = 7; const r = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    const out = []; for (let i = 0; i < 140000; i++) out.push(`r${r().toString(36)}${i.toString(36)}.example.test. A`);
    require("fs").writeFileSync(process.argv[1], out.join("\n") + "\n");' "$RUN/random.txt"
  MULTI=${MULTI:-dynzone dynzone-dgram}
  CONFIGS="mix-w1-cpu0:1:0:1:$QUERIES mix-w2-cpu01:2:0,1:1:$QUERIES miss-w1-cpu0:1:0:1:$RUN/random.txt"
  CONFIGS="$CONFIGS miss-w2-cpu01:2:0,1:1:$RUN/random.txt mix-w1-free:1:::$QUERIES mix-w2-free:2:::$QUERIES"
  for r in $(seq "$ROUNDS"); do
    for s in $MULTI; do
      for c in $CONFIGS; do
        IFS=: read -r tag w cpus gen qf <<< "$c"
        start_server "$s" "$w" "$cpus" || continue
        warm "$gen"
        R[$s-$tag.blast.$r]=$(QUERIES=$qf measure blast "$gen")
        R[$s-$tag.bcpu.$r]=$(cat "$RUN/blast.cpu")
        stop_server
        echo "  round $r: $s $tag blast=${R[$s-$tag.blast.$r]} blast-cpu=${R[$s-$tag.bcpu.$r]}µs/q" >&2
      done
    done
  done
  echo
  echo "# two cores vs one (UDP blast): queries/s and server CPU µs/query, median (max) of $ROUNDS rounds"
  printf '%-26s %-22s %18s %16s %18s %16s\n' "" "" "benchmark mix" "CPU µs/q" "random names" "CPU µs/q"
  for s in $MULTI; do
    printf '%-26s %-22s %18s %16s %18s %16s\n' "$s" "1 worker on CPU 0" "$(col "$s-mix-w1-cpu0" blast)" \
      "$(col "$s-mix-w1-cpu0" bcpu)" "$(col "$s-miss-w1-cpu0" blast)" "$(col "$s-miss-w1-cpu0" bcpu)"
    printf '%-26s %-22s %18s %16s %18s %16s\n' "" "2 workers on CPUs 0-1" "$(col "$s-mix-w2-cpu01" blast)" \
      "$(col "$s-mix-w2-cpu01" bcpu)" "$(col "$s-miss-w2-cpu01" blast)" "$(col "$s-miss-w2-cpu01" bcpu)"
    printf '%-26s %-22s %18s %16s %18s %16s\n' "" "ratio 2/1" "$(ratio_median "$s-mix-w2-cpu01" "$s-mix-w1-cpu0" blast)" \
      "" "$(ratio_median "$s-miss-w2-cpu01" "$s-miss-w1-cpu0" blast)" ""
    printf '%-26s %-22s %18s %16s\n' "" "1 worker, unpinned" "$(col "$s-mix-w1-free" blast)" "$(col "$s-mix-w1-free" bcpu)"
    printf '%-26s %-22s %18s %16s\n' "" "2 workers, unpinned" "$(col "$s-mix-w2-free" blast)" "$(col "$s-mix-w2-free" bcpu)"
    printf '%-26s %-22s %18s\n' "" "ratio 2/1" "$(ratio_median "$s-mix-w2-free" "$s-mix-w1-free" blast)"
  done
fi

if [ -z "${SKIP_BIG:-}" ]; then
  echo
  echo "# load time and memory, generated zone of $BIG_RECORDS records"
  node "$HERE/gen-zone.mjs" "$RUN/big.test.zone" "$BIG_RECORDS" > /dev/null || exit 1
  echo "zone file $(du -m "$RUN/big.test.zone" | cut -f1) MB"
  timeout 300 node --expose-gc --max-old-space-size=4096 "$HERE/load-zone.mjs" "$RUN/big.test.zone" big.test. \
    || echo "load failed or timed out"
fi
