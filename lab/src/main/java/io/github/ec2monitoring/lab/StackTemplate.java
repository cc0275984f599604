package io.github.ec2monitoring.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The template {@code npx cdk synth} wrote (cdk.out), read for what the emulator cannot show: the alarms the stack
 * puts on the monitoring itself, which notify the health topic.
 */
final class StackTemplate {

    static final Path DEFAULT = Path.of("cdk.out", "Ec2AutoscalingMonitoring.template.json");

    private StackTemplate() {}

    /** How many alarms notify the health topic; -1 when the template has not been synthesized. */
    static int selfAlarms(Path template) throws IOException {
        if (!Files.isRegularFile(template)) {
            return -1;
        }
        JsonNode resources = new ObjectMapper().readTree(template.toFile()).path("Resources");
        int count = 0;
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            JsonNode resource = entry.getValue();
            if ("AWS::CloudWatch::Alarm".equals(resource.path("Type").asText())
                    && resource.at("/Properties/AlarmActions/0/Ref").asText().startsWith("AlertTopicsHealth")) {
                count++;
            }
        }
        return count;
    }
}
