package io.github.ec2monitoring.detector;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Entry point for EventBridge "EC2 Instance State-change Notification" events.
 *
 * <p>A stream handler, so that an event of any shape reaches this code and is rejected with one clear log line
 * instead of failing in the runtime's deserializer and being retried. AWS errors escape so Lambda retries them.
 */
public final class InstanceDetectorHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InstanceDetector detector;

    /** Used by the Lambda runtime: configuration from the environment, clients built once per container. */
    public InstanceDetectorHandler() {
        this(DetectorConfig.fromEnvironment(System.getenv()), defaultEc2(), defaultCloudWatch());
    }

    public InstanceDetectorHandler(DetectorConfig config, Ec2Client ec2, CloudWatchClient cloudWatch) {
        this.detector = new InstanceDetector(config, ec2, cloudWatch);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        Outcome outcome;
        JsonNode event;
        try {
            event = JSON.readTree(input);
        } catch (JsonProcessingException e) {
            event = null;
        }
        StateChangeParser.Result parsed = StateChangeParser.parse(event);
        if (parsed instanceof StateChangeParser.Parsed ok) {
            outcome = detector.handle(ok.change());
        } else {
            outcome = Outcome.rejected(((StateChangeParser.Rejected) parsed).reason());
        }
        ObjectNode line = JSON.valueToTree(outcome);
        line.put("durationMs", (System.nanoTime() - started) / 1_000_000);
        context.getLogger().log(JSON.writeValueAsString(line),
                "rejected".equals(outcome.action()) ? LogLevel.WARN : LogLevel.INFO);
        JSON.writeValue(output, outcome);
    }

    private static Region region() {
        return Region.of(SdkSystemSetting.AWS_REGION.getStringValueOrThrow());
    }

    private static Ec2Client defaultEc2() {
        return Ec2Client.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static CloudWatchClient defaultCloudWatch() {
        return CloudWatchClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
