#!/usr/bin/env bash
# Benchmark: a rolling restart by the remediator against the brokers' own restart times.
#
# Starts its own local 3-broker KRaft cluster (in target/bench-roll-cluster, free ports), creates a
# topic (6 partitions, replication factor 3, min.insync.replicas=2) and keeps a steady acks=all,
# idempotent load on it for the whole run (dev.kafkaremediator.bench.AcksAllLoad, 200 records/s).
#   - Baseline: restarts each broker on its own with `local-cluster.sh --dir DIR restart ID` and
#     times from the command's start until every partition of the cluster has ISR == replicas
#     (dev.kafkaremediator.bench.RestartBaseline, polling every 200 ms; an untimed preferred leader
#     election after each broker, as the roll does).
#   - Roll: `scripts/remediator roll --cluster local --yes` (dry-run off, check-interval 1s,
#     stable-checks 1), timed wall clock from the command's start to its exit, and each broker's
#     RESTARTING -> DONE time taken from the audit log.
# Prints the per-broker figures, total roll / sum of the baseline times against the aim (<= 1.15:
# the remediator's waits add little beyond the brokers' own restarts), and the load's acked, failed
# and lost records (whole run, and sent during the roll). Stops the load and the cluster on exit
# (by PID), failed or not. Not a test: nothing in the build runs it. About 2-4 minutes on 2 cores.
# Exit 0 when measured (an aim missed is reported as MISSED, not an error), non-zero on an error.
#
#   scripts/bench-roll.sh [--rate 200] [--partitions 6] [--brokers 3] [--base-port 0] [--dir DIR]
#                         [--warmup 5] [--aim 1.15] [--check-interval 1s] [--stable-checks 1] [--keep]
# --keep: stop the cluster but keep its directory (logs, audit) instead of deleting it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="${BENCH_ROLL_DIR:-$REMEDIATOR_HOME/target/bench-roll-cluster}"
RATE=200
PARTITIONS=6
BROKERS=3
BASE_PORT=0
WARMUP=5
AIM=1.15
CHECK_INTERVAL=1s
STABLE_CHECKS=1
TOPIC=bench-roll
KEEP=0

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --brokers) BROKERS="$2"; shift 2 ;;
    --base-port) BASE_PORT="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --aim) AIM="$2"; shift 2 ;;
    --check-interval) CHECK_INTERVAL="$2"; shift 2 ;;
    --stable-checks) STABLE_CHECKS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench-roll: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$BROKERS" -ge 3 ] || { echo "bench-roll: --brokers must be at least 3 (replication factor 3, min ISR 2)" >&2; exit 2; }
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac

CLUSTER=("$REMEDIATOR_HOME/scripts/local-cluster.sh" --dir "$DIR")
REMEDIATOR="$REMEDIATOR_HOME/scripts/remediator"
BENCH_START=$(date +%s)
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# The bench classes must be in the tooling jar: an older jar without them is rebuilt.
ensure_tooling_jar
if ! grep -qa 'dev/kafkaremediator/bench/AcksAllLoad.class' "$REMEDIATOR_TOOLING_JAR" \
    || ! grep -qa 'dev/kafkaremediator/bench/RestartBaseline.class' "$REMEDIATOR_TOOLING_JAR"; then
  echo "bench-roll: $REMEDIATOR_TOOLING_JAR lacks the bench-roll classes; rebuilding ..." >&2
  (cd "$REMEDIATOR_HOME" && mvn -B -q -DskipTests package) >&2
fi
JAVA="$(java_cmd)"

