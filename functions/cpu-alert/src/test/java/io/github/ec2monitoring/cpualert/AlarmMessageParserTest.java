package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmMessageParserTest {

    static String message(String fixture) {
        SNSEvent event = EventLoader.loadSNSEvent("sns/" + fixture);
        return event.getRecords().get(0).getSNS().getMessage();
    }

    static AlarmNotification alarm(String fixture) {
        return assertInstanceOf(AlarmMessageParser.Parsed.class, AlarmMessageParser.parse(message(fixture)))
                .notification();
    }

    @Test
    void readsTheAlarmFromARealCloudWatchNotification() {
        AlarmNotification alarm = alarm("cpu-alarm.json");

        assertEquals("web-i-0abcdef1234567890-cpu-warning", alarm.alarmName());
        assertEquals("OK", alarm.oldState());
        assertEquals("ALARM", alarm.newState());
        assertEquals(Instant.parse("2026-11-24T06:30:12.345Z"), alarm.stateChangeTime());
        assertEquals("Asia Pacific (Seoul)", alarm.region());
        assertEquals("ap-northeast-2", alarm.regionCode());
        assertEquals("CPUUtilization", alarm.metric());
        assertEquals(60.0, alarm.threshold());
        assertEquals(71.2, alarm.observedValue());
        assertEquals("warning", alarm.severity());
        assertEquals(Optional.of("i-0abcdef1234567890"), alarm.instanceId());
    }

    @Test
    void aMetricMathAlarmNamesItsExpressionAndFindsTheInstanceInItsMetrics() {
        AlarmNotification alarm = alarm("metric-math-alarm.json");

        assertEquals("100 - idle", alarm.metric());
        assertEquals("CWAgent", alarm.namespace());
        assertEquals(Optional.of("i-0abcdef1234567890"), alarm.instanceId());
        assertEquals("critical", alarm.severity());
    }

    @Test
    void anAlarmWithoutAnInstanceDimensionHasNoInstance() {
        AlarmNotification alarm = alarm("group-alarm.json");

        assertEquals(Optional.empty(), alarm.instanceId());
        assertEquals(Map.of("AutoScalingGroupName", "web-asg"), alarm.dimensions());
    }

    @Test
    void insufficientDataIsAStateToReport() {
        AlarmNotification alarm = alarm("memory-insufficient-data.json");

        assertEquals("INSUFFICIENT_DATA", alarm.newState());
        assertEquals(null, alarm.observedValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "autoscaling-launch.json | Auto Scaling notification 'autoscaling:EC2_INSTANCE_LAUNCH'",
        "plain-text.json         | SNS message is not JSON",
    })
    void skipsMessagesThatAreNotAlarmNotifications(String fixture, String reason) {
        assertEquals(new AlarmMessageParser.Skipped(reason), AlarmMessageParser.parse(message(fixture)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "malformed/empty-message.json                  | SNS message is empty",
        "malformed/json-array.json                     | SNS message is not a JSON object",
        "malformed/missing-alarm-name.json             | SNS message is not a CloudWatch alarm notification (no AlarmName/NewStateValue)",
        "malformed/unknown-new-state.json              | alarm 'web-i-0abcdef1234567890-cpu-warning' has an unknown NewStateValue 'PANIC'",
        "malformed/state-change-time-not-a-date.json   | alarm 'web-i-0abcdef1234567890-cpu-warning' has no valid StateChangeTime",
        "malformed/trigger-is-a-string.json            | alarm 'web-i-0abcdef1234567890-cpu-warning' has no Trigger",
        "malformed/huge-message.json                   | SNS message is larger than any SNS message (300000 characters)",
    })
    void skipsMalformedAlarmMessagesWithTheReason(String fixture, String reason) {
        assertEquals(new AlarmMessageParser.Skipped(reason), AlarmMessageParser.parse(message(fixture)));
    }
}
