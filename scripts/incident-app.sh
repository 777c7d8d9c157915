#!/usr/bin/env bash
# Replays the incident: a new idempotent producer per record on a topic retained forever.
#   scripts/incident-app.sh --bootstrap-servers 127.0.0.1:19092 --records 300 [--threads 4] [--every-partition]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_tooling_main dev.kafkaremediator.incident.IncidentApp "$@"
