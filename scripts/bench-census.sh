#!/usr/bin/env bash
# Benchmark: the remediator's producer-id census against Kafka's own tool looping over partitions.
#
# Starts its own local 3-broker KRaft cluster (in target/bench-census-cluster, free ports), creates
# 4 topics x 500 partitions, fills them with scripts/incident-app.sh --every-partition (20 producers
# per topic, each writing every partition: 20 x 2,000 = 40,000 producer-state entries), then times
#   - the remediator's census (KafkaClusterAdmin.describeProducers, batched) over the first
#     500 / 1,000 / 2,000 partitions (median of warm runs),
#   - Kafka's org.apache.kafka.tools.TransactionsCommand describe-producers (kafka-tools), one call
#     per partition: in one JVM over all partitions (measured), and a JVM per partition as
#     kafka-transactions.sh runs it, on a sample (extrapolated, and labelled so),
# prints both, their ratio and whether the aims are met (>= 10x faster, growth no worse than
# linear), and stops the cluster on exit (by PID, through local-cluster.sh), failed or not.
# Not a test: nothing in the build runs it. About 2 minutes on 2 cores (100-140 s measured).
#
#   scripts/bench-census.sh [--topics 4] [--partitions-per-topic 500] [--producers 20] [--threads 4]
#                           [--replication-factor 1] [--brokers 3] [--base-port 0] [--dir DIR]
#                           [--runs 7] [--jvm-sample 20] [--fresh-admin-sample 50] [-- CensusBenchmark options]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${BENCH_CENSUS_DIR:-$REMEDIATOR_HOME/target/bench-census-cluster}"
TOPICS=4
PARTITIONS_PER_TOPIC=500
PRODUCERS=20
THREADS=4
RF=1
BROKERS=3
BASE_PORT=0
RUNS=7
JVM_SAMPLE=20
FRESH_ADMIN_SAMPLE=50
EXTRA=()

usage() { sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --topics) TOPICS="$2"; shift 2 ;;
    --partitions-per-topic) PARTITIONS_PER_TOPIC="$2"; shift 2 ;;
    --producers) PRODUCERS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --replication-factor) RF="$2"; shift 2 ;;
    --brokers) BROKERS="$2"; shift 2 ;;
    --base-port) BASE_PORT="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --jvm-sample) JVM_SAMPLE="$2"; shift 2 ;;
    --fresh-admin-sample) FRESH_ADMIN_SAMPLE="$2"; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench-census: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

TOTAL=$((TOPICS * PARTITIONS_PER_TOPIC))
# Census sizes: 500 / 1,000 / 2,000 with the defaults (one, two and all topics' worth).
SIZES="$PARTITIONS_PER_TOPIC,$(( 2 * PARTITIONS_PER_TOPIC <= TOTAL ? 2 * PARTITIONS_PER_TOPIC : TOTAL )),$TOTAL"

CLUSTER=("$REMEDIATOR_HOME/scripts/local-cluster.sh" --dir "$DIR")
BENCH_START=$(date +%s)
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# The bench class must be in the tooling jar: an older jar without it is rebuilt.
ensure_tooling_jar
if ! grep -qa 'dev/kafkaremediator/bench/CensusBenchmark.class' "$REMEDIATOR_TOOLING_JAR"; then
  echo "bench-census: $REMEDIATOR_TOOLING_JAR has no CensusBenchmark; rebuilding ..." >&2
  (cd "$REMEDIATOR_HOME" && mvn -B -q -DskipTests package) >&2
fi
JAVA="$(java_cmd)"

STARTED=0
finish() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$STARTED" = 1 ]; then
    if [ "$rc" = 0 ]; then
      echo "bench-census: stopping and deleting the benchmark cluster in $DIR" >&2
      "${CLUSTER[@]}" clean >&2 || "${CLUSTER[@]}" stop >&2 || true
    else
      echo "bench-census: failed (exit $rc); stopping the benchmark cluster, logs kept in $DIR/node-*/broker.log" >&2
      "${CLUSTER[@]}" stop >&2 || true
    fi
  fi
  echo "bench-census: total wall time $(( $(date +%s) - BENCH_START ))s" >&2
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A cluster left in our own directory by an interrupted run is ours: remove it first.
if [ -f "$DIR/cluster.json" ]; then
  echo "bench-census: removing the previous benchmark cluster in $DIR" >&2
  "${CLUSTER[@]}" clean >&2
