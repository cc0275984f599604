package io.github.ec2monitoring.standins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP front between the SDK and the emulator: it forwards every request to moto server, unless a rule
 * answers it first, the way the real service would (an error in the protocol's own shape, a delay). Tests use it for
 * what the emulator never does: refuse access, throttle ({@link Quotas}), answer slowly, and page DescribeAlarms
 * at CloudWatch's real page size (moto returns every alarm at once).
 */
public final class AwsFront implements AutoCloseable {

    /** An answer in place of the emulator's; {@code delay} is waited before answering or forwarding. */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay) {

        /** An error of an AWS JSON-protocol service (CloudWatch Logs, Secrets Manager), e.g. AccessDeniedException. */
        public static Answer jsonError(int status, String code, String message) {
            return new Answer(status, Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", code),
                    "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}", Duration.ZERO);
        }

        /** An error of an AWS Query-protocol service (CloudWatch, EC2-style XML), e.g. Throttling. */
        public static Answer queryError(int status, String code, String message) {
            return new Answer(status, Map.of("Content-Type", "text/xml"), "<ErrorResponse><Error><Type>Sender</Type>"
                    + "<Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                    + "<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>", Duration.ZERO);
        }

        /** An error of EC2, whose protocol has its own XML shape, e.g. IncorrectState. */
        public static Answer ec2Error(int status, String code, String message) {
            return new Answer(status, Map.of("Content-Type", "text/xml;charset=UTF-8"), "<Response><Errors><Error>"
                    + "<Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors>"
                    + "<RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>", Duration.ZERO);
        }

        /**
         * CloudWatch's Query-protocol answer to {@code action}, for an operation the emulator lacks (e.g.
         * DescribeAlarmContributors); {@code resultXml} is the content of its {@code <ActionResult>} element.
         */
        public static Answer queryResult(String action, String resultXml) {
            return new Answer(200, Map.of("Content-Type", "text/xml"), "<" + action + "Response xmlns=\""
                    + "http://monitoring.amazonaws.com/doc/2010-08-01/\"><" + action + "Result>" + resultXml + "</"
                    + action + "Result><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId>"
                    + "</ResponseMetadata></" + action + "Response>", Duration.ZERO);
        }

        /**
         * DescribeAlarmContributors as CloudWatch answers it, one page: a member per contributor in ALARM, with its
         * GROUP BY keys as attributes.
         */
        public static Answer alarmContributors(List<Map<String, String>> inAlarm) {
            StringBuilder members = new StringBuilder("<AlarmContributors>");
            for (int i = 0; i < inAlarm.size(); i++) {
                members.append("<member><ContributorId>").append(String.format("%016x", i + 1L))
                        .append("</ContributorId><ContributorAttributes>");
                inAlarm.get(i).forEach((key, value) -> members.append("<entry><key>").append(key)
                        .append("</key><value>").append(value).append("</value></entry>"));
                members.append("</ContributorAttributes><StateReason>Threshold Crossed</StateReason></member>");
            }
            return queryResult("DescribeAlarmContributors", members.append("</AlarmContributors>").toString());
        }

        /** Forward to the emulator, but only after {@code delay}. */
        public static Answer slow(Duration delay) {
            return new Answer(0, Map.of(), "", delay);
        }

        /** Close the connection without an answer, as a service that cannot be reached. */
        public static Answer unreachable() {
            return new Answer(-1, Map.of(), "", Duration.ZERO);
        }

        boolean forwards() {
            return status == 0;
        }
    }

    /** Decides, for one operation, whether the front answers in the emulator's place. */
    @FunctionalInterface
    public interface Rule {
        Optional<Answer> answer(String operation);
    }

    static {
        // The JDK server writes headers and body apart; with Nagle's algorithm each small answer waits ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive");

    private final URI upstream;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile boolean pageAlarms;
    private final AlarmPages alarmPages = new AlarmPages();

    public AwsFront(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "aws-front");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where clients send their requests instead of the emulator. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a rule; the first rule that answers an operation decides it. */
    public AwsFront rule(Rule rule) {
        rules.add(rule);
        return this;
    }

    /** Answers every call of {@code operation} with {@code answer}. */
    public AwsFront always(String operation, Answer answer) {
        return rule(op -> op.equals(operation) ? Optional.of(answer) : Optional.empty());
    }

    /** DescribeAlarms answers in pages, as CloudWatch does: 50 alarms, or MaxRecords up to 100, and a NextToken. */
    public AwsFront pageDescribeAlarms() {
        pageAlarms = true;
        return this;
    }

    /** Every operation the front received, in order. */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    /** The body of every request the front received, in order: what a test may not see leave. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = operation(exchange, body);
            operations.add(operation);
            bodies.add(new String(body, StandardCharsets.UTF_8));
            Optional<Answer> answer = Optional.empty();
            for (Rule rule : rules) {
                answer = rule.answer(operation);
                if (answer.isPresent()) {
                    break;
                }
            }
            if (answer.isPresent()) {
                Thread.sleep(answer.get().delay().toMillis());
                if (answer.get().status() < 0) {
                    return; // closing the exchange unanswered drops the connection
                }
                if (!answer.get().forwards()) {
                    respond(exchange, answer.get().status(), answer.get().headers(),
                            answer.get().body().getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            if (pageAlarms && operation.equals("DescribeAlarms")) {
                AlarmPages.Request page = AlarmPages.request(body);
                byte[] cached = alarmPages.cachedPage(page);
                if (cached != null) {
                    respond(exchange, 200, Map.of("Content-Type", "text/xml"), cached);
                    return;
                }
                Forwarded all = forward(exchange, page.unpagedBody());
                byte[] paged = all.status() == 200 ? alarmPages.page(all.body(), page) : all.body();
                respond(exchange, all.status(), all.headers(), paged);
                return;
            }
            Forwarded response = forward(exchange, body);
            respond(exchange, response.status(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Forwarded(int status, Map<String, String> headers, byte[] body) {}

    private Forwarded forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI target = upstream.resolve(exchange.getRequestURI().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new Forwarded(response.statusCode(), headers, response.body());
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** "FilterLogEvents" from a JSON-protocol target header, "PutMetricAlarm" from a Query-protocol form body. */
    static String operation(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        String form = new String(body, StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
