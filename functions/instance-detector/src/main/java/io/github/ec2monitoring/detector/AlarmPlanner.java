package io.github.ec2monitoring.detector;

import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.AlarmThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which alarms an instance gets: the single source of alarm names, metrics, dimensions and thresholds.
 *
 * <p>Names are {@code <prefix>-<instance-id>-<metric>-<severity>}, so the owner of any alarm under the prefix can be
 * read back from its name.
 */
public final class AlarmPlanner {

    /**
     * A missing datapoint neither breaches nor clears: when an instance stops reporting, its alarms move to
     * INSUFFICIENT_DATA instead of looking healthy, and the memory warning alarm says so on the warning topic.
     */
    static final String TREAT_MISSING_DATA = "missing";

    /** A metric the detector watches, with the exact namespace and dimensions its publisher emits. */
    public record WatchedMetric(String key, String namespace, String metricName, List<String> dimensionNames,
            ToDoubleFunction<AlarmThresholds> warning, ToDoubleFunction<AlarmThresholds> critical,
            String whatToDo) {}

    private static final String CPU_WHAT_TO_DO = "Check the top processes (top -o %CPU) and the Apache error log "
            + "lines in the cpu-alert message; if the whole group is busy, let scaling work or raise maxCapacity.";

    /**
     * At standard resolution CPU comes from EC2 itself; memory and disk from the CloudWatch agent, whose
     * {@code aggregation_dimensions} include {@code ["InstanceId"]} (the root disk is the only path it collects, with
     * {@code drop_device}).
     */
    public static final List<WatchedMetric> WATCHED = List.of(
            new WatchedMetric("cpu", "AWS/EC2", "CPUUtilization", List.of("InstanceId"),
                    AlarmThresholds::cpuWarning, AlarmThresholds::cpuCritical, CPU_WHAT_TO_DO),
            new WatchedMetric("memory", "CWAgent", "mem_used_percent", List.of("InstanceId"),
                    AlarmThresholds::memoryWarning, AlarmThresholds::memoryCritical,
                    "Check the largest processes (ps aux --sort=-rss | head) and the syslog for the OOM killer."),
            new WatchedMetric("disk", "CWAgent", "disk_used_percent", List.of("InstanceId"),
                    AlarmThresholds::diskWarning, AlarmThresholds::diskCritical,
                    "Check what fills the root volume (sudo du -xh / --max-depth=2 | sort -h | tail) and the log "
                            + "rotation of /var/log."));

    /**
     * At high resolution CPU comes from the agent too ({@code cpu_usage_active}, total CPU only, rolled up by
     * instance): EC2's own metric is never finer than a minute.
     */
    public static final WatchedMetric HIGH_RESOLUTION_CPU = new WatchedMetric("cpu", "CWAgent", "cpu_usage_active",
            List.of("InstanceId"), AlarmThresholds::cpuWarning, AlarmThresholds::cpuCritical, CPU_WHAT_TO_DO);

    /** The metrics watched at a resolution. */
    public static List<WatchedMetric> watched(AlarmResolution resolution) {
        return resolution == AlarmResolution.HIGH
                ? List.of(HIGH_RESOLUTION_CPU, WATCHED.get(1), WATCHED.get(2))
                : WATCHED;
    }

    private final DetectorConfig config;
    private final Pattern ownName;

    public AlarmPlanner(DetectorConfig config) {
        this.config = config;
        this.ownName = Pattern.compile(Pattern.quote(config.alarmNamePrefix())
                + "-(i-[0-9a-f]{8,17})-(?:cpu|memory|disk)-(?:warning|critical)");
    }

    public List<AlarmSpec> alarmsFor(String instanceId) {
        return alarmsFor(instanceId, null);
    }

    /**
     * @param group the instance's Auto Scaling group, named at the end of each description so that people and
     *     cpu-alert know it (the metrics carry only the instance id); null when unknown
     */
    public List<AlarmSpec> alarmsFor(String instanceId, String group) {
        List<AlarmSpec> specs = new ArrayList<>();
        for (WatchedMetric metric : watched(config.alarmResolution())) {
            specs.add(spec(instanceId, group, metric, "warning", metric.warning().applyAsDouble(config.thresholds()),
                    config.warningTopicArn()));
            specs.add(spec(instanceId, group, metric, "critical",
                    metric.critical().applyAsDouble(config.thresholds()), config.criticalTopicArn()));
        }
        return specs;
    }

    /** How a description ends with the instance's group; cpu-alert reads the group back from it. */
    public static final String GROUP_SUFFIX = " Auto Scaling group: ";

    public List<String> alarmNamesFor(String instanceId) {
        return alarmsFor(instanceId).stream().map(AlarmSpec::name).toList();
    }

    /** The prefix every owned alarm name starts with. */
    public String namePrefix() {
        return config.alarmNamePrefix() + "-";
    }

    /** The instance an alarm belongs to, when the alarm is one this planner names. */
    public Optional<String> instanceIdOf(String alarmName) {
        Matcher matcher = ownName.matcher(alarmName);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private AlarmSpec spec(String instanceId, String group, WatchedMetric metric, String severity, double threshold,
            String topicArn) {
        String name = config.alarmNamePrefix() + "-" + instanceId + "-" + metric.key() + "-" + severity;
        AlarmResolution resolution = config.alarmResolution();
        String description = String.format(
                "%s %s of %s at or above %.0f%% for %s. %s Alarms named %s-%s-* are managed by the "
                        + "instance-detector function; do not edit them by hand.",
                severity.toUpperCase(java.util.Locale.ROOT), metric.key(), instanceId, threshold,
                evaluationText(resolution), metric.whatToDo(), config.alarmNamePrefix(), instanceId)
                + (group == null ? "" : GROUP_SUFFIX + group + ".");
        boolean reportsMissingAgent = metric.key().equals("memory") && severity.equals("warning");
        return new AlarmSpec(
                name,
                description,
                metric.namespace(),
                metric.metricName(),
                Map.of("InstanceId", instanceId),
                "Average",
                resolution.periodSeconds(),
                resolution.evaluationPeriods(),
                resolution.datapointsToAlarm(),
                threshold,
                "GreaterThanOrEqualToThreshold",
                TREAT_MISSING_DATA,
                topicArn,
                reportsMissingAgent ? List.of(config.warningTopicArn()) : List.of());
    }

    /** "3 of 5 minutes" at standard resolution, "3 of 6 10-second periods" at high. */
    public static String evaluationText(AlarmResolution resolution) {
        return resolution.periodSeconds() == 60
                ? resolution.datapointsToAlarm() + " of " + resolution.evaluationPeriods() + " minutes"
                : resolution.datapointsToAlarm() + " of " + resolution.evaluationPeriods() + " "
                        + resolution.periodSeconds() + "-second periods";
    }
}