STARTED=0
LOAD_PID=""
STOP_FILE="$DIR/load.stop"
# Stops the load (stop file, then SIGTERM, then SIGKILL, by PID), then the cluster (by PID, through local-cluster.sh).
stop_load() {
  [ -n "$LOAD_PID" ] || return 0
  touch "$STOP_FILE" 2>/dev/null || true
  local i
  for i in $(seq 1 "${1:-300}"); do   # tenths of a second: the load flushes and reads the topic back first
    kill -0 "$LOAD_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$LOAD_PID" 2>/dev/null; then
    echo "bench-roll: the load (pid $LOAD_PID) did not stop; sending SIGTERM" >&2
    kill -TERM "$LOAD_PID" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$LOAD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$LOAD_PID" 2>/dev/null && kill -KILL "$LOAD_PID" 2>/dev/null || true
  fi
  wait "$LOAD_PID" 2>/dev/null || true
  LOAD_PID=""
}
finish() {
  local rc=$?
  trap - EXIT INT TERM
  stop_load 50
  if [ "$STARTED" = 1 ]; then
    if [ "$rc" = 0 ] && [ "$KEEP" = 0 ]; then
      echo "bench-roll: stopping and deleting the benchmark cluster in $DIR (figures kept in $(dirname "$DIR")/bench-roll-last.txt)" >&2
      "${CLUSTER[@]}" clean >&2 || "${CLUSTER[@]}" stop >&2 || true
    else
      [ "$rc" = 0 ] || echo "bench-roll: failed (exit $rc)" >&2
      echo "bench-roll: stopping the benchmark cluster; logs kept in $DIR (node-*/broker.log, load.log, roll.log)" >&2
      "${CLUSTER[@]}" stop >&2 || true
    fi
  fi
  echo "bench-roll: total wall time $(( $(date +%s) - BENCH_START ))s" >&2
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() { echo "bench-roll: $*" >&2; exit 1; }

# A cluster left in our own directory by an interrupted run is ours: remove it first.
if [ -f "$DIR/cluster.json" ]; then
  echo "bench-roll: removing the previous benchmark cluster in $DIR" >&2
  "${CLUSTER[@]}" clean >&2
fi

REPORT="$(mktemp)"
say() { echo "$*" | tee -a "$REPORT"; }
say "== Kafka Remediator rolling-restart benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(git -C "$REMEDIATOR_HOME" rev-parse --short HEAD 2>/dev/null || echo '?') =="
say "cluster: $BROKERS brokers (local-cluster.sh defaults: 384 MB heap each) in $DIR"
STARTED=1
t=$(now)
"${CLUSTER[@]}" start --brokers "$BROKERS" --base-port "$BASE_PORT" >&2
BOOTSTRAP=$("${CLUSTER[@]}" status | sed -n 's/^bootstrap servers: *//p')
[ -n "$BOOTSTRAP" ] || fail "no bootstrap servers in the cluster status"
[ -f "$DIR/remediator.conf" ] || fail "no $DIR/remediator.conf written by local-cluster.sh"
say "started in $(since "$t")s; bootstrap servers $BOOTSTRAP"

# --- the load, for the whole run --------------------------------------------------------------
rm -f "$STOP_FILE"
LOAD_OUT="$DIR/load.out"
LOAD_LOG="$DIR/load.log"
"$JAVA" -Xmx256m -cp "$REMEDIATOR_TOOLING_JAR" dev.kafkaremediator.bench.AcksAllLoad --bootstrap-servers "$BOOTSTRAP" \
  --topic "$TOPIC" --create-topic --partitions "$PARTITIONS" --replication-factor 3 --min-insync-replicas 2 \
  --rate "$RATE" --stop-file "$STOP_FILE" >"$LOAD_OUT" 2>"$LOAD_LOG" </dev/null &
LOAD_PID=$!
for _ in $(seq 1 600); do
  grep -q '^READY' "$LOAD_OUT" 2>/dev/null && break
  kill -0 "$LOAD_PID" 2>/dev/null || { tail -n 20 "$LOAD_LOG" >&2; fail "the load exited before its first acknowledged record"; }
  sleep 0.1
done
grep -q '^READY' "$LOAD_OUT" || { tail -n 20 "$LOAD_LOG" >&2; fail "no record acknowledged within 60 s"; }
say "load: topic $TOPIC ($PARTITIONS partitions, replication factor 3, min.insync.replicas=2), acks=all, idempotent, $RATE records/s (pid $LOAD_PID)"
sleep "$WARMUP"

# --- baseline: each broker restarted on its own --------------------------------------------------
IDS=$(seq -s, 1 "$BROKERS")
say ""
say "baseline: local-cluster.sh restart of each broker on its own ($IDS), timed from the command's start until ISR == replicas everywhere"
t=$(now)
BASELINE_OUT="$DIR/baseline.out"
"$JAVA" -Xmx128m -cp "$REMEDIATOR_TOOLING_JAR" dev.kafkaremediator.bench.RestartBaseline --bootstrap-servers "$BOOTSTRAP" \
  --brokers "$IDS" --command-log "$DIR/baseline-restarts.log" -- "${CLUSTER[@]}" restart '{id}' >"$BASELINE_OUT" \
  || { cat "$BASELINE_OUT" >&2; tail -n 20 "$DIR/baseline-restarts.log" >&2 || true; fail "the baseline restarts failed"; }
declare -A BASE BASE_CMD
SUM=0
for id in $(seq 1 "$BROKERS"); do
  line=$(grep "^BASELINE broker=$id " "$BASELINE_OUT") || fail "no baseline figure for broker $id"
  BASE[$id]=$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$line")
  BASE_CMD[$id]=$(sed -n 's/.* command-seconds=\([0-9.]*\).*/\1/p' <<<"$line")
  SUM=$(awk -v a="$SUM" -v b="${BASE[$id]}" 'BEGIN { printf "%.3f", a + b }')
done
say "baseline done in $(since "$t")s"

# --- the roll -------------------------------------------------------------------------------------
ROLL_STATE="$DIR/roll-state-$(date +%s)"
CONF="$DIR/bench-roll.conf"
cat >"$CONF" <<EOF
# Written by scripts/bench-roll.sh: the local cluster's own configuration, acting for real.
include file("$DIR/remediator.conf")
remediator {
  state-dir = "$ROLL_STATE"
  dry-run = false
  clusters.local.roll { check-interval = $CHECK_INTERVAL, stable-checks = $STABLE_CHECKS }
}
EOF
say ""
say "roll: scripts/remediator roll --cluster local (dry-run off, check-interval $CHECK_INTERVAL, stable-checks $STABLE_CHECKS), config $CONF"
ROLL_LOG="$DIR/roll.log"
ROLL_T0=$(now)
ROLL_START_MS=$(date +%s%3N)
set +e
"$REMEDIATOR" roll --config "$CONF" --cluster local --reason bench --yes >"$ROLL_LOG" 2>&1
ROLL_RC=$?
set -e
ROLL_END_MS=$(date +%s%3N)
TOTAL=$(awk -v a="$ROLL_T0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
if [ "$ROLL_RC" != 0 ]; then
  tail -n 30 "$ROLL_LOG" >&2
  fail "the roll exited $ROLL_RC (log: $ROLL_LOG)"
fi

# Each broker's time within the roll, from the audit: CHECKING -> RESTARTING -> ... -> DONE.
AUDIT="$DIR/roll-audit.jsonl"
"$REMEDIATOR" audit --config "$CONF" --json --since 1h >"$AUDIT" 2>>"$ROLL_LOG" || fail "cannot read the audit log (see $ROLL_LOG)"
declare -A CHECKING RESTARTING DONE ROLL_CMD
ORDER=""
epoch() { date -d "$1" +%s.%N; }
while IFS= read -r rec; do
  if grep -q '"event":"roll-command"' <<<"$rec"; then
    b=$(grep -o '"broker":[0-9]*' <<<"$rec" | head -n1 | cut -d: -f2 || true)
    ms=$(grep -o '"durationMs":[0-9]*' <<<"$rec" | head -n1 | cut -d: -f2 || true)
    [ -n "$b" ] && [ -n "$ms" ] && ROLL_CMD[$b]=$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')
    continue
  fi
  grep -q '"event":"roll-broker"' <<<"$rec" || continue
  b=$(grep -o '"broker":[0-9]*' <<<"$rec" | head -n1 | cut -d: -f2 || true)
  s=$(grep -o '"state":"[A-Z_]*"' <<<"$rec" | head -n1 | cut -d'"' -f4 || true)
  ts=$(grep -o '"time":"[^"]*"' <<<"$rec" | head -n1 | cut -d'"' -f4 || true)
  [ -n "$b" ] && [ -n "$s" ] && [ -n "$ts" ] || continue
  case "$s" in
    CHECKING) CHECKING[$b]=$(epoch "$ts"); ORDER="$ORDER $b" ;;
    RESTARTING) RESTARTING[$b]=$(epoch "$ts") ;;
    DONE) DONE[$b]=$(epoch "$ts") ;;
    FAILED) fail "the audit says broker $b FAILED in the roll" ;;
  esac
