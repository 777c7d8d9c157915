package dev.kafkaremediator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version from the jar manifest, and the Kafka client it was built with. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = RemediatorCli.class.getPackage().getImplementationVersion();
        return new String[] {
            "kafka-remediator " + (version == null ? "(development build)" : version),
            "kafka-clients " + kafkaClientVersion() + ", Java " + System.getProperty("java.version")
        };
    }

    /** kafka-clients ships its version as a resource; its parser class is internal API since 4.x. */
    private static String kafkaClientVersion() {
        try (InputStream in = org.apache.kafka.clients.admin.Admin.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
