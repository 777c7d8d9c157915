#!/usr/bin/env bash
# Benchmark: the incident at scale (issues #14, #21). N new idempotent producers each writing every one
# of P partitions: N x P producer-state entries on every broker holding a replica.
#
# Two scales:
#   - the default (issue #14): 3 brokers at -Xmx384m, RF 3, 2,000 producers x 250 partitions, filled by
#     scripts/incident-app.sh with a KafkaProducer per producer: 500,000 entries on every broker;
#   - --entries N (issue #21, the real incident's scale): ONE broker, RF 1, filled at the protocol level
#     (incident-app.sh --wire: a real InitProducerId, then one Produce request per producer with a
#     one-record idempotent batch per partition; the broker keeps the same entries, without a client
#     object per producer): 2,000,000 = 8,000 producers x 250 partitions (as issue #21 reported it),
#     10,000,000 = 10,000 x 1,000, 30,000,000 = 30,000 x 1,000 (the public report's 33.5 million on one
#     broker); other N: 250 partitions up to 2,000,000, else 1,000. The broker's heap is sized for it
#     (256 B an entry x 1.5 + 2 GB, rounded up to 512 MB: 3 GB at 2 M, 6 GB at 10 M, 13 GB at 30 M),
#     the daemon observes every 30 s for 6 rounds; the run refuses to start when the machine's
#     MemAvailable is below the broker's heap + 2 GB.
#
# Starts its own local KRaft cluster (in target/bench-incident-cluster, free ports on 127.0.0.1),
# creates the topic, takes a class histogram of broker 1, fills it, then prints:
#   - heap per entry: broker 1's class histogram (JMX DiagnosticCommand.gcClassHistogram, a full GC
#     first) after the fill minus the one before, per class (ProducerStateEntry, BatchMetadata,
#     ArrayDeque, Object[], HashMap$Node, Long) and in all, divided by the entries gained;
#   - the class-histogram action's bytes per entry (its own parser, ClassHistogram, on the histogram
#     after the fill; issue #14 expects 230-280 B) and the daemon's broker.producer-state-heap-ratio
#     (RemoteBrokerJmx: ProducerIdCount x bytes per entry / max heap) against the histogram's
#     producer-state bytes / max heap (within 10%);
#   - census time (describeProducers of every partition, as the daemon's observer makes it) and
#     full snapshot time (ClusterObserver.observe()), with the daemon's code and configuration;
#   - `remediator status --json` (an on-call command, the JVM's defaults): wall time, peak RSS, and
#     whether it names the topic with its entries;
#   - the daemon's memory: `scripts/remediator run` (dry-run, --observe-interval, /metrics on a free
#     port) with the launcher's default JVM options, after each of --rounds observations: snapshot
#     time, RSS (/proc/PID/status VmRSS, VmHWM), heap (jstat -gc), whether the observation was
#     complete (no unknown source) and the top topic of kafka_remediator_topic_producer_entries on
#     /metrics (the guilty one?); the peak heap over the rounds (jstat every 0.5 s). A daemon that
#     exits (an OutOfMemoryError) or makes no round within 180 s is reported, and the run goes on.
#     With --compare (or --variant), the same for other JVM option sets, run directly as
#     `java OPTS -cp kafka-remediator.jar ... run` (the launcher's own defaults left out);
#   - the cure: `remediator expire-producers --expiration E --force` (dry-run off): entries expected
#     and freed per broker, its duration, the brokers' producer.id.expiration.check.interval.ms, and
#     how long the brokers took to free them at that size (ProducerIdCount polled over JMX while it falls:
#     each partition's log runs its own expiry check every interval, timed from its creation).
# Every process it starts (brokers, daemons, watchers) is stopped by PID on exit, failed or interrupted.
# Not a test: nothing in the build runs it. About 7 minutes at the default scale on 2 cores (the
# fill takes 2.5 of them, twice that on a busy machine), plus ~90 s per --compare variant (8);
# --quick (200 x 50) about 2 minutes (4 on a busy machine); --entries 2000000 about 3 minutes on a
# quiet machine (8 at load 50), 10000000 about 15 and 30000000 about 26 at load 30-40 (the fill is
# most of it: 16,000-80,000 entries/s here; then census runs, 6 daemon rounds of 30 s, the cure).
#
#   scripts/bench-incident.sh [--quick] [--entries N] [--producers 2000] [--partitions 250]
#       [--replication-factor 3] [--brokers 3] [--broker-heap-mb 384] [--fill client|wire] [--threads 4]
#       [--rounds 8] [--observe-interval 10s] [--expiration 10] [--compare] [--variant NAME=JAVA_OPTS ...]
#       [--no-cure] [--base-port 0] [--dir DIR] [--keep]
# --entries N: the one-broker scale above; --producers, --partitions, --broker-heap-mb, --threads,
#   --rounds and --observe-interval given as well win over what it picks.
# --fill wire|client: how the producers are made (default: wire with --entries, else client).
# --variant NAME=OPTS: also measure the daemon run as `java OPTS ...` (OPTS may be empty: the JVM's
#   defaults, as the launcher ran it before it had its own; leading VAR=value words go to its
#   environment, e.g. 'arena=MALLOC_ARENA_MAX=2 -Xmx64m'; a leading census.batch-size=N word sets the
#   daemon's census.batch-size, e.g. 'b500=census.batch-size=500 -Xmx128m'); repeatable. --compare adds the preset
#   variants README quotes. --keep: stop the cluster but keep its directory (logs, histograms).
# Exit 0 when measured (targets missed are reported as MISSED), non-zero on an error.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${BENCH_INCIDENT_DIR:-$REMEDIATOR_HOME/target/bench-incident-cluster}"
PRODUCERS=2000
PARTITIONS=250
RF=3
BROKERS=3
BROKER_HEAP_MB=384
THREADS=4
ROUNDS=8
INTERVAL=10s
EXPIRATION=10
BASE_PORT=0
CURE=1
KEEP=0
COMPARE=0
VARIANTS=()
TOPIC=bench-incident
RSS_TARGET_MB=150
SCALE_ENTRIES=""
FILL_MODE=""
declare -A GIVEN=()   # options given on the command line: --entries picks only the others

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
need() { [ $# -ge 2 ] || { echo "bench-incident: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) PRODUCERS=200; PARTITIONS=50; ROUNDS=3; INTERVAL=5s; shift ;;
    --entries) need "$@"; SCALE_ENTRIES="$2"; shift 2 ;;
    --fill) need "$@"; FILL_MODE="$2"; shift 2 ;;
    --producers) need "$@"; PRODUCERS="$2"; GIVEN[producers]=1; shift 2 ;;
    --partitions) need "$@"; PARTITIONS="$2"; GIVEN[partitions]=1; shift 2 ;;
    --replication-factor) need "$@"; RF="$2"; GIVEN[rf]=1; shift 2 ;;
    --brokers) need "$@"; BROKERS="$2"; GIVEN[brokers]=1; shift 2 ;;
    --broker-heap-mb) need "$@"; BROKER_HEAP_MB="$2"; GIVEN[heap]=1; shift 2 ;;
    --threads) need "$@"; THREADS="$2"; GIVEN[threads]=1; shift 2 ;;
    --rounds) need "$@"; ROUNDS="$2"; GIVEN[rounds]=1; shift 2 ;;
    --observe-interval) need "$@"; INTERVAL="$2"; GIVEN[interval]=1; shift 2 ;;
    --expiration) need "$@"; EXPIRATION="$2"; shift 2 ;;
    --compare) COMPARE=1; shift ;;
    --variant) need "$@"; case "$2" in *=*) VARIANTS+=("$2") ;; *) echo "bench-incident: --variant takes NAME=JAVA_OPTS" >&2; exit 2 ;; esac; shift 2 ;;
    --no-cure) CURE=0; shift ;;
    --base-port) need "$@"; BASE_PORT="$2"; shift 2 ;;
    --dir) need "$@"; DIR="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench-incident: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$SCALE_ENTRIES" ]; then
  # The real incident's scale on one broker (issue #21). Per-partition counts stay those of a busy
  # topic: 8,000 producers a partition at 2 M (as issue #21 measured with KafkaJS), 10,000 at 10 M and
  # 30,000 at 30 M on 1,000 partitions.
  [[ "$SCALE_ENTRIES" =~ ^[1-9][0-9]*$ ]] || { echo "bench-incident: --entries must be a positive integer, got '$SCALE_ENTRIES'" >&2; exit 2; }
  [ -n "${GIVEN[partitions]:-}" ] || { if [ "$SCALE_ENTRIES" -le 2000000 ]; then PARTITIONS=250; else PARTITIONS=1000; fi; }
  [ -n "${GIVEN[producers]:-}" ] || PRODUCERS=$(( (SCALE_ENTRIES + PARTITIONS - 1) / PARTITIONS ))
  [ -n "${GIVEN[brokers]:-}" ] || BROKERS=1
  [ -n "${GIVEN[rf]:-}" ] || RF=1
  # 256 B an entry (DESIGN, measured on Kafka 4.4) x 1.5 for G1's headroom + 2 GB for the rest, rounded up to 512 MB.
  [ -n "${GIVEN[heap]:-}" ] || BROKER_HEAP_MB=$(( ( (PRODUCERS * PARTITIONS * RF / BROKERS * 384 / 1048576 + 2048) + 511) / 512 * 512 ))
  [ -n "${GIVEN[threads]:-}" ] || THREADS=8
  [ -n "${GIVEN[rounds]:-}" ] || ROUNDS=6
  [ -n "${GIVEN[interval]:-}" ] || INTERVAL=30s
  [ -n "$FILL_MODE" ] || FILL_MODE=wire
