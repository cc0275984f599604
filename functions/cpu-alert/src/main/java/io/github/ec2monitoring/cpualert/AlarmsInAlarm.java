package io.github.ec2monitoring.cpualert;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The stack's alarms in ALARM now, for a storm's summary: everything the storm fired, including what still waits in
 * the queue. Read page by page, at most {@link #MAX_PAGES}; a listing that cannot be read says why.
 */
final class AlarmsInAlarm {

    /** 100 alarms a page: a thousand alarms, more than a summary can show and enough to count a storm. */
    static final int MAX_PAGES = 10;

    /** What was listed; {@code complete} is false when there were more pages than were read. */
    record Listing(List<Firing> firing, boolean complete, String unknownBecause) {}

    private final Supplier<CloudWatchClient> cloudWatch;
    private final AlertConfig config;

    AlarmsInAlarm(Supplier<CloudWatchClient> cloudWatch, AlertConfig config) {
        this.cloudWatch = cloudWatch;
        this.config = config;
    }

    Listing list() {
        List<Firing> firing = new ArrayList<>();
        try {
            int pages = 0;
            for (DescribeAlarmsResponse page : cloudWatch.get().describeAlarmsPaginator(request -> request
                    .alarmNamePrefix(config.alarmNamePrefix() + "-").stateValue(StateValue.ALARM)
                    .alarmTypes(AlarmType.METRIC_ALARM).maxRecords(100))) {
                page.metricAlarms().forEach(alarm -> firing.add(firing(alarm)));
                if (++pages == MAX_PAGES && page.nextToken() != null) {
                    return new Listing(firing, false, null);
                }
            }
            return new Listing(firing, true, null);
        } catch (SdkException e) {
            return new Listing(firing, false, "the alarms could not be listed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Firing firing(MetricAlarm alarm) {
        String instance = alarm.dimensions().stream().filter(d -> "InstanceId".equals(d.name()))
                .map(Dimension::value).findFirst().orElse(null);
        return new Firing(alarm.alarmName(), instance, Firing.metricOf(alarm.alarmName(), alarm.metricName()),
                config.severityOf(alarm.alarmActions(), alarm.alarmName()),
                AlarmMessageParser.observedValue(alarm.stateReason()), alarm.threshold());
    }
}
