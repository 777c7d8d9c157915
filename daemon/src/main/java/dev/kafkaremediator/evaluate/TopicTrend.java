package dev.kafkaremediator.evaluate;

import java.util.OptionalDouble;

/** A topic's producer-state entries now and their growth per hour: the "which topics?" the operators had to find by hand. */
public record TopicTrend(String topic, long entries, OptionalDouble growthPerHour) { }
