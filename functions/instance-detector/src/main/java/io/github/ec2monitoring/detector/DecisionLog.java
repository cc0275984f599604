package io.github.ec2monitoring.detector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Map;

/**
 * One JSON line per decision, in CloudWatch's embedded metric format: the line is both the log entry (instance,
 * action, alarms, duration) and the source of the counts as metrics, without any PutMetricData call.
 */
public final class DecisionLog {

    public static final String NAMESPACE = "Ec2AutoscalingMonitoring/InstanceDetector";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    DecisionLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param fields the decision as logged (must hold "action")
     * @param counts metric name to count, published with the dimension Action
     */
    String line(ObjectNode fields, Map<String, Integer> counts) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode metadata = line.putObject("_aws");
        metadata.put("Timestamp", clock.millis());
        ObjectNode directive = metadata.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Action");
        ArrayNode metrics = directive.putArray("Metrics");
        counts.forEach((name, value) -> {
            metrics.addObject().put("Name", name).put("Unit", "Count");
            line.put(name, value);
        });
        line.put("Action", fields.path("action").asText());
        line.setAll(fields);
        return line.toString();
    }
}
