package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * One line per alert in CloudWatch's embedded metric format: alerts posted, posts that failed, and logs that could
 * not be read, as metrics the stack can alarm on, without any PutMetricData call.
 */
public final class AlertMetrics {

    public static final String NAMESPACE = "Ec2AutoscalingMonitoring/CpuAlert";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> lines;

    AlertMetrics(Consumer<String> lines) {
        this.lines = lines;
    }

    void emit(AlarmNotification alarm, int logReadFailures, int postFailures) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode metadata = line.putObject("_aws");
        metadata.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = metadata.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray();
        ArrayNode metrics = directive.putArray("Metrics");
        for (String name : new String[] {"AlertsPosted", "PostFailures", "LogReadFailures"}) {
            metrics.addObject().put("Name", name).put("Unit", "Count");
        }
        line.put("AlertsPosted", postFailures == 0 ? 1 : 0);
        line.put("PostFailures", postFailures);
        line.put("LogReadFailures", logReadFailures);
        line.put("alarm", alarm.alarmName());
        line.put("instanceId", alarm.instanceId().orElse(null));
        lines.accept(line.toString());
    }
}