done <"$AUDIT"

# --- the load's figures ---------------------------------------------------------------------------
stop_load 1500
RESULT=$(grep '^RESULT ' "$LOAD_OUT" | tail -n 1) || { tail -n 20 "$LOAD_LOG" >&2; fail "the load printed no RESULT"; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$RESULT"; }
ACKED=$(field acked); FAILED=$(field failed); LOST=$(field lost); DUPS=$(field duplicates); SENT=$(field sent)
UNANSWERED=$(field unanswered); LOAD_RATE=$(field rate); LOAD_SECONDS=$(field seconds)
[ "$LOST" != "?" ] || fail "the load could not read the topic back (see $LOAD_LOG)"
in_roll() { awk -v from="$ROLL_START_MS" -v to="$ROLL_END_MS" -v kind="$1" \
  '$1 == kind { split($3, a, "="); if (a[2] >= from && a[2] <= to) n++ } END { print n + 0 }' "$LOAD_OUT"; }
FAILED_ROLL=$(in_roll FAILED)
LOST_ROLL=$(in_roll LOST)

# --- the report -----------------------------------------------------------------------------------
RATIO=$(awk -v t="$TOTAL" -v s="$SUM" 'BEGIN { printf "%.3f", t / s }')
MET=$(awk -v r="$RATIO" -v a="$AIM" 'BEGIN { print (r <= a) ? "MET" : "MISSED" }')
secs() { if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; else echo "?"; fi; }
say ""
say "roll order:$ORDER (the active controller last)"
say "$(printf '%-7s %22s %10s %19s %10s %18s %10s' BROKER 'BASELINE restart->ISR' '(command)' 'ROLL restart->DONE' '(command)' 'ROLL checks->DONE' 'ROLL/BASE')"
IN_BROKERS=0
for id in $(seq 1 "$BROKERS"); do
  r=$(secs "${RESTARTING[$id]:-}" "${DONE[$id]:-}")
  c=$(secs "${CHECKING[$id]:-}" "${DONE[$id]:-}")
  rcmd=$(awk -v m="${ROLL_CMD[$id]:-}" 'BEGIN { if (m == "") print "?"; else printf "%.1f", m }')
  rb=$(awk -v r="$c" -v b="${BASE[$id]}" 'BEGIN { if (r == "?") print "?"; else printf "%.2f", r / b }')
  IN_BROKERS=$(awk -v a="$IN_BROKERS" -v c="$c" 'BEGIN { if (c == "?") print a; else printf "%.3f", a + c }')
  say "$(printf '%-7s %21.1fs %9.1fs %18ss %9ss %17ss %10s' "$id" "${BASE[$id]}" "${BASE_CMD[$id]}" "$r" "$rcmd" "$c" "$rb")"
done
say "(command): the restart command alone (local-cluster.sh restart: SIGTERM, exit, start, registered); checks->DONE adds the can-roll checks"
say ""
say "$(printf '%-52s %8.1fs' 'total roll (remediator roll, wall clock incl. its JVM)' "$TOTAL")"
say "$(printf '%-52s %8.1fs' '  of which outside the brokers (JVM, config, plan)' "$(awk -v t="$TOTAL" -v b="$IN_BROKERS" 'BEGIN { printf "%.3f", t - b }')")"
say "$(printf '%-52s %8.1fs' 'sum of the baseline per-broker restart->in-sync' "$SUM")"
say "$(printf '%-52s %9s   aim <= %s: %s' 'ratio total / sum' "$RATIO" "$AIM" "$MET")"
say ""
say "load ($LOAD_SECONDS s at $LOAD_RATE records/s, acks=all, idempotent; baseline restarts and roll included):"
say "  sent $SENT, acknowledged $ACKED, failed (produce errors) $FAILED, unanswered $UNANSWERED, lost (acknowledged, not in the topic) $LOST, duplicates $DUPS"
say "  sent during the roll: failed $FAILED_ROLL, lost $LOST_ROLL"
say ""
say "machine: $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg); figures on a shared machine are noisy (other JVMs compete for the same cores)"
say "logs: $DIR (load.log, load.out, baseline.out, baseline-restarts.log, roll.log, roll-audit.jsonl; deleted with the cluster on success unless --keep)"
cp "$REPORT" "$(dirname "$DIR")/bench-roll-last.txt" 2>/dev/null || true
rm -f "$REPORT"
