package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.PostedTransitionsTable;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Two containers' pacers on one table, on one clock that only their waits move. */
@ExtendWith(MotoServerExtension.class)
class SharedPacerEmulatorTest {

    private static final String TABLE = "pace-posted-transitions";
    private static final Duration INTERVAL = Duration.ofMillis(1100);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final DynamoDbClient dynamo = MotoServer.client(DynamoDbClient.builder());
    private long now = 1_764_000_000_000L;
    private final List<String> warnings = new ArrayList<>();
    private final List<Duration> fallbackTurns = new ArrayList<>();

    private SharedPacer container(String table) {
        PostPacer fallback = new PostPacer() {
            @Override
            public Optional<Duration> awaitTurn(Duration within) {
                fallbackTurns.add(Duration.ZERO);
                return Optional.of(Duration.ZERO);
            }

            @Override
            public void holdFor(Duration wait) {
                fallbackTurns.add(wait);
            }
        };
        return new SharedPacer(dynamo, table, INTERVAL, () -> now, wait -> now += wait.toMillis(), fallback,
                warnings::add);
    }

    @BeforeEach
    void table() {
        PostedTransitionsTable.create(dynamo, TABLE);
    }

    @Test
    void twoContainersTakeTurnsOneIntervalApartAsIfTheyWereOne() throws InterruptedException {
        SharedPacer first = container(TABLE);
        SharedPacer second = container(TABLE);
        long start = now;
        List<Long> sentAt = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? first : second).awaitTurn(MINUTE);
            sentAt.add(now - start);
            second.awaitTurn(MINUTE);
            sentAt.add(now - start);
        }

        assertThat(sentAt).containsExactly(0L, 1100L, 2200L, 3300L, 4400L, 5500L, 6600L, 7700L);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aQuietSpellCostsTheNextRequestNoWait() throws InterruptedException {
        SharedPacer pacer = container(TABLE);
        pacer.awaitTurn(MINUTE);
        now += 60_000;

        assertThat(pacer.awaitTurn(MINUTE)).hasValue(Duration.ZERO);
    }

    @Test
    void aRetryAfterSeenByOneContainerHoldsTheOtherToo() throws InterruptedException {
        SharedPacer first = container(TABLE);
        SharedPacer second = container(TABLE);
        first.awaitTurn(MINUTE);

        first.holdFor(Duration.ofSeconds(30));

        assertThat(second.awaitTurn(MINUTE)).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void aShorterHoldNeverShortensALongerOne() throws InterruptedException {
        SharedPacer pacer = container(TABLE);
        pacer.holdFor(Duration.ofSeconds(30));
        pacer.holdFor(Duration.ofSeconds(1));

        assertThat(pacer.awaitTurn(MINUTE)).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void aTurnLaterThanTheTimeLeftIsLeftForTheOtherContainer() throws InterruptedException {
        SharedPacer first = container(TABLE);
        SharedPacer second = container(TABLE);
        first.holdFor(Duration.ofSeconds(30));

        assertThat(first.awaitTurn(Duration.ofSeconds(10))).isEmpty();
        assertThat(second.awaitTurn(MINUTE)).as("the turn was not taken").hasValue(Duration.ofSeconds(30));
    }

    @Test
    void withoutItsTableAContainerPacesItselfAndSaysSo() throws InterruptedException {
        SharedPacer pacer = container("no-such-table");

        pacer.awaitTurn(MINUTE);
        pacer.holdFor(Duration.ofSeconds(2));

        assertThat(fallbackTurns).containsExactly(Duration.ZERO, Duration.ofSeconds(2));
        assertThat(warnings).singleElement().asString().contains("could not be read (ResourceNotFoundException)")
                .contains("paces itself");
    }
}
