#!/usr/bin/env bash
# Benchmark: a fleet of clusters on several remediators sharing one PostgreSQL (issue #21 point 4).
#
# Starts its own local Kafka cluster (scripts/local-cluster.sh, one broker, in DIR/cluster) and
# PostgreSQL (scripts/local-postgres.sh, in DIR/pg), and lists the one Kafka cluster under N names in a
# cluster directory (one file per cluster: fleet-001 ... fleet-N), which the remediator treats as N
# clusters (its clients, observations, history and leases are per name), with one topic of --partitions
# partitions and 10 producers' state on each (so every snapshot and census has something). Dry-run, the
# shipped policies plus one that finds something on every cluster at every evaluation (bench-fleet-canary: a plan, audited,
# per cluster), state in PostgreSQL (store.postgres, HA mode). Then:
#   1. --instances daemons (a1, b1, c1 ...) on the same configuration start together; once every cluster
#      has been observed, and one interval more, they are measured over --window seconds:
#   2. per instance: CPU in cores (/proc/PID/stat utime+stime), RSS (VmRSS), threads and their kinds
#      (jcmd Thread.print), the clusters it observed in the window (its share), Native Memory Tracking's
#      committed total, heap and thread stacks (jcmd VM.native_memory summary), the live heap (the total of
#      jcmd GC.class_histogram, which collects first);
#   3. every cluster observed every interval, whichever instance ran it (the daemons' logs: "cluster=X
#      observed: ..."): snapshots against one per cluster per interval, the longest gap, clusters that
#      missed an interval (a gap over 1.5 intervals) or were observed twice within half of one;
#   4. snapshot latency (the daemon's took=, as kafka_remediator_snapshot_duration_seconds): p50, p95, max;
#   5. PostgreSQL rows written per minute (pg_stat_user_tables n_tup_ins + n_tup_upd + n_tup_del over the
#      window, the remediator's schema) and the server's connections per instance (pg_stat_activity);
#   6. failover, --kills times: kill -9 of the instance holding the most leases (cluster_lease: the instance
#      that ran each cluster last); for each of its clusters, the survivors' first observation after the kill,
#      against when that cluster was due (its last observation + one interval): the lateness is the failover;
#      the killed instance is started again (a new instance id) before the next kill; the survivors are
#      measured again over one interval after the first;
#   7. nothing twice: fencing tokens taken twice for one cluster (the logs), findings planned twice (the audit).
# Every process it starts (broker, PostgreSQL, daemons) is stopped by PID on exit, failed or interrupted.
# Not a test: nothing in the build runs it. About 4 intervals + the window + 3 intervals per kill.
#
#   scripts/bench-fleet.sh [--clusters 100] [--instances 3] [--kills 1] [--observe-interval 60s] [--window 180]
#       [--partitions 20] [--heap-mb M] [--checkin-interval 10s] [--lease-ttl 10s] [--lease-margin 5s] [--dir DIR] [--keep]
# --heap-mb: each daemon's -Xmx (default 64 + 1 per 4 clusters); --keep: stop everything but keep DIR (logs,
# configuration, thread dumps, NMT). Exit 0 when measured, non-zero on an error.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${BENCH_FLEET_DIR:-$REMEDIATOR_HOME/target/bench-fleet}"
N=100
INSTANCES=3
KILLS=1
INTERVAL=60s
WINDOW=180
PARTITIONS=20
HEAP_MB=""
CHECKIN=10s
LEASE=10s
MARGIN=5s
KEEP=0
SCHEMA=fleet

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
need() { [ $# -ge 2 ] || { echo "bench-fleet: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --clusters) need "$@"; N="$2"; shift 2 ;;
    --instances) need "$@"; INSTANCES="$2"; shift 2 ;;
    --kills) need "$@"; KILLS="$2"; shift 2 ;;
    --observe-interval) need "$@"; INTERVAL="$2"; shift 2 ;;
    --window) need "$@"; WINDOW="$2"; shift 2 ;;
    --heap-mb) need "$@"; HEAP_MB="$2"; shift 2 ;;
    --partitions) need "$@"; PARTITIONS="$2"; shift 2 ;;
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
[[ "$INSTANCES" =~ ^[2-9]$ ]] || { echo "bench-fleet: --instances takes 2 to 9, got '$INSTANCES'" >&2; exit 2; }
[[ "$KILLS" =~ ^[0-9]+$ ]] || { echo "bench-fleet: --kills must be a whole number, got '$KILLS'" >&2; exit 2; }
[[ "$PARTITIONS" =~ ^[1-9][0-9]*$ ]] || { echo "bench-fleet: --partitions takes a number, got '$PARTITIONS'" >&2; exit 2; }
[[ "$WINDOW" =~ ^[1-9][0-9]*$ ]] || { echo "bench-fleet: --window takes seconds, got '$WINDOW'" >&2; exit 2; }
[ -z "$HEAP_MB" ] || [[ "$HEAP_MB" =~ ^[1-9][0-9]*$ ]] || { echo "bench-fleet: --heap-mb takes megabytes, got '$HEAP_MB'" >&2; exit 2; }
for v in INTERVAL CHECKIN LEASE MARGIN; do
  [[ "${!v}" =~ ^[1-9][0-9]*s$ ]] || { echo "bench-fleet: durations are whole seconds such as 10s, got '${!v}'" >&2; exit 2; }
