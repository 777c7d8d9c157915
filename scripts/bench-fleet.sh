#!/usr/bin/env bash
# Benchmark: the remediator's own cost per watched cluster, and HA failover (issue #15 point 6).
#
# Starts its own local Kafka cluster (scripts/local-cluster.sh, in DIR/cluster) and PostgreSQL
# (scripts/local-postgres.sh, in DIR/pg), and lists the one Kafka cluster under N names in a
# cluster directory (cluster-dir, one file per cluster: fleet-001 ... fleet-N), which the remediator
# treats as N clusters (its clients, observations, history and leases are per name). Dry-run, the
# shipped policies, state in PostgreSQL (store.postgres, HA mode). Then:
#   1. one instance watching 1 cluster (the baseline), then N clusters: CPU seconds per minute
#      (/proc/PID/stat utime+stime over --window), RSS (VmRSS) and threads at the window's end;
#   2. a second instance on the same configuration: the same for both, the clusters spread by Quartz;
#   3. per-cluster snapshot latency over each window (the daemon's log: "cluster=X observed: ... took=Nms",
#      the same figure as kafka_remediator_snapshot_duration_seconds): count, p50, p95, max;
#   4. PostgreSQL rows written per minute (pg_stat_user_tables n_tup_ins + n_tup_upd + n_tup_del deltas
#      over the window, the remediator's schema only);
#   5. the extrapolation to 1,000 clusters (baseline + 1,000 x the cost of one more cluster);
#   6. failover, --kills times: kill -9 of the instance holding the most leases (cluster_lease), and the
#      time from the kill to the survivor's first observation of every one of the N clusters; the
#      killed instance is started again (a new instance id) before the next kill.
# Every process it starts (broker, PostgreSQL, daemons) is stopped by PID on exit, failed or interrupted.
# Not a test: nothing in the build runs it. About 3 + (kills x 1) minutes at the defaults.
#
#   scripts/bench-fleet.sh [--clusters 50] [--kills 3] [--observe-interval 10s] [--window 60]
#       [--checkin-interval 10s] [--lease-ttl 10s] [--lease-margin 5s] [--dir DIR] [--keep]
# --keep: stop everything but keep DIR (logs, configuration). Exit 0 when measured, non-zero on an error.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${BENCH_FLEET_DIR:-$REMEDIATOR_HOME/target/bench-fleet}"
N=50
KILLS=3
INTERVAL=10s
WINDOW=60
CHECKIN=10s
LEASE=10s
MARGIN=5s
KEEP=0
SCHEMA=fleet

usage() { sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
need() { [ $# -ge 2 ] || { echo "bench-fleet: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --clusters) need "$@"; N="$2"; shift 2 ;;
    --kills) need "$@"; KILLS="$2"; shift 2 ;;
    --observe-interval) need "$@"; INTERVAL="$2"; shift 2 ;;
    --window) need "$@"; WINDOW="$2"; shift 2 ;;
    --checkin-interval) need "$@"; CHECKIN="$2"; shift 2 ;;
    --lease-ttl) need "$@"; LEASE="$2"; shift 2 ;;
    --lease-margin) need "$@"; MARGIN="$2"; shift 2 ;;
    --dir) need "$@"; DIR="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench-fleet: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$N" =~ ^[1-9][0-9]*$ ]] && [ "$N" -ge 2 ] || { echo "bench-fleet: --clusters must be at least 2, got '$N'" >&2; exit 2; }
[[ "$KILLS" =~ ^[0-9]+$ ]] || { echo "bench-fleet: --kills must be a whole number, got '$KILLS'" >&2; exit 2; }
[[ "$WINDOW" =~ ^[1-9][0-9]*$ ]] || { echo "bench-fleet: --window takes seconds, got '$WINDOW'" >&2; exit 2; }
for v in INTERVAL CHECKIN LEASE MARGIN; do
  [[ "${!v}" =~ ^[1-9][0-9]*s$ ]] || { echo "bench-fleet: durations are whole seconds such as 10s, got '${!v}'" >&2; exit 2; }
done
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
INTERVAL_S="${INTERVAL%s}"

CLUSTER=("$REMEDIATOR_HOME/scripts/local-cluster.sh" --dir "$DIR/cluster" --heap-mb 256)
POSTGRES=("$REMEDIATOR_HOME/scripts/local-postgres.sh" --dir "$DIR/pg")
REMEDIATOR="$REMEDIATOR_HOME/scripts/remediator"
BENCH_START=$(date +%s)
fail() { echo "bench-fleet: $*" >&2; exit 1; }
ms() { date +%s%3N; }
TICKS=$(getconf CLK_TCK)

