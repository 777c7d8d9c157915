#!/usr/bin/env bash
# The incident, replayed and remediated, end to end, in about three minutes:
#   1. a real 3-broker KRaft cluster on this machine (scripts/local-cluster.sh),
#   2. the remediator daemon watching it (demo-scaled producer-id-leak policy, dry-run off),
#   3. the incident's application: a new idempotent producer per record, on a topic kept forever,
#   4. the finding with its forecast and the guilty topic, a class histogram, heap dumps, and the
#      cure (expire-producers) with its verified effect: producer ids falling on every broker,
#   5. the audit trail; then everything is stopped.
# Exits 0 when the remediation happened and was verified, 1 otherwise. Everything lives under
# target/demo (cluster data and logs, heap dumps, the daemon's state and log).
#   --cure trim-roll   the seed incident's own cure instead, for when expiry cannot help: the guilty
#                      topic trimmed to its end, then the brokers holding it restarted one at a time.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CURE=expire
while [ $# -gt 0 ]; do
  case "$1" in
    --cure) CURE="${2:-}"; shift 2 ;;
    --cure=*) CURE="${1#--cure=}"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown argument '$1' (expected --cure expire|trim-roll)" >&2; exit 2 ;;
  esac
done
case "$CURE" in
  expire) POLICIES="$REMEDIATOR_HOME/scripts/demo/policies"; ACTED='"event":"effect".*ProducerIdCount'
    CURED='"event":"effect".*"outcome":"effective".*ProducerIdCount' ;;
  trim-roll) POLICIES="$REMEDIATOR_HOME/scripts/demo/policies-trim-roll"; ACTED='"event":"effect".*producer state of \[clickstream-events\]'
    CURED='"event":"effect".*"outcome":"effective".*producer state of \[clickstream-events\] is gone' ;;
  *) echo "demo.sh: --cure expects expire or trim-roll, got '$CURE'" >&2; exit 2 ;;
esac

DEMO_DIR="${DEMO_DIR:-$REMEDIATOR_HOME/target/demo}"
CLUSTER_DIR="$DEMO_DIR/cluster"
STATE_DIR="$DEMO_DIR/state"
CONF="$DEMO_DIR/remediator.conf"
DAEMON_LOG="$DEMO_DIR/daemon.log"
TIMEOUT_SECONDS="${DEMO_TIMEOUT_SECONDS:-300}"
REMEDIATOR="$REMEDIATOR_HOME/scripts/remediator"
CLUSTER="$REMEDIATOR_HOME/scripts/local-cluster.sh"
export REMEDIATOR_JAR REMEDIATOR_TOOLING_JAR

# The story as the daemon tells it: observations, the finding, each action and its effect. Lines are
# printed from the logs as they grow, in order, from this shell (no background pipeline to lose them).
declare -A shown=()
show_new() { # FILE PREFIX [FILTER]
  local file="$1" prefix="$2" total from
  [ -f "$file" ] || return 0
  total=$(wc -l < "$file")
  from=$(( ${shown[$file]:-0} + 1 ))
  [ "$total" -ge "$from" ] || return 0
  shown[$file]=$total
  if [ "$prefix" = "daemon" ]; then
    sed -n "${from},${total}p" "$file" \
      | grep -E "started:|observed:|finding (opened|resolved)|-> (done|dry_run|refused|failed)|plan step|SIGTERM" \
      | awk -v seen="${plan_shown:-0}" '/finding opened/ { opened++ } /plan step/ && (opened > 1 || seen) { next } { print }' \
      | sed -E 's/^[^ ]+ +(INFO|WARN|ERROR) +\[[^]]*\] +[^ ]+ - /   daemon: /; s/cluster=local //' || true
    grep -q "plan step" "$file" && plan_shown=1
  else
    # The app reports every second; every fifth report (and its first and last lines) tell the story.
    sed -n "${from},${total}p" "$file" | grep -vE "producers/s$" | sed "s/^/   $prefix: /" || true
    sed -n "${from},${total}p" "$file" | grep -E "producers created, .* producers/s$" | awk 'NR % 5 == 0' | sed "s/^/   $prefix: /" || true
  fi
  return 0
}

bold() { if [ -t 1 ]; then printf '\n\033[1m== %s\033[0m\n' "$*"; else printf '\n== %s\n' "$*"; fi; }
say() { printf '   %s\n' "$*"; }

daemon_pid=""
app_pid=""
cleanup() {
  local status=$?
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  "$CLUSTER" --dir "$CLUSTER_DIR" stop >/dev/null 2>&1 || true
  exit $status
}
trap cleanup EXIT INT TERM

