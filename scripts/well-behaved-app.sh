#!/usr/bin/env bash
# The incident's application done right: one idempotent producer for the application's life, every record through it.
#   scripts/well-behaved-app.sh --bootstrap-servers 127.0.0.1:19092 --records 10000 [--topic T] [--partitions 6]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_tooling_main dev.kafkaremediator.incident.WellBehavedApp "$@"
