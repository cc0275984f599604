package io.github.ec2monitoring.contract;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every environment variable of both functions, defined once: the constructs write them through these settings,
 * the handlers read them through the same ones, and the lab and the tests name them only from here. None has a
 * default: the stack writes every one from cdk.json's context, where the defaults live.
 */
public final class FunctionEnvironments {

    private FunctionEnvironments() {}

    /** Every per-instance and fleet alarm of the stack starts with this prefix and a dash. */
    public static final Setting<String> ALARM_NAME_PREFIX = Setting.text("ALARM_NAME_PREFIX");
    /** Alarms on this topic are warnings; both functions know it. */
    public static final Setting<String> WARNING_TOPIC_ARN = Setting.text("WARNING_TOPIC_ARN");
    /** Alarms on this topic are critical. */
    public static final Setting<String> CRITICAL_TOPIC_ARN = Setting.text("CRITICAL_TOPIC_ARN");

    /** instance-detector's environment. */
    public static final class Detector {

        private Detector() {}

        public static final Setting<List<String>> AUTO_SCALING_GROUP_NAMES = Setting.names("AUTO_SCALING_GROUP_NAMES");
        public static final Setting<String> INSTANCE_PROFILE_ARN = Setting.text("INSTANCE_PROFILE_ARN");
        public static final Setting<Boolean> ATTACH_INSTANCE_PROFILE = Setting.flag("ATTACH_INSTANCE_PROFILE");
        public static final Setting<Double> CPU_WARNING_PERCENT = Setting.percent("CPU_WARNING_PERCENT");
        public static final Setting<Double> CPU_CRITICAL_PERCENT = Setting.percent("CPU_CRITICAL_PERCENT");
        public static final Setting<Double> MEMORY_WARNING_PERCENT = Setting.percent("MEMORY_WARNING_PERCENT");
        public static final Setting<Double> MEMORY_CRITICAL_PERCENT = Setting.percent("MEMORY_CRITICAL_PERCENT");
        public static final Setting<Double> DISK_WARNING_PERCENT = Setting.percent("DISK_WARNING_PERCENT");
        public static final Setting<Double> DISK_CRITICAL_PERCENT = Setting.percent("DISK_CRITICAL_PERCENT");
        public static final Setting<StoppedInstances> STOPPED_INSTANCES =
                Setting.choice("STOPPED_INSTANCES", StoppedInstances.class);
        /** This function's share of CloudWatch's PutMetricAlarm and DeleteAlarms quota. */
        public static final Setting<Double> ALARM_WRITES_PER_SECOND = Setting.number("ALARM_WRITES_PER_SECOND", 0,
                1000);
        public static final Setting<AlarmMode> ALARM_MODE = Setting.choice("ALARM_MODE", AlarmMode.class);
        public static final Setting<AlarmResolution> ALARM_RESOLUTION =
                Setting.choice("ALARM_RESOLUTION", AlarmResolution.class);

        public static final List<Setting<?>> ALL = List.of(ALARM_NAME_PREFIX, AUTO_SCALING_GROUP_NAMES,
                INSTANCE_PROFILE_ARN, ATTACH_INSTANCE_PROFILE, WARNING_TOPIC_ARN, CRITICAL_TOPIC_ARN,
                CPU_WARNING_PERCENT, CPU_CRITICAL_PERCENT, MEMORY_WARNING_PERCENT, MEMORY_CRITICAL_PERCENT,
                DISK_WARNING_PERCENT, DISK_CRITICAL_PERCENT, STOPPED_INSTANCES, ALARM_WRITES_PER_SECOND, ALARM_MODE,
                ALARM_RESOLUTION);
    }

    /** cpu-alert's environment. */
    public static final class CpuAlert {

        private CpuAlert() {}

        public static final Setting<String> SYSLOG_LOG_GROUP = Setting.text("SYSLOG_LOG_GROUP");
        public static final Setting<String> APACHE_ERROR_LOG_GROUP = Setting.text("APACHE_ERROR_LOG_GROUP");
        public static final Setting<String> SLACK_WEBHOOK_SECRET_NAME = Setting.text("SLACK_WEBHOOK_SECRET_NAME");
        public static final Setting<Integer> LOG_WINDOW_MINUTES = Setting.whole("LOG_WINDOW_MINUTES", 1, 60);
        /** The one group the stack watches; left out when it watches several (each alarm then names its own). */
        public static final Setting<String> AUTO_SCALING_GROUP_NAME = Setting.optionalText("AUTO_SCALING_GROUP_NAME");
        public static final Setting<ZoneId> TIME_ZONE = Setting.zone("TIME_ZONE");
        public static final Setting<MessageLanguage> MESSAGE_LANGUAGE =
                Setting.choice("MESSAGE_LANGUAGE", MessageLanguage.class);
        public static final Setting<Boolean> MASK_PERSONAL_DATA = Setting.flag("MASK_PERSONAL_DATA");
        /** The DynamoDB table that records each alarm transition posted, so none is posted twice. */
        public static final Setting<String> POSTED_TRANSITIONS_TABLE = Setting.text("POSTED_TRANSITIONS_TABLE");
        /** The least time between two requests to Slack from all containers together. */
        public static final Setting<Integer> SLACK_POST_INTERVAL_MILLIS =
                Setting.whole("SLACK_POST_INTERVAL_MILLIS", 0, 60_000);
        /** The queue the function drains: how many alarms wait in it tells a storm from a calm period. */
        public static final Setting<String> ALARM_QUEUE_URL = Setting.text("ALARM_QUEUE_URL");
        /** From this many alarms waiting at once, the channel gets a summary first and the details per instance. */
        public static final Setting<Integer> STORM_THRESHOLD = Setting.whole("STORM_THRESHOLD", 2, 1000);

        public static final List<Setting<?>> ALL = List.of(SYSLOG_LOG_GROUP, APACHE_ERROR_LOG_GROUP,
                SLACK_WEBHOOK_SECRET_NAME, LOG_WINDOW_MINUTES, AUTO_SCALING_GROUP_NAME, TIME_ZONE, MESSAGE_LANGUAGE,
                WARNING_TOPIC_ARN, CRITICAL_TOPIC_ARN, MASK_PERSONAL_DATA, POSTED_TRANSITIONS_TABLE,
                SLACK_POST_INTERVAL_MILLIS, ALARM_QUEUE_URL, STORM_THRESHOLD, ALARM_NAME_PREFIX);
    }

    /** The languages cpu-alert writes Slack messages in. */
    public enum MessageLanguage implements Choice {
        EN,
        KO
    }

    /** Builds a function's environment, setting by setting; {@link #build} refuses one the contract lacks. */
    public static final class Writer {

        private final List<Setting<?>> contract;
        private final Map<String, String> written = new LinkedHashMap<>();

        public Writer(List<Setting<?>> contract) {
            this.contract = List.copyOf(contract);
        }

        public <T> Writer put(Setting<T> setting, T value) {
            if (!contract.contains(setting)) {
                throw new IllegalArgumentException(setting.name() + " is not in this function's contract");
            }
            written.put(setting.name(), setting.write(value));
            return this;
        }

        /** @throws IllegalStateException when a required setting was not written */
        public Map<String, String> build() {
            Set<String> missing = contract.stream().filter(Setting::required).map(Setting::name)
                    .filter(name -> !written.containsKey(name)).collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                throw new IllegalStateException("the function's environment lacks " + missing);
            }
            return Map.copyOf(written);
        }
    }
}
