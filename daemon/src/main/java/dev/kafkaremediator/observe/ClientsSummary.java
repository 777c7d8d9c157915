package dev.kafkaremediator.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The clients behind a cluster's traffic as far as its brokers tell (see {@link BrokerClients}):
 * connections per client software and version summed over the brokers that answered, and the produce
 * rates of clients under a quota. Used by {@code status}, findings and notifications alike.
 *
 * @param software      most connections first
 * @param produce       highest produce byte rate first; empty when no quota is configured
 * @param brokersAsked  brokers in the snapshot
 * @param brokersTold   brokers whose client metrics were read
 */
public record ClientsSummary(List<BrokerClients.SoftwareConnections> software, List<BrokerClients.ProduceRate> produce, int brokersAsked,
                             int brokersTold) {

    public ClientsSummary {
        software = List.copyOf(software);
        produce = List.copyOf(produce);
    }

    public static ClientsSummary of(ClusterSnapshot snapshot) {
        Map<List<String>, Long> connections = new LinkedHashMap<>();
        Map<List<Optional<String>>, Double> produce = new LinkedHashMap<>();
        int told = 0;
        for (BrokerSnapshot b : snapshot.brokers()) {
            Optional<BrokerClients> clients = b.jmx().clients().optional();
            if (clients.isEmpty()) {
                continue;
            }
            told++;
            clients.get().software().forEach(s -> connections.merge(List.of(s.name(), s.version()), s.connections(), Long::sum));
            clients.get().produceByClient().forEach(p -> produce.merge(List.of(p.user(), p.clientId()), p.bytesPerSecond(), Double::sum));
        }
        List<BrokerClients.SoftwareConnections> software = new ArrayList<>();
        connections.forEach((k, n) -> software.add(new BrokerClients.SoftwareConnections(k.get(0), k.get(1), n)));
        software.sort(Comparator.comparingLong(BrokerClients.SoftwareConnections::connections).reversed()
                .thenComparing(BrokerClients.SoftwareConnections::name));
        List<BrokerClients.ProduceRate> rates = new ArrayList<>();
        produce.forEach((k, r) -> rates.add(new BrokerClients.ProduceRate(k.get(0), k.get(1), r)));
        rates.sort(Comparator.comparingDouble(BrokerClients.ProduceRate::bytesPerSecond).reversed());
        return new ClientsSummary(software, rates, snapshot.brokers().size(), told);
    }

    /** The software with the most connections, when a broker told and it is not "unknown". */
    public Optional<BrokerClients.SoftwareConnections> leading() {
        return software.stream().filter(s -> s.connections() > 0).findFirst();
    }

    /** One sentence for people: who holds the connections, who produces the most, and what the brokers cannot tell. */
    public String sentence(int top) {
        if (brokersTold == 0) {
            return "clients: unknown (no broker's client metrics could be read)";
        }
        StringBuilder out = new StringBuilder("clients by open connections");
        if (brokersTold < brokersAsked) {
            out.append(String.format(Locale.ROOT, " (%d of %d brokers told)", brokersTold, brokersAsked));
        }
        out.append(": ");
        List<BrokerClients.SoftwareConnections> shown = software.stream().filter(s -> s.connections() > 0).limit(top).toList();
        if (shown.isEmpty()) {
            out.append("none open at the moment of reading (a producer that lives for one record is rarely caught connected)");
        } else {
            out.append(String.join(", ", shown.stream().map(s -> s.label() + " " + s.connections()).toList()));
        }
        if (shown.stream().anyMatch(BrokerClients.SoftwareConnections::unknown)) {
            out.append("; the brokers cannot tell which software the unknown clients run");
        }
        if (produce.isEmpty()) {
            out.append("; produce rate per client id or user: not kept by the brokers (only for clients under a quota, and none is configured)");
        } else {
            out.append("; highest produce rates (clients under a quota): ").append(String.join(", ", produce.stream().limit(top)
                    .map(p -> String.format(Locale.ROOT, "%s %.0f B/s", p.label(), p.bytesPerSecond())).toList()));
        }
        return out.toString();
    }
}
