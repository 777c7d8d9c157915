package dev.kafkaremediator.config.policy;

/** The limits an action has when a policy does not say (and for on-call commands). */
public final class ActionDefaults {
    private ActionDefaults() {
    }

    public static ActionLimits limits(String kind) {
        ActionLimits limits = ActionReader.DEFAULTS.get(kind);
        if (limits == null) {
            throw new IllegalArgumentException("no action " + kind);
        }
        return limits;
    }
}
