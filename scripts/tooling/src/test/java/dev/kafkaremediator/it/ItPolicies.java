package dev.kafkaremediator.it;

/** Policies the daemon tests run with. */
final class ItPolicies {
    /** Opens one finding per broker as soon as it holds any producer state: the quickest real finding there is. */
    static final String ANY_PRODUCER = """
            policies.it-any-producer {
              description = "any producer state at all"
              schedule.every = 2s
              clusters = ["it"]
              severity = warning
              when.threshold { series = broker.producer-ids, above = 0 }
              actions = [ { notify {} } ]
            }
            """;

    private ItPolicies() {
    }
}
