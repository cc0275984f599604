package io.github.ec2monitoring.cpualert;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alarm of the stack in ALARM now, as a storm's summary counts it.
 *
 * @param instanceId the instance it watches; null for a fleet alarm, whose instances are its contributors
 * @param metric "cpu", "memory", "disk", or the metric's own name for an alarm the stack did not name
 * @param value the newest datapoint its state reason quotes; null when it quotes none
 */
public record Firing(String alarmName, String instanceId, String metric, AlarmSeverity severity, Double value,
        Double threshold) {

    /** How the stack names its alarms: per instance {@code <prefix>-<instance>-<metric>-<severity>}, and fleet alike. */
    private static final Pattern OWN_NAME = Pattern.compile("-(cpu|memory|disk)-(warning|critical)$");

    /** The metric as the alarm's name says it, else the metric's name, else "other". */
    static String metricOf(String alarmName, String metricName) {
        Matcher own = OWN_NAME.matcher(alarmName);
        if (own.find()) {
            return own.group(1);
        }
        return metricName == null || metricName.isBlank() ? "other" : metricName.toLowerCase(Locale.ROOT);
    }

    /** How far over its threshold, for ranking the worst: 1.0 is at the threshold. */
    double overThreshold() {
        if (value == null || threshold == null || threshold == 0) {
            return 0;
        }
        return value / threshold;
    }
}
