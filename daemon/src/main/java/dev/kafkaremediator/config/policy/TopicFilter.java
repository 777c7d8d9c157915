package dev.kafkaremediator.config.policy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Topics by regular expression (whole name). Kafka's own {@code __} topics never match, whatever
 * the patterns say: no policy can select them.
 */
public record TopicFilter(List<Pattern> include, List<Pattern> exclude) {

    public TopicFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static TopicFilter none() {
        return new TopicFilter(List.of(), List.of());
    }

    public static TopicFilter all() {
        return new TopicFilter(List.of(Pattern.compile(".*")), List.of());
    }

    public boolean matches(String topic) {
        if (topic.startsWith("__")) {
            return false;
        }
        return include.stream().anyMatch(p -> p.matcher(topic).matches()) && exclude.stream().noneMatch(p -> p.matcher(topic).matches());
    }

    public boolean isEmpty() {
        return include.isEmpty();
    }
}
