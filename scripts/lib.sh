# Shared by the scripts: where the project is, and the runnable jar (built when missing).
# shellcheck shell=bash

REMEDIATOR_HOME="${REMEDIATOR_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
REMEDIATOR_JAR="${REMEDIATOR_JAR:-$REMEDIATOR_HOME/daemon/target/kafka-remediator.jar}"

ensure_jar() {
  if [ ! -f "$REMEDIATOR_JAR" ]; then
    echo "building $REMEDIATOR_JAR (first use) ..." >&2
    (cd "$REMEDIATOR_HOME" && mvn -B -q -DskipTests package) >&2 || {
      echo "build failed; run 'mvn -B package' in $REMEDIATOR_HOME to see why" >&2
      exit 2
    }
  fi
}

java_cmd() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# Runs a main class from the jar with the project home known to it.
# REMEDIATOR_LOG_FORMAT=json: one JSON object per log line (for log shippers).
run_main() {
  local main="$1"; shift
  ensure_jar
  local log_opts=()
  if [ "${REMEDIATOR_LOG_FORMAT:-text}" = "json" ]; then log_opts=(-Dlogback.configurationFile=logback-json.xml); fi
  exec "$(java_cmd)" ${REMEDIATOR_JAVA_OPTS:-} "${log_opts[@]}" -Dremediator.home="$REMEDIATOR_HOME" -cp "$REMEDIATOR_JAR" "$main" "$@"
}
