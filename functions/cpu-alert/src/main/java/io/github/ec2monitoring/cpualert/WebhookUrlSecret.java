package io.github.ec2monitoring.cpualert;

import java.net.URI;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The Slack webhook URL from Secrets Manager, read once per container and again when Slack says it is gone. */
public final class WebhookUrlSecret implements SlackWebhook.Target {

    private final SecretsManagerClient secrets;
    private final String secretName;
    private volatile URI cached;

    public WebhookUrlSecret(SecretsManagerClient secrets, String secretName) {
        this.secrets = secrets;
        this.secretName = secretName;
    }

    /** The URL if it has been read, else null; never reads it. */
    String known() {
        URI url = cached;
        return url == null ? null : url.toString();
    }

    @Override
    public URI url() {
        URI url = cached;
        return url == null ? reload() : url;
    }

    @Override
    public URI reload() {
        URI url = parse(secrets.getSecretValue(request -> request.secretId(secretName)).secretString());
        cached = url;
        return url;
    }

    /**
     * Primes the read of a secret without reading this one: the name asked for is one the function may not read and
     * that does not exist, so Secrets Manager refuses, and no URL ends up in a snapshot.
     */
    void prime() {
        try {
            secrets.getSecretValue(request -> request.secretId(PRIMING_SECRET));
        } catch (SdkException refused) {
            // Refused, as intended.
        }
    }

    static final String PRIMING_SECRET = "snapstart-priming/no-such-secret";

    private URI parse(String value) {
        String text = value == null ? "" : value.strip();
        if (!(text.startsWith("https://") || text.startsWith("http://"))) {
            throw new IllegalStateException("secret '" + secretName + "' does not hold a webhook URL "
                    + "(expected the plain https://hooks.slack.com/services/... URL)");
        }
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            // The exception's message would quote the URL, which is the secret.
            throw new IllegalStateException("secret '" + secretName + "' holds a malformed URL");
        }
    }
}
