package dev.kafkaremediator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaremediator.config.JmxSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import org.junit.jupiter.api.Test;

/** #13 point 15: TLS with the host name checked, a warning for credentials in clear, a deserialization filter for JMX. */
class JmxHardeningTest {
    private static JmxSettings settings(boolean ssl, String user) {
        return new JmxSettings(Map.of(), Optional.empty(), OptionalInt.of(9999), Optional.ofNullable(user), Optional.ofNullable(user).map(u -> "s3cret"),
                ssl);
    }

    @Test
    void sslLooksUpTheRegistryOverTlsWithTheHostNameCheckedAndRefusesAPlainStub() {
        Map<String, Object> env = JmxConnection.environment(settings(true, "monitor"));
        assertThat(env.get(JmxConnection.REGISTRY_SOCKET_FACTORY)).isInstanceOf(HostnameVerifyingSslSocketFactory.class);
        assertThat(env.get(JmxConnection.CHECK_STUB)).isEqualTo("true");
        assertThat((String[]) env.get(JMXConnector.CREDENTIALS)).containsExactly("monitor", "s3cret");
    }

    @Test
    void plainJmxHasNoTlsSettings() {
        Map<String, Object> env = JmxConnection.environment(settings(false, null));
        assertThat(env).isEmpty();
    }

