package io.github.ec2monitoring.cpualert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Distills log lines into the findings an on-call engineer needs: what went wrong, how often, most severe and most
 * frequent first. Knows Apache's error log and Ubuntu's syslog; near-identical lines (differing only in numbers,
 * addresses, ids) count as one.
 */
public final class LogDistiller {

    private record Rule(Pattern pattern, Finding.Severity severity, String label) {}

    /** Apache 2.4: "[Tue Nov 24 06:28:03.000001 2026] [authz_core:error] [pid 1:tid 2] ..." */
    private static final Pattern APACHE_LEVEL = Pattern.compile("\\[(?:[a-z_0-9]+:)?(emerg|alert|crit|error|warn|notice|info)\\]");

    /** Specific meanings first: the first rule that matches a line labels it. */
    private static final List<Rule> RULES = List.of(
            rule("invoked oom-killer|Out of memory: Kill|oom-kill", Finding.Severity.CRITICAL, "OOM killer"),
            rule("No space left on device", Finding.Severity.CRITICAL, "disk full"),
            rule("I/O error|EXT4-fs error|XFS \\(\\w+\\): .*error|blk_update_request|Buffer I/O", Finding.Severity.CRITICAL,
                    "I/O error"),
            rule("segfault|general protection fault|core dumped", Finding.Severity.ERROR, "crash"),
            rule("systemd\\[\\d+\\]: .*(?:Failed|failed with result)|Main process exited, code=(?:exited|killed), "
                    + "status=(?!0/)", Finding.Severity.ERROR, "service failed"),
            rule("AH01630|AH00035|client denied|Permission denied: .*AH00529", null, "403"),
            rule("AH00128|File does not exist", Finding.Severity.WARNING, "404"),
            rule("AH00161|server reached MaxRequestWorkers", Finding.Severity.ERROR, "Apache saturated"),
            rule("\\b(?:emerg(?:ency)?|panic)\\b", Finding.Severity.EMERGENCY, ""),
            rule("\\b(?:fatal|critical)\\b", Finding.Severity.CRITICAL, ""),
            rule("\\b(?:error|err|failed|failure|denied|refused|timed out|timeout)\\b", Finding.Severity.ERROR, ""),
            rule("\\b(?:warn|warning)\\b", Finding.Severity.WARNING, ""));

    /** Leading timestamps of both logs, dropped from the grouping key. */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^(?:\\[[A-Z][a-z]{2} [A-Z][a-z]{2} +\\d+ [\\d:.]+ \\d{4}\\] ?|\\d{4}-\\d\\d-\\d\\dT[\\d:.]+(?:Z|[+-]\\d\\d:?\\d\\d)? ?)");
    private static final List<Pattern> VARYING = List.of(
            Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?\\b"),                 // IPv4[:port]
            Pattern.compile("\\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\\b"),                  // IPv6
            Pattern.compile("\\b(?:i|vol|ami|eni|sg)-[0-9a-f]{8,17}\\b"),                   // AWS ids
            Pattern.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"),
            Pattern.compile("\\b0x[0-9a-f]+\\b|\\b[0-9a-f]{12,}\\b"),                       // addresses, hashes
            Pattern.compile("\\d+"));                                                      // any other number

    private static Rule rule(String regex, Finding.Severity severity, String label) {
        return new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), severity, label);
    }

    /** Longest line shown; a longer one is cut, so one huge line cannot crowd every other kind out of the message. */
    static final int MAX_LINE_CHARS = 300;
    /** How much of a line is classified, grouped and redacted: bounds the regex work a 20 KB line costs. */
    static final int MAX_SCANNED_CHARS = 2_000;

    private final Redactor redactor;

    public LogDistiller(Redactor redactor) {
        this.redactor = redactor;
    }

    /** The newest line of a kind so far, kept raw: only the one finally shown is redacted. */
    private record Kind(Finding.Severity severity, String label, String newest, int count, Instant lastSeen) {}

    /** The findings, most severe first, then most frequent, then most recent. */
    public List<Finding> distill(List<LogLine> lines) {
        Map<String, Kind> byKey = new LinkedHashMap<>();
        for (LogLine line : lines) {
            String message = line.message().strip();
            String head = message.length() > MAX_SCANNED_CHARS ? message.substring(0, MAX_SCANNED_CHARS) : message;
            classify(head).ifPresent(classified -> {
                String shown = head.length() > MAX_LINE_CHARS ? head.substring(0, MAX_LINE_CHARS) : head;
                String key = classified.severity() + "|" + classified.label() + "|" + groupingKey(shown);
                Kind previous = byKey.get(key);
                boolean newer = previous == null || !line.timestamp().isBefore(previous.lastSeen());
                byKey.put(key, new Kind(classified.severity(), classified.label(),
                        newer ? message : previous.newest(),
                        previous == null ? 1 : previous.count() + 1,
                        newer ? line.timestamp() : previous.lastSeen()));
            });
        }
        List<Finding> findings = new ArrayList<>(byKey.size());
        for (Kind kind : byKey.values()) {
            findings.add(new Finding(kind.severity(), kind.label(), sample(kind.newest()), kind.count(),
                    kind.lastSeen(), kind.newest().length()));
        }
        findings.sort(Comparator.comparing(Finding::severity)
                .thenComparing(Comparator.comparingInt(Finding::count).reversed())
                .thenComparing(Comparator.comparing(Finding::lastSeen).reversed()));
        return findings;
    }

    /** Redacted before it is cut, so a secret that runs past the cut is masked whole. */
    private String sample(String line) {
        String redacted = redactor.redact(line.length() > MAX_SCANNED_CHARS ? line.substring(0, MAX_SCANNED_CHARS) : line);
        return redacted.length() > MAX_LINE_CHARS ? redacted.substring(0, MAX_LINE_CHARS) : redacted;
    }

    private record Classified(Finding.Severity severity, String label) {}

    private static Optional<Classified> classify(String message) {
        Matcher level = APACHE_LEVEL.matcher(message);
        Finding.Severity apacheSeverity = level.find() ? apacheSeverity(level.group(1)) : null;
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(message).find()) {
                Finding.Severity severity = rule.severity() != null ? rule.severity()
                        : apacheSeverity != null ? apacheSeverity : Finding.Severity.ERROR;
                // An Apache line is never less severe than its own level says.
                if (apacheSeverity != null && apacheSeverity.compareTo(severity) < 0) {
                    severity = apacheSeverity;
                }
                return Optional.of(new Classified(severity, rule.label()));
            }
        }
        if (apacheSeverity != null && apacheSeverity.compareTo(Finding.Severity.WARNING) <= 0) {
            return Optional.of(new Classified(apacheSeverity, ""));
        }
        return Optional.empty();
    }

    private static Finding.Severity apacheSeverity(String level) {
        return switch (level) {
            case "emerg" -> Finding.Severity.EMERGENCY;
            case "alert" -> Finding.Severity.ALERT;
            case "crit" -> Finding.Severity.CRITICAL;
            case "error" -> Finding.Severity.ERROR;
            case "warn" -> Finding.Severity.WARNING;
            default -> Finding.Severity.NOTICE;
        };
    }

    static String groupingKey(String message) {
        String key = TIMESTAMP.matcher(message.strip()).replaceFirst("").toLowerCase(Locale.ROOT);
        for (Pattern varying : VARYING) {
            key = varying.matcher(key).replaceAll("#");
        }
        return key;
    }
}
