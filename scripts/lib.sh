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

# JVM options of the daemon (`remediator run`, which systemd runs): a long-running monitor gets a
# bounded footprint. Measured with scripts/bench-incident.sh at 500,000 producer-state entries per
# broker (README "The daemon's memory"): the JVM's defaults (G1, a quarter of the host's RAM as
# heap) let it grow to ~700 MB RSS for a live set of ~11 MB.
#   -Xms16m                        start small and grow as needed (the JVM's initial heap is 1/64 of the host's RAM,
#                                  capped at -Xmx, touched by the first collections): ~30 MB less on a small cluster
#   -Xmx48m                        the heap cap, most of the saving (also caps direct memory: MaxDirectMemorySize
#                                  defaults to it). Enough for one cluster at the incident's scale with the default
#                                  census.batch-size of 100 partitions: ~11 MB live after a full GC plus one batch's
#                                  answer (~20 MB for 100 partitions x 2,000 producers) while it is read; ~64 MB
#                                  cost ~15 MB more RSS. More clusters of that size observed at once: raise it
#                                  (REMEDIATOR_JAVA_OPTS=-Xmx96m)
#   -XX:+UseSerialGC               one GC thread, no G1 regions and remembered sets: the smallest footprint for a small heap
#   -XX:TieredStopAtLevel=1        C1 only: no C2 compiler threads, arenas and code (~20 MB RSS less, snapshot time unchanged)
#   -XX:MaxMetaspaceSize=96m       a bound, not a saving (~32 MB used): a class-loading leak ends in an OOM, not a host full
#   -XX:+ExitOnOutOfMemoryError    an OOM exits (systemd's Restart=on-failure brings it back) instead of leaving a
#                                  Quartz thread dead and the daemon half alive
# The on-call commands (status, check, roll ...) are short-lived and keep the JVM's defaults.
# A variable, not the environment: REMEDIATOR_JAVA_OPTS is the one interface (below).
DAEMON_JAVA_DEFAULTS="-Xms16m -Xmx48m -XX:MaxMetaspaceSize=96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"

# The JVM options for a command line of the remediator, one per line: the daemon's defaults when
# the subcommand is `run`, then $REMEDIATOR_JAVA_OPTS. The JVM takes the last of a repeated option,
# so REMEDIATOR_JAVA_OPTS=-Xmx256m changes the heap alone; a collector chosen there
# (-XX:+UseG1GC ...) replaces ours (the JVM refuses two). Words are split, never globbed.
remediator_java_opts() {
  local defaults=() user=() a
  read -r -a user <<<"${REMEDIATOR_JAVA_OPTS:-}"
  for a in "$@"; do
    case "$a" in
      -*) ;;
      run) read -r -a defaults <<<"$DAEMON_JAVA_DEFAULTS"; break ;;
      *) break ;;
    esac
  done
  local picks_gc=0
  for a in ${user[@]+"${user[@]}"}; do [[ "$a" =~ ^-XX:\+Use[A-Za-z0-9]+GC$ ]] && picks_gc=1; done
  for a in ${defaults[@]+"${defaults[@]}"}; do
    [ "$picks_gc" = 1 ] && [[ "$a" =~ ^-XX:\+Use[A-Za-z0-9]+GC$ ]] && continue
    printf '%s\n' "$a"
  done
  for a in ${user[@]+"${user[@]}"}; do printf '%s\n' "$a"; done
}

# Runs a main class from JAR with the project home known to it. The JVM options are
# $REMEDIATOR_JAVA_OPTS, or what JAVA_OPTS_LINES (options one per line) says when set.
# REMEDIATOR_LOG_FORMAT=json: one JSON object per log line (for log shippers).
run_main_from() {
  local jar="$1" main="$2"; shift 2
  local log_opts=() java_opts=()
  if [ "${REMEDIATOR_LOG_FORMAT:-text}" = "json" ]; then log_opts=(-Dlogback.configurationFile=logback-json.xml); fi
  if [ -n "${JAVA_OPTS_LINES+set}" ]; then
    mapfile -t java_opts <<<"$JAVA_OPTS_LINES"
  else
    read -r -a java_opts <<<"${REMEDIATOR_JAVA_OPTS:-}"
  fi
  local o=()
  for a in ${java_opts[@]+"${java_opts[@]}"}; do [ -n "$a" ] && o+=("$a"); done
  exec "$(java_cmd)" ${o[@]+"${o[@]}"} "${log_opts[@]}" -Dremediator.home="$REMEDIATOR_HOME" -cp "$jar" "$main" "$@"
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
