package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Builds the Slack Block Kit message for an alarm and what its instance's logs said, within Slack's limits: at
 * most 50 blocks, 3,000 characters per section text, 150 per header; anything cut says so.
 */
public final class SlackMessage {

    static final int MAX_TEXT = 3_000;
    static final int MAX_HEADER = 150;
    static final int MAX_BLOCKS = 50;
    /** Kinds of lines shown per log; the rest are counted. */
    static final int MAX_FINDINGS = 12;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /** One log's distilled content. */
    public record Section(LogExcerpt excerpt, List<Finding> findings) {}

    private final AlertConfig config;

    public SlackMessage(AlertConfig config) {
        this.config = config;
    }

    public ObjectNode build(AlarmNotification alarm, List<Section> sections) {
        Language language = config.language();
        ObjectNode message = JSON.createObjectNode();
        String state = stateWord(alarm, language);
        String severity = switch (alarm.severity()) {
            case "critical" -> language.text("critical") + " ";
            case "warning" -> language.text("warning") + " ";
            default -> "";
        };
        String headline = severity + state + ": " + alarm.alarmName();
        message.put("text", headline);
        ArrayNode blocks = message.putArray("blocks");

        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", truncate(icon(alarm) + " " + headline, MAX_HEADER));

        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, language.text("state"), alarm.oldState() + " → " + alarm.newState());
        field(fields, language.text("instance"), alarm.instanceId().orElse(language.text("not-instance")));
        field(fields, language.text("group"), alarm.dimensions().getOrDefault("AutoScalingGroupName",
                config.autoScalingGroupName() == null ? language.text("unknown") : config.autoScalingGroupName()));
        field(fields, language.text("value"), valueText(alarm));
        field(fields, language.text("time"), TIME.format(alarm.stateChangeTime().atZone(UTC)) + "\n"
                + TIME.format(alarm.stateChangeTime().atZone(config.zone())));

        section(blocks, "*" + language.text("reason") + "*\n" + escape(alarm.reason()));
        String links = links(alarm, language);
        if (!links.isEmpty()) {
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", links);
        }
        if (alarm.instanceId().isPresent() && !sections.isEmpty()) {
            blocks.addObject().put("type", "divider");
            for (Section section : sections) {
                if (blocks.size() >= MAX_BLOCKS - 1) {
                    break;
                }
                section(blocks, logText(section, language));
            }
            Instant from = alarm.stateChangeTime().minus(config.window());
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", language.text("window", clock(from), clock(alarm.stateChangeTime())));
        }
        return message;
    }

    private static String stateWord(AlarmNotification alarm, Language language) {
        return switch (alarm.newState()) {
            case "ALARM" -> language.text("alarm");
            case "OK" -> language.text("recovered");
            default -> language.text("no-data");
        };
    }

    private static String icon(AlarmNotification alarm) {
        return switch (alarm.newState()) {
            case "ALARM" -> "critical".equals(alarm.severity()) ? ":rotating_light:" : ":warning:";
            case "OK" -> ":white_check_mark:";
            default -> ":grey_question:";
        };
    }

    private static String valueText(AlarmNotification alarm) {
        String value = alarm.observedValue() == null ? "—" : format(alarm.observedValue());
        String threshold = alarm.threshold() == null ? "—" : format(alarm.threshold());
        String operator = switch (alarm.comparisonOperator()) {
            case "GreaterThanOrEqualToThreshold" -> "≥";
            case "GreaterThanThreshold" -> ">";
            case "LessThanThreshold" -> "<";
            case "LessThanOrEqualToThreshold" -> "≤";
            default -> "vs";
        };
        return value + " " + operator + " " + threshold + " (" + alarm.metric() + ")";
    }

    private static String format(double number) {
        return number == Math.rint(number) ? String.format(Locale.ROOT, "%.0f", number)
                : String.format(Locale.ROOT, "%.1f", number);
    }

    private String links(AlarmNotification alarm, Language language) {
        String region = alarm.regionCode();
        if (region.isEmpty()) {
            return "";
        }
        StringBuilder links = new StringBuilder();
        alarm.instanceId().ifPresent(id -> links.append('<').append(ConsoleLinks.instance(region, id)).append('|')
                .append(language.text("open-instance")).append("> · "));
        links.append('<').append(ConsoleLinks.alarm(region, alarm.alarmName())).append('|')
                .append(language.text("open-alarm")).append('>');
        alarm.instanceId().ifPresent(id -> links.append(" · <").append(ConsoleLinks.logsInsights(region,
                        List.of(config.apacheErrorLogGroup(), config.syslogLogGroup()), id,
                        alarm.stateChangeTime().minus(config.window()), alarm.stateChangeTime()))
                .append('|').append(language.text("open-logs")).append('>'));
        return links.toString();
    }

    private String clock(Instant instant) {
        return CLOCK.format(instant.atZone(ZoneOffset.UTC)) + " UTC (" + CLOCK.format(instant.atZone(config.zone()))
                + " " + config.zone().getId() + ")";
    }

    private static String logText(Section section, Language language) {
        LogExcerpt excerpt = section.excerpt();
        String title = "*" + excerpt.source() + "*";
        if (!excerpt.shipped()) {
            return title + ": " + language.text("no-logs");
        }
        List<Finding> findings = section.findings();
        int matters = findings.stream().mapToInt(Finding::count).sum();
        if (findings.isEmpty()) {
            return title + ": " + language.text("nothing-matters", excerpt.lines().size());
        }
        StringBuilder header = new StringBuilder(title).append(": ")
                .append(language.text("lines-matter", matters, excerpt.lines().size()));
        if (excerpt.truncated()) {
            header.append(" (").append(language.text("read-capped", excerpt.lines().size())).append(')');
        }
        StringBuilder body = new StringBuilder();
        List<Finding> shown = findings.subList(0, Math.min(MAX_FINDINGS, findings.size()));
        for (Finding finding : shown) {
            body.append('[').append(finding.severity().word());
            if (finding.count() > 1) {
                body.append(" ×").append(finding.count());
            }
            body.append(']');
            if (!finding.label().isEmpty()) {
                body.append(' ').append(finding.label());
            }
            body.append(' ').append(escape(finding.sample().replace("```", "'''"))).append('\n');
        }
        String more = findings.size() > shown.size()
                ? "\n_" + language.text("more-findings", findings.size() - shown.size()) + "_" : "";
        String fence = "```";
        String cut = "\n" + language.text("cut");
        int room = MAX_TEXT - header.length() - 1 - 2 * fence.length() - more.length();
        String lines = body.length() <= room ? body.toString() : body.substring(0, room - cut.length()) + cut;
        return header + "\n" + fence + lines + fence + more;
    }

    /** Slack reads {@code <...>} as a link or mention, so text from logs and alarms has &, < and > escaped. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", truncate("*" + name + "*\n" + value, 2_000));
    }

    private static void section(ArrayNode blocks, String text) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", truncate(text, MAX_TEXT));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
