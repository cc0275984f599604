package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

@ExtendWith(MotoServerExtension.class)
class RedeliveryTest {

    @Test
    void theBackoffDoublesWithEachReceiveAndStaysBelowTheQueuesVisibility() {
        assertThat(List.of(1, 2, 3, 4, 5, 50).stream().map(Redelivery::backoff).toList()).containsExactly(
                Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofSeconds(160),
                Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    @Test
    void aReceivedMessageGetsItsBackoffAndAStaleReceiptIsReported() {
        SqsClient sqs = MotoServer.client(SqsClient.builder());
        String url = sqs.createQueue(r -> r.queueName("redelivery-alarms")).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("alarm"));
        Message received = sqs.receiveMessage(r -> r.queueUrl(url)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages().get(0);
        Redelivery redelivery = new Redelivery(sqs, url);

        List<String> problems = redelivery.backOff(List.of(
                new SnsEvent.QueueMessage(received.messageId(), received.receiptHandle(), 1),
                new SnsEvent.QueueMessage("gone", "not-a-receipt-handle", 1)));

        assertThat(problems).singleElement().asString().isNotBlank();
        assertThat(sqs.receiveMessage(r -> r.queueUrl(url)).messages()).as("still invisible, for 20 s").isEmpty();
    }
}
