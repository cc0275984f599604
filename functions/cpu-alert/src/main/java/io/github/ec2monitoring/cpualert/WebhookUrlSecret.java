package io.github.ec2monitoring.cpualert;

import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The Slack webhook URL from Secrets Manager, read once per container. */
public final class WebhookUrlSecret implements Supplier<URI> {

    private final SecretsManagerClient secrets;
    private final String secretName;
    private volatile URI cached;

    public WebhookUrlSecret(SecretsManagerClient secrets, String secretName) {
        this.secrets = secrets;
        this.secretName = secretName;
    }

    @Override
    public URI get() {
        URI url = cached;
        if (url == null) {
            url = parse(secrets.getSecretValue(request -> request.secretId(secretName)).secretString());
            cached = url;
        }
        return url;
    }

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