fi

echo "== Kafka Remediator census benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(git -C "$REMEDIATOR_HOME" rev-parse --short HEAD 2>/dev/null || echo '?') =="
echo "cluster: $BROKERS brokers (local-cluster.sh defaults: 384 MB heap each) in $DIR"
STARTED=1
t=$(now)
"${CLUSTER[@]}" start --brokers "$BROKERS" --base-port "$BASE_PORT" >&2
BOOTSTRAP=$("${CLUSTER[@]}" status | sed -n 's/^bootstrap servers: *//p')
[ -n "$BOOTSTRAP" ] || { echo "bench-census: no bootstrap servers in the cluster status" >&2; exit 1; }
CLASSPATH_FILE="$DIR/broker.classpath"
grep -q 'kafka-tools-' "$CLASSPATH_FILE" || { echo "bench-census: kafka-tools is not on $CLASSPATH_FILE" >&2; exit 1; }
echo "started in $(since "$t")s; bootstrap servers $BOOTSTRAP"

echo "fill: $TOPICS topics x $PARTITIONS_PER_TOPIC partitions, replication factor $RF, $PRODUCERS new idempotent producers per topic"
echo "      (scripts/incident-app.sh --every-partition, $THREADS threads): expecting $((PRODUCERS * TOTAL)) producer-state entries"
TOPIC_LIST=""
FILL_OK=1
t=$(now)
for i in $(seq 1 "$TOPICS"); do
  topic="bench-census-$i"
  TOPIC_LIST="${TOPIC_LIST:+$TOPIC_LIST,}$topic"
  t1=$(now)
  # The producers' retries right after the topic is created (NOT_LEADER_OR_FOLLOWER) go to the fill log.
  if ! summary=$("$REMEDIATOR_HOME/scripts/incident-app.sh" --bootstrap-servers "$BOOTSTRAP" --topic "$topic" \
      --partitions "$PARTITIONS_PER_TOPIC" --replication-factor "$RF" --records "$PRODUCERS" --threads "$THREADS" \
      --every-partition --quiet 2>>"$DIR/fill.log"); then
    FILL_OK=0
    tail -n 5 "$DIR/fill.log" >&2
  fi
  echo "  $topic: $summary ($(since "$t1")s with the JVM start)"
done
echo "fill done in $(since "$t")s"
EXPECTED=()
[ "$FILL_OK" = 1 ] && EXPECTED=(--expected-entries "$((PRODUCERS * TOTAL))")
[ "$FILL_OK" = 1 ] || echo "WARNING: some producers failed; the entry count will be below $((PRODUCERS * TOTAL))"

echo
# kafka-tools and its dependencies next to the tooling jar (which already has the remediator,
# kafka-clients and an SLF4J binding: the broker's slf4j-simple is left out of this JVM, kept for the tool JVMs).
BENCH_CP="$REMEDIATOR_TOOLING_JAR:$(tr ':' '\n' <"$CLASSPATH_FILE" | grep -v '/slf4j-simple-[^/]*\.jar$' | paste -sd: -)"
t=$(now)
"$JAVA" -Xmx512m -cp "$BENCH_CP" dev.kafkaremediator.bench.CensusBenchmark \
  --bootstrap-servers "$BOOTSTRAP" --topics "$TOPIC_LIST" --sizes "$SIZES" --runs "$RUNS" \
  --jvm-sample "$JVM_SAMPLE" --fresh-admin-sample "$FRESH_ADMIN_SAMPLE" --tool-classpath "$(cat "$CLASSPATH_FILE")" \
  ${EXPECTED[@]+"${EXPECTED[@]}"} ${EXTRA[@]+"${EXTRA[@]}"}
echo
echo "measurements took $(since "$t")s; figures on a shared machine are noisy (other JVMs compete for the same cores)"
