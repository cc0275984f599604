package io.github.ec2monitoring.cpualert;

import java.time.Instant;

/**
 * A kind of log line that matters: near-identical lines counted as one.
 *
 * @param sample the most recent line of the kind, redacted
 * @param label what the line means in a word ("404", "OOM killer"), or empty
 */
public record Finding(Severity severity, String label, String sample, int count, Instant lastSeen) {

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
