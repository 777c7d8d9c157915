#!/usr/bin/env bash
# A real local Kafka cluster: KRaft broker+controller JVMs on 127.0.0.1 from Maven Central jars.
#   scripts/local-cluster.sh start [--brokers N] | stop | status | restart ID | kill ID
#                            | stop-broker ID | start-broker ID | clean
# State (pids, ports, logs, data, remediator.conf) lives in $LOCAL_CLUSTER_DIR,
# default target/local-cluster. See --help.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REMEDIATOR_JAVA_OPTS="${REMEDIATOR_JAVA_OPTS:--Xmx256m}"
run_tooling_main dev.kafkaremediator.localcluster.LocalClusterCli "$@"