done
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
INTERVAL_S="${INTERVAL%s}"
INTERVAL_MS=$(( INTERVAL_S * 1000 ))
HEAP_MB="${HEAP_MB:-$(( 64 + N / 4 ))}"

CLUSTER=("$REMEDIATOR_HOME/scripts/local-cluster.sh" --dir "$DIR/cluster" --heap-mb 512)
POSTGRES=("$REMEDIATOR_HOME/scripts/local-postgres.sh" --dir "$DIR/pg")
REMEDIATOR="$REMEDIATOR_HOME/scripts/remediator"
BENCH_START=$(date +%s)
fail() { echo "bench-fleet: $*" >&2; exit 1; }
ms() { date +%s%3N; }
TICKS=$(getconf CLK_TCK)

ensure_jar
ensure_tooling_jar
grep -qa 'dev/kafkaremediator/bench/FleetCadence.class' "$REMEDIATOR_TOOLING_JAR" || {
  echo "bench-fleet: $REMEDIATOR_TOOLING_JAR has no FleetCadence; rebuilding ..." >&2
  (cd "$REMEDIATOR_HOME" && mvn -B -q -DskipTests package) >&2
}
JAVA="$(java_cmd)"
JCMD="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd"
tool() { "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$REMEDIATOR_TOOLING_JAR" dev.kafkaremediator.bench.FleetBenchmark "$@"; }

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

# A topic to observe: PARTITIONS partitions, 10 idempotent producers' state on each.
"$REMEDIATOR_HOME/scripts/incident-app.sh" --bootstrap-servers "${BOOTSTRAP//\"/}" --topic bench-fleet --partitions "$PARTITIONS" --replication-factor 1 \
  --records 10 --every-partition --quiet >"$DIR/fill.log" 2>&1 || { tail -n 5 "$DIR/fill.log" >&2; fail "the topic could not be filled"; }

# The fleet: N names for the one cluster, a file each.
mkdir -p "$DIR/clusters.d"
for i in $(seq 1 "$N"); do
  printf 'bootstrap-servers = %s\njmx.endpoints { %s }\n' "$BOOTSTRAP" "$ENDPOINTS" >"$DIR/clusters.d/$(printf 'fleet-%03d' "$i").conf"
