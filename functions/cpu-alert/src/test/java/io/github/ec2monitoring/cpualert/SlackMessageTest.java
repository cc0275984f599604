package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlackMessageTest {

    private static AlarmNotification alarm() {
        return ((AlarmMessageParser.Parsed) AlarmMessageParser.parse(AlarmMessageParserTest.message("cpu-alarm.json")))
                .notification();
    }

    private static LogExcerpt excerpt(String source, String... messages) {
        Instant at = Instant.parse("2026-11-24T06:28:00Z");
        return new LogExcerpt(source, java.util.Arrays.stream(messages).map(m -> new LogLine(at, m)).toList(), true,
                false);
    }

    @Test
    void headerNamesTheStateAndTheAlarm() {
        ObjectNode message = SlackMessage.build(alarm(), List.of());

        assertEquals(":rotating_light: ALARM: web-i-0abcdef1234567890-cpu-warning",
                message.at("/blocks/0/text/text").asText());
        assertEquals("ALARM: web-i-0abcdef1234567890-cpu-warning", message.get("text").asText());
    }

    @Test
    void fieldsShowStateChangeInstanceThresholdAndUtcTime() {
        JsonNode fields = SlackMessage.build(alarm(), List.of()).at("/blocks/1/fields");

        assertEquals("*State*\nOK → ALARM", fields.get(0).get("text").asText());
        assertEquals("*Instance*\ni-0abcdef1234567890", fields.get(1).get("text").asText());
        assertEquals("*Threshold*\nGreaterThanOrEqualToThreshold 60.0", fields.get(3).get("text").asText());
        assertEquals("*Time*\n2026-11-24 06:30:12 UTC", fields.get(4).get("text").asText());
    }

    @Test
    void logSectionsQuoteOnlyTheLinesThatMatter() {
        ObjectNode message = SlackMessage.build(alarm(), List.of(
                excerpt("Apache error log", "[core:error] AH00037: boom", "[mpm_event:notice] resuming"),
                LogExcerpt.notShipped("syslog")));

        assertEquals("*Apache error log*: 1 of 2 lines matter\n```[core:error] AH00037: boom\n```",
                message.at("/blocks/3/text/text").asText());
        assertEquals("*syslog*: no logs shipped from this instance in the window",
                message.at("/blocks/4/text/text").asText());
    }

    @Test
    void longLogSectionsAreCutBelowSlacksLimitAndSaySo() {
        String[] lines = IntStream.range(0, 15).mapToObj(i -> "[core:error] " + "x".repeat(400)).toArray(String[]::new);

        String text = SlackMessage.build(alarm(), List.of(excerpt("Apache error log", lines)))
                .at("/blocks/3/text/text").asText();

        assertTrue(text.length() <= SlackMessage.MAX_TEXT, "length " + text.length());
        assertTrue(text.contains("cut to fit Slack's limit"), text);
        assertTrue(text.endsWith("```"), text);
    }
}
