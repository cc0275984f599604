package io.github.ec2monitoring.standins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback standing in for a Slack incoming webhook; records every post and its answer. It can
 * hold to Slack's limit for incoming webhooks (one message a second, 429 with Retry-After otherwise) and be down for
 * a while (503).
 */
public final class WebhookServer implements AutoCloseable {

    /** One scripted answer: status, headers, body, and an optional delay before answering. */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        public static Reply ok() {
            return new Reply(200, Map.of(), "ok", Duration.ZERO);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body, Duration.ZERO);
        }
    }

    /** A request as received, and the status it was answered with. */
    public record Received(String method, String path, String contentType, String body, int status,
            Instant arrivedAt) {}

    public static final String PATH = "/services/T000/B000/test-secret-token";

    static {
        // The JDK server writes headers and body apart; with Nagle's algorithm each small answer waits ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();
    private Duration spacing;
    private long lastAccepted;
    private boolean accepted;
    private Instant downUntil = Instant.MIN;

    public WebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The webhook URL; it contains a secret-like path so tests can prove it never leaks. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** Answers the next requests with these replies, in order; afterwards with 200 ok. */
    public synchronized void reply(Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** From now on, at most one message per {@code spacing}; a request sooner is answered 429, Retry-After: 1. */
    public synchronized void limitTo(Duration spacing) {
        this.spacing = spacing;
    }

    /** Answers 503 until then, as Slack does in an outage. */
    public synchronized void downUntil(Instant until) {
        this.downUntil = until;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The posts answered 200, in the order they arrived. */
    public List<Received> accepted() {
        return received.stream().filter(request -> request.status() == 200).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply;
        synchronized (this) {
            Instant now = Instant.now();
            long nanos = System.nanoTime();
            if (!script.isEmpty()) {
                reply = script.poll();
            } else if (now.isBefore(downUntil)) {
                reply = Reply.status(503, "service_unavailable");
            } else if (spacing != null && accepted && nanos - lastAccepted < spacing.toNanos()) {
                reply = new Reply(429, Map.of("Retry-After", "1"), "rate_limited", Duration.ZERO);
            } else {
                reply = Reply.ok();
            }
            if (reply.status() == 200) {
                accepted = true;
                lastAccepted = nanos;
            }
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, reply.status(), now));
        }
        try {
            Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