done
# The shipped policies, and one that finds something on every cluster at every evaluation, so that each
# cluster has a finding and a (dry-run) plan, which must stay one across instances and takeovers.
mkdir -p "$DIR/policies"
cp "$REMEDIATOR_HOME"/policies/*.conf "$DIR/policies/"
cat >"$DIR/policies/bench-fleet-canary.conf" <<'CANARY'
policies.bench-fleet-canary {
  description = "bench-fleet: any broker heap in use at all (always found), so every cluster has a finding and a plan"
  schedule.every = 1m
  clusters = ["*"]
  severity = warning
  when.threshold { series = broker.heap-used-bytes, above = 0 }
  actions = [ { notify { message = "bench-fleet canary" } } ]
}
CANARY

# One configuration for every instance (as on several hosts), the instance id from the environment as under systemd.
cat >"$DIR/fleet.conf" <<CONF
remediator {
  state-dir = \${REMEDIATOR_STATE_DIR}
  policy-dir = "$DIR/policies"
  cluster-dir = "$DIR/clusters.d"
  dry-run = true
  observe-interval = $INTERVAL
  history.min-interval = $INTERVAL
  store.postgres {
    url = "$PG_URL"
    user = "$PG_USER"
    schema = $SCHEMA
    instance-id = \${?REMEDIATOR_INSTANCE_ID}
    ha { checkin-interval = $CHECKIN, lease-ttl = $LEASE, lease-margin = $MARGIN }
  }
}
CONF

start_instance() {   # id
  local id="$1"
  mkdir -p "$DIR/$id"
  REMEDIATOR_JAVA_OPTS="-Xmx${HEAP_MB}m -XX:NativeMemoryTracking=summary" REMEDIATOR_INSTANCE_ID="$id" REMEDIATOR_STATE_DIR="$DIR/$id/state" \
    "$REMEDIATOR" run --config "$DIR/fleet.conf" >"$DIR/$id/daemon.log" 2>&1 &
  PIDS[$id]=$!
}
logs() { local id; for id in "$@"; do echo "$DIR/$id/daemon.log"; done; }
all_logs() { ls "$DIR"/*/daemon.log; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$1/status"; }
# Waits until the logs show an observation of every cluster after FROM_MS.
await_all_observed() {   # from_ms timeout_s
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    case "$(tool cadence "$1" "$(ms)" "$INTERVAL_MS" "$N" $(all_logs))" in *"never observed: 0") return 0 ;; esac
    sleep 5
  done
  return 1
}
nmt_mb() {   # file: "NMT committed T MB (heap H, threads S)"
  awk 'function kb(line) { match(line, /committed=[0-9]+KB/); return substr(line, RSTART + 10, RLENGTH - 12) }
       /^Total:/ { t = kb($0) }
       /^-  *Java Heap/ { h = kb($0) }
       /^-  *Thread \(/ { s = kb($0); getline; n = $0; sub(/^ *\(thread #/, "", n); sub(/\).*/, "", n) }
       END { if (t) printf "NMT committed %d MB (heap %d, %s thread stacks %d)", t / 1024, h / 1024, n, s / 1024 }' "$1"
}

# Measures the running instances over SECONDS: CPU, RSS, threads, NMT, share; the fleet's cadence, latency, PostgreSQL.
measure() {   # label seconds
  local label="$1" seconds="$2" id t0 t1 r0 r1 pid
  declare -A c0=()
  local ids=("${!PIDS[@]}")
  for id in "${ids[@]}"; do c0[$id]=$(cpu_ticks "${PIDS[$id]}"); done
  r0=($(tool pg-rows "$PG_URL" "$PG_USER" "$SCHEMA"))
  t0=$(ms)
  sleep "$seconds"
  t1=$(ms)
  r1=($(tool pg-rows "$PG_URL" "$PG_USER" "$SCHEMA"))
  say "$label, over $(( (t1 - t0) / 1000 )) s (load $(cut -d' ' -f1-3 /proc/loadavg)):"
  declare -A share=()
  while read -r name snaps clusters; do share[$name]="$snaps $clusters"; done < <(tool shares "$t0" "$t1" $(logs "${ids[@]}"))
  for id in $(printf '%s\n' "${ids[@]}" | sort); do
    pid="${PIDS[$id]}"
    kill -0 "$pid" 2>/dev/null || fail "instance $id died; see $DIR/$id/daemon.log"
    local cores rss thr snaps clusters kinds live
    cores=$(awk -v a="${c0[$id]}" -v b="$(cpu_ticks "$pid")" -v hz="$TICKS" -v ms=$(( t1 - t0 )) 'BEGIN { printf "%.2f", (b - a) / hz * 1000 / ms }')
    rss=$(rss_mb "$pid"); thr=$(threads "$pid")
    read -r snaps clusters <<<"${share[$id]:-0 0}"
    "$JCMD" "$pid" Thread.print >"$DIR/$id/threads-$t1.txt" 2>/dev/null || true
    kinds=$(sed -n 's/^"\([^"]*\)".*/\1/p' "$DIR/$id/threads-$t1.txt" | sed -E 's/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -6 \
      | awk '{ n = $1; $1 = ""; sub(/^ /, ""); printf "%s%s %d", (NR > 1 ? ", " : ""), $0, n }')
    "$JCMD" "$pid" VM.native_memory summary >"$DIR/$id/nmt-$t1.txt" 2>/dev/null || true
    # Last: the histogram runs a full collection, so its total is the live heap.
    live=$("$JCMD" "$pid" GC.class_histogram 2>/dev/null | awk '/^Total/ { printf "%d", $3 / 1048576 }')
    say "  $id: CPU $cores cores, RSS $rss MB, $thr threads; observed $clusters clusters ($snaps snapshots), $(awk -v t="$thr" -v c="$clusters" \
      'BEGIN { if (c > 0) printf "%.2f", t / c; else printf "-" }') threads per cluster observed; $(nmt_mb "$DIR/$id/nmt-$t1.txt"); live heap ${live:-?} MB"
    say "      threads by name: $kinds"
  done
  cat $(logs "${ids[@]}") >"$DIR/window.log"
  say "  snapshots: $(tool cadence "$t0" "$t1" "$INTERVAL_MS" "$N" $(all_logs))"
  say "  snapshot latency (ms): $(tool latency "$DIR/window.log" "$t0" "$t1" | awk '{ printf "%d snapshots, p50 %s, p95 %s, max %s", $1, $2, $3, $4 }')"
  say "  PostgreSQL rows written per minute: $(awk -v i0="${r0[0]}" -v u0="${r0[1]}" -v d0="${r0[2]}" -v i1="${r1[0]}" -v u1="${r1[1]}" -v d1="${r1[2]}" \
    -v ms=$(( t1 - t0 )) 'BEGIN { f = 60000 / ms; printf "%.0f (inserted %.0f, updated %.0f, deleted %.0f)", (i1-i0+u1-u0+d1-d0) * f, (i1-i0) * f, (u1-u0) * f, (d1-d0) * f }')"
  say "  PostgreSQL connections: $(tool pg-conns "$PG_URL" "$PG_USER")"
}

say "bench-fleet: $N clusters (one local broker under $N names, a topic of $PARTITIONS partitions), $INSTANCES instances, observe every $INTERVAL,"
say "  dry-run, shipped policies + canary,"
say "  -Xmx${HEAP_MB}m each; HA: checkin-interval $CHECKIN, lease-ttl $LEASE, lease-margin $MARGIN; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

NAMES=(a b c d e f g h i)
T=$(ms)
for i in $(seq 0 $(( INSTANCES - 1 ))); do start_instance "${NAMES[$i]}1"; done
echo "bench-fleet: $INSTANCES instances started; waiting until every one of the $N clusters has been observed ..." >&2
await_all_observed "$T" $(( 3 * INTERVAL_S + 300 )) || fail "not every cluster was observed within $(( 3 * INTERVAL_S + 300 )) s; see $DIR/*/daemon.log"
say "every cluster observed $(( ($(ms) - T) / 1000 )) s after the start"
sleep "$INTERVAL_S"
measure "$N clusters, $INSTANCES instances" "$WINDOW"

for k in $(seq 1 "$KILLS"); do
  victim="$(tool holders "$PG_URL" "$PG_USER" "$SCHEMA" | awk '{ print $1; exit }')"
  [ -n "${PIDS[$victim]:-}" ] || fail "the top lease holder '$victim' is no instance of this run"
  tool holders-of "$PG_URL" "$PG_USER" "$SCHEMA" "$victim" >"$DIR/victim-$k.txt"
  held=$(wc -l <"$DIR/victim-$k.txt")
  kill -KILL "${PIDS[$victim]}"
  wait "${PIDS[$victim]}" 2>/dev/null || true
  # Once it is gone: an observation it logged as the signal came is one it made.
  T=$(ms)
  unset "PIDS[$victim]"
  deadline=$(( $(date +%s) + INTERVAL_S + 180 ))
  result="incomplete"
  while [ "$(date +%s)" -lt "$deadline" ]; do
    result="$(tool failover "$T" "$INTERVAL_MS" "$DIR/victim-$k.txt" $(all_logs))"
    case "$result" in incomplete*) sleep 5 ;; *) break ;; esac
  done
  say "kill -9 #$k of $victim (ran $held clusters last): $result"
  if [ "$k" = 1 ]; then
    measure "after the kill, $(( INSTANCES - 1 )) instances" "$INTERVAL_S"
  fi
  if [ "$k" -lt "$KILLS" ]; then
    start_instance "${victim%%[0-9]*}$(( ${victim##*[a-z]} + 1 ))"
    sleep $(( 2 * INTERVAL_S ))
  fi
done
say "nothing twice: $(tool once "$PG_URL" "$PG_USER" "$SCHEMA" $(all_logs))"
