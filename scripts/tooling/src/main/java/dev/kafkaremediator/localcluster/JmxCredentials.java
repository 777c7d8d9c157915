package dev.kafkaremediator.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The one JMX user of a cluster made with {@code --jmx-auth}: the JDK's JMX agent reads it from each
 * broker's own {@code jmx.password} (readable by its owner only, or the broker refuses to start; one
 * per broker, as the agent rewrites it at the first login, see {@link LocalClusterLayout#jmxPasswordFile})
 * and its access level from {@code jmx.access}. Read-write: heap dumps and class histograms are operations.
 */
record JmxCredentials(String user, String password) {
    static final String USER = "remediator";

    static JmxCredentials create(LocalClusterLayout layout, java.util.Collection<Integer> brokerIds) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        JmxCredentials credentials = new JmxCredentials(USER, HexFormat.of().formatHex(random));
        try {
            for (int id : brokerIds) {
                java.nio.file.Path file = layout.jmxPasswordFile(id);
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, credentials.user() + " " + credentials.password() + "\n", StandardCharsets.UTF_8);
            }
            Files.writeString(layout.jmxAccessFile(), credentials.user() + " readwrite\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JMX password file in " + layout.dir(), e);
        }
        return credentials;
    }

    @Override
    public String toString() {
        return "JmxCredentials[user=" + user + ", password=<redacted>]";
    }
}