fi
[ -n "$FILL_MODE" ] || FILL_MODE=client
case "$FILL_MODE" in client|wire) ;; *) echo "bench-incident: --fill takes client or wire, got '$FILL_MODE'" >&2; exit 2 ;; esac
for v in PRODUCERS PARTITIONS RF BROKERS BROKER_HEAP_MB THREADS ROUNDS EXPIRATION; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "bench-incident: ${v,,} must be a positive integer, got '${!v}'" >&2; exit 2; }
done
[ "$RF" -le "$BROKERS" ] || { echo "bench-incident: --replication-factor $RF needs at least as many --brokers" >&2; exit 2; }
[[ "$INTERVAL" =~ ^[1-9][0-9]*(s|m)$ ]] || { echo "bench-incident: --observe-interval takes e.g. 10s or 1m, got '$INTERVAL'" >&2; exit 2; }
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
if [ "$COMPARE" = 1 ]; then
  # What each setting of the launcher's default earns (README quotes these): the JVM's defaults (the
  # launcher before it had its own), the previous defaults (-Xmx128m, census.batch-size 500), the
  # batch of 500 alone, a 64 MB cap, a batch of 50, and candidates measured and left out.
  D="$DAEMON_JAVA_DEFAULTS"
  VARIANTS=("jvm-defaults=census.batch-size=500" "previous=census.batch-size=500 ${D/-Xmx48m/-Xmx128m}"
            "batch500=census.batch-size=500 $D" "xmx64=${D/-Xmx48m/-Xmx64m}" "b50=census.batch-size=50 $D" "newratio1=$D -XX:NewRatio=1"
            "arena2=MALLOC_ARENA_MAX=2 $D"
            "trim=$D -XX:ReservedCodeCacheSize=16m -Xss256k -XX:CICompilerCount=1 -Djdk.nio.maxCachedBufferSize=262144" ${VARIANTS[@]+"${VARIANTS[@]}"})