ensure_jar
ensure_tooling_jar
grep -qa 'dev/kafkaremediator/bench/FleetBenchmark.class' "$REMEDIATOR_TOOLING_JAR" || {
  echo "bench-fleet: $REMEDIATOR_TOOLING_JAR has no FleetBenchmark; rebuilding ..." >&2
  (cd "$REMEDIATOR_HOME" && mvn -B -q -DskipTests package) >&2
}
JAVA="$(java_cmd)"
tool() { "$JAVA" -Xmx128m -cp "$REMEDIATOR_TOOLING_JAR" dev.kafkaremediator.bench.FleetBenchmark "$@"; }

declare -A PIDS=()   # instance id -> pid
CLUSTER_STARTED=0
PG_STARTED=0
stop_instance() {
  local id="$1" pid="${PIDS[$1]:-}" i
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  unset "PIDS[$id]"
}
REPORT="$DIR.report.txt"
finish() {
  local rc=$? id
  trap - EXIT INT TERM
  for id in "${!PIDS[@]}"; do stop_instance "$id"; done
  [ "$PG_STARTED" = 1 ] && { "${POSTGRES[@]}" stop >&2 || true; }
  [ "$CLUSTER_STARTED" = 1 ] && { "${CLUSTER[@]}" stop >&2 || true; }
  if [ "$rc" = 0 ] && [ "$KEEP" = 0 ]; then rm -rf "$DIR"; else echo "bench-fleet: logs kept in $DIR" >&2; fi
  [ "$rc" = 0 ] || echo "bench-fleet: failed (exit $rc)" >&2
  echo "bench-fleet: total wall time $(( $(date +%s) - BENCH_START ))s (figures in $REPORT)" >&2
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
say() { echo "$*" | tee -a "$REPORT"; }

[ ! -e "$DIR" ] || fail "$DIR exists (a run left it, or --keep): move it aside or pass --dir"
mkdir -p "$DIR"
: >"$REPORT"

echo "bench-fleet: starting the Kafka cluster (1 broker) and PostgreSQL in $DIR ..." >&2
CLUSTER_STARTED=1
"${CLUSTER[@]}" start --brokers 1 >"$DIR/cluster-start.log" 2>&1 || { cat "$DIR/cluster-start.log" >&2; fail "the Kafka cluster did not start"; }
PG_STARTED=1
"${POSTGRES[@]}" start --port 0 >"$DIR/pg-start.log" 2>&1 || { cat "$DIR/pg-start.log" >&2; fail "PostgreSQL did not start"; }
PG_URL="$(sed -n 's/^url: *\(jdbc:[^ ]*\).*/\1/p' "$DIR/pg-start.log")"
PG_USER="$(sed -n 's/^url: .*(user \([^,]*\),.*/\1/p' "$DIR/pg-start.log")"
[ -n "$PG_URL" ] && [ -n "$PG_USER" ] || fail "no URL in $DIR/pg-start.log"

# The Kafka cluster's address and JMX endpoint, from the configuration local-cluster.sh wrote for it.
BOOTSTRAP="$(sed -n 's/^ *bootstrap-servers = \(.*\)$/\1/p' "$DIR/cluster/remediator.conf")"
ENDPOINTS="$(sed -n 's/^ *\("[0-9]*" = "[^"]*"\)$/\1/p' "$DIR/cluster/remediator.conf" | paste -sd, -)"
[ -n "$BOOTSTRAP" ] && [ -n "$ENDPOINTS" ] || fail "cannot read the cluster's address from $DIR/cluster/remediator.conf"

# The fleet: N names for the one cluster, a file each; and a directory of one for the baseline.
write_clusters() {
  local dir="$1" count="$2" i
  mkdir -p "$dir"
  for i in $(seq 1 "$count"); do
    printf 'bootstrap-servers = %s\njmx.endpoints { %s }\n' "$BOOTSTRAP" "$ENDPOINTS" >"$dir/$(printf 'fleet-%03d' "$i").conf"
  done
}
write_clusters "$DIR/one.d" 1
write_clusters "$DIR/clusters.d" "$N"

# One configuration for every instance (as on two hosts), the instance id from the environment as under systemd.
write_config() {
  local file="$1" clusters="$2" schema="$3"
  cat >"$file" <<EOF
remediator {
  state-dir = \${REMEDIATOR_STATE_DIR}
  policy-dir = "$REMEDIATOR_HOME/policies"
  cluster-dir = "$clusters"
  dry-run = true
  observe-interval = $INTERVAL
  history.min-interval = $INTERVAL
  store.postgres {
    url = "$PG_URL"
    user = "$PG_USER"
    schema = $schema
    instance-id = \${?REMEDIATOR_INSTANCE_ID}
    ha { checkin-interval = $CHECKIN, lease-ttl = $LEASE, lease-margin = $MARGIN }
  }
}
EOF
}
write_config "$DIR/one.conf" "$DIR/one.d" fleet_one
write_config "$DIR/fleet.conf" "$DIR/clusters.d" "$SCHEMA"

start_instance() {   # id config
  local id="$1" config="$2"
  mkdir -p "$DIR/$id"
  REMEDIATOR_INSTANCE_ID="$id" REMEDIATOR_STATE_DIR="$DIR/$id/state" "$REMEDIATOR" run --config "$config" >"$DIR/$id/daemon.log" 2>&1 &
  PIDS[$id]=$!
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$1/status"; }
# Waits until the log shows an observation of each of the first COUNT clusters after FROM_MS.
await_observed() {   # log from_ms count timeout_s
  local deadline=$(( $(date +%s) + $4 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    case "$(tool takeover "$1" "$2" fleet- "$3")" in incomplete*) sleep 2 ;; *) return 0 ;; esac
  done
  return 1
}

# Measures the instances given over the window: CPU s/min, RSS and threads each, snapshot latency, PostgreSQL rows/min.
declare -A CPU_PER_MIN=() RSS=() THREADS=()
LATENCY="" ROWS_PER_MIN=""
measure() {   # schema id...
  local schema="$1" id t0 t1 r0 r1
  shift
  declare -A c0=()
  for id in "$@"; do c0[$id]=$(cpu_ticks "${PIDS[$id]}"); done
  r0=($(tool pg-rows "$PG_URL" "$PG_USER" "$schema"))
  t0=$(ms)
  sleep "$WINDOW"
  t1=$(ms)
  r1=($(tool pg-rows "$PG_URL" "$PG_USER" "$schema"))
  for id in "$@"; do
    kill -0 "${PIDS[$id]}" 2>/dev/null || fail "instance $id died; see $DIR/$id/daemon.log"
    CPU_PER_MIN[$id]=$(awk -v a="${c0[$id]}" -v b="$(cpu_ticks "${PIDS[$id]}")" -v hz="$TICKS" -v ms=$(( t1 - t0 )) \
      'BEGIN { printf "%.2f", (b - a) / hz * 60000 / ms }')
    RSS[$id]=$(rss_mb "${PIDS[$id]}")
    THREADS[$id]=$(threads "${PIDS[$id]}")
  done
  LATENCY="$(for id in "$@"; do tool latency "$DIR/$id/daemon.log" "$t0" "$t1"; done \
    | awk '{ n += $1; if ($4 != "-") { p50 = p50 > $2 ? p50 : $2; p95 = p95 > $3 ? p95 : $3; mx = mx > $4 ? mx : $4 } }
           END { printf "%d snapshots, p50 %d ms, p95 %d ms, max %d ms (worst instance)", n, p50, p95, mx }')"
  ROWS_PER_MIN=$(awk -v i0="${r0[0]}" -v u0="${r0[1]}" -v d0="${r0[2]}" -v i1="${r1[0]}" -v u1="${r1[1]}" -v d1="${r1[2]}" -v ms=$(( t1 - t0 )) \
    'BEGIN { f = 60000 / ms; printf "%.0f (inserted %.0f, updated %.0f, deleted %.0f)", (i1-i0+u1-u0+d1-d0) * f, (i1-i0) * f, (u1-u0) * f, (d1-d0) * f }')
}

say "bench-fleet: $N clusters (one local broker under $N names), observe every $INTERVAL, window ${WINDOW}s, dry-run, shipped policies,"
say "  HA: checkin-interval $CHECKIN, lease-ttl $LEASE, lease-margin $MARGIN; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "bench-fleet: baseline, one instance watching 1 cluster ..." >&2
T=$(ms); start_instance base "$DIR/one.conf"
await_observed "$DIR/base/daemon.log" "$T" 1 120 || fail "the baseline instance observed nothing; see $DIR/base/daemon.log"
sleep $(( 2 * INTERVAL_S ))
measure fleet_one base
BASE_CPU="${CPU_PER_MIN[base]}" BASE_RSS="${RSS[base]}" BASE_THREADS="${THREADS[base]}"
say "1 cluster, 1 instance:   CPU ${BASE_CPU} s/min, RSS ${BASE_RSS} MB, ${BASE_THREADS} threads; $LATENCY"
stop_instance base

echo "bench-fleet: one instance watching $N clusters ..." >&2
T=$(ms); start_instance a1 "$DIR/fleet.conf"
await_observed "$DIR/a1/daemon.log" "$T" "$N" 300 || fail "instance a1 did not observe all $N clusters within 300 s; see $DIR/a1/daemon.log"
sleep $(( 2 * INTERVAL_S ))
measure "$SCHEMA" a1
ONE_CPU="${CPU_PER_MIN[a1]}" ONE_RSS="${RSS[a1]}"
say "$N clusters, 1 instance: CPU ${ONE_CPU} s/min, RSS ${ONE_RSS} MB, ${THREADS[a1]} threads; $LATENCY"
say "  PostgreSQL rows written per minute: $ROWS_PER_MIN"
ONE_ROWS="${ROWS_PER_MIN%% *}"
awk -v n="$N" -v c1="$BASE_CPU" -v cn="$ONE_CPU" -v r1="$BASE_RSS" -v rn="$ONE_RSS" -v t1="$BASE_THREADS" -v tn="${THREADS[a1]}" -v rows="$ONE_ROWS" -v iv="$INTERVAL_S" 'BEGIN {
  dc = (cn - c1) / (n - 1); dr = (rn - r1) / (n - 1); dt = (tn - t1) / (n - 1)
  printf "  per cluster more: CPU %.3f s/min (%.2f%% of a core), RSS %.2f MB, %.1f threads\n", dc, dc / 60 * 100, dr, dt
  printf "  extrapolated to 1,000 clusters on one instance at this interval (%ss): CPU %.1f s/min (%.2f cores), RSS %.0f MB, %.0f threads, PostgreSQL %.0f rows/min\n", \
    iv, c1 + 1000 * dc, (c1 + 1000 * dc) / 60, r1 + 1000 * dr, t1 + 1000 * dt, rows * 1000 / n
}' | tee -a "$REPORT"

echo "bench-fleet: a second instance on the same configuration ..." >&2
T=$(ms); start_instance b1 "$DIR/fleet.conf"
sleep $(( 3 * INTERVAL_S ))
measure "$SCHEMA" a1 b1
say "$N clusters, 2 instances: a1 CPU ${CPU_PER_MIN[a1]} s/min, RSS ${RSS[a1]} MB; b1 CPU ${CPU_PER_MIN[b1]} s/min, RSS ${RSS[b1]} MB; $LATENCY"
say "  PostgreSQL rows written per minute: $ROWS_PER_MIN"
say "  lease holders: $(tool holders "$PG_URL" "$PG_USER" "$SCHEMA" | paste -sd, - | sed 's/,/, /g')"

TIMES=()
for k in $(seq 1 "$KILLS"); do
  victim="$(tool holders "$PG_URL" "$PG_USER" "$SCHEMA" | awk '{ print $1; exit }')"
  [ -n "${PIDS[$victim]:-}" ] || fail "the top lease holder '$victim' is no instance of this run"
  survivor=""
  for id in "${!PIDS[@]}"; do [ "$id" = "$victim" ] || survivor="$id"; done
  held="$(tool holders "$PG_URL" "$PG_USER" "$SCHEMA" | awk -v v="$victim" '$1 == v { print $2 }')"
  T=$(ms)
  kill -KILL "${PIDS[$victim]}"
  wait "${PIDS[$victim]}" 2>/dev/null || true
  unset "PIDS[$victim]"
  if await_observed "$DIR/$survivor/daemon.log" "$T" "$N" 300; then
    took=$(tool takeover "$DIR/$survivor/daemon.log" "$T" fleet- "$N")
    TIMES+=("$took")
    say "kill -9 #$k of $victim (held $held leases): $survivor observed all $N clusters $(awk -v t="$took" 'BEGIN { printf "%.1f", t / 1000 }') s after the kill"
  else
    say "kill -9 #$k of $victim: $survivor had not observed all $N clusters 300 s after the kill ($(tool takeover "$DIR/$survivor/daemon.log" "$T" fleet- "$N"))"
  fi
  if [ "$k" -lt "$KILLS" ]; then
    next="${victim%%[0-9]*}$(( ${victim##*[a-z]} + 1 ))"
    start_instance "$next" "$DIR/fleet.conf"
    sleep $(( 3 * INTERVAL_S ))
  fi
done
if [ "${#TIMES[@]}" -gt 0 ]; then
  printf '%s\n' "${TIMES[@]}" | sort -n | awk '{ t[NR] = $1 / 1000; s += t[NR] } END {
    printf "failover over %d kills: min %.1f s, median %.1f s, max %.1f s, mean %.1f s\n", NR, t[1], t[int((NR + 1) / 2)], t[NR], s / NR }' | tee -a "$REPORT"
fi
