package io.github.ec2monitoring.cpualert;

import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes secrets from log lines before they leave for Slack. */
public final class Redactor {

    static final String MASK = "[REDACTED]";

    private static final List<Pattern> KEEP_NAME = List.of(
            // key=value and key: value pairs whose name says secret; the name stays, the value goes.
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|"
                    + "aws_secret_access_key|session[_-]?token|client[_-]?secret)[\"']?\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&]+)"),
            Pattern.compile("(?i)(authorization:\\s*(?:bearer|basic|token)\\s+)(\\S+)"),
            Pattern.compile("(?i)(\\bbearer\\s+)([A-Za-z0-9._~+/=-]{8,})"),
            // user:password@ in URLs
            Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)(?=@)"));
    private static final List<Pattern> WHOLE = List.of(
            Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
            Pattern.compile("https?://hooks\\.slack\\.com/(?:services|workflows)/[^\\s\"'>]+"),
            Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b"));

    private final Supplier<String> webhookUrl;

    /** @param webhookUrl the webhook this function posts to, masked wherever it appears */
    public Redactor(Supplier<String> webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public String redact(String line) {
        String text = line;
        String webhookUrl = this.webhookUrl.get();
        if (webhookUrl != null && !webhookUrl.isEmpty()) {
            text = text.replace(webhookUrl, MASK);
        }
        for (Pattern pattern : KEEP_NAME) {
            text = pattern.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
        }
        for (Pattern pattern : WHOLE) {
            text = pattern.matcher(text).replaceAll(MASK);
        }
        return text;
    }
}
