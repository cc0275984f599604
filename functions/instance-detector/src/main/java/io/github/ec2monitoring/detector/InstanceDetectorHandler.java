package io.github.ec2monitoring.detector;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Entry point for EventBridge events: EC2 instance state changes, and the scheduled tick that reconciles. They come
 * one by one, or in a batch from the SQS queue that buffers them so that few detectors run at once.
 *
 * <p>A stream handler, so that an event of any shape reaches this code and is rejected with one clear log line
 * instead of failing in the runtime's deserializer and being retried forever. AWS errors escape so Lambda retries
 * them and finally keeps the event in the dead-letter queue; in a batch, only the failed messages are reported, so
 * SQS delivers just those again.
 */
public final class InstanceDetectorHandler implements RequestStreamHandler, Resource {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** EventBridge events are at most 256 KB; anything larger is not one. */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    private final InstanceDetector detector;
    private final StackCleanup cleanup;
    private final Consumer<String> decisions;
    private final DecisionLog decisionLog = new DecisionLog(Clock.systemUTC());

    /**
     * Used by the Lambda runtime: configuration from the environment, clients built once per container, and
     * priming registered for SnapStart.
     */
    public InstanceDetectorHandler() {
        this(DetectorConfig.fromEnvironment(System.getenv()), defaultEc2(), defaultCloudWatch(), System.out::println);
        Core.getGlobalContext().register(this);
    }

    /** Enough rounds for the JIT to compile the hot paths before the snapshot, so a restored container starts warm. */
    static final int PRIMING_ROUNDS = 20;

    /**
     * Before SnapStart's snapshot: the queue's batch path with a fixture instance that cannot exist
     * (i-00000000000000000), so EC2 answers "not found" and the alarm lookup finds nothing to delete; an alarm write
     * that CloudWatch must refuse; decisions go nowhere. Only reads and refused calls reach AWS.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try (InputStream in = InstanceDetectorHandler.class.getClassLoader()
                .getResourceAsStream("priming/sqs-batch.json")) {
            JsonNode batch = JSON.readTree(in);
            for (int round = 0; round < PRIMING_ROUNDS; round++) {
                JSON.writeValueAsBytes(handleBatch(batch, new PrimingContext(), line -> { }));
                detector.prime("i-00000000000000000");
            }
        } catch (RuntimeException | IOException e) {
            // A snapshot without priming is slower on its first call, never wrong: publishing goes on.
            System.out.println(JSON.createObjectNode().put("level", "WARN").put("action", "priming-failed")
                    .put("detail", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the clients are valid after a restore.
    }

    /**
     * @param decisions receives one JSON line per decision; the runtime's stdout, where embedded metrics are read
     */
    public InstanceDetectorHandler(DetectorConfig config, Ec2Client ec2, CloudWatchClient cloudWatch,
            Consumer<String> decisions) {
        this.detector = new InstanceDetector(config, ec2, cloudWatch);
        this.cleanup = new StackCleanup(detector);
        this.decisions = decisions;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = read(input);
        if (StackCleanup.isRequest(event)) {
            ObjectNode answer = cleanup.handle(event, () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
            context.getLogger().log(JSON.createObjectNode().put("action", "stack-" + event.path("RequestType")
                    .asText().toLowerCase(java.util.Locale.ROOT)).set("answer", answer).toString());
            JSON.writeValue(output, answer);
            return;
        }
        JSON.writeValue(output, isSqsBatch(event) ? handleBatch(event, context, decisions)
                : handle(event, context, decisions));
    }

    /** An SQS event: every record's body is one EventBridge event. */
    private static boolean isSqsBatch(JsonNode event) {
        JsonNode records = event == null ? null : event.path("Records");
        return records != null && records.isArray() && !records.isEmpty()
                && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    /** Each message on its own; the ones that failed are named so that SQS delivers only them again. */
    private ObjectNode handleBatch(JsonNode event, Context context, Consumer<String> decisions) {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        for (JsonNode record : event.path("Records")) {
            String messageId = record.path("messageId").asText();
            try {
                handle(body(record), context, decisions);
            } catch (RuntimeException e) {
                failures.addObject().put("itemIdentifier", messageId);
                context.getLogger().log(JSON.createObjectNode().put("action", "failed").put("messageId", messageId)
                        .put("detail", e.getClass().getSimpleName() + ": " + e.getMessage()
                                + " (SQS delivers the message again; after 5 receives it goes to the dead-letter "
                                + "queue)").toString());
            }
        }
        return response;
    }

    private static JsonNode body(JsonNode record) {
        try {
            return JSON.readTree(record.path("body").asText(""));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private ObjectNode handle(JsonNode event, Context context, Consumer<String> decisions) {
        long started = System.nanoTime();
        EventParser.Result parsed = EventParser.parse(event);
        ObjectNode result;
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (parsed instanceof EventParser.Parsed ok) {
            Outcome outcome = detector.handle(ok.change());
            result = JSON.valueToTree(outcome);
            counts.put("AlarmsCreated", outcome.alarmsCreated().size());
            counts.put("AlarmsDeleted", outcome.alarmsDeleted().size());
            counts.put("ProfilesAttached", "attached".equals(outcome.instanceProfile()) ? 1 : 0);
        } else if (parsed instanceof EventParser.Reconcile) {
            ReconcileOutcome outcome = detector.reconcile(
                    () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
            result = JSON.valueToTree(outcome);
            result.put("action", "reconciled");
            counts.put("AlarmsCreated", outcome.alarmsPut().size());
            counts.put("AlarmsDeleted", outcome.alarmsDeleted().size());
            counts.put("ProfilesAttached", outcome.profilesAttached().size());
            counts.put("Failures", outcome.failures().size());
            if (!outcome.failures().isEmpty()) {
                emit(result, counts, started, decisions);
                throw new ReconcileFailedException(outcome.failures());
            }
        } else {
            result = JSON.valueToTree(Outcome.rejected(((EventParser.Rejected) parsed).reason()));
            counts.put("EventsRejected", 1);
        }
        emit(result, counts, started, decisions);
        return result;
    }

    private void emit(ObjectNode result, Map<String, Integer> counts, long started, Consumer<String> decisions) {
        ObjectNode fields = result.deepCopy();
        fields.put("durationMs", (System.nanoTime() - started) / 1_000_000);
        decisions.accept(decisionLog.line(fields, counts));
    }

    /** The event as JSON, or null when it is not JSON or larger than any EventBridge event. */
    private static JsonNode read(InputStream input) throws IOException {
        byte[] bytes = input.readNBytes(MAX_EVENT_BYTES + 1);
        if (bytes.length > MAX_EVENT_BYTES) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Thrown after a reconcile run made every change it could, so Lambda retries the ones that failed. */
    public static final class ReconcileFailedException extends RuntimeException {
        ReconcileFailedException(java.util.List<String> failures) {
            super(failures.size() + " changes failed, the others were made; first: " + failures.get(0));
        }
    }

    /** Adaptive retries: the client slows itself down when CloudWatch throttles PutMetricAlarm during a burst. */
    static ClientOverrideConfiguration clientOverrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(8)
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(
                                Duration.ofMillis(250), Duration.ofSeconds(4)))
                        .build())
                .build();
    }

    private static Region region() {
        return Region.of(SdkSystemSetting.AWS_REGION.getStringValueOrThrow());
    }

    private static Ec2Client defaultEc2() {
        return Ec2Client.builder().region(region()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(clientOverrides()).build();
    }

    private static CloudWatchClient defaultCloudWatch() {
        return CloudWatchClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(clientOverrides()).build();
    }
}
