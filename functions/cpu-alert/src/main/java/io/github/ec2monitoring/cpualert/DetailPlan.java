package io.github.ec2monitoring.cpualert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which Slack messages a batch's alarms become, in what order. In a calm period each alarm is its own message, in
 * the order it came. In a storm an instance's alarms share one message, and the messages go critical first: the
 * alarms of an instance most severe first, then the instances by their most severe alarm, then by arrival.
 */
final class DetailPlan {

    /** One alarm of the batch, with the SQS message it came in (null in an SNS event). */
    record Arrival(SnsEvent.QueueMessage queueMessage, AlarmNotification alarm) {}

    private DetailPlan() {}

    static List<List<Arrival>> messages(List<Arrival> arrivals, boolean storm,
            Function<AlarmNotification, AlarmSeverity> severity) {
        if (!storm) {
            return arrivals.stream().map(List::of).toList();
        }
        Comparator<Arrival> mostSevereFirst = Comparator.comparingInt(arrival -> rank(arrival.alarm(), severity));
        Map<String, List<Arrival>> byInstance = new LinkedHashMap<>();
        for (Arrival arrival : arrivals) {
            String key = arrival.alarm().instanceId().map(id -> "instance " + id)
                    .orElse("alarm " + TransitionKey.of(arrival.alarm()));
            byInstance.computeIfAbsent(key, k -> new ArrayList<>()).add(arrival);
        }
        List<List<Arrival>> messages = new ArrayList<>();
        for (List<Arrival> instance : byInstance.values()) {
            List<Arrival> sorted = new ArrayList<>(instance);
            sorted.sort(mostSevereFirst);
            messages.add(List.copyOf(sorted));
        }
        messages.sort(Comparator.comparingInt(message -> rank(message.get(0).alarm(), severity)));
        return List.copyOf(messages);
    }

    /** Alarms before recoveries; among alarms, critical before warning before the rest. */
    private static int rank(AlarmNotification alarm, Function<AlarmNotification, AlarmSeverity> severity) {
        if (!alarm.isAlarm()) {
            return 3;
        }
        return switch (severity.apply(alarm)) {
            case CRITICAL -> 0;
            case WARNING -> 1;
            case UNKNOWN -> 2;
        };
    }
}