ensure_jar
ensure_tooling_jar
"$CLUSTER" --dir "$CLUSTER_DIR" clean >/dev/null 2>&1 || true
rm -rf "$STATE_DIR" "$DEMO_DIR/heap-dumps" "$DAEMON_LOG"
mkdir -p "$DEMO_DIR"

bold "1. A real Kafka cluster: 3 broker JVMs (KRaft, Kafka from Maven Central) on 127.0.0.1"
"$CLUSTER" --dir "$CLUSTER_DIR" start --brokers 3 --base-port 0 | sed 's/^/   /'
BOOTSTRAP=$(sed -n 's/^bootstrap servers: //p' < <("$CLUSTER" --dir "$CLUSTER_DIR" status))

cat > "$CONF" <<CONF
# The demo's configuration: the local cluster's own, with the demo policy, dry-run off, fast cadence.
include file("$CLUSTER_DIR/remediator.conf")
remediator {
  state-dir = "$STATE_DIR"
  policy-dir = "$POLICIES"
  dry-run = false
  clusters.local.restart-command = ["$CLUSTER", "--dir", "$CLUSTER_DIR", "restart", "{id}"]
  clusters.local.roll { check-interval = 1s, stable-checks = 1 }
  observe-interval = 5s
  history.min-interval = 1s
  clusters.local.heap-dump-dir = "$DEMO_DIR/heap-dumps"
}
CONF
mkdir -p "$DEMO_DIR/heap-dumps"

bold "2. The policies: the shipped ones validate, and the demo runs a time-lapse copy of producer-id-leak"
"$REMEDIATOR" validate "$REMEDIATOR_HOME/policies" | sed 's/^/   /'
"$REMEDIATOR" validate --config "$CONF" | sed 's/^/   /'

bold "3. The remediator daemon starts watching (observes every 5 s; log: $DAEMON_LOG)"
"$REMEDIATOR" run --config "$CONF" > "$DAEMON_LOG" 2>&1 &
daemon_pid=$!

bold "4. The incident: an application creating a new idempotent producer for every record, on a topic kept forever"
say "600 producers, each writing one record to each of 6 partitions, replication factor 3: 3,600 producer-state entries on every broker"
"$REMEDIATOR_HOME/scripts/incident-app.sh" --bootstrap-servers "$BOOTSTRAP" --topic clickstream-events --partitions 6 \
  --records 600 --every-partition --rate 15 --threads 4 > "$DEMO_DIR/app.log" 2>&1 &
app_pid=$!
while kill -0 "$app_pid" 2>/dev/null; do
  show_new "$DEMO_DIR/app.log" app
  show_new "$DAEMON_LOG" daemon
  sleep 1
done
wait "$app_pid" || { show_new "$DEMO_DIR/app.log" app; echo "demo FAILED: the incident app failed" >&2; exit 1; }
app_pid=""
show_new "$DEMO_DIR/app.log" app

if [ "$CURE" = trim-roll ]; then
  bold "5. The remediator finds it, diagnoses it and cures it by trim + roll (expiry off): the guilty topic trimmed to its end, its brokers restarted"
else
  bold "5. The remediator finds it, diagnoses it and cures it (waiting for the verified effect)"
fi
deadline=$((SECONDS + TIMEOUT_SECONDS))
audit="$STATE_DIR/audit/audit.jsonl"
until [ -f "$audit" ] && grep -qE "$ACTED|\"event\":\"halted\"" "$audit"; do
  if [ $SECONDS -ge $deadline ]; then
    echo "demo FAILED: no verified cure ($CURE) within ${TIMEOUT_SECONDS}s; see $DAEMON_LOG and $audit" >&2
    exit 1
  fi
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    echo "demo FAILED: the daemon exited; see $DAEMON_LOG" >&2
    exit 1
  fi
  show_new "$DAEMON_LOG" daemon
  sleep 1
done
until grep -q "finding resolved" "$DAEMON_LOG" || [ $SECONDS -ge $deadline ]; do show_new "$DAEMON_LOG" daemon; sleep 1; done
show_new "$DAEMON_LOG" daemon

bold "6. What the brokers hold now"
"$REMEDIATOR" status --config "$CONF" --top 3 | sed 's/^/   /'

bold "7. The audit trail (every decision and action, $audit)"
"$REMEDIATOR" audit --config "$CONF" --since 1h | grep -E " (opened|plan|refused|dry-run|end|effect|halted|roll-broker|notify-[a-z]+) " \
  | cut -c1-220 | sed 's/^/   /'
ls -la "$DEMO_DIR/heap-dumps" | sed 's/^/   /'

if grep -qE "$CURED" "$audit"; then
  bold "Done: the leak was found, diagnosed and cured, and the cure was verified. Stopping everything."
  exit 0
fi
echo "demo FAILED: the cure ($CURE) ran but was not effective; see $audit" >&2
exit 1
