package io.github.ec2monitoring.cpualert;

import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets, and by default personal data, from log lines before they leave for Slack. Each rule masks the whole
 * value it recognises, so no part of a secret is left behind; where a value's end is unclear, it masks more.
 */
public final class Redactor {

    static final String MASK = "[REDACTED]";
    static final String EMAIL_MASK = "[EMAIL]";
    static final String IP_MASK = "[IP]";

    /** A rule: what it finds, and whether the text before the secret (group 1) stays. */
    private record Rule(Pattern pattern, boolean keepsName) {
        String apply(String text, String mask) {
            return pattern.matcher(text).replaceAll(match ->
                    Matcher.quoteReplacement(keepsName ? match.group(1) + mask : mask));
        }
    }

    /** A secret's name: words around one of these, e.g. db_password, SECRET_KEY_BASE, x-api-key, jwt. */
    private static final String SECRET_NAME = "[\\w.-]{0,40}?(?:password|passwd|passphrase|secret|token|api[_-]?key|"
            + "access[_-]?key|private[_-]?key|credentials?|jwt)[\\w.-]{0,40}";
    /** A value: quoted, or up to white space, a quote, '&', or a ',' or ';' that ends a phrase. */
    private static final String VALUE = "(?:\"[^\"]*\"?|'[^']*'?|(?:[^\\s,;&\"']|[,;](?!\\s|$))+)";

    private static final List<Rule> SECRETS = List.of(
            // A PEM private key, to its END line or, when the line holds no END, to the end of the line.
            whole("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:.*?-----END [A-Z0-9 ]*PRIVATE KEY-----|.*)"),
            // user:password@ in a URL; the password may itself hold '@', so up to the last '@' before the host.
            keepName("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^\\s/]+)(?=@[^@\\s/]+)"),
            keepName("(?i)(\\b(?:set-)?cookie:\\s*)([^\\r\\n\"]+)"),
            keepName("(?i)(authorization:\\s*(?:bearer|basic|token|digest)\\s+)(\\S+)"),
            keepName("(?i)(\\bbearer\\s+)([A-Za-z0-9._~+/=-]{8,})"),
            // mysql -phunter2: the password is glued to -p (a space after -p means "prompt").
            keepName("(?i)(\\bmysql(?:dump|admin|import|sh)?\\b[^\\n]*?\\s-p)(\\S+)"),
            keepName("(?i)(" + SECRET_NAME + "[\"']?\\s*[=:]\\s*)(" + VALUE + ")"),
            whole("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"),
            whole("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
            whole("https?://hooks\\.slack\\.com/(?:services|workflows)/[^\\s\"'>]+"),
            whole("\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b"),
            // Key material on a line of its own (a PEM body line, a bare secret key): 40+ base64 characters
            // mixing upper case, lower case and digits. Hex digests have no upper case and stay.
            whole("(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[0-9])"
                    + "[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])"));

    private static final Pattern EMAIL = Pattern.compile(
            "(?i)\\b[a-z0-9._%+-]+@(?:[a-z0-9-]+\\.)+[a-z]{2,}\\b");
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\.?\\d)");
    /** Full form (eight groups) or compressed ("::"); a time such as 06:27:20 is neither. */
    private static final Pattern IPV6 = Pattern.compile("(?i)(?<![0-9a-f:])(?:"
            + "(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
            + "|(?:[0-9a-f]{1,4}:){1,6}:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5}"
            + "|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6}"
            + ")(?![0-9a-f:])");

    private final Supplier<String> webhookUrl;
    private final boolean maskPersonalData;

    /**
     * @param webhookUrl the webhook this function posts to, masked wherever it appears
     * @param maskPersonalData mask e-mail addresses and IP addresses too (personal data under PIPA and GDPR)
     */
    public Redactor(Supplier<String> webhookUrl, boolean maskPersonalData) {
        this.webhookUrl = webhookUrl;
        this.maskPersonalData = maskPersonalData;
    }

    public String redact(String line) {
        String text = line;
        String webhookUrl = this.webhookUrl.get();
        if (webhookUrl != null && !webhookUrl.isEmpty()) {
            text = text.replace(webhookUrl, MASK);
        }
        for (Rule rule : SECRETS) {
            text = rule.apply(text, MASK);
        }
        if (maskPersonalData) {
            text = EMAIL.matcher(text).replaceAll(EMAIL_MASK);
            text = IPV6.matcher(text).replaceAll(IP_MASK);
            text = IPV4.matcher(text).replaceAll(IP_MASK);
        }
        return text;
    }

    private static Rule whole(String regex) {
        return new Rule(Pattern.compile(regex), false);
    }

    private static Rule keepName(String regex) {
        return new Rule(Pattern.compile(regex), true);
    }
}
