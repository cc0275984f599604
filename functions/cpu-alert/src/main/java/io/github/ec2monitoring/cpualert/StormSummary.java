package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one message a storm starts with: how many alarms are in ALARM, by severity and by metric, on how many
 * instances, the worst of them, how many notifications still wait, and a link to the alarm list. The details follow
 * it, one message per instance.
 */
final class StormSummary {

    /** The worst alarms shown by name; the rest are counted. */
    static final int WORST_SHOWN = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertConfig config;

    StormSummary(AlertConfig config) {
        this.config = config;
    }

    /**
     * @param waiting notifications in the queue when the storm was noticed, this batch's included
     * @param regionCode for the console link; empty when no alarm of the batch said it
     */
    ObjectNode build(AlarmsInAlarm.Listing listing, int waiting, Instant noticedAt, String regionCode) {
        Language language = config.language();
        List<Firing> firing = listing.firing();
        long instances = firing.stream().map(Firing::instanceId).filter(Objects::nonNull).distinct().count();
        long critical = firing.stream().filter(f -> f.severity() == AlarmSeverity.CRITICAL).count();
        long warning = firing.stream().filter(f -> f.severity() == AlarmSeverity.WARNING).count();
        String title = language.text("storm-title", firing.size(), instances);
        String icon = critical > 0 ? ":rotating_light:" : ":warning:";

        ObjectNode message = JSON.createObjectNode();
        message.put("text", Mrkdwn.text(title).toString());
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", SlackMessage.shorten(icon + " " + title, SlackMessage.MAX_HEADER));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        List<String> severities = new ArrayList<>();
        severities.add(language.text("critical") + " " + critical);
        severities.add(language.text("warning") + " " + warning);
        if (firing.size() > critical + warning) {
            severities.add(language.text("unknown") + " " + (firing.size() - critical - warning));
        }
        SlackMessage.field(fields, language.text("storm-severity"), String.join(" · ", severities));
        SlackMessage.field(fields, language.text("storm-metric"), byMetric(firing, language));
        SlackMessage.field(fields, language.text("storm-instances"), Long.toString(instances));
        SlackMessage.field(fields, language.text("storm-waiting"), language.text("storm-waiting-count", waiting));

        long fleet = firing.stream().filter(f -> f.instanceId() == null).count();
        if (fleet > 0) {
            SlackMessage.context(blocks, Mrkdwn.text(language.text("storm-fleet", fleet)));
        }
        if (listing.unknownBecause() != null) {
            SlackMessage.section(blocks, Mrkdwn.italic(language.text("storm-unlisted", listing.unknownBecause())));
        } else if (!listing.complete()) {
            SlackMessage.context(blocks, Mrkdwn.italic(language.text("storm-partial", firing.size())));
        }
        if (!firing.isEmpty()) {
            SlackMessage.section(blocks, Mrkdwn.bold(language.text("storm-worst")).plus("\n")
                    .plus(Mrkdwn.join("\n", worst(firing).stream().map(f -> worstLine(f, language)).toList())));
        }
        List<Mrkdwn> footer = new ArrayList<>();
        footer.add(Mrkdwn.text(language.text("storm-details")));
        if (!regionCode.isEmpty()) {
            footer.add(Mrkdwn.link(ConsoleLinks.alarmsInAlarm(regionCode, config.alarmNamePrefix() + "-"),
                    language.text("storm-list")));
        }
        SlackMessage.context(blocks, Mrkdwn.join(" · ", footer));
        SlackMessage.context(blocks, Mrkdwn.text(language.text("storm-began",
                SlackMessage.time(noticedAt, ZoneOffset.UTC, "UTC") + " / "
                        + SlackMessage.time(noticedAt, config.zone(), config.zone().getId()))));
        return message;
    }

    /** Critical before warning, then the furthest over its threshold. */
    static List<Firing> worst(List<Firing> firing) {
        return firing.stream()
                .sorted(Comparator.comparingInt((Firing f) -> f.severity().ordinal())
                        .thenComparing(Comparator.comparingDouble(Firing::overThreshold).reversed())
                        .thenComparing(Firing::alarmName))
                .limit(WORST_SHOWN)
                .toList();
    }

    private static String byMetric(List<Firing> firing, Language language) {
        if (firing.isEmpty()) {
            return "—";
        }
        Map<String, Long> counts = firing.stream()
                .collect(Collectors.groupingBy(Firing::metric, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(entry -> metricName(entry.getKey(), language) + " " + entry.getValue())
                .collect(Collectors.joining(" · "));
    }

    private static String metricName(String metric, Language language) {
        return switch (metric) {
            case "cpu", "memory", "disk" -> language.text("metric-" + metric);
            default -> metric;
        };
    }

    private static Mrkdwn worstLine(Firing firing, Language language) {
        String icon = firing.severity() == AlarmSeverity.CRITICAL ? ":rotating_light:" : ":warning:";
        String value = (firing.value() == null ? "—" : SlackMessage.format(firing.value())) + " / "
                + (firing.threshold() == null ? "—" : SlackMessage.format(firing.threshold()));
        String where = firing.instanceId() != null ? firing.instanceId() : firing.alarmName();
        return Mrkdwn.text("• " + icon + " " + where + " " + metricName(firing.metric(), language) + " " + value
                + (firing.instanceId() != null ? " (" + firing.alarmName() + ")" : ""));
    }
}
