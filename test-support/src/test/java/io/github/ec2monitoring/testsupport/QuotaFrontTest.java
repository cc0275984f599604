package io.github.ec2monitoring.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.Quotas;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The quota front: it throttles at the table's rates with each service's own error, and pages DescribeAlarms. */
@ExtendWith(MotoServerExtension.class)
class QuotaFrontTest {

    /** Retries off: each refusal reaches the test as the SDK reports it. */
    private static final ClientOverrideConfiguration NO_RETRIES = ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry()).build();

    private AwsFront front;
    private final CallCounter calls = new CallCounter();

    @BeforeEach
    void front() throws IOException {
        MotoServer.reset();
        front = new AwsFront(MotoServer.endpoint()).rule(Quotas.rule(1)).pageDescribeAlarms();
    }

    @AfterEach
    void close() {
        front.close();
    }

    private CloudWatchClient cloudWatch() {
        return MotoServer.client(CloudWatchClient.builder(), calls, front.endpoint(), NO_RETRIES);
    }

    private static void putAlarm(CloudWatchClient client, String name) {
        client.putMetricAlarm(r -> r.alarmName(name).namespace("CWAgent").metricName("mem_used_percent")
                .statistic(Statistic.AVERAGE).period(60).evaluationPeriods(1).threshold(90.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    }

    @Test
    void putMetricAlarmBeyondThreePerSecondIsThrottledWithCloudWatchsOwnError() {
        CloudWatchClient client = cloudWatch();
        int accepted = 0;
        AwsServiceException refused = null;
        for (int i = 0; i < 10; i++) {
            try {
                putAlarm(client, "q-" + i);
                accepted++;
            } catch (AwsServiceException e) {
                refused = e;
            }
        }

        assertTrue(accepted >= 3 && accepted <= 4, "the bucket holds 3 and refills 3/s: " + accepted);
        assertEquals("Throttling", refused.awsErrorDetails().errorCode());
        assertTrue(refused.isThrottlingException());
        assertEquals(400, refused.statusCode());
    }

    @Test
    void filterLogEventsIsThrottledWithCloudWatchLogsOwnError() {
        CloudWatchLogsClient logs = MotoServer.client(CloudWatchLogsClient.builder(), calls, front.endpoint(),
                NO_RETRIES);
        logs.createLogGroup(r -> r.logGroupName("g"));

        AwsServiceException refused = assertThrows(AwsServiceException.class, () -> IntStream.range(0, 20)
                .forEach(i -> logs.filterLogEvents(r -> r.logGroupName("g"))));

        assertEquals("ThrottlingException", refused.awsErrorDetails().errorCode());
        assertTrue(refused.isThrottlingException());
    }

    @Test
    void ec2RefusesBeyondItsBucketWithRequestLimitExceeded() {
        Ec2Client ec2 = MotoServer.client(Ec2Client.builder(), calls, front.endpoint(), NO_RETRIES);

        java.util.List<AwsServiceException> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Faster than the bucket refills (20/s): many callers at once, as a burst of events would be.
        IntStream.range(0, 240).parallel().forEach(i -> {
            try {
                ec2.describeInstances();
            } catch (AwsServiceException e) {
                refusals.add(e);
            }
        });

        assertTrue(!refusals.isEmpty(), "some calls refused: " + calls.snapshot());
        assertEquals("RequestLimitExceeded", refusals.get(0).awsErrorDetails().errorCode());
        assertTrue(refusals.get(0).isThrottlingException());
        assertEquals(503, refusals.get(0).statusCode());
    }

    @Test
    void describeAlarmsAnswersInPagesOfAtMostOneHundred() throws InterruptedException {
        CloudWatchClient direct = MotoServer.client(CloudWatchClient.builder());
        IntStream.range(0, 250).forEach(i -> putAlarm(direct, String.format("p-%03d", i)));
        CloudWatchClient paged = MotoServer.client(CloudWatchClient.builder(), calls, front.endpoint(),
                ClientOverrideConfiguration.builder().build());

        DescribeAlarmsResponse first = paged.describeAlarms(r -> r.alarmNamePrefix("p-").maxRecords(100));
        DescribeAlarmsResponse defaultPage = paged.describeAlarms(r -> r.alarmNamePrefix("p-"));
        Thread.sleep(1_000);
        DescribeAlarmsResponse last = paged.describeAlarms(r -> r.alarmNamePrefix("p-").maxRecords(100)
                .nextToken("front-page-200"));
        calls.reset();
        List<String> all = paged.describeAlarmsPaginator(r -> r.alarmNamePrefix("p-").maxRecords(100))
                .metricAlarms().stream().map(a -> a.alarmName()).toList();

        assertEquals(100, first.metricAlarms().size());
        assertEquals("p-000", first.metricAlarms().get(0).alarmName());
        assertEquals("front-page-100", first.nextToken());
        assertEquals(Quotas.DESCRIBE_ALARMS_DEFAULT_PAGE, defaultPage.metricAlarms().size());
        assertEquals(50, last.metricAlarms().size());
        assertNull(last.nextToken());
        assertEquals(250, all.size());
        assertEquals(3, calls.count("DescribeAlarms"), "250 alarms are three pages");
    }

    @Test
    void everyQuotaNamesItsSource() {
        Quotas.TABLE.forEach(quota -> assertTrue(quota.source().contains("docs:"), quota.toString()));
    }
}
