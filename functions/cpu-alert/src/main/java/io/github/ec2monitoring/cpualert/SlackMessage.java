package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Builds the Slack Block Kit message for an alarm and the distilled log lines. */
public final class SlackMessage {

    /** Slack rejects a section text over 3,000 characters. */
    static final int MAX_TEXT = 3_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private SlackMessage() {}

    public static ObjectNode build(AlarmNotification alarm, List<LogExcerpt> excerpts) {
        ObjectNode message = JSON.createObjectNode();
        String headline = (alarm.isAlarm() ? "ALARM" : alarm.newState()) + ": " + alarm.alarmName();
        message.put("text", headline);
        ArrayNode blocks = message.putArray("blocks");

        blocks.addObject().put("type", "header").putObject("text")
                .put("type", "plain_text").put("text", truncate((alarm.isAlarm() ? ":rotating_light: " : ":white_check_mark: ")
                        + headline, 150));

        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "State", alarm.oldState() + " → " + alarm.newState());
        field(fields, "Instance", alarm.instanceId().orElse("(not an instance alarm)"));
        field(fields, "Metric", alarm.namespace() + " " + alarm.metricName());
        field(fields, "Threshold", alarm.threshold() == null ? "n/a" : alarm.comparisonOperator() + " " + alarm.threshold());
        field(fields, "Time", UTC.format(alarm.stateChangeTime()));
        field(fields, "Region", alarm.region());

        section(blocks, "*Reason*\n" + alarm.reason());
        if (alarm.instanceId().isPresent()) {
            for (LogExcerpt excerpt : excerpts) {
                section(blocks, logText(excerpt));
            }
        }
        return message;
    }

    private static String logText(LogExcerpt excerpt) {
        if (!excerpt.shipped()) {
            return "*" + excerpt.source() + "*: no logs shipped from this instance in the window";
        }
        List<LogLine> kept = LogDistiller.distill(excerpt.lines());
        String title = "*" + excerpt.source() + "*: " + kept.size() + " of " + excerpt.lines().size()
                + " lines matter" + (excerpt.truncated() ? " (read stopped at the cap)" : "");
        if (kept.isEmpty()) {
            return title;
        }
        StringBuilder body = new StringBuilder();
        for (LogLine line : kept) {
            body.append(line.message().strip()).append('\n');
        }
        String fence = "```";
        String note = "\n…(cut to fit Slack's limit)";
        int room = MAX_TEXT - title.length() - 2 * fence.length() - 1 - note.length();
        String lines = body.length() <= room ? body.toString() : body.substring(0, room) + note;
        return title + "\n" + fence + lines + fence;
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + value);
    }

    private static void section(ArrayNode blocks, String text) {
        blocks.addObject().put("type", "section").putObject("text")
                .put("type", "mrkdwn").put("text", truncate(text, MAX_TEXT));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
