package io.github.ec2monitoring.cpualert;

import static io.github.ec2monitoring.cpualert.TableItems.key;
import static io.github.ec2monitoring.cpualert.TableItems.number;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One pace for every container that posts to the webhook: an item of the posted-transitions table holds the time
 * the next request may be sent, and each request reserves that time and moves it on by the interval, under a
 * condition, so two containers never take the same turn. A 429 anywhere moves it past Slack's Retry-After for all.
 * When the table cannot be used, the container falls back to pacing itself.
 */
final class SharedPacer implements PostPacer {

    static final String PACE_KEY = "slack-pace";
    /** Lost races before the shared pace is given up for this turn: two containers rarely lose more than one. */
    private static final int MAX_RACES = 10;
    /** The item outlives any storm; when it expires the next request simply goes at once. */
    private static final Duration KEPT = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration interval;
    private final LongSupplier epochMillis;
    private final Sleeper sleeper;
    private final PostPacer fallback;
    private final Consumer<String> warn;

    SharedPacer(DynamoDbClient dynamo, String table, Duration interval, LongSupplier epochMillis, Sleeper sleeper,
            PostPacer fallback, Consumer<String> warn) {
        this.dynamo = dynamo;
        this.table = table;
        this.interval = interval;
        this.epochMillis = epochMillis;
        this.sleeper = sleeper;
        this.fallback = fallback;
        this.warn = warn;
    }

    static SharedPacer realTime(DynamoDbClient dynamo, String table, Duration interval, int containers,
            Consumer<String> warn) {
        return new SharedPacer(dynamo, table, interval, System::currentTimeMillis,
                duration -> Thread.sleep(duration.toMillis()), LocalPacer.realTime(interval.multipliedBy(containers)),
                warn);
    }

    @Override
    public Optional<Duration> awaitTurn(Duration within) throws InterruptedException {
        Turn turn;
        try {
            turn = reserve(within);
        } catch (SdkException e) {
            warn.accept("the shared Slack pace could not be read (" + e.getClass().getSimpleName()
                    + "); this container paces itself");
            return fallback.awaitTurn(within);
        }
        if (turn instanceof Turn.At at) {
            Duration wait = Duration.ofMillis(Math.max(0, at.epochMillis() - epochMillis.getAsLong()));
            if (!wait.isZero()) {
                sleeper.sleep(wait);
            }
            return Optional.of(wait);
        }
        if (turn instanceof Turn.TooLate) {
            return Optional.empty();
        }
        warn.accept("the shared Slack pace was contended " + MAX_RACES + " times; this container paces itself");
        return fallback.awaitTurn(within);
    }

    /** What a reservation got. */
    private sealed interface Turn {
        record At(long epochMillis) implements Turn {}

        record TooLate() implements Turn {}

        record Contended() implements Turn {}
    }

    @Override
    public void holdFor(Duration wait) {
        long until = epochMillis.getAsLong() + wait.toMillis();
        try {
            dynamo.updateItem(request -> request.tableName(table).key(key(PACE_KEY))
                    .updateExpression("SET nextTurn = :until, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(nextTurn) OR nextTurn < :until")
                    .expressionAttributeValues(Map.of(":until", number(until), ":expires", expires())));
        } catch (ConditionalCheckFailedException later) {
            // Someone already holds everyone longer.
        } catch (SdkException e) {
            fallback.holdFor(wait);
        }
    }

    /** The time this request may go, reserved; nothing is reserved when it is later than {@code within}. */
    private Turn reserve(Duration within) {
        for (int race = 0; race < MAX_RACES; race++) {
            long now = epochMillis.getAsLong();
            Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).key(key(PACE_KEY))
                    .consistentRead(true)).item();
            AttributeValue seen = item == null ? null : item.get("nextTurn");
            long turn = seen == null ? now : Math.max(now, Long.parseLong(seen.n()));
            if (turn - now > within.toMillis()) {
                return new Turn.TooLate();
            }
            try {
                dynamo.updateItem(request -> request.tableName(table).key(key(PACE_KEY))
                        .updateExpression("SET nextTurn = :next, expiresAt = :expires")
                        .conditionExpression(seen == null ? "attribute_not_exists(nextTurn)" : "nextTurn = :seen")
                        .expressionAttributeValues(seen == null
                                ? Map.of(":next", number(turn + interval.toMillis()), ":expires", expires())
                                : Map.of(":next", number(turn + interval.toMillis()), ":expires", expires(),
                                        ":seen", seen)));
                return new Turn.At(turn);
            } catch (ConditionalCheckFailedException lost) {
                // Another container took this turn a moment ago: read the pace again.
            }
        }
        return new Turn.Contended();
    }

    private AttributeValue expires() {
        return number(epochMillis.getAsLong() / 1000 + KEPT.toSeconds());
    }
}
