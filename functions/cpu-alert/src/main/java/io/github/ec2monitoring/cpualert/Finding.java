package io.github.ec2monitoring.cpualert;

import java.time.Instant;

/**
 * A kind of log line that matters: near-identical lines counted as one.
 *
 * @param sample the most recent line of the kind, redacted and cut to {@link LogDistiller#MAX_LINE_CHARS}
 * @param label what the line means in a word ("404", "OOM killer"), or empty
 * @param lineLength how long that line was before it was cut; more than the sample's length when it was
 */
public record Finding(Severity severity, String label, String sample, int count, Instant lastSeen, int lineLength) {

    /** True when the sample is the start of a longer line. */
    public boolean cut() {
        return lineLength > LogDistiller.MAX_LINE_CHARS;
    }

    /** From most to least severe. */
    public enum Severity {
        EMERGENCY("emerg"),
        ALERT("alert"),
        CRITICAL("crit"),
        ERROR("error"),
        WARNING("warn"),
        NOTICE("notice");

        private final String word;

        Severity(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