fi

CLUSTER=("$REMEDIATOR_HOME/scripts/local-cluster.sh" --dir "$DIR" --heap-mb "$BROKER_HEAP_MB")
REMEDIATOR="$REMEDIATOR_HOME/scripts/remediator"
BENCH_START=$(date +%s)
now() { date +%s.%N; }
num() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }   # 500000 -> 500,000
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "bench-incident: $*" >&2; exit 1; }
kb_of() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$2/status" 2>/dev/null || true; }
mb() { awk -v k="$1" 'BEGIN { if (k == "") print "?"; else printf "%.0f", k / 1024 }'; }

# The jars: the bench classes must be in the tooling jar (an older one is rebuilt).
ensure_jar
ensure_tooling_jar
if ! grep -qa 'dev/kafkaremediator/bench/IncidentBenchmark.class' "$REMEDIATOR_TOOLING_JAR"; then
  echo "bench-incident: $REMEDIATOR_TOOLING_JAR has no IncidentBenchmark; rebuilding ..." >&2
  (cd "$REMEDIATOR_HOME" && mvn -B -q -DskipTests package) >&2
fi
JAVA="$(java_cmd)"
JSTAT="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jstat"
[ -x "$JSTAT" ] || JSTAT="$(command -v jstat || true)"
[ -n "$JSTAT" ] || fail "jstat not found next to $JAVA nor on PATH (a JDK is needed to read the daemon's heap)"
tool() { "$JAVA" -Xmx512m -cp "$REMEDIATOR_TOOLING_JAR" dev.kafkaremediator.bench.IncidentBenchmark "$@" 2>>"$DIR/tool.log"; }

