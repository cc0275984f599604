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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on loopback standing in for a Slack incoming webhook; records every post. */
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

    /** A request as received. */
    public record Received(String method, String path, String contentType, String body) {}

    public static final String PATH = "/services/T000/B000/test-secret-token";

    static {
        // The JDK server writes headers and body apart; with Nagle's algorithm each small answer waits ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();

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

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Reply reply;
        synchronized (this) {
            reply = script.isEmpty() ? Reply.ok() : script.poll();
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
