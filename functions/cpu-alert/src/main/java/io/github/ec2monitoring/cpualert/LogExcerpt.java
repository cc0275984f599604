package io.github.ec2monitoring.cpualert;

import java.util.List;

/**
 * The lines read from one log for the alarm's window.
 *
 * @param source what the log is, as shown to a person ("Apache error log", "syslog")
 * @param shipped false when the instance's stream or the log group does not exist
 * @param truncated true when the read stopped at the cap on scanned events
 */
public record LogExcerpt(String source, List<LogLine> lines, boolean shipped, boolean truncated) {

    static LogExcerpt notShipped(String source) {
        return new LogExcerpt(source, List.of(), false, false);
    }
}
