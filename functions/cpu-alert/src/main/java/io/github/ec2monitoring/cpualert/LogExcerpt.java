package io.github.ec2monitoring.cpualert;

import java.util.List;

/**
 * The lines read from one log for the alarm's window.
 *
 * @param source what the log is, as shown to a person ("Apache error log", "syslog")
 * @param shipped false when the instance's stream or the log group does not exist
 * @param truncated true when the read stopped at the cap on scanned events
 * @param unreadable why the log could not be read (throttled, access denied, no answer), or null when it was read
 */
public record LogExcerpt(String source, List<LogLine> lines, boolean shipped, boolean truncated, String unreadable) {

    public LogExcerpt {
        lines = List.copyOf(lines);
    }

    static LogExcerpt read(String source, List<LogLine> lines, boolean truncated) {
        return new LogExcerpt(source, lines, true, truncated, null);
    }

    static LogExcerpt notShipped(String source) {
        return new LogExcerpt(source, List.of(), false, false, null);
    }

    static LogExcerpt unreadable(String source, String why) {
        return new LogExcerpt(source, List.of(), false, false, why);
    }

    public boolean isUnreadable() {
        return unreadable != null;
    }
}
