package io.github.ec2monitoring.cpualert;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Slack mrkdwn that is safe to post. It can only be built from escaped text, the formatting this project uses and
 * checked links, so no field can put raw text in front of Slack: {@code <!channel>} in an alarm name or an instance id
 * stays text, and no value can close or forge a link.
 */
final class Mrkdwn {

    /** What a link target may hold once its dynamic parts are percent-encoded: no space, no {@code < > |}. */
    private static final Pattern SAFE_URL = Pattern.compile("https://[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]+");

    static final Mrkdwn EMPTY = new Mrkdwn("");

    private final String value;

    private Mrkdwn(String value) {
        this.value = value;
    }

    /** Text shown as it is: Slack's three control characters escaped. */
    static Mrkdwn text(String raw) {
        return new Mrkdwn(escape(raw));
    }

    static Mrkdwn bold(String raw) {
        return new Mrkdwn("*" + escape(raw) + "*");
    }

    static Mrkdwn italic(String raw) {
        return new Mrkdwn("_" + escape(raw) + "_");
    }

    /** A code block; a fence inside the text would end it early, so it becomes quotes. */
    static Mrkdwn codeBlock(String raw) {
        return new Mrkdwn("```" + escape(raw.replace("```", "'''")) + "```");
    }

    /**
     * A link whose target was built by this project (dynamic parts percent-encoded) and whose label is escaped.
     *
     * @throws IllegalArgumentException when the target could end the link or forge another one
     */
    static Mrkdwn link(String url, String label) {
        if (!SAFE_URL.matcher(url).matches()) {
            throw new IllegalArgumentException("not a safe link target: " + url.length() + " characters");
        }
        return new Mrkdwn("<" + url.replace("&", "&amp;") + "|" + escape(label) + ">");
    }

    static Mrkdwn join(String separator, List<Mrkdwn> parts) {
        StringBuilder joined = new StringBuilder();
        for (Mrkdwn part : parts) {
            if (!joined.isEmpty()) {
                joined.append(escape(separator));
            }
            joined.append(part.value);
        }
        return new Mrkdwn(joined.toString());
    }

    Mrkdwn plus(Mrkdwn other) {
        return new Mrkdwn(value + other.value);
    }

    Mrkdwn plus(String raw) {
        return plus(text(raw));
    }

    int length() {
        return value.length();
    }

    boolean isEmpty() {
        return value.isEmpty();
    }

    /**
     * At most {@code max} characters, ending with "…" when cut; never inside an escape such as {@code &amp;} or a
     * link, so a cut cannot turn escaped text back into markup.
     */
    Mrkdwn truncate(int max) {
        if (value.length() <= max) {
            return this;
        }
        int end = max - 1;
        int entity = value.lastIndexOf('&', end - 1);
        if (entity >= 0 && value.indexOf(';', entity) >= end) {
            end = entity;
        }
        int open = value.lastIndexOf('<', end - 1);
        if (open >= 0 && value.indexOf('>', open) >= end) {
            end = open;
        }
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return new Mrkdwn(value.substring(0, end) + "…");
    }

    @Override
    public String toString() {
        return value;
    }

    static String escape(String raw) {
        return raw == null ? "" : raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
