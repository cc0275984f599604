package io.github.ec2monitoring.cpualert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Posts messages to a Slack incoming webhook, within the invocation's time budget: 429 waits as long as Slack's
 * Retry-After says, 5xx and timeouts are retried with exponential backoff. When Slack says the webhook is gone
 * (403, 404, 410) the URL is read again once, since it may have been rotated; any other answer fails at once. When
 * retries run out the post fails, so Lambda retries the invocation and finally keeps it in the dead-letter queue.
 * The URL is a secret: it never appears in an exception or a log line.
 */
public final class SlackWebhook {

    static final int MAX_ATTEMPTS = 5;

    /**
     * @param attemptTimeout how long one post may take before it counts as failed
     * @param firstBackoff the wait after the first failure; it doubles each time, plus up to half again of jitter
     */
    public record Timing(Duration attemptTimeout, Duration firstBackoff) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(10), Duration.ofMillis(500));
    }

    /** Time kept back for logging and returning after the last attempt. */
    static final Duration RESERVE = Duration.ofSeconds(2);
    /** The least time worth an attempt. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(500);

    /** Where to post: the webhook URL, and a way to read it again from its source. */
    public interface Target {
        URI url();

        /** Reads the URL again (it may have been rotated) and keeps the new value. */
        URI reload();
    }

    private final HttpClient http;
    private final Target url;
    private final Timing timing;
    private final PostPacer pacer;
    private final Consumer<String> log;

    public SlackWebhook(HttpClient http, Target url, Timing timing, PostPacer pacer, Consumer<String> log) {
        this.http = http;
        this.url = url;
        this.timing = timing;
        this.pacer = pacer;
        this.log = log;
    }

    /** Thrown when Slack does not take a message; the invocation fails so Lambda keeps the alert. */
    public static final class DeliveryException extends RuntimeException {
        DeliveryException(String message) {
            super(message);
        }
    }

    /** Thrown when a post gave up for a storm's summary to go first; the record comes back after it. */
    public static final class HeldBack extends RuntimeException {
        HeldBack(String message) {
            super(message);
        }
    }

    /**
     * For priming, without reading the secret: posts the message as {@link #post} does, to a stand-in that this
     * method starts on loopback for the one request and stops again. The HTTP client's whole exchange is primed;
     * nothing leaves the sandbox.
     */
    void prepare(String json) {
        HttpServer standIn = null;
        try {
            standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            standIn.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] ok = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            standIn.start();
            URI target = URI.create("http://127.0.0.1:" + standIn.getAddress().getPort() + "/priming");
            http.send(request(target, Duration.ofSeconds(2), json), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Priming only: the first real post pays for what this could not do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (standIn != null) {
                standIn.stop(0);
            }
        }
    }

    private static HttpRequest request(URI target, Duration timeout, String json) {
        return HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Reads the URL now, if it has not been read, so that a post later need not wait for it. */
    void resolveTarget() {
        url.url();
    }

    /**
     * A 429 costs no attempt: Slack asks to wait, not to give up, so the post goes on while the invocation has time.
     *
     * @param remaining how much of the invocation's time is left
     * @return how many requests it took
     */
    public int post(String json, Supplier<Duration> remaining) {
        return post(json, remaining, () -> false);
    }

    /**
     * As {@link #post(String, Supplier)}, giving up before a retry when {@code holdBack} says so: a message that
     * waited out an outage must not land before a storm's summary.
     */
    public int post(String json, Supplier<Duration> remaining, BooleanSupplier holdBack) {
        URI target = url.url();
        boolean reloaded = false;
        String lastProblem = "";
        int throttled = 0;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt + throttled > 1 && holdBack.getAsBoolean()) {
                throw new HeldBack("held back after " + (attempt + throttled - 1) + " attempt(s): a storm began, "
                        + "and its summary goes first; last: " + lastProblem);
            }
            Duration budget = remaining.get().minus(RESERVE);
            if (budget.compareTo(MIN_ATTEMPT) < 0) {
                throw new DeliveryException("no time left to post to Slack after " + (attempt - 1) + " attempts; last: "
                        + lastProblem);
            }
            Duration wait;
            boolean slowDown = false;
            Duration timeout = budget;
            try {
                if (pacer.awaitTurn(budget.minus(MIN_ATTEMPT)).isEmpty()) {
                    throw new DeliveryException("no turn to post to Slack within the invocation's time after "
                            + (attempt - 1) + " attempts" + (lastProblem.isEmpty() ? "" : "; last: " + lastProblem));
                }
                budget = remaining.get().minus(RESERVE);
                timeout = budget.compareTo(timing.attemptTimeout()) < 0 ? budget : timing.attemptTimeout();
                HttpRequest request = request(target, timeout, json);
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return attempt + throttled;
                }
                String body = clip(response.body());
                lastProblem = "HTTP " + status + " " + body;
                if (status == 429) {
                    wait = retryAfter(response).orElse(Duration.ofSeconds(1));
                    slowDown = true;
                } else if (isGone(status) && !reloaded) {
                    reloaded = true;
                    URI fresh = url.reload();
                    if (fresh.equals(target)) {
                        throw gone(status, body);
                    }
                    target = fresh;
                    log.accept("Slack webhook answered HTTP " + status + " (" + body + "); the secret holds a new URL, "
                            + "posting to it");
                    continue;
                } else if (status >= 500) {
                    wait = backoff(attempt);
                } else {
                    throw gone(status, body);
                }
            } catch (HttpTimeoutException e) {
                lastProblem = "no answer within " + timeout.toMillis() + " ms";
                wait = backoff(attempt);
            } catch (IOException e) {
                lastProblem = "connection failed (" + e.getClass().getSimpleName() + ")";
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted while posting to Slack");
            }
            log.accept("Slack attempt " + (attempt + throttled) + " failed: " + lastProblem + "; next in "
                    + wait.toMillis() + " ms");
            if (remaining.get().minus(RESERVE).minus(wait).isNegative()) {
                break;
            }
            if (slowDown) {
                // No attempt spent: the pacer holds this container's next request until Retry-After has passed.
                pacer.holdFor(wait);
                throttled++;
                attempt--;
                continue;
            }
            if (attempt == MAX_ATTEMPTS) {
                break;
            }
            sleep(wait);
        }
        throw new DeliveryException("Slack did not take the message after retries; last: " + lastProblem);
    }

    /** Slack's answers for a deleted, revoked or archived webhook. */
    private static boolean isGone(int status) {
        return status == 403 || status == 404 || status == 410;
    }

    private static DeliveryException gone(int status, String body) {
        return new DeliveryException("Slack webhook answered HTTP " + status + " (" + body + "): the URL in the webhook "
                + "secret is wrong or revoked, or the message was refused; not retried");
    }

    private static OptionalLong seconds(String value) {
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After")
                .map(SlackWebhook::seconds)
                .filter(OptionalLong::isPresent)
                .map(s -> Duration.ofSeconds(Math.max(0, Math.min(s.getAsLong(), 60))));
    }

    private Duration backoff(int attempt) {
        long base = timing.firstBackoff().toMillis() << (attempt - 1);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while waiting to retry Slack");
        }
    }

    private static String clip(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
