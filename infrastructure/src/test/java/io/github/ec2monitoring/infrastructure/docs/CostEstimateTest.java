package io.github.ec2monitoring.infrastructure.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.detector.AlarmPlanner;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/cost.md counts what the code makes: the agent's metrics and instance-detector's alarms. */
class CostEstimateTest {

    private static String costDoc;
    private static JsonNode metrics;

    @BeforeAll
    static void read() throws IOException {
        costDoc = Files.readString(TestApps.projectRoot().resolve("docs/cost.md"), StandardCharsets.UTF_8);
        metrics = new ObjectMapper().readTree(TestApps.agentConfigJson()).path("metrics");
    }

    /** Series per instance and measurement, with one network interface (as the document assumes). */
    private static int measurements() {
        int count = 0;
        for (JsonNode plugin : metrics.path("metrics_collected")) {
            int resources = plugin.has("resources") && !plugin.get("resources").get(0).asText().equals("*")
                    ? plugin.get("resources").size() : 1;
            count += plugin.path("measurement").size() * resources;
        }
        return count;
    }

    private static long aggregations(boolean withInstanceId) {
        int matching = 0;
        for (JsonNode set : metrics.path("aggregation_dimensions")) {
            boolean hasInstance = false;
            for (JsonNode dimension : set) {
                hasInstance |= dimension.asText().equals("InstanceId");
            }
            if (hasInstance == withInstanceId) {
                matching++;
            }
        }
        return matching;
    }

    @Test
    void statesTheAgentMetricsPerInstance() {
        long perInstance = measurements() * (1 + aggregations(true));
        assertTrue(costDoc.contains("| `M` | Agent custom metrics per instance | " + perInstance + " |"),
                "docs/cost.md should say M = " + perInstance);
        assertTrue(costDoc.contains("Agent metrics: " + perInstance + " × 0.30"), "the worked example uses M");
    }

    @Test
    void statesTheAgentMetricsPerGroup() {
        long perGroup = measurements() * aggregations(false);
        assertTrue(costDoc.contains("| `G` | Agent custom metrics per group (shared by all instances) | " + perGroup
                + " |"), "docs/cost.md should say G = " + perGroup);
    }

    @Test
    void statesTheAlarmsPerInstance() {
        int alarms = AlarmPlanner.WATCHED.size() * 2;
        assertTrue(costDoc.contains("| `A` | Alarms per instance | " + alarms + " |"),
                "docs/cost.md should say A = " + alarms);
        assertTrue(costDoc.contains("Alarms: " + alarms + " × 0.10"), "the worked example uses A");
    }
}
