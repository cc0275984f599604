package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneLineIsBothTheDecisionAndEmbeddedMetrics() throws Exception {
        DecisionLog log = new DecisionLog(Clock.fixed(Instant.parse("2026-11-24T06:30:00Z"), ZoneOffset.UTC));
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("AlarmsCreated", 6);
        counts.put("AlarmsDeleted", 0);

        JsonNode line = JSON.readTree(log.line(
                JSON.createObjectNode().put("action", "alarms-ensured").put("instanceId", "i-0abc12345678"), counts));

        assertEquals(1_795_501_800_000L, line.at("/_aws/Timestamp").asLong());
        assertEquals(DecisionLog.NAMESPACE, line.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("[[\"Action\"]]", line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("AlarmsCreated", line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText());
        assertEquals(6, line.get("AlarmsCreated").asInt());
        assertEquals("alarms-ensured", line.get("Action").asText());
        assertEquals("i-0abc12345678", line.get("instanceId").asText());
    }
}
