package dev.kafkaremediator.observe;

import java.io.ObjectInputFilter;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What Java deserialization may build from a broker's JMX answers: the classes JMX over RMI sends
 * (stubs, open types, attribute values, exceptions), within limits of size and depth; anything
 * else is refused before it is built, so a hostile or impersonated JMX endpoint cannot run a
 * gadget chain in the remediator.
 *
 * <p>The JDK 17 RMI client has no per-connection filter: {@code RMIConnector} reads no filter from
 * its environment (the {@code jmx.remote.rmi.server.serial.filter.pattern} key is for servers), and
 * the RMI transport applies only the process-wide filter to what it unmarshals. So the filter is
 * the process's, installed once by {@code main} before any connection, unless the operator set
 * {@code jdk.serialFilter}, which then wins. The remediator deserializes nothing but JMX.
 */
public final class JmxSerialFilter {
    /**
     * Limits first: a graph deeper, wider or bigger than any JMX answer of ours is refused. The
     * byte limit leaves room for a class histogram of a large heap (a few MB of text).
     */
    public static final String PATTERN = "maxdepth=64;maxrefs=100000;maxarray=1000000;maxbytes=67108864;"
            + "java.lang.*;java.util.*;java.io.*;java.rmi.**;sun.rmi.**;javax.rmi.ssl.*;javax.management.**;!*";

    private JmxSerialFilter() {
    }

    public static ObjectInputFilter filter() {
        return ObjectInputFilter.Config.createFilter(PATTERN);
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
        install.accept(filter());
        return "deserialization filter for JMX installed: " + PATTERN;
    }
}
