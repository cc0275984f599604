package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetailPlanTest {

    private static final AlertConfig CONFIG = SlackMessages.config(Language.EN);

    private static DetailPlan.Arrival arrival(String fixture, String instance, String messageId) {
        byte[] event = new String(Events.fixture(fixture), StandardCharsets.UTF_8).replace("i-0abcdef1234567890",
                instance).getBytes(StandardCharsets.UTF_8);
        SnsEvent.Delivery delivery = (SnsEvent.Delivery) SnsEvent.records(event).get(0);
        AlarmNotification alarm = ((AlarmMessageParser.Parsed) AlarmMessageParser.parse(delivery, Instant.EPOCH))
                .notification();
        return new DetailPlan.Arrival(new SnsEvent.QueueMessage(messageId, "receipt-" + messageId, 1), alarm);
    }

    private static List<List<String>> ids(List<List<DetailPlan.Arrival>> messages) {
        return messages.stream().map(message -> message.stream().map(arrival -> arrival.queueMessage().id()).toList())
                .toList();
    }

    private final List<DetailPlan.Arrival> batch = List.of(
            arrival("cpu-alarm.json", "i-0aaaaaaaaaaaaaaa1", "warning-1"),
            arrival("cpu-ok.json", "i-0aaaaaaaaaaaaaaa3", "recovered-3"),
            arrival("cpu-alarm.json", "i-0aaaaaaaaaaaaaaa2", "warning-2"),
            arrival("cpu-critical-alarm.json", "i-0aaaaaaaaaaaaaaa2", "critical-2"),
            arrival("cpu-critical-alarm.json", "i-0aaaaaaaaaaaaaaa1", "critical-1"));

    @Test
    void inACalmPeriodEachAlarmIsItsOwnMessageInTheOrderItCame() {
        assertThat(ids(DetailPlan.messages(batch, false, CONFIG::severityOf))).containsExactly(List.of("warning-1"),
                List.of("recovered-3"), List.of("warning-2"), List.of("critical-2"), List.of("critical-1"));
    }

    @Test
    void inAStormAnInstancesAlarmsShareOneMessageMostSevereFirstAndCriticalInstancesGoFirst() {
        assertThat(ids(DetailPlan.messages(batch, true, CONFIG::severityOf))).containsExactly(
                List.of("critical-1", "warning-1"),
                List.of("critical-2", "warning-2"),
                List.of("recovered-3"));
    }

    @Test
    void anAlarmOfNoInstanceStaysAMessageOfItsOwn() {
        List<DetailPlan.Arrival> withGroupAlarm = List.of(arrival("group-alarm.json", "unused", "group"),
                arrival("cpu-critical-alarm.json", "i-0aaaaaaaaaaaaaaa1", "critical-1"));

        assertThat(ids(DetailPlan.messages(withGroupAlarm, true, CONFIG::severityOf)))
                .containsExactly(List.of("critical-1"), List.of("group"));
    }
}
