package io.github.ec2monitoring.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.github.ec2monitoring.cpualert.AlarmMessageParser;
import io.github.ec2monitoring.cpualert.AlarmNotification;
import io.github.ec2monitoring.cpualert.AlarmSeverity;
import io.github.ec2monitoring.cpualert.AlertConfig;
import io.github.ec2monitoring.cpualert.Language;
import io.github.ec2monitoring.cpualert.SnsEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

class NotificationsTest {

    private static final Instant CHANGED = Instant.parse("2026-11-24T06:30:12.345Z");

    private static MetricAlarm alarm() {
        return MetricAlarm.builder()
                .alarmName("lab-i-0abc-cpu-critical").alarmDescription("CPU above 80%")
                .alarmArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:lab-i-0abc-cpu-critical")
                .alarmConfigurationUpdatedTimestamp(CHANGED.minusSeconds(600))
                .stateValue(StateValue.ALARM).stateReason(Notifications.thresholdCrossed(List.of(86.4, 84.0, 81.9),
                        List.of(CHANGED.minusSeconds(72), CHANGED.minusSeconds(132), CHANGED.minusSeconds(192)), 80, 5))
                .stateUpdatedTimestamp(CHANGED)
                .alarmActions("arn:aws:sns:us-east-1:123456789012:lab-critical")
                .okActions("arn:aws:sns:us-east-1:123456789012:lab-critical")
                .metricName("CPUUtilization").namespace("AWS/EC2").statistic(Statistic.AVERAGE)
                .dimensions(d -> d.name("InstanceId").value("i-0abc1234"))
                .period(60).evaluationPeriods(5).datapointsToAlarm(3).threshold(80.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD).treatMissingData("breaching")
                .build();
    }

    @Test
    void theAlarmMessageIsOneCpuAlertReadsLikeCloudWatchs() {
        String message = Notifications.alarmMessage(alarm(), "123456789012", "US East (N. Virginia)", "OK");

        AlarmNotification parsed = assertInstanceOf(AlarmMessageParser.Parsed.class, AlarmMessageParser.parse(
                new SnsEvent.Delivery("arn:aws:sns:us-east-1:123456789012:lab-critical", "m-1", CHANGED, message),
                CHANGED)).notification();
        assertEquals("i-0abc1234", parsed.instanceId().orElseThrow());
        AlertConfig noTopics = new AlertConfig("syslog", "apache", "webhook", java.time.Duration.ofMinutes(5), null,
                java.time.ZoneOffset.UTC, Language.EN, null, null, true, "posted-transitions",
                java.time.Duration.ZERO, "https://sqs.us-east-1.amazonaws.com/123456789012/lab-alarms", 10, "lab");
        assertEquals(AlarmSeverity.CRITICAL, noTopics.severityOf(parsed), "from the name, for another topic");
        assertEquals(CHANGED, parsed.stateChangeTime());
        assertEquals("us-east-1", parsed.regionCode());
        assertEquals(86.4, parsed.observedValue());
        assertEquals(80.0, parsed.threshold());
    }

    @Test
    void cloudWatchsReasonTextNamesEachDatapointAndTheThreshold() {
        assertEquals("Threshold Crossed: 2 out of the last 5 datapoints [86.4 (24/11/26 06:29:00), 84.0 (24/11/26 "
                        + "06:28:00)] were greater than or equal to the threshold (80.0) (minimum 2 datapoints for OK "
                        + "-> ALARM transition).",
                Notifications.thresholdCrossed(List.of(86.4, 84.0),
                        List.of(Instant.parse("2026-11-24T06:29:00Z"), Instant.parse("2026-11-24T06:28:00Z")), 80, 5));
    }

    @Test
    void theQueueEventCarriesSnsEnvelopeAsTheRuntimeReadsIt() {
        String envelope = """
                {"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:us-east-1:123456789012:lab-critical",
                 "Subject":"ALARM: \\"x\\" in US East (N. Virginia)","Message":"{\\"AlarmName\\":\\"x\\"}",
                 "Timestamp":"2026-11-24T06:30:13.000Z","SignatureVersion":"1","Signature":"c2ln",
                 "SigningCertURL":"https://sns.us-east-1.amazonaws.com/cert.pem",
                 "UnsubscribeURL":"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe"}""";

        SQSEvent event = LambdaEventSerializers.serializerFor(SQSEvent.class, getClass().getClassLoader())
                .fromJson(Notifications.sqsEvent(envelope));

        SQSEvent.SQSMessage record = event.getRecords().get(0);
        assertEquals("aws:sqs", record.getEventSource());
        assertEquals(envelope, record.getBody());
        assertTrue(record.getEventSourceArn().startsWith("arn:aws:sqs:"), record.getEventSourceArn());
    }

    @Test
    void theSubjectFitsSnsLimit() {
        assertEquals(100, Notifications.subject("ALARM", "x".repeat(120), "US East (N. Virginia)").length());
    }
}
