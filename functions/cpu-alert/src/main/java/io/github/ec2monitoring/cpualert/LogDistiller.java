package io.github.ec2monitoring.cpualert;

import java.util.List;
import java.util.regex.Pattern;

/** Keeps the log lines a person on call needs: errors, warnings, failures and HTTP 4xx/5xx. */
public final class LogDistiller {

    /** Lines kept per log; the Slack message has room for little more. */
    static final int MAX_LINES = 15;

    private static final Pattern MATTERS = Pattern.compile(
            "\\[(?:[a-z_]+:)?(?:emerg|alert|crit|error|warn)\\]"   // Apache: [core:error], [authz_core:error], [warn]
                    + "|\\bfile does not exist\\b"                      // 404s, logged at core:info
                    + "|\\b(?:emerg|alert|crit(?:ical)?|err(?:or)?|warn(?:ing)?|fail(?:ed|ure)?|fatal)\\b"
                    + "|\\b(?:denied|refused|timed? ?out|segfault|oom|out of memory|no space left)\\b"
                    + "|\\bHTTP/\\d(?:\\.\\d)?\"? [45]\\d\\d\\b",
            Pattern.CASE_INSENSITIVE);

    private LogDistiller() {}

    /** The lines that matter, newest last, at most {@link #MAX_LINES} (the most recent ones). */
    public static List<LogLine> distill(List<LogLine> lines) {
        List<LogLine> kept = lines.stream().filter(line -> MATTERS.matcher(line.message()).find()).toList();
        return kept.size() <= MAX_LINES ? kept : kept.subList(kept.size() - MAX_LINES, kept.size());
    }
}
