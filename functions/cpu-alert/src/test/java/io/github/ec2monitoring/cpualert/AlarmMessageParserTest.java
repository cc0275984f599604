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

    @Test
    void readsTheAlarmFromARealCloudWatchNotification() {
        var parsed = assertInstanceOf(AlarmMessageParser.Parsed.class,
                AlarmMessageParser.parse(message("cpu-alarm.json")));

        AlarmNotification alarm = parsed.notification();
        assertEquals("web-i-0abcdef1234567890-cpu-warning", alarm.alarmName());
        assertEquals("OK", alarm.oldState());
        assertEquals("ALARM", alarm.newState());
        assertEquals(Instant.parse("2026-11-24T06:30:12.345Z"), alarm.stateChangeTime());
        assertEquals("Asia Pacific (Seoul)", alarm.region());
        assertEquals("CPUUtilization", alarm.metricName());
        assertEquals(60.0, alarm.threshold());
        assertEquals(Optional.of("i-0abcdef1234567890"), alarm.instanceId());
    }

    @Test
    void anAlarmWithoutAnInstanceDimensionHasNoInstance() {
        var parsed = assertInstanceOf(AlarmMessageParser.Parsed.class,
                AlarmMessageParser.parse(message("group-alarm.json")));

        assertEquals(Optional.empty(), parsed.notification().instanceId());
        assertEquals(Map.of("AutoScalingGroupName", "web-asg"), parsed.notification().dimensions());
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
        "null                                             | SNS message is not a JSON object",
        "[1,2]                                            | SNS message is not a JSON object",
        "{\"AlarmName\":\"a\"}                             | SNS message is not a CloudWatch alarm notification (no AlarmName/NewStateValue)",
        "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\"} | alarm 'a' has no valid StateChangeTime",
    })
    void skipsMalformedAlarmMessagesWithTheReason(String message, String reason) {
        assertEquals(new AlarmMessageParser.Skipped(reason), AlarmMessageParser.parse(message));
    }
}
