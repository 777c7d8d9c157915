package dev.kafkaremediator.act;

import dev.kafkaremediator.observe.BrokerJmx;
import dev.kafkaremediator.observe.ClusterAdmin;

/**
 * Everything an action reads from, changes, or tells, each behind an interface we own: Admin reads
 * and JMX readings (the observe step's clients), Admin changes and JMX diagnostics, the restart
 * command, the roll journal (with its lock), and the notifiers.
 */
public record ActionClients(ClusterAdmin reads, BrokerJmx jmx, ClusterChanges changes, BrokerDiagnostics diagnostics, BrokerRestarter restarter,
                            RollJournal journal, Notifications notifications) { }
