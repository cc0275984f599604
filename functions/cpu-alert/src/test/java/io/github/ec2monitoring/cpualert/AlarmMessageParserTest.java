package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlarmMessageParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-24T06:31:00Z");

    static AlarmMessageParser.Result parse(String fixture) {
        return AlarmMessageParser.parse(Events.delivery(fixture), RECEIVED);
    }

    static AlarmNotification alarm(String fixture) {
        return assertInstanceOf(AlarmMessageParser.Parsed.class, parse(fixture)).notification();
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
        assertEquals(Events.WARNING_TOPIC, alarm.topicArn());
        assertEquals(Optional.of("i-0abcdef1234567890"), alarm.instanceId());
        assertEquals(List.of(), alarm.gaps());
    }

    @Test
    void readsHowTheAlarmEvaluatesFromItsTriggerOrItsReturnedQuery() {
        assertEquals(new AlarmNotification.Evaluation(60, 5, 3), alarm("cpu-critical-alarm.json").evaluation());
        assertEquals(new AlarmNotification.Evaluation(60, 5, 3), alarm("fleet/contributor-alarm.json").evaluation());
        assertEquals(null, alarm("degraded/missing-trigger.json").evaluation());
    }

    @Test
    void aMetricMathAlarmNamesItsExpressionAndFindsTheInstanceInItsMetrics() {
        AlarmNotification alarm = alarm("metric-math-alarm.json");

        assertEquals("100 - idle", alarm.metric());
        assertEquals("CWAgent", alarm.namespace());
        assertEquals(Optional.of("i-0abcdef1234567890"), alarm.instanceId());
        assertEquals(AlarmSeverity.CRITICAL, alarm.severityFromName());
    }

    @Test
    void anAlarmWithoutAnInstanceDimensionHasNoInstance() {
        AlarmNotification alarm = alarm("group-alarm.json");

        assertEquals(Optional.empty(), alarm.instanceId());
        assertEquals(Map.of("AutoScalingGroupName", "web-asg"), alarm.dimensions());
    }

    @Test
    void aFleetAlarmsContributorNamesTheInstanceAndTheGroupComesFromTheDescription() {
        AlarmNotification alarm = alarm("fleet/contributor-alarm.json");

        assertEquals(java.util.Optional.of("i-0abcdef1234567890"), alarm.instanceId());
        assertEquals(new AlarmNotification.Contributor("4d6f6e8c2a1b3e5f",
                Map.of("InstanceId", "i-0abcdef1234567890")), alarm.contributorOf().orElseThrow());
        assertEquals(java.util.Optional.of("web-asg"), alarm.group());
        assertEquals(86.4, alarm.observedValue());
        assertEquals(80.0, alarm.threshold());
        assertEquals("cpu_usage_active", alarm.metric());
        assertEquals(Map.of(), alarm.dimensions());
    }

    @Test
    void aContributorWithoutAttributesIsKeptWithItsIdAndNoInstance() {
        AlarmNotification alarm = alarm("fleet/contributor-without-attributes.json");

        assertEquals(new AlarmNotification.Contributor("4d6f6e8c2a1b3e5f", Map.of()),
                alarm.contributorOf().orElseThrow());
        assertEquals(java.util.Optional.empty(), alarm.instanceId());
    }

    @Test
    void aContributorOfUnknownKeysIsKeptAsItsAttributes() {
        AlarmNotification alarm = alarm("fleet/contributor-unknown-attributes.json");

        assertEquals("Host=web-7", alarm.contributorOf().orElseThrow().describe());
        assertEquals(java.util.Optional.empty(), alarm.instanceId());
    }

    @Test
    void malformedContributorFieldsLeaveAnAlarmWithoutContributor() {
        AlarmNotification alarm = alarm("fleet/contributor-malformed-attributes.json");

        assertEquals(java.util.Optional.empty(), alarm.contributorOf());
        assertEquals(java.util.Optional.empty(), alarm.instanceId());
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
        assertEquals(new AlarmMessageParser.Skipped(reason), parse(fixture));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "malformed/empty-message.json                  | SNS message is empty",
        "malformed/json-array.json                     | SNS message is not a JSON object",
        "malformed/missing-alarm-name.json             | SNS message is not a CloudWatch alarm notification (no AlarmName/NewStateValue)",
        "malformed/unknown-new-state.json              | alarm 'web-i-0abcdef1234567890-cpu-warning' has an unknown NewStateValue 'PANIC'",
        "malformed/huge-message.json                   | SNS message is larger than any SNS message (300000 characters)",
    })
    void skipsMalformedAlarmMessagesWithTheReason(String fixture, String reason) {
        assertEquals(new AlarmMessageParser.Skipped(reason), parse(fixture));
    }

    @ParameterizedTest
    @ValueSource(strings = {"degraded/missing-state-change-time.json", "degraded/state-change-time-not-a-date.json",
        "degraded/state-change-time-number.json"})
    void anAlarmWithoutAValidStateChangeTimeTakesTheTimeSnsDeliveredIt(String fixture) {
        AlarmNotification alarm = alarm(fixture);

        assertEquals(Events.delivery(fixture).timestamp(), alarm.stateChangeTime());
        assertEquals(List.of(AlarmNotification.Gap.TIME_FROM_DELIVERY), alarm.gaps());
    }

    @ParameterizedTest
    @ValueSource(strings = {"degraded/missing-trigger.json", "degraded/trigger-is-a-string.json"})
    void anAlarmWithoutATriggerIsStillAnAlarmWithoutMetricDetails(String fixture) {
        AlarmNotification alarm = alarm(fixture);

        assertEquals(List.of(AlarmNotification.Gap.NO_TRIGGER), alarm.gaps());
        assertEquals("", alarm.metric());
        assertEquals(Map.of(), alarm.dimensions());
        assertEquals(null, alarm.threshold());
    }

    @Test
    void withoutAnySnsTimestampTheTimeItWasReceivedStandsIn() {
        SnsEvent.Delivery delivery = Events.delivery("degraded/missing-state-change-time.json");
        SnsEvent.Delivery undated = new SnsEvent.Delivery(delivery.topicArn(), delivery.messageId(), null,
                delivery.message());

        AlarmNotification alarm = ((AlarmMessageParser.Parsed) AlarmMessageParser.parse(undated, RECEIVED))
                .notification();

        assertEquals(RECEIVED, alarm.stateChangeTime());
    }

    @Test
    void keepsTheFullAlarmNameOfTwoHundredFiftyFiveCharacters() {
        assertEquals(255, alarm("long-alarm-name.json").alarmName().length());
    }

    @Test
    void anInstanceIdDimensionThatIsNoInstanceIdIsNeverTakenForOne() {
        AlarmNotification alarm = alarm("hostile/hostile-fields.json");

        assertEquals(Optional.empty(), alarm.instanceId());
        assertEquals("<script>alert(1)</script>", alarm.dimensions().get("InstanceId"));
    }
}
