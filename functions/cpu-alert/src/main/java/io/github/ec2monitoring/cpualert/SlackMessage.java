package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the Slack Block Kit message for an alarm and what its instance's logs said, within Slack's limits: at
 * most 50 blocks, 3,000 characters per section text, 2,000 per field, 150 per header; anything left out says so.
 * Every mrkdwn text is a {@link Mrkdwn}, so no text from the alarm or the logs reaches Slack unescaped.
 */
public final class SlackMessage {

    static final int MAX_TEXT = 3_000;
    static final int MAX_FIELD = 2_000;
    static final int MAX_HEADER = 150;
    static final int MAX_BLOCKS = 50;
    /** Kinds of lines shown per log; the rest are counted. */
    static final int MAX_FINDINGS = 12;
    /** Room kept in a log section for the line that says what was left out. */
    private static final int LEFT_OUT_ROOM = 200;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /** One log's distilled content. */
    public record Section(LogExcerpt excerpt, List<Finding> findings) {}

    private final AlertConfig config;

    public SlackMessage(AlertConfig config) {
        this.config = config;
    }

    public ObjectNode build(AlarmNotification alarm, List<Section> sections) {
        return build(alarm, sections, null);
    }

    /** @param inAlarm for a fleet alarm's contributor, how many of the alarm's instances are in ALARM; else null */
    public ObjectNode build(AlarmNotification alarm, List<Section> sections, AlarmContributors.Count inAlarm) {
        return build(alarm, sections, inAlarm, List.of());
    }

    /**
     * One message for several alarms of one instance, as a storm posts them: the most severe in full, the others
     * as one line each, the instance's logs once.
     *
     * @param others the instance's other alarms of the batch, most severe first
     */
    public ObjectNode build(AlarmNotification alarm, List<Section> sections, AlarmContributors.Count inAlarm,
            List<AlarmNotification> others) {
        Language language = config.language();
        AlarmSeverity severity = config.severityOf(alarm);
        String severityWord = switch (severity) {
            case CRITICAL -> language.text("critical") + " ";
            case WARNING -> language.text("warning") + " ";
            case UNKNOWN -> "";
        };
        String headline = severityWord + stateWord(alarm, language) + ": ";
        ObjectNode message = JSON.createObjectNode();
        String more = others.isEmpty() ? "" : " (" + language.text("more-here", others.size()) + ")";
        message.put("text", Mrkdwn.text(headline + alarm.alarmName() + more).toString());
        ArrayNode blocks = message.putArray("blocks");

        // Plain text: Slack shows it as it is, so it needs no escaping; only its length is limited.
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", shorten(icon(alarm, severity) + " " + headline + alarm.alarmName(), MAX_HEADER));

        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, language.text("state"), alarm.oldState() + " → " + alarm.newState());
        String instance = alarm.instanceText();
        if (instance == null && alarm.contributorOf().isPresent()) {
            instance = language.text("contributor", alarm.contributorOf().get().describe());
        }
        field(fields, language.text("instance"), instance != null ? instance : language.text("not-instance"));
        String group = alarm.group().orElse(config.autoScalingGroupName());
        field(fields, language.text("group"), group != null ? group : language.text("unknown"));
        field(fields, language.text("value"), valueText(alarm) + evaluationText(alarm, language));
        field(fields, language.text("time"), time(alarm.stateChangeTime(), ZoneOffset.UTC, "UTC") + "\n"
                + time(alarm.stateChangeTime(), config.zone(), config.zone().getId()));
        if (inAlarm != null) {
            field(fields, language.text("fleet"), inAlarm.inAlarm() != null
                    ? language.text("fleet-in-alarm", inAlarm.inAlarm())
                    : language.text("fleet-uncounted"));
        }