STARTED=0
DAEMON_PID=""
JSTAT_PID=""
WATCH_PID=""
stop_pid() {
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_daemon() {
  if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill -TERM "$DAEMON_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 300); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$DAEMON_PID" 2>/dev/null; then
      echo "bench-incident: the daemon (pid $DAEMON_PID) did not stop within 30 s of SIGTERM; SIGKILL" >&2
      kill -KILL "$DAEMON_PID" 2>/dev/null || true
    fi
  fi
  [ -z "$DAEMON_PID" ] || wait "$DAEMON_PID" 2>/dev/null || true
  DAEMON_PID=""
  stop_pid "$JSTAT_PID"; JSTAT_PID=""
}
REPORT="$(mktemp)"
finish() {
  local rc=$?
  trap - EXIT INT TERM
  stop_daemon
  stop_pid "$JSTAT_PID"
  stop_pid "$WATCH_PID"
  if [ "$STARTED" = 1 ]; then
    if [ "$rc" = 0 ] && [ "$KEEP" = 0 ]; then
      echo "bench-incident: stopping and deleting the benchmark cluster in $DIR" >&2
      "${CLUSTER[@]}" clean >&2 || "${CLUSTER[@]}" stop >&2 || true
    else
      [ "$rc" = 0 ] || echo "bench-incident: failed (exit $rc)" >&2
      echo "bench-incident: stopping the benchmark cluster; logs kept in $DIR" >&2
      "${CLUSTER[@]}" stop >&2 || true
    fi
  fi
  cp "$REPORT" "$(dirname "$DIR")/bench-incident-last.txt" 2>/dev/null || true
  rm -f "$REPORT"
  echo "bench-incident: total wall time $(( $(date +%s) - BENCH_START ))s (figures in $(dirname "$DIR")/bench-incident-last.txt)" >&2
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { echo "$*" | tee -a "$REPORT"; }
machine() {
  echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), other Maven runs $(pgrep -fc plexus-classworlds || true)," \
    "other broker JVMs $(( $(pgrep -fc 'kafka\.Kafka ' || true) - $(running_brokers) ))"
}
running_brokers() { [ "$STARTED" = 1 ] && "${CLUSTER[@]}" status 2>/dev/null | grep -c ' running ' || echo 0; }

# A cluster left in our own directory by an interrupted run is ours: remove it first.
if [ -f "$DIR/cluster.json" ]; then
  echo "bench-incident: removing the previous benchmark cluster in $DIR" >&2
  "${CLUSTER[@]}" clean >&2
fi
mkdir -p "$DIR"

ENTRIES=$((PRODUCERS * PARTITIONS))
# A broker heap this machine cannot give is refused before anything starts (the machine is shared).
AVAILABLE_MB=$(awk '$1 == "MemAvailable:" { printf "%d", $2 / 1024 }' /proc/meminfo)
NEED_MB=$(( BROKERS * BROKER_HEAP_MB + 2048 ))
if [ "$NEED_MB" -gt "$AVAILABLE_MB" ]; then
  fail "$BROKERS broker(s) at -Xmx${BROKER_HEAP_MB}m and the rest need about ${NEED_MB} MB; MemAvailable is ${AVAILABLE_MB} MB. Try fewer --entries (or --broker-heap-mb)"
fi
say "== Kafka Remediator incident benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(git -C "$REMEDIATOR_HOME" rev-parse --short HEAD 2>/dev/null || echo '?') =="
say "machine: $(machine)"
say "scale: $PRODUCERS producers x $PARTITIONS partitions, replication factor $RF, $BROKERS brokers with -Xmx${BROKER_HEAP_MB}m:" \
  "$(num "$ENTRIES") entries per replica set ($(num $((ENTRIES * RF / BROKERS))) per broker); MemAvailable ${AVAILABLE_MB} MB at the start"
STARTED=1
t=$(now)
"${CLUSTER[@]}" start --brokers "$BROKERS" --base-port "$BASE_PORT" >"$DIR/start.log" 2>&1 \
  || { cat "$DIR/start.log" >&2; fail "the cluster did not start"; }
STATUS=$("${CLUSTER[@]}" status)
BOOTSTRAP=$(sed -n 's/^bootstrap servers: *//p' <<<"$STATUS")
JMX1=$(awk '$1 == "1" { print $6 }' <<<"$STATUS")
[ -n "$BOOTSTRAP" ] && [ -n "$JMX1" ] || fail "no bootstrap servers or JMX address in the cluster status"
[ -f "$DIR/remediator.conf" ] || fail "no $DIR/remediator.conf written by local-cluster.sh"
say "cluster started in $(since "$t")s in $DIR; bootstrap $BOOTSTRAP; broker 1 JMX $JMX1"

# --- fill ---------------------------------------------------------------------------------------
tool create-topic -b "$BOOTSTRAP" --topic "$TOPIC" --partitions "$PARTITIONS" --replication-factor "$RF" \
  || fail "cannot create the topic (see $DIR/tool.log)"
HIST_LINE=$(tool histogram --jmx "$JMX1" --out "$DIR/histogram-before.txt") || fail "no class histogram of broker 1 (see $DIR/tool.log)"
say "before the fill: $HIST_LINE"
say ""
FILL_ARGS=(--every-partition)
[ "$FILL_MODE" = wire ] && FILL_ARGS+=(--wire)
say "fill: scripts/incident-app.sh ${FILL_ARGS[*]}, $PRODUCERS producers, $THREADS threads, topic $TOPIC (retention.ms=-1)"
t=$(now)
if ! FILL=$("$REMEDIATOR_HOME/scripts/incident-app.sh" --bootstrap-servers "$BOOTSTRAP" --topic "$TOPIC" \
    --partitions "$PARTITIONS" --replication-factor "$RF" --records "$PRODUCERS" --threads "$THREADS" \
    "${FILL_ARGS[@]}" --quiet 2>>"$DIR/fill.log"); then
  tail -n 5 "$DIR/fill.log" >&2
  say "WARNING: some producers failed; fewer entries than $ENTRIES"
fi
FILL_SECONDS=$(since "$t")
say "  $FILL"
say "  fill took ${FILL_SECONDS}s ($(awk -v n="$ENTRIES" -v s="$FILL_SECONDS" 'BEGIN { printf "%.0f", n / s }') entries/s per replica set;" \
  "machine: $(machine))"

# --- heap per entry -----------------------------------------------------------------------------
say ""
say "== Broker heap per producer-state entry (broker 1; class histograms after a full GC, after minus before the fill) =="
HIST_LINE=$(tool histogram --jmx "$JMX1" --out "$DIR/histogram-after.txt") || fail "no class histogram of broker 1 (see $DIR/tool.log)"
say "after the fill: $HIST_LINE"
EXPECT_BROKER=()
[ "$RF" = "$BROKERS" ] && EXPECT_BROKER=(--expected-entries "$ENTRIES")
tool heap-per-entry --before "$DIR/histogram-before.txt" --after "$DIR/histogram-after.txt" ${EXPECT_BROKER[@]+"${EXPECT_BROKER[@]}"} \
  | tee -a "$REPORT" || fail "cannot compute the heap per entry (see $DIR/tool.log)"
say ""
say "== The class-histogram action's bytes per entry, and the daemon's producer-state share of heap against the histogram's (broker 1) =="
tool heap-share -c "$DIR/remediator.conf" --cluster local --broker 1 --histogram "$DIR/histogram-after.txt" | tee -a "$REPORT" \
  || say "WARNING: a heap-share target was missed or a reading failed (see $DIR/tool.log)"

# --- census and snapshot -------------------------------------------------------------------------
say ""
say "== Census and snapshot (the daemon's code and configuration: $DIR/remediator.conf) =="
CENSUS_RUNS=5
[ "$ENTRIES" -le 2000000 ] || CENSUS_RUNS=3
tool snapshot-timing -c "$DIR/remediator.conf" --cluster local --runs "$CENSUS_RUNS" --expected-entries "$ENTRIES" | tee -a "$REPORT" "$DIR/census.txt" \
  || say "WARNING: the census or the snapshot left something unknown (see $DIR/tool.log)"
# Target (issue #21): linear in the entries, at most 10 s at 10,000,000 per broker: 1 us an entry.
CENSUS_MS=$(sed -n 's/.*warm median \([0-9]*\) ms.*/\1/p' "$DIR/census.txt" 2>/dev/null | head -n 1)
CENSUS_TARGET_MS=$(( ENTRIES * RF / BROKERS / 1000 ))
[ "$CENSUS_TARGET_MS" -ge 1000 ] || CENSUS_TARGET_MS=1000

# --- status --------------------------------------------------------------------------------------
say ""
say "== remediator status --json (an on-call command: the JVM's defaults plus REMEDIATOR_JAVA_OPTS) =="
set +e
/usr/bin/time -f '%e %M' -o "$DIR/status.time" "$REMEDIATOR" status --config "$DIR/remediator.conf" --cluster local --json \
  >"$DIR/status.json" 2>"$DIR/status.log"
STATUS_RC=$?
set -e
read -r STATUS_WALL STATUS_KB < <(tail -n 1 "$DIR/status.time")
say "status exited $STATUS_RC after ${STATUS_WALL}s wall clock (JVM start included), peak RSS $(mb "$STATUS_KB") MB"
STATUS_LINE=$(tool status-topic --json "$DIR/status.json" --topic "$TOPIC" --expected-entries "$ENTRIES") || true
say "  ${STATUS_LINE:-status: no report (see $DIR/status.log)}"

# --- the daemon's memory ------------------------------------------------------------------------
# Rounds are counted on the daemon's log: one "cluster=local observed: ... took=Nms" line per snapshot.
# A third argument N sets census.batch-size (a variant's census.batch-size=N word); else the default.
daemon_conf() {
  local name="$1" dry="$2" batch="${3:-}" census="" http=true
  [ "$name" = cure ] && http=false
  [ -z "$batch" ] || census="cluster-defaults { census { batch-size = $batch } }"
  cat >"$DIR/bench-$name.conf" <<EOF
# Written by scripts/bench-incident.sh: the local cluster's configuration, its own state directory.
include file("$DIR/remediator.conf")
remediator {
  state-dir = "$DIR/state-$name"
  observe-interval = $INTERVAL
  dry-run = $dry
  http { enabled = $http, host = "127.0.0.1", port = 0 }
  $census
}
EOF
  echo "$DIR/bench-$name.conf"
}
# jstat -gc columns by name: heap used and committed (survivors, eden, old), metaspace used, young and full GCs.
jstat_heap() {
  "$JSTAT" -gc "$1" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    NR == 2 { printf "%.1f %.1f %.1f %d %d", ($(c["S0U"]) + $(c["S1U"]) + $(c["EU"]) + $(c["OU"])) / 1024,
      ($(c["S0C"]) + $(c["S1C"]) + $(c["EC"]) + $(c["OC"])) / 1024, $(c["MU"]) / 1024, $(c["YGC"]), $(c["FGC"]) }'
}
declare -a SUMMARY=()
LAUNCHER_MAX=0
LAUNCHER_PEAK=0
LAUNCHER_ROUNDS=0
LAUNCHER_COMPLETE=0
LAUNCHER_GUILTY=0
LAUNCHER_TOOK_MAX=0
# The top topic of kafka_remediator_topic_producer_entries on the daemon's /metrics: "TOPIC ENTRIES", or "- -".
top_topic() {
  curl -fsS --max-time 10 "http://127.0.0.1:$1/metrics" 2>/dev/null | awk '
    /^kafka_remediator_topic_producer_entries\{/ {
      t = $0; sub(/.*topic="/, "", t); sub(/".*/, "", t); v = $NF + 0
      if (v > best) { best = v; top = t }
    }
    END { if (top == "") print "- -"; else printf "%s %d\n", top, best }'
}
measure_daemon() {
  local name="$1" how="$2" opts="$3" conf log i n took rss hwm heap batch="" line port="" complete guilty
  # Leading words: census.batch-size=N goes to the daemon's configuration, VAR=value to the JVM's
  # environment (e.g. MALLOC_ARENA_MAX=2); the rest are the JVM's options.
  local o=() e=() w; read -r -a o <<<"$opts"
  while [ ${#o[@]} -gt 0 ] && [[ "${o[0]}" =~ ^([A-Z_]+=|census\.batch-size=[1-9][0-9]*$) ]]; do
    case "${o[0]}" in census.batch-size=*) batch="${o[0]#*=}" ;; *) e+=("${o[0]}") ;; esac
    o=("${o[@]:1}")
  done
  conf=$(daemon_conf "$name" true "$batch")
  log="$DIR/daemon-$name.log"
  if [ "$how" = launcher ]; then
    env -u REMEDIATOR_JAVA_OPTS "$REMEDIATOR" run --config "$conf" >"$log" 2>&1 </dev/null &
  else
    env ${e[@]+"${e[@]}"} "$JAVA" ${o[@]+"${o[@]}"} -Dremediator.home="$REMEDIATOR_HOME" -cp "$REMEDIATOR_JAR" dev.kafkaremediator.cli.RemediatorCli \
      run --config "$conf" >"$log" 2>&1 </dev/null &
  fi
  DAEMON_PID=$!
  # The launcher is a shell script that execs java: wait for the exec to read the JVM's own options.
  local args="" w
  for w in $(seq 1 100); do
    args=$(tr '\0' ' ' <"/proc/$DAEMON_PID/cmdline" 2>/dev/null || true)
    case "$args" in *RemediatorCli*) [[ "$args" == *java* && "$args" != *bash* && "$args" != env\ * ]] && break ;; esac
    sleep 0.1
  done
  args=$(sed 's/ -cp .*//; s/^[^ ]*java *//' <<<"$args")
  if [ "$how" != launcher ] && [ ${#e[@]} -gt 0 ]; then args="${e[*]} $args"; fi
  args="${args}${batch:+ (census.batch-size=$batch)}"
  # The heap over the whole run, not only after the rounds: jstat every 0.5 s until the daemon stops.
  "$JSTAT" -gc "$DAEMON_PID" 500 >"$DIR/jstat-$name.txt" 2>/dev/null &
  JSTAT_PID=$!
  say ""
  say "daemon '$name' (pid $DAEMON_PID): java ${args:-(JVM defaults)}"
  say "$(printf '  %-6s %10s %8s %9s %9s %11s %9s %4s %4s  %-8s %s' round snapshot RSS 'peak RSS' 'heap used' 'heap commit' metaspace YGC FGC complete \
    'top topic on /metrics (entries)')"
  local deadline=$(( $(date +%s) + 180 ))
  local max_rss=0 last_rss=0 rounds=0 complete_n=0 guilty_n=0 took_max=0 ended="" hwm_seen=0
  for i in $(seq 1 "$ROUNDS"); do
    while n=$(grep -c 'cluster=local observed:' "$log" 2>/dev/null || true); [ "${n:-0}" -lt "$i" ]; do
      w=$(kb_of VmHWM "$DAEMON_PID"); [ "${w:-0}" -le "${hwm_seen:-0}" ] || hwm_seen=$w   # a daemon that dies keeps its peak here
      if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
        local rc=0; wait "$DAEMON_PID" 2>/dev/null || rc=$?
        DAEMON_PID=""
        local why; why=$(grep -m1 -o 'OutOfMemoryError[^"]*' "$log" || tail -n 1 "$log")
        say "  exited with status $rc before round $i: $why"
        ended="EXITED (status $rc) before round $i: $why"
        break 2
      fi
      if [ "$(date +%s)" -ge "$deadline" ]; then
        local why; why=$(grep -m1 -o 'OutOfMemoryError[^"]*' "$log" || echo "see $log")
        say "  no round $i within 180 s (alive, RSS $(mb "$(kb_of VmRSS "$DAEMON_PID")") MB): $why"
        ended="NO ROUND $i within 180 s: $why"
        break 2
      fi
      sleep 0.2
    done
    deadline=$(( $(date +%s) + 180 ))
    [ -n "$port" ] || port=$(sed -n 's/.*\/metrics and \/health on [0-9.]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)
    line=$(grep 'cluster=local observed:' "$log" | sed -n "${i}p")
    took=$(sed -n 's/.* took=\([0-9]*\)ms.*/\1/p' <<<"$line")
    if [[ "$line" == *"reachable=true"* && "$line" == *"unknown-sources=none"* ]]; then complete=yes; complete_n=$((complete_n + 1)); else complete=NO; fi
    read -r top_name top_entries <<<"$( [ -n "$port" ] && top_topic "$port" || echo "- -")"
    guilty=""
    if [ "$top_name" = "$TOPIC" ] && [[ "$top_entries" =~ ^[0-9]+$ ]] && [ "$top_entries" -ge "$ENTRIES" ]; then guilty_n=$((guilty_n + 1)); else guilty=" (not the guilty topic with all its entries)"; fi
    rss=$(kb_of VmRSS "$DAEMON_PID"); hwm=$(kb_of VmHWM "$DAEMON_PID")
    read -r hu hc mu ygc fgc <<<"$(jstat_heap "$DAEMON_PID")" || true
    [ "${rss:-0}" -gt "$max_rss" ] && max_rss="$rss"
    [ "${took:-0}" -gt "$took_max" ] && took_max="$took"
    last_rss="${rss:-0}"
    rounds=$i
    say "$(printf '  %-6s %8sms %6sMB %7sMB %7sMB %9sMB %7sMB %4s %4s  %-8s %s' "$i" "${took:-?}" "$(mb "$rss")" "$(mb "$hwm")" \
      "${hu:-?}" "${hc:-?}" "${mu:-?}" "${ygc:-?}" "${fgc:-?}" "$complete" "$top_name ($(num "$top_entries"))$guilty")"
    [ "$complete" = yes ] || say "         unknown: $(sed -n 's/.*unknown-sources=//p' <<<"$line")"
  done
  hwm=$(kb_of VmHWM "$DAEMON_PID"); [ "${hwm:-0}" -ge "$hwm_seen" ] || hwm=$hwm_seen
  stop_daemon
  # Peak heap used and committed over every 0.5 s sample (S0U+S1U+EU+OU, S0C+S1C+EC+OC).
  read -r peak_used peak_commit < <(awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $1 ~ /^[0-9.]+$/ { u = ($(c["S0U"]) + $(c["S1U"]) + $(c["EU"]) + $(c["OU"])) / 1024; k = ($(c["S0C"]) + $(c["S1C"]) + $(c["EC"]) + $(c["OC"])) / 1024
      if (u > mu) mu = u; if (k > mk) mk = k }
    END { printf "%.0f %.0f\n", mu, mk }' "$DIR/jstat-$name.txt" 2>/dev/null || echo "? ?")
  grep -q 'OutOfMemoryError' "$log" && say "  WARNING: OutOfMemoryError in $log"
  local hwm_mb; hwm_mb=$(mb "$hwm")
  if [ "$name" = launcher ]; then
    LAUNCHER_MAX=$(mb "$max_rss"); LAUNCHER_PEAK=${hwm_mb/\?/0}; LAUNCHER_ROUNDS=$rounds
    LAUNCHER_COMPLETE=$complete_n; LAUNCHER_GUILTY=$guilty_n; LAUNCHER_TOOK_MAX=$took_max
  fi
  SUMMARY+=("$(printf '  %-16s %s/%s rounds, %s complete, guilty topic in %s; RSS last %4s MB, max %4s MB, peak (VmHWM) %4s MB; heap peak %s MB used, %s MB committed; slowest snapshot %s ms%s; %s' \
    "$name" "$rounds" "$ROUNDS" "$complete_n" "$guilty_n" "$(mb "$last_rss")" "$(mb "$max_rss")" "$hwm_mb" "${peak_used:-?}" "${peak_commit:-?}" \
    "$took_max" "${ended:+; $ended}" "${args:-(JVM defaults)}")")
}
say ""
say "== The daemon's memory: scripts/remediator run, dry-run, observe-interval $INTERVAL, $ROUNDS rounds; RSS after each round =="
measure_daemon launcher launcher ""
for v in ${VARIANTS[@]+"${VARIANTS[@]}"}; do
  measure_daemon "${v%%=*}" direct "${v#*=}"
done
verdict() { if [ "$1" = 1 ]; then echo MET; else echo MISSED; fi; }
say ""
say "summary ($(num $((ENTRIES * RF / BROKERS))) entries per broker; targets with the launcher's defaults: peak RSS <= $RSS_TARGET_MB MB, every round a complete observation naming the guilty topic):"
for s in "${SUMMARY[@]}"; do say "$s"; done
say "  launcher defaults: peak RSS (VmHWM) $LAUNCHER_PEAK MB, max after a round $LAUNCHER_MAX MB: $(verdict "$([ "$LAUNCHER_ROUNDS" -gt 0 ] && [ "$LAUNCHER_PEAK" -le "$RSS_TARGET_MB" ] && echo 1)")"
say "  launcher defaults: $LAUNCHER_COMPLETE of $ROUNDS rounds observed completely, the guilty topic in $LAUNCHER_GUILTY: $(verdict "$([ "$LAUNCHER_COMPLETE" = "$ROUNDS" ] && [ "$LAUNCHER_GUILTY" = "$ROUNDS" ] && echo 1)")"
say "  census (the daemon's code, a tool JVM at -Xmx512m): ${CENSUS_MS:-?} ms warm median for $(num "$ENTRIES") entries; target (linear, 10 s at 10,000,000)" \
  "${CENSUS_TARGET_MS} ms: $(verdict "$([ -n "$CENSUS_MS" ] && [ "$CENSUS_MS" -le "$CENSUS_TARGET_MS" ] && echo 1)"); the daemon's slowest whole snapshot" \
  "at its launcher defaults: ${LAUNCHER_TOOK_MAX} ms"

# --- the cure -----------------------------------------------------------------------------------
if [ "$CURE" = 1 ]; then
  say ""
  say "== The cure: remediator expire-producers --expiration $EXPIRATION --force (dry-run off), default wait (auto) =="
  tool cure-report --audit-json /dev/null -b "$BOOTSTRAP" --intervals-only | tee -a "$REPORT" || fail "cannot read the brokers' configs"
  CONF=$(daemon_conf cure false)
  # The brokers' expiry, seen from outside: ProducerIdCount read every 200 ms while it falls.
  WATCH_ARGS=()
  for j in $(awk '$1 ~ /^[0-9]+$/ && $2 == "running" { print $6 }' <<<"$STATUS"); do WATCH_ARGS+=(--jmx "$j"); done
  "$JAVA" -Xmx128m -cp "$REMEDIATOR_TOOLING_JAR" dev.kafkaremediator.bench.IncidentBenchmark expiry-watch "${WATCH_ARGS[@]}" \
    --poll-ms 200 --timeout-s 3600 >"$DIR/expiry-watch.txt" 2>>"$DIR/tool.log" &
  WATCH_PID=$!
  t=$(now)
  set +e
  "$REMEDIATOR" expire-producers --config "$CONF" --cluster local --expiration "$EXPIRATION" --force \
    --reason "bench-incident: the cure at scale" --yes >"$DIR/cure.log" 2>&1
  CURE_RC=$?
  set -e
  say "expire-producers exited $CURE_RC after $(since "$t")s wall clock (JVM start, census and plan included; log $DIR/cure.log)"
  # The watch ends by itself once every count is 0; a cure that left entries ends it here.
  for _ in $(seq 1 50); do kill -0 "$WATCH_PID" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$WATCH_PID" 2>/dev/null; then kill -TERM "$WATCH_PID" 2>/dev/null || true; fi
  wait "$WATCH_PID" 2>/dev/null || true
  WATCH_PID=""
  if [ -s "$DIR/expiry-watch.txt" ]; then tee -a "$REPORT" <"$DIR/expiry-watch.txt"; else say "expiry: not measured (the watch left no figures; the cure left entries, see $DIR/tool.log)"; fi
  "$REMEDIATOR" audit --config "$CONF" --json --since 1h >"$DIR/cure-audit.jsonl" 2>>"$DIR/cure.log" || fail "cannot read the audit (see $DIR/cure.log)"
  tool cure-report --audit-json "$DIR/cure-audit.jsonl" | tee -a "$REPORT" "$DIR/cure.txt" || say "WARNING: the cure was not effective (see $DIR/cure.log)"
  FREED_PCT=$(awk '$1 == "all" { print $NF }' "$DIR/cure.txt" 2>/dev/null | head -n 1)
  say "  cure freed ${FREED_PCT:-?}% of the entries expected (target 99%): $(verdict "$(awk -v p="${FREED_PCT:-0}" 'BEGIN { if (p + 0 >= 99) print 1 }')")"
fi

say ""
say "machine at the end: $(machine); figures on a shared machine are noisy (other JVMs compete for the same cores)"
