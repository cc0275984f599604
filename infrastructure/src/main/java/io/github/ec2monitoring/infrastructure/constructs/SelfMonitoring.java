package io.github.ec2monitoring.infrastructure.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.constructs.Construct;

/**
 * The monitoring watches itself: an alert kept in a dead-letter queue, a function that fails or is throttled, a
 * reconcile that keeps failing, a post Slack refused, logs cpu-alert could not read. Each alarm notifies the health
 * topic, which reaches people by e-mail and Chatbot, never through cpu-alert, the part that may be broken.
 */
public final class SelfMonitoring extends Construct {

    /** Where instance-detector's decision lines put their counts (embedded metric format). */
    static final String DETECTOR_NAMESPACE = "Ec2AutoscalingMonitoring/InstanceDetector";
    /** Where cpu-alert's lines put theirs. */
    static final String CPU_ALERT_NAMESPACE = "Ec2AutoscalingMonitoring/CpuAlert";
    private static final Duration PERIOD = Duration.minutes(5);

    private final List<IAlarm> alarms = new ArrayList<>();
    private final SnsAction health;

    public SelfMonitoring(Construct scope, String id, SelfMonitoringProps props) {
        super(scope, id);
        health = new SnsAction(props.healthTopic());
        watchFunction("InstanceDetector", "instance-detector", props.instanceDetector().getFunction());
        watchFunction("CpuAlert", "cpu-alert", props.cpuAlert().getFunction());

        MetricOptions max = MetricOptions.builder().statistic("Maximum").period(PERIOD).build();
        alarm("InstanceDetectorEventsWaiting", "instance-detector has left EC2 state changes in its queue for 30 "
                        + "minutes: it is failing or throttled; alarms of new or gone instances are missing",
                props.instanceDetector().getEvents().metricApproximateAgeOfOldestMessage(max), 1_800, 1);
        alarm("ReconcileKeepsFailing", "instance-detector's reconcile failed in two runs in a row: some alarms are "
                        + "missing or orphaned; its log says which",
                Metric.Builder.create()
                        .namespace(DETECTOR_NAMESPACE)
                        .metricName("Failures")
                        .dimensionsMap(Map.of("Action", "reconciled"))
                        .statistic("Sum")
                        .period(props.reconcileEvery())
                        .build(), 1, 2);
        alarm("SlackRefusedAnAlert", "cpu-alert could not post an alert to Slack after its retries; Lambda retries "
                        + "it, then keeps it in the dead-letter queue. Check the webhook secret and Slack",
                emf("PostFailures"), 1, 1);
        alarm("LogsUnreadable", "cpu-alert posted alerts without the instances' log lines: reading CloudWatch Logs "
                        + "failed (throttled, denied or no answer); its log says why",
                emf("LogReadFailures"), 1, 1);
    }

    private void watchFunction(String id, String name, JavaFunction function) {
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(PERIOD).build();
        alarm(id + "Errors", name + " failed; Lambda retries it, then keeps the event in its dead-letter queue",
                function.getFunction().metricErrors(sum), 1, 1);
        alarm(id + "Throttles", name + " was throttled: the account's concurrency is used up",
                function.getFunction().metricThrottles(sum), 1, 1);
        alarm(id + "DeadLetters", name + " gave up on an event: it waits in the dead-letter queue. The runbook says "
                        + "how to read and replay it",
                function.getDeadLetterQueue().metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().statistic("Maximum").period(PERIOD).build()), 1, 1);
    }

    private static Metric emf(String name) {
        return Metric.Builder.create().namespace(CPU_ALERT_NAMESPACE).metricName(name).statistic("Sum")
                .period(PERIOD).build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                // No data means nothing failed.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(health);
        alarm.addOkAction(health);
        alarms.add(alarm);
    }

    /** For the dashboard. */
    public List<IAlarm> getAlarms() {
        return List.copyOf(alarms);
    }
}
