package dev.kafkaremediator.observe;

import java.io.ObjectInputFilter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What Java deserialization may build from a broker's JMX answers: the classes JMX over RMI sends
 * (stubs, open types and their values, attribute values, exceptions with their causes), within
 * limits of size and depth; anything else is refused before it is built, so a hostile or
 * impersonated JMX endpoint cannot run a gadget chain in the remediator.
 *
 * <p>The JDK 17 RMI client has no per-connection filter: {@code RMIConnector} reads no filter from
 * its environment (the {@code jmx.remote.rmi.server.serial.filter.pattern} key is for servers), and
 * the RMI transport applies only the process-wide filter to what it unmarshals. So the filter is
 * the process's, installed once by {@code main} before any connection, unless the operator set
 * {@code jdk.serialFilter}, which then wins. The remediator deserializes nothing but JMX.
 *
 * <p>A refusal is not silent: the JDK's own message is only "filter status: REJECTED". This filter
 * throws instead of answering REJECTED; {@code ObjectInputStream} turns that into the same
 * {@code InvalidClassException} with this message as its cause, so the fact that goes unknown names
 * the class (or the limit) and the {@code jdk.serialFilter} that would admit it, and the first
 * refusal of each class is logged.
 */
public final class JmxSerialFilter implements ObjectInputFilter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JmxSerialFilter.class);

    /**
     * Graphs deeper, wider or bigger than any JMX answer of ours are refused. The byte limit leaves
     * room for a class histogram of a large heap (a few MB of text).
     */
    static final String LIMITS = "maxdepth=64;maxrefs=100000;maxarray=1000000;maxbytes=67108864";
    /**
     * The packages JMX's answers are made of: {@code java.lang} (boxed values, String, StackTraceElement,
     * the JDK's exceptions), {@code java.util} (the maps, sets and lists of open types and of
     * {@code queryNames}), {@code java.math} (the open types BigDecimal and BigInteger), the RMI stubs
     * and transport, and {@code javax.management} (ObjectName, open types, JMX's exceptions).
     */
    static final String CLASSES = "java.lang.*;java.util.*;java.math.*;java.io.*;java.rmi.**;sun.rmi.**;javax.rmi.ssl.*;javax.management.**";
    /** The whole filter as a {@code jdk.serialFilter} pattern (without the exception rule below, which a pattern cannot say). */
    public static final String PATTERN = LIMITS + ";" + CLASSES + ";!*";

    private final ObjectInputFilter limits = ObjectInputFilter.Config.createFilter(LIMITS);
    private final ObjectInputFilter classes = ObjectInputFilter.Config.createFilter(CLASSES + ";!*");
    // One warning per refused class for the life of the process; bounded by the classes a peer can name
    // that exist on our class path (an unknown name fails to resolve before it reaches the filter).
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    private JmxSerialFilter() {
    }

    public static ObjectInputFilter filter() {
        return new JmxSerialFilter();
    }

    /** Why a stream was refused: names the class or the limit, and the way out. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (limits.checkInput(info) == Status.REJECTED) {
            throw refuse("limit", "a JMX answer over the remediator's limits (" + LIMITS + "; this one: depth " + info.depth()
                    + ", references " + info.references() + ", bytes " + info.streamBytes() + ", array length " + info.arrayLength()
                    + ")", PATTERN.replace(LIMITS, "maxdepth=…;maxrefs=…;maxarray=…;maxbytes=…"));
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;
        }
        Status byName = classes.checkInput(info);
        if (byName != Status.REJECTED) {
            return byName;
        }
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (isJdkOrKafkaThrowable(element)) {
            return Status.ALLOWED;
        }
        String name = element.getName();
        throw refuse(name, "class " + name + " refused by the remediator's JMX deserialization filter (not a class JMX answers with)",
                LIMITS + ";" + CLASSES + ";" + name + ";!*");
    }

    /**
     * An exception (or its cause) of the JDK's own classes, whatever the package (java.net's
     * ConnectException under java.rmi's, java.nio.file's under an MBeanException, java.util.concurrent's
     * TimeoutException), or of Kafka's client library: a broker's MBean may throw either. A Throwable
     * of any other library could be a gadget's carrier and is refused as any other class.
     */
    private static boolean isJdkOrKafkaThrowable(Class<?> type) {
        if (!Throwable.class.isAssignableFrom(type)) {
            return false;
        }
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader() || type.getName().startsWith("org.apache.kafka.common.");
    }

    private Refused refuse(String key, String what, String pattern) {
        String message = what + "; if the broker's JMX legitimately sends it, start the remediator with -Djdk.serialFilter='"
                + pattern + "' (REMEDIATOR_JAVA_OPTS)";
        if (logged.add(key)) {
            LOG.warn(message);
        }
        return new Refused(message);
    }

    @Override
    public String toString() {
        return PATTERN + " and the exceptions of the JDK and of Kafka's clients";
    }

    /**
     * Installs the filter unless one is already in force; returns a line saying which is.
     *
     * @param current the process's filter now ({@code ObjectInputFilter.Config::getSerialFilter})
     * @param install sets it ({@code ObjectInputFilter.Config::setSerialFilter}); called at most once
     */
    public static String installUnlessSet(Supplier<ObjectInputFilter> current, Consumer<ObjectInputFilter> install) {
        ObjectInputFilter existing = current.get();
        if (existing != null) {
            return "deserialization filter from jdk.serialFilter kept: " + existing;
        }
        ObjectInputFilter filter = filter();
        install.accept(filter);
        return "deserialization filter for JMX installed: " + filter;
    }
}
