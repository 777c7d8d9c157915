package dev.kafkaremediator.act;

import dev.kafkaremediator.observe.BrokerSnapshot;

/** The JMX endpoint of a broker, as the snapshot resolved it from the configuration. */
final class JmxEndpoints {
    private JmxEndpoints() {
    }

    static String of(ActionContext context, int broker) throws ActionFailure {
        return context.snapshot().broker(broker).flatMap(BrokerSnapshot::jmxEndpoint)
                .or(() -> context.cluster().jmx().endpoint(broker, java.util.Optional.empty()))
                .orElseThrow(() -> new ActionFailure("no JMX endpoint for broker " + broker + " of cluster " + context.cluster().name()
                        + " (configure jmx.endpoints or jmx.port)", false));
    }
}
