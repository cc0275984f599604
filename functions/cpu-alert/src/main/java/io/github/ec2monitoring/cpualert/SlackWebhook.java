package io.github.ec2monitoring.cpualert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Posts messages to a Slack incoming webhook. The URL is a secret: it never appears in an exception or log. */
public final class SlackWebhook {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Supplier<URI> url;

    public SlackWebhook(HttpClient http, Supplier<URI> url) {
        this.http = http;
        this.url = url;
    }

    /** Thrown when Slack does not accept a message; Lambda then retries and finally keeps the event. */
    public static final class DeliveryException extends RuntimeException {
        DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void post(String json) {
        HttpRequest request = HttpRequest.newBuilder(url.get())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryException("Slack webhook could not be reached: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to Slack", null);
        }
        if (response.statusCode() != 200) {
            String body = response.body() == null ? "" : response.body();
            throw new DeliveryException("Slack webhook answered HTTP " + response.statusCode() + ": "
                    + body.substring(0, Math.min(body.length(), 200)), null);
        }
    }
}