    @Test
    void theRegistrySocketChecksTheHostNameAsHttpsDoes() throws IOException {
        // The socket is connected but the handshake not started: what it will check is in its parameters.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = HostnameVerifyingSslSocketFactory.withDefaultTrust().createSocket("127.0.0.1", listener.getLocalPort())) {
            assertThat(((SSLSocket) socket).getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
        // The JDK's own factory (what it used before) checks no host name.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = new SslRMIClientSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
            assertThat(((SSLSocket) socket).getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
        }
    }

    @Test
    void credentialsOverPlainJmxAreWarnedAboutWithoutThePassword() {
        Optional<String> warning = settings(false, "monitor").plainCredentialsWarning("prod");
        assertThat(warning).hasValueSatisfying(w -> assertThat(w).contains("cluster prod", "monitor", "without TLS").doesNotContain("s3cret"));
        assertThat(settings(true, "monitor").plainCredentialsWarning("prod")).isEmpty();
        assertThat(settings(false, null).plainCredentialsWarning("prod")).as("no credentials, nothing to leak").isEmpty();
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /** Reads back through the filter, on this stream only (the process's filter is left alone). */
    private static Object throughFilter(Object o) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(o)))) {
            in.setObjectInputFilter(JmxSerialFilter.filter());
            return in.readObject();
        }
    }

    @Test
    void whatJmxAnswersPassesTheFilter() throws Exception {
        CompositeData heap = (CompositeData) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("java.lang:type=Memory"),
                "HeapMemoryUsage");
        assertThat(throughFilter(heap)).isEqualTo(heap);
        assertThat(throughFilter(new ObjectName("kafka.server:type=ReplicaManager,name=ProducerIdCount"))).isNotNull();
        assertThat(throughFilter(new MBeanException(new IOException("No such file or directory")))).isInstanceOf(MBeanException.class);
        assertThat(throughFilter(new InstanceNotFoundException("kafka.server:type=KafkaServer,name=BrokerState"))).isNotNull();
        assertThat(throughFilter(new SslRMIClientSocketFactory())).as("what an SSL stub carries").isNotNull();
        assertThat(throughFilter("x".repeat(3_000_000))).as("a class histogram of a large heap").isNotNull();
    }

    /** Stands for a gadget: any class the filter does not name. */
    record Gadget(String command) implements Serializable { }

    @Test
    void aClassJmxNeverSendsIsRefusedBeforeItIsBuiltAndTheRefusalNamesItAndTheWayOut() {
        assertThatThrownBy(() -> throughFilter(new Gadget("rm -rf /"))).isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED")
                .cause().isInstanceOf(JmxSerialFilter.Refused.class)
                .hasMessageContaining("class " + Gadget.class.getName() + " refused")
                .hasMessageContaining("-Djdk.serialFilter='" + JmxSerialFilter.LIMITS + ";" + JmxSerialFilter.CLASSES + ";" + Gadget.class.getName() + ";!*'");
        assertThatThrownBy(() -> throughFilter(new ArrayList<>(List.of(new Gadget("nested"))))).isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> throughFilter(new Gadget[] {new Gadget("in an array")})).isInstanceOf(InvalidClassException.class)
                .cause().hasMessageContaining(Gadget.class.getName());
    }

    /** Stands for a gadget that is also a Throwable: a library's exception is not admitted for being one. */
    static final class GadgetException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Gadget payload = new Gadget("x");
    }

    @Test
    void exceptionsAndTheirCausesOfTheJdkAndOfKafkaPassButNotOthers() throws Exception {
        // What a broker's MBean or the RMI transport throws, with causes outside java.lang and java.io.
        Exception chain = new javax.management.RuntimeMBeanException(new java.util.concurrent.CompletionException(
                new java.util.concurrent.TimeoutException("no answer")), "gauge failed");
        assertThat(throughFilter(chain)).isInstanceOf(javax.management.RuntimeMBeanException.class);
        assertThat(throughFilter(new java.rmi.ConnectException("refused", new java.net.ConnectException("Connection refused")))).isNotNull();
        assertThat(throughFilter(new MBeanException(new java.nio.file.NoSuchFileException("/var/dumps/x.hprof")))).isNotNull();
        assertThat(throughFilter(new javax.management.RuntimeMBeanException(new org.apache.kafka.common.errors.TimeoutException("t")))).isNotNull();
        // What a broker's JMX agent answers a wrong password with (JMXPluggableAuthenticator): refused before, so a
        // failed login read as "filter status: REJECTED" (issue 22 point 1, seen on a password file several brokers shared).
        assertThat((Throwable) throughFilter(new SecurityException("Authentication failed! Invalid username or password",
                new javax.security.auth.login.FailedLoginException("Invalid username or password"))))
                .isInstanceOf(SecurityException.class).hasRootCauseInstanceOf(javax.security.auth.login.FailedLoginException.class);
        assertThatThrownBy(() -> throughFilter(new MBeanException(new GadgetException()))).isInstanceOf(InvalidClassException.class)
                .cause().hasMessageContaining(GadgetException.class.getName());
    }

    @Test
    void theOpenTypesValuesPass() throws Exception {
        javax.management.openmbean.CompositeType type = new javax.management.openmbean.CompositeType("t", "t",
                new String[] {"big", "decimal", "date", "name", "longs"}, new String[] {"big", "decimal", "date", "name", "longs"},
                new javax.management.openmbean.OpenType<?>[] {javax.management.openmbean.SimpleType.BIGINTEGER,
                        javax.management.openmbean.SimpleType.BIGDECIMAL, javax.management.openmbean.SimpleType.DATE,
                        javax.management.openmbean.SimpleType.OBJECTNAME,
                        javax.management.openmbean.ArrayType.getPrimitiveArrayType(long[].class)});
        CompositeData data = new javax.management.openmbean.CompositeDataSupport(type, new String[] {"big", "decimal", "date", "name", "longs"},
                new Object[] {java.math.BigInteger.TEN, java.math.BigDecimal.ONE, new java.util.Date(0), new ObjectName("a:b=c"), new long[] {1}});
        assertThat(throughFilter(data)).isEqualTo(data);
        javax.management.openmbean.TabularType tableType = new javax.management.openmbean.TabularType("rows", "rows", type, new String[] {"name"});
        javax.management.openmbean.TabularDataSupport table = new javax.management.openmbean.TabularDataSupport(tableType);
        table.put(data);
        assertThat(throughFilter(table)).isEqualTo(table);
        // GcInfo's memoryUsageAfterGc, as a collector's LastGcInfo carries it.
        for (ObjectName gc : ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null)) {
            Object info = ManagementFactory.getPlatformMBeanServer().getAttribute(gc, "LastGcInfo");
            assertThat(throughFilter(info)).isEqualTo(info);
        }
    }

    @Test
    void anOversizeGraphIsRefused() {
        List<Object> deep = new ArrayList<>();
        List<Object> inner = deep;
        for (int i = 0; i < 200; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }
        assertThatThrownBy(() -> throughFilter(deep)).as("nested 200 deep").isInstanceOf(InvalidClassException.class)
                .cause().hasMessageContaining("over the remediator's limits").hasMessageContaining("jdk.serialFilter");
        assertThatThrownBy(() -> throughFilter(new long[2_000_000])).as("an array of 2 million").isInstanceOf(InvalidClassException.class);
    }

    @Test
    void theFilterIsInstalledOnceAndAnOperatorsOwnWins() {
        List<ObjectInputFilter> installed = new ArrayList<>();
        assertThat(JmxSerialFilter.installUnlessSet(() -> null, installed::add)).contains("installed");
        assertThat(installed).singleElement().satisfies(f -> assertThat(f.toString()).startsWith(JmxSerialFilter.PATTERN));

        ObjectInputFilter operators = ObjectInputFilter.Config.createFilter("java.base/*;!*");
        installed.clear();
        assertThat(JmxSerialFilter.installUnlessSet(() -> operators, installed::add)).contains("kept");
        assertThat(installed).isEmpty();
    }
}
