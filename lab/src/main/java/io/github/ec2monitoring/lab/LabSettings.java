package io.github.ec2monitoring.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The deployed stack's settings that the lab shows in action, read from cdk.json's context, so a changed threshold in
 * cdk.json is a changed threshold in the lab.
 */
record LabSettings(
        String cpuWarning,
        String cpuCritical,
        String memoryWarning,
        String memoryCritical,
        String diskWarning,
        String diskCritical,
        String logWindowMinutes,
        String slackTimeZone,
        String slackMaskPersonalData,
        String alarmWritesPerSecond,
        String stormThreshold) {

    private static final List<String> KEYS = List.of("cpuWarningThreshold", "cpuCriticalThreshold",
            "memoryWarningThreshold", "memoryCriticalThreshold", "diskWarningThreshold", "diskCriticalThreshold",
            "logWindowMinutes", "slackTimeZone", "slackMaskPersonalData", "alarmWritesPerSecond", "stormThreshold");

    static LabSettings read(Path cdkJson) throws IOException {
        JsonNode context = new ObjectMapper().readTree(cdkJson.toFile()).path("context");
        String[] values = new String[KEYS.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = context.path(KEYS.get(i));
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw new IllegalArgumentException(cdkJson + " has no context value " + KEYS.get(i));
            }
            values[i] = value.asText();
        }
        return new LabSettings(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                values[8], values[9], values[10]);
    }
}
