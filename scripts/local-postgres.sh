#!/usr/bin/env bash
# A real local PostgreSQL (server binaries from Maven Central, no Docker) on 127.0.0.1, for the
# remediator's state (store = postgres) in tests and the demo.
#   scripts/local-postgres.sh start [--port P] | stop | status | clean
# Binaries, data, log and state (PID, port) live in $LOCAL_POSTGRES_DIR or --dir, default
# target/local-postgres. See --help.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REMEDIATOR_JAVA_OPTS="${REMEDIATOR_JAVA_OPTS:--Xmx128m}"
run_tooling_main dev.kafkaremediator.localpg.LocalPostgresCli "$@"
