package io.github.ec2monitoring.standins;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request rates AWS enforces per account and region on the calls this project makes, which the emulator never
 * does. {@link #rule(double)} makes an {@link AwsFront} refuse calls beyond them with the service's own throttling
 * error, so the SDK's retries and the functions' handling of throttling are proven, not assumed.
 */
public final class Quotas {

    /**
     * One API's rate: a token bucket of {@code burst} tokens refilled at {@code perSecond}.
     *
     * @param source where the number comes from
     */
    public record Quota(String service, String operation, double perSecond, int burst, String source) {}

    private static final String CLOUDWATCH = "CloudWatch service quotas (docs: AmazonCloudWatch/latest/monitoring/"
            + "cloudwatch_limits.html), default per account and Region";
    private static final String LOGS = "CloudWatch Logs quotas (docs: AmazonCloudWatch/latest/logs/"
            + "cloudwatch_limits_cwl.html), default per account and Region";
    private static final String EC2 = "EC2 API request throttling, token buckets (docs: ec2/latest/devguide/"
            + "ec2-api-throttling.html): non-mutating 100 tokens + 20/s, mutating 200 + 5/s";

    /** Every quota the fronted tests and benchmarks run under. */
    public static final List<Quota> TABLE = List.of(
            new Quota("cloudwatch", "PutMetricAlarm", 3, 3, CLOUDWATCH),
            new Quota("cloudwatch", "DeleteAlarms", 3, 3, CLOUDWATCH),
            new Quota("cloudwatch", "DescribeAlarms", 9, 9, CLOUDWATCH),
            new Quota("cloudwatch", "SetAlarmState", 3, 3, CLOUDWATCH),
            new Quota("logs", "FilterLogEvents", 5, 5, LOGS),
            new Quota("ec2", "DescribeInstances", 20, 100, EC2),
            new Quota("ec2", "AssociateIamInstanceProfile", 5, 200, EC2));

    /** CloudWatch's DescribeAlarms page: 50 alarms unless MaxRecords asks for up to 100. */
    public static final int DESCRIBE_ALARMS_DEFAULT_PAGE = 50;
    public static final int DESCRIBE_ALARMS_MAX_PAGE = 100;

    /**
     * How much faster than AWS the emulator tests run: fast enough for the suite, slow enough that a burst still
     * meets throttling (moto alone answers hundreds of calls a second). Benchmarks run at 1, the real rates.
     */
    public static final double SUITE_SPEED = 20;

    private static AwsFront suiteFront;

    private Quotas() {}

    /**
     * The front the emulator tests share, started once per JVM: the table's rates at {@link #SUITE_SPEED} and
     * CloudWatch's page sizes, in front of the running {@link MotoServer}.
     */
    public static synchronized AwsFront suiteFront() {
        if (suiteFront == null) {
            try {
                suiteFront = new AwsFront(MotoServer.endpoint()).rule(rule(SUITE_SPEED)).pageDescribeAlarms();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return suiteFront;
    }

    public static Optional<Quota> of(String operation) {
        return TABLE.stream().filter(quota -> quota.operation().equals(operation)).findFirst();
    }

    /**
     * A rule that throttles each operation of the table at its rate times {@code speed}: 1 is the real rate (for
     * benchmarks); a test may run faster, and is still throttled whenever it outpaces the scaled rate.
     */
    public static AwsFront.Rule rule(double speed) {
        Map<String, Bucket> buckets = new HashMap<>();
        for (Quota quota : TABLE) {
            buckets.put(quota.operation(), new Bucket(quota.perSecond() * speed, Math.max(1, quota.burst())));
        }
        return operation -> {
            Bucket bucket = buckets.get(operation);
            if (bucket == null || bucket.take()) {
                return Optional.empty();
            }
            return Optional.of(throttled(of(operation).orElseThrow().service()));
        };
    }

    /** The throttling error each service answers with, in its own protocol. */
    static AwsFront.Answer throttled(String service) {
        return switch (service) {
            case "cloudwatch" -> AwsFront.Answer.queryError(400, "Throttling", "Rate exceeded");
            case "logs" -> AwsFront.Answer.jsonError(400, "ThrottlingException", "Rate exceeded");
            case "ec2" -> AwsFront.Answer.ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
            default -> throw new IllegalArgumentException("no throttling shape for " + service);
        };
    }

    /** Tokens refill continuously; a call takes one or is refused. */
    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(double perSecond, double capacity) {
            this.perNano = perSecond / 1e9;
            this.capacity = capacity;
            this.tokens = capacity;
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
