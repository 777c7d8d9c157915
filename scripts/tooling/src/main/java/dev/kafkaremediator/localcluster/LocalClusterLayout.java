package dev.kafkaremediator.localcluster;

import java.nio.file.Path;

/** Where the local cluster keeps everything: one directory, one sub-directory per node. */
public record LocalClusterLayout(Path dir) {

    public LocalClusterLayout {
        dir = dir.toAbsolutePath().normalize();
    }

    public Path stateFile() {
        return dir.resolve("cluster.json");
    }

    public Path lockFile() {
        return dir.resolve(".lock");
    }

    public Path classpathFile() {
        return dir.resolve("broker.classpath");
    }

    public Path remediatorConf() {
        return dir.resolve("remediator.conf");
    }

    /**
     * A broker's JMX users and passwords ({@code --jmx-auth}), readable by its owner only, as the JDK's
     * JMX agent requires. One per broker: the agent rewrites the file with hashed passwords at the first
     * login, and brokers sharing one file read it half-written, failing logins at random.
     */
    public Path jmxPasswordFile(int id) {
        return nodeDir(id).resolve("jmx.password");
    }

    /** JMX users' access levels ({@code --jmx-auth}). */
    public Path jmxAccessFile() {
        return dir.resolve("jmx.access");
    }

    public Path nodeDir(int id) {
        return dir.resolve("node-" + id);
    }

    public Path serverProperties(int id) {
        return nodeDir(id).resolve("server.properties");
    }

    public Path dataDir(int id) {
        return nodeDir(id).resolve("data");
    }

    public Path brokerLog(int id) {
        return nodeDir(id).resolve("broker.log");
    }
}
