package io.github.ec2monitoring.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.contract.StoppedInstances;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.PostedTransitionsTable;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Cold start and first invocation of both functions from their shaded jars, each run in a fresh JVM (the Lambda
 * runtime's Java, 25), against the emulator and a loopback Slack; beside a Python/boto3 reference doing the same job
 * (benchmarks/*.py). Not part of the suite (the name matches no test pattern): run it with the command in the README.
 * It prints the figures; it asserts only that every run did its job.
 */
@ExtendWith(MotoServerExtension.class)
class ColdStartBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUNS = 5;
    /** The JVM flags AWS suggests for short-lived functions: stop at the C1 compiler. */
    private static final String TIERED_C1 = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final int WARM = 30;
    private static final Path ROOT = TestApps.projectRoot();
    /** Lambda's Java (25) where installed, else this JVM's; -Dbenchmark.java=PATH picks another. */
    private static final Path JAVA = Path.of(System.getProperty("benchmark.java",
            Files.isExecutable(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"))
                    ? "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
                    : Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    private static final Path PYTHON = ROOT.resolve(".venv/bin/python");
    private static final String DETECTOR = "io.github.ec2monitoring.detector.InstanceDetectorHandler::handleRequest";
    private static final String CPU_ALERT = "io.github.ec2monitoring.cpualert.CpuAlertHandler::handleRequest";
    private static final String GROUP = "bench-asg";
    private static final String INSTANCE_LOGS = "i-0abcdef1234567890";

    private final Map<String, String> env = new HashMap<>();
    private Path work;
    private int alarms;
    private Path runner;

    @Test
    void coldStartAndFirstInvocationOfBothFunctions() throws Exception {
        work = Files.createTempDirectory("cold-start");
        runner = compileRunner();
        try (WebhookServer slack = new WebhookServer()) {
            environment(slack);
            List<String> instances = launch(RUNS * 4 + WARM * 2 + 2);

            List<Double> javaDetector = new ArrayList<>();
            List<Double> pythonDetector = new ArrayList<>();
            List<Double> javaAlert = new ArrayList<>();
            List<Double> pythonAlert = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                javaDetector.add(wall(java(DETECTOR, "instance-detector", event(instances.remove(0)))));
                pythonDetector.add(wall(python("instance_detector_reference.py", event(instances.remove(0)))));
                javaAlert.add(wall(java(CPU_ALERT, "cpu-alert", alarmEvent())));
                pythonAlert.add(wall(python("cpu_alert_reference.py", alarmEvent())));
            }
            List<Double> tieredDetector = new ArrayList<>();
            List<Double> tieredAlert = new ArrayList<>();
            env.put("JAVA_TOOL_OPTIONS", TIERED_C1);
            for (int run = 0; run < RUNS; run++) {
                tieredDetector.add(wall(java(DETECTOR, "instance-detector", event(instances.remove(0)))));
                tieredAlert.add(wall(java(CPU_ALERT, "cpu-alert", alarmEvent())));
            }
            env.remove("JAVA_TOOL_OPTIONS");
            System.out.printf("cold start, whole process, median of %d, with JAVA_TOOL_OPTIONS=\"%s\": "
                            + "instance-detector %.0f ms (%.2fx the reference), cpu-alert %.0f ms (%.2fx)%n", RUNS,
                    TIERED_C1, median(tieredDetector), median(tieredDetector) / median(pythonDetector),
                    median(tieredAlert), median(tieredAlert) / median(pythonAlert));
            System.out.printf("cold start, whole process, median of %d (JVM %s): instance-detector %.0f ms vs Python "
                            + "reference %.0f ms (%.2fx); cpu-alert %.0f ms vs Python reference %.0f ms (%.2fx)%n",
                    RUNS, JAVA.getParent().getParent().getFileName(), median(javaDetector), median(pythonDetector),
                    median(javaDetector) / median(pythonDetector), median(javaAlert), median(pythonAlert),
                    median(javaAlert) / median(pythonAlert));

            for (String mode : List.of("unprimed", "primed")) {
                Path events = work.resolve("detector-" + mode);
                Files.createDirectories(events);
                for (int i = 0; i <= WARM; i++) {
                    Files.copy(event(instances.remove(0)), events.resolve(String.format("%03d.json", i)));
                }
                JsonNode detector = timings(DETECTOR, "instance-detector", events, mode.equals("primed"));
                Path alarms = work.resolve("alert-" + mode);
                Files.createDirectories(alarms);
                for (int i = 0; i <= WARM; i++) {
                    Files.copy(alarmEvent(), alarms.resolve(String.format("%03d.json", i)));
                }
                JsonNode alert = timings(CPU_ALERT, "cpu-alert", alarms, mode.equals("primed"));
                System.out.printf("first invocation %s: instance-detector %.1f ms vs warm median %.1f ms (%.2fx); "
                                + "cpu-alert %.1f ms vs warm median %.1f ms (%.2fx)%n", mode.equals("primed")
                                ? "after priming" : "after init, unprimed",
                        detector.get("firstMs").asDouble(), detector.get("warmMedianMs").asDouble(),
                        detector.get("firstMs").asDouble() / detector.get("warmMedianMs").asDouble(),
                        alert.get("firstMs").asDouble(), alert.get("warmMedianMs").asDouble(),
                        alert.get("firstMs").asDouble() / alert.get("warmMedianMs").asDouble());
            }
            assertEquals(RUNS * 3 + (WARM + 1) * 2, slack.received().size(), "every cpu-alert run posted");
        }
    }

    private void environment(WebhookServer slack) {
        String endpoint = MotoServer.endpoint().toString();
        env.putAll(Map.of("AWS_REGION", MotoServer.REGION.id(), "AWS_DEFAULT_REGION", MotoServer.REGION.id(),
                "AWS_ENDPOINT_URL", endpoint,
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_EC2_METADATA_DISABLED", "true"));
        String profile = MotoServer.client(IamClient.builder())
                .createInstanceProfile(r -> r.instanceProfileName("bench")).instanceProfile().arn();
        // Through the contract's writer, as the stack writes them: a setting the contract adds cannot be missed.
        env.putAll(new FunctionEnvironments.Writer(Detector.ALL)
                .put(FunctionEnvironments.ALARM_NAME_PREFIX, "bench")
                .put(Detector.AUTO_SCALING_GROUP_NAMES, List.of(GROUP))
                .put(Detector.INSTANCE_PROFILE_ARN, profile)
                .put(Detector.ATTACH_INSTANCE_PROFILE, true)
                .put(FunctionEnvironments.WARNING_TOPIC_ARN, "arn:aws:sns:us-east-1:123456789012:warning")
                .put(FunctionEnvironments.CRITICAL_TOPIC_ARN, "arn:aws:sns:us-east-1:123456789012:critical")
                .put(Detector.CPU_WARNING_PERCENT, 60.0)
                .put(Detector.CPU_CRITICAL_PERCENT, 80.0)
                .put(Detector.MEMORY_WARNING_PERCENT, 80.0)
                .put(Detector.MEMORY_CRITICAL_PERCENT, 90.0)
                .put(Detector.DISK_WARNING_PERCENT, 80.0)
                .put(Detector.DISK_CRITICAL_PERCENT, 90.0)
                .put(Detector.STOPPED_INSTANCES, StoppedInstances.KEEP)
                .put(Detector.ALARM_WRITES_PER_SECOND, 1000.0)
                .put(Detector.ALARM_MODE, AlarmMode.PER_INSTANCE)
                .put(Detector.ALARM_RESOLUTION, AlarmResolution.STANDARD)
                .build());
        env.putAll(new FunctionEnvironments.Writer(CpuAlert.ALL)
                .put(CpuAlert.SYSLOG_LOG_GROUP, "bench-syslog")
                .put(CpuAlert.APACHE_ERROR_LOG_GROUP, "bench-apache")
                .put(CpuAlert.SLACK_WEBHOOK_SECRET_NAME, "bench/slack")
                .put(CpuAlert.LOG_WINDOW_MINUTES, 5)
                .put(CpuAlert.AUTO_SCALING_GROUP_NAME, GROUP)
                .put(CpuAlert.TIME_ZONE, ZoneId.of("Asia/Seoul"))
                .put(CpuAlert.MESSAGE_LANGUAGE, FunctionEnvironments.MessageLanguage.EN)
                .put(FunctionEnvironments.WARNING_TOPIC_ARN, "arn:aws:sns:us-east-1:123456789012:warning")
                .put(FunctionEnvironments.CRITICAL_TOPIC_ARN, "arn:aws:sns:us-east-1:123456789012:critical")
                .put(CpuAlert.MASK_PERSONAL_DATA, true)
                .put(CpuAlert.POSTED_TRANSITIONS_TABLE, "bench-posted-transitions")
                .put(CpuAlert.SLACK_POST_INTERVAL_MILLIS, 0)
                .put(CpuAlert.ALARM_QUEUE_URL, "https://sqs.us-east-1.amazonaws.com/123456789012/bench-alarms")
                .put(CpuAlert.STORM_THRESHOLD, 10)
                .put(FunctionEnvironments.ALARM_NAME_PREFIX, "bench")
                .build());
        MotoServer.client(SecretsManagerClient.builder())
                .createSecret(r -> r.name("bench/slack").secretString(slack.url().toString()));
        // As the CpuAlert construct declares it: cpu-alert claims each transition there before it posts.
        PostedTransitionsTable.create(MotoServer.client(DynamoDbClient.builder()), "bench-posted-transitions");
        CloudWatchLogsClient logs = MotoServer.client(CloudWatchLogsClient.builder());
        Instant at = Instant.parse("2026-11-24T06:27:00Z");
        for (String group : List.of("bench-syslog", "bench-apache")) {
            logs.createLogGroup(r -> r.logGroupName(group));
            logs.createLogStream(r -> r.logGroupName(group).logStreamName(INSTANCE_LOGS));
            List<InputLogEvent> lines = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                lines.add(InputLogEvent.builder().timestamp(at.plusMillis(i * 100L).toEpochMilli())
                        .message("[core:error] [pid " + i + "] [client 10.0.1.5:5" + i + "] AH00128: File does not "
                                + "exist: /var/www/html/missing-" + i).build());
            }
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName(INSTANCE_LOGS).logEvents(lines));
        }
    }

    /** Instances of the group with the profile, as the stack's launch template gives it. */
    private List<String> launch(int count) {
        Ec2Client ec2 = MotoServer.client(Ec2Client.builder());
        String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        List<String> ids = new ArrayList<>(ec2.runInstances(r -> r.imageId(image).minCount(count).maxCount(count)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                        .tags(tag -> tag.key("aws:autoscaling:groupName").value(GROUP))))
                .instances().stream().map(i -> i.instanceId()).toList());
        ids.forEach(id -> ec2.associateIamInstanceProfile(r -> r.instanceId(id)
                .iamInstanceProfile(p -> p.arn(env.get(Detector.INSTANCE_PROFILE_ARN.name())))));
        return ids;
    }

    /** A new transition of the fixture's alarm each time: each one is posted, none is a duplicate. */
    private Path alarmEvent() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(
                ROOT.resolve("functions/cpu-alert/src/test/resources/sns/cpu-critical-alarm.json").toFile());
        ObjectNode sns = (ObjectNode) event.at("/Records/0/Sns");
        ObjectNode message = (ObjectNode) JSON.readTree(sns.get("Message").asText());
        int n = alarms++;
        message.put("StateChangeTime", String.format("2026-11-24T06:30:%02d.%03d+0000", n % 60, n / 60));
        sns.put("Message", message.toString());
        Path file = work.resolve("alarm-" + n + ".json");
        Files.writeString(file, event.toString());
        return file;
    }

    private Path event(String instanceId) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(
                ROOT.resolve("functions/instance-detector/src/test/resources/events/running.json").toFile());
        ((ObjectNode) event.get("detail")).put("instance-id", instanceId);
        Path file = work.resolve(instanceId + ".json");
        Files.writeString(file, event.toString());
        return file;
    }

    private Path compileRunner() throws Exception {
        Path classes = work.resolve("runner");
        Process javac = new ProcessBuilder(JAVA.resolveSibling("javac").toString(), "-d", classes.toString(),
                ROOT.resolve("benchmarks/ColdStart.java").toString()).inheritIO().start();
        assertEquals(0, javac.waitFor());
        return classes;
    }

    private List<String> java(String handler, String function, Path events, String... options) {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-cp", runner.toString(), "ColdStart",
                ROOT.resolve("functions/" + function + "/target/" + function + ".jar").toString(), handler,
                events.toString()));
        command.addAll(Arrays.asList(options));
        return command;
    }

    private List<String> python(String script, Path event) {
        return List.of(PYTHON.toString(), ROOT.resolve("benchmarks/" + script).toString(), event.toString());
    }

    /** Milliseconds from starting the process to its exit. */
    private double wall(List<String> command) throws Exception {
        long started = System.nanoTime();
        String output = run(command);
        double millis = (System.nanoTime() - started) / 1e6;
        if (output.isBlank()) {
            throw new AssertionError(command + " printed nothing");
        }
        return millis;
    }

    private JsonNode timings(String handler, String function, Path events, boolean prime) throws Exception {
        List<String> options = new ArrayList<>(List.of("--warm", Integer.toString(WARM)));
        if (prime) {
            options.add("--prime");
        }
        String output = run(java(handler, function, events, options.toArray(String[]::new)));
        return JSON.readTree(output.lines().filter(line -> line.startsWith("{\"initMs\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no timings in " + output)));
    }

    private String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(command + " failed: " + output);
        }
        return output;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
