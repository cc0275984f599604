package io.github.ec2monitoring.cpualert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CloudWatch alarm state change as delivered through SNS, reduced to what the Slack message shows. Every text in it
 * comes from the notification and is untrusted: it is escaped where it is shown.
 *
 * @param alarmName the full name (CloudWatch allows 255 characters); shortened only where it is displayed
 * @param topicArn the SNS topic that delivered the notification, which says its severity
 * @param region the long name CloudWatch writes ("Asia Pacific (Seoul)")
 * @param regionCode the code from the alarm's ARN ("ap-northeast-2"), for console links; empty when unknown
 * @param stateChangeTime when the alarm changed state, or when SNS delivered it if the message has no valid time
 * @param metric the metric name, or for a metric-math alarm its expression; empty without a Trigger
 * @param dimensions the alarm's dimensions (for metric math, those of its metrics, merged)
 * @param observedValue the newest datapoint CloudWatch quotes in the reason, when it quotes one
 * @param gaps what the message lacked and how it was made up for, said in the Slack message
 * @param contributor for a fleet alarm's notification, the one time series (instance) it is about; else null
 */
public record AlarmNotification(
        String alarmName,
        String alarmDescription,
        String topicArn,
        String alarmArn,
        String region,
        String regionCode,
        String oldState,
        String newState,
        String reason,
        Instant stateChangeTime,
        String namespace,
        String metric,
        Map<String, String> dimensions,
        Double threshold,
        String comparisonOperator,
        Double observedValue,
        List<Gap> gaps,
        Contributor contributor,
        Evaluation evaluation) {

    /**
     * How the alarm evaluates: {@code datapointsToAlarm} of {@code evaluationPeriods} periods of
     * {@code periodSeconds} (60 at standard resolution, 10 at high). Null when the notification does not say.
     */
    public record Evaluation(int periodSeconds, int evaluationPeriods, int datapointsToAlarm) {}

    /**
     * A contributor of a Metrics Insights alarm: its id and its GROUP BY keys, e.g. {@code {"InstanceId": "i-..."}}.
     * Either may be empty when the notification lacks it; the alert is posted all the same.
     */
    public record Contributor(String id, Map<String, String> attributes) {
        public Contributor {
            attributes = Map.copyOf(attributes);
        }

        /** The attributes as text, for a contributor that names no instance. */
        public String describe() {
            if (attributes.isEmpty()) {
                return id.isEmpty() ? "?" : id;
            }
            return attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(entry -> entry.getKey() + "=" + entry.getValue())
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** What a notification may lack while still being an alarm worth posting. */
    public enum Gap {
        /** No valid StateChangeTime: the time SNS delivered the message stands in for it. */
        TIME_FROM_DELIVERY,
        /** No Trigger: no metric, threshold or dimensions to show. */
        NO_TRIGGER
    }

    /** How instance-detector ends an alarm's description: with the instance's Auto Scaling group. */
    public static final String GROUP_SUFFIX = " Auto Scaling group: ";
    private static final Pattern GROUP_IN_DESCRIPTION =
            Pattern.compile(Pattern.quote(GROUP_SUFFIX) + "(.+)\\.$", Pattern.DOTALL);

    /** EC2 instance ids: anything else in the InstanceId dimension is shown as text but never read or linked. */
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

    public AlarmNotification {
        dimensions = Map.copyOf(dimensions);
        gaps = List.copyOf(gaps);
    }

    /**
     * The instance the alarm watches: the contributor's InstanceId for a fleet alarm, else its InstanceId dimension;
     * only when it holds a real instance id.
     */
    public Optional<String> instanceId() {
        return Optional.ofNullable(instanceText()).filter(id -> INSTANCE_ID.matcher(id).matches());
    }

    /** Whatever the notification gives as the instance, valid or not, for display; null when it names none. */
    public String instanceText() {
        if (contributor != null && contributor.attributes().containsKey("InstanceId")) {
            return contributor.attributes().get("InstanceId");
        }
        return dimensions.get("InstanceId");
    }

    public Optional<Contributor> contributorOf() {
        return Optional.ofNullable(contributor);
    }

    /**
     * The alarm's Auto Scaling group: its dimension when it has one (the agent's metrics), else the one
     * instance-detector named in the description (EC2's CPU metric carries only the instance id).
     */
    public Optional<String> group() {
        String dimension = dimensions.get("AutoScalingGroupName");
        if (dimension != null) {
            return Optional.of(dimension);
        }
        java.util.regex.Matcher named = GROUP_IN_DESCRIPTION.matcher(alarmDescription);
        return named.find() ? Optional.of(named.group(1)) : Optional.empty();
    }

    public boolean isAlarm() {
        return "ALARM".equals(newState);
    }

    /**
     * A new alarm starts in INSUFFICIENT_DATA and moves to OK when its metric arrives; its OK action fires then, but
     * nothing recovered. Every launch would otherwise post one "recovered" message per alarm.
     */
    public boolean isFirstData() {
        return "INSUFFICIENT_DATA".equals(oldState) && "OK".equals(newState);
    }

    /** From the alarm's name, for notifications that did not come through one of the stack's topics. */
    AlarmSeverity severityFromName() {
        return AlarmSeverity.fromName(alarmName);
    }
}
