# Shared by the scripts: where the project is, and the runnable jars (built when missing):
# the product's (daemon/target/kafka-remediator.jar) and the tooling's (local cluster, incident
# app, benchmarks: scripts/tooling/target/kafka-remediator-tooling.jar, with the product inside).
# shellcheck shell=bash

REMEDIATOR_HOME="${REMEDIATOR_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
REMEDIATOR_JAR="${REMEDIATOR_JAR:-$REMEDIATOR_HOME/daemon/target/kafka-remediator.jar}"
REMEDIATOR_TOOLING_JAR="${REMEDIATOR_TOOLING_JAR:-$REMEDIATOR_HOME/scripts/tooling/target/kafka-remediator-tooling.jar}"

# Builds both jars when the one given is missing.
ensure_built() {
  local jar="$1"
  if [ ! -f "$jar" ]; then
    echo "building $jar (first use) ..." >&2
    (cd "$REMEDIATOR_HOME" && mvn -B -q -DskipTests package) >&2 || {
      echo "build failed; run 'mvn -B package' in $REMEDIATOR_HOME to see why" >&2
      exit 2
    }
  fi
}

ensure_jar() {
  ensure_built "$REMEDIATOR_JAR"
}

ensure_tooling_jar() {
  ensure_built "$REMEDIATOR_TOOLING_JAR"
}

java_cmd() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# Runs a main class from JAR with the project home known to it.
# REMEDIATOR_LOG_FORMAT=json: one JSON object per log line (for log shippers).
run_main_from() {
  local jar="$1" main="$2"; shift 2
  local log_opts=()
  if [ "${REMEDIATOR_LOG_FORMAT:-text}" = "json" ]; then log_opts=(-Dlogback.configurationFile=logback-json.xml); fi
  exec "$(java_cmd)" ${REMEDIATOR_JAVA_OPTS:-} "${log_opts[@]}" -Dremediator.home="$REMEDIATOR_HOME" -cp "$jar" "$main" "$@"
}

# Runs a main class from the product jar.
run_main() {
  ensure_jar
  run_main_from "$REMEDIATOR_JAR" "$@"
}

# Runs a main class from the tooling jar.
run_tooling_main() {
  ensure_tooling_jar
  run_main_from "$REMEDIATOR_TOOLING_JAR" "$@"
}