        if (!others.isEmpty()) {
            section(blocks, Mrkdwn.bold(language.text("also-here")).plus("\n")
                    .plus(Mrkdwn.join("\n", others.stream().map(other -> otherLine(other, language)).toList())));
        }
        section(blocks, Mrkdwn.bold(language.text("reason")).plus("\n").plus(alarm.reason()));
        List<Mrkdwn> notes = new ArrayList<>();
        if (!alarm.alarmDescription().isBlank()) {
            notes.add(Mrkdwn.text(alarm.alarmDescription()));
        }
        alarm.gaps().forEach(gap -> notes.add(Mrkdwn.italic(language.text(switch (gap) {
            case TIME_FROM_DELIVERY -> "gap-time";
            case NO_TRIGGER -> "gap-trigger";
        }))));
        notes.forEach(note -> context(blocks, note));
        Mrkdwn links = links(alarm, language);
        if (!links.isEmpty()) {
            context(blocks, links);
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
            context(blocks, Mrkdwn.text(language.text("window", clock(from), clock(alarm.stateChangeTime()))));
        }
        return message;
    }

    private Mrkdwn otherLine(AlarmNotification other, Language language) {
        AlarmSeverity severity = config.severityOf(other);
        String severityWord = switch (severity) {
            case CRITICAL -> language.text("critical") + " ";
            case WARNING -> language.text("warning") + " ";
            case UNKNOWN -> "";
        };
        return Mrkdwn.text("• " + icon(other, severity) + " " + severityWord + stateWord(other, language) + ": "
                + other.alarmName() + " · " + other.oldState() + " → " + other.newState() + " · " + valueText(other)
                + " · " + clock(other.stateChangeTime()));
    }

    private static String stateWord(AlarmNotification alarm, Language language) {
        return switch (alarm.newState()) {
            case "ALARM" -> language.text("alarm");
            case "OK" -> language.text("recovered");
            default -> language.text("no-data");
        };
    }

    private static String icon(AlarmNotification alarm, AlarmSeverity severity) {
        return switch (alarm.newState()) {
            case "ALARM" -> severity == AlarmSeverity.CRITICAL ? ":rotating_light:" : ":warning:";
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
        return value + " " + operator + " " + threshold + (alarm.metric().isEmpty() ? "" : " (" + alarm.metric() + ")");
    }

    /** "3 of 5 periods of 1 min", or of 10 s at high resolution: how long the value held before the alarm. */
    private static String evaluationText(AlarmNotification alarm, Language language) {
        AlarmNotification.Evaluation evaluation = alarm.evaluation();
        if (evaluation == null) {
            return "";
        }
        int period = evaluation.periodSeconds();
        String length = period % 60 == 0 ? language.text("minutes", period / 60) : language.text("seconds", period);
        return "\n" + language.text("evaluation", evaluation.datapointsToAlarm(), evaluation.evaluationPeriods(), length);
    }

    static String format(double number) {
        return number == Math.rint(number) ? String.format(Locale.ROOT, "%.0f", number)
                : String.format(Locale.ROOT, "%.1f", number);
    }

    private Mrkdwn links(AlarmNotification alarm, Language language) {
        String region = alarm.regionCode();
        if (region.isEmpty()) {
            return Mrkdwn.EMPTY;
        }
        List<Mrkdwn> links = new ArrayList<>();
        alarm.instanceId().ifPresent(id ->
                links.add(Mrkdwn.link(ConsoleLinks.instance(region, id), language.text("open-instance"))));
        links.add(Mrkdwn.link(ConsoleLinks.alarm(region, alarm.alarmName()), language.text("open-alarm")));
        alarm.instanceId().ifPresent(id -> links.add(Mrkdwn.link(ConsoleLinks.logsInsights(region,
                        List.of(config.apacheErrorLogGroup(), config.syslogLogGroup()), id,
                        alarm.stateChangeTime().minus(config.window()), alarm.stateChangeTime()),
                language.text("open-logs"))));
        return Mrkdwn.join(" · ", links);
    }

    static String time(Instant instant, ZoneId zone, String zoneName) {
        return TIME.format(instant.atZone(zone)) + " " + zoneName;
    }

    private String clock(Instant instant) {
        return CLOCK.format(instant.atZone(ZoneOffset.UTC)) + " UTC (" + CLOCK.format(instant.atZone(config.zone()))
                + " " + config.zone().getId() + ")";
    }

    /**
     * A log's section. Each kind shown is shown whole (its line already capped by the distiller); kinds that do not
     * fit are counted, with their lines, and the reason they were left out.
     */
    private static Mrkdwn logText(Section section, Language language) {
        LogExcerpt excerpt = section.excerpt();
        Mrkdwn title = Mrkdwn.bold(excerpt.source()).plus(": ");
        if (excerpt.isUnreadable()) {
            return title.plus(language.text("logs-unreadable", excerpt.unreadable()));
        }
        if (!excerpt.shipped()) {
            return title.plus(language.text("no-logs"));
        }
        List<Finding> findings = section.findings();
        if (findings.isEmpty()) {
            return title.plus(language.text("nothing-matters", excerpt.lines().size()));
        }
        int matters = findings.stream().mapToInt(Finding::count).sum();
        Mrkdwn header = title.plus(language.text("lines-matter", matters, excerpt.lines().size()));
        if (excerpt.truncated()) {
            header = header.plus(" (" + language.text("read-capped", excerpt.lines().size()) + ")");
        }
        StringBuilder body = new StringBuilder();
        int shown = 0;
        String reason = null;
        for (Finding finding : findings) {
            if (shown == MAX_FINDINGS) {
                reason = language.text("left-out-kinds", MAX_FINDINGS);
                break;
            }
            String line = findingLine(finding, language);
            Mrkdwn candidate = Mrkdwn.codeBlock(body + line);
            if (header.length() + 1 + candidate.length() + LEFT_OUT_ROOM > MAX_TEXT) {
                reason = language.text("left-out-room", MAX_TEXT);
                break;
            }
            body.append(line);
            shown++;
        }
        Mrkdwn text = header.plus("\n").plus(Mrkdwn.codeBlock(body.toString()));
        if (shown < findings.size()) {
            List<Finding> rest = findings.subList(shown, findings.size());
            text = text.plus("\n").plus(Mrkdwn.italic(language.text("left-out", rest.size(),
                    rest.stream().mapToInt(Finding::count).sum(), reason)));
        }
        return text;
    }

    private static String findingLine(Finding finding, Language language) {
        StringBuilder line = new StringBuilder("[").append(finding.severity().word());
        if (finding.count() > 1) {
            line.append(" ×").append(finding.count());
        }
        line.append(']');
        if (!finding.label().isEmpty()) {
            line.append(' ').append(finding.label());
        }
        line.append(' ').append(finding.sample());
        if (finding.cut()) {
            line.append(" …(").append(language.text("line-cut", finding.lineLength())).append(')');
        }
        return line.append('\n').toString();
    }

    static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn")
                .put("text", Mrkdwn.bold(name).plus("\n").plus(value).truncate(MAX_FIELD).toString());
    }

    static void section(ArrayNode blocks, Mrkdwn text) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", text.truncate(MAX_TEXT).toString());
    }

    static void context(ArrayNode blocks, Mrkdwn text) {
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", text.truncate(MAX_TEXT).toString());
    }

    /** Display text only: links always carry the full name. */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
