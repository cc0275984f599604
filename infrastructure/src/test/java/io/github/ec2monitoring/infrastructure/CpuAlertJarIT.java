package io.github.ec2monitoring.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.LambdaRuntimeSim;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * cpu-alert as deployed: the shaded jar of the synthesized template, its Handler string, the environment the template
 * gives it, real SNS event JSON. Every field of the alarm is untrusted, every alert arrives, no secret or personal data
 * leaves.
 */
@ExtendWith(MotoServerExtension.class)
class CpuAlertJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = "io.github.ec2monitoring.cpualert.CpuAlertHandler::handleRequest";
    private static final String INSTANCE = "i-0abcdef1234567890";
    private static final Instant IN_WINDOW = Instant.parse("2026-11-24T06:28:00Z");
    /** A link as cpu-alert writes it: an https target with no space or markup, and an escaped label. */
    private static final Pattern OWN_LINK = Pattern.compile("<(https://[^\\s<>|]+)\\|([^<>|]*)>");

    private static CloudWatchLogsClient logs;
    private static SecretsManagerClient secrets;
    private WebhookServer slack;

    @BeforeAll
    static void emulatorAndLogGroups() {
        SynthesizedFunctions.get();
        logs = MotoServer.client(CloudWatchLogsClient.builder());
        secrets = MotoServer.client(SecretsManagerClient.builder());
        for (String group : List.of(System.getenv(CpuAlert.SYSLOG_LOG_GROUP.name()), System.getenv(CpuAlert.APACHE_ERROR_LOG_GROUP.name()))) {
            logs.createLogGroup(r -> r.logGroupName(group));
        }
        secrets.createSecret(r -> r.name(System.getenv(CpuAlert.SLACK_WEBHOOK_SECRET_NAME.name())).secretString("http://unset"));
    }

    @BeforeEach
    void slack() throws IOException {
        MotoServer.useForDefaultClients();
        slack = new WebhookServer();
        secrets.putSecretValue(r -> r.secretId(System.getenv(CpuAlert.SLACK_WEBHOOK_SECRET_NAME.name()))
                .secretString(slack.url().toString()));
    }

    @AfterEach
    void stopSlack() {
        slack.close();
        MotoServer.useForDefaultClients();
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(TestApps.projectRoot().resolve("functions/cpu-alert/src/test/resources/sns/" + name));
    }

    /** The fixture's alarm on another instance, so each test reads only the lines it wrote. */
    private static byte[] forInstance(byte[] event, String instanceId) {
        return new String(event, StandardCharsets.UTF_8).replace(INSTANCE, instanceId).getBytes(StandardCharsets.UTF_8);
    }

    /** The fixture delivered through the stack's critical topic, as the environment names it. */
    private static byte[] viaCriticalTopic(String name) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(fixture(name));
        ((ObjectNode) event.at("/Records/0/Sns")).put("TopicArn", System.getenv(FunctionEnvironments.CRITICAL_TOPIC_ARN.name()));
        return JSON.writeValueAsBytes(event);
    }

    private String invoke(byte[] event) throws Exception {
        try (LambdaRuntimeSim runtime = SynthesizedFunctions.get().load(HANDLER)) {
            String output = runtime.invoke(event);
            assertTrue(runtime.logLines().stream().noneMatch(line -> line.contains(WebhookServer.PATH)));
            return output;
        }
    }

    private JsonNode onlyPost() throws IOException {
        assertEquals(1, slack.received().size(), "exactly one post");
        return JSON.readTree(slack.received().get(0).body());
    }

    private static void write(String group, String instanceId, List<String> messages) {
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(instanceId));
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            events.add(InputLogEvent.builder().timestamp(IN_WINDOW.toEpochMilli() + i).message(messages.get(i)).build());
        }
        for (int from = 0; from < events.size(); from += 5_000) {
            List<InputLogEvent> batch = events.subList(from, Math.min(events.size(), from + 5_000));
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName(instanceId).logEvents(batch));
        }
    }

    /** No mrkdwn text holds markup other than the function's own links to the AWS console. */
    private static void assertInert(JsonNode message) {
        List<String> texts = new ArrayList<>(List.of(message.path("text").asText()));
        Consumer<JsonNode> collect = node -> texts.add(node.path("text").asText());
        for (JsonNode block : message.path("blocks")) {
            if ("mrkdwn".equals(block.at("/text/type").asText())) {
                texts.add(block.at("/text/text").asText());
            }
            block.path("fields").forEach(collect);
            block.path("elements").forEach(collect);
        }
        for (String text : texts) {
            Matcher links = OWN_LINK.matcher(text);
            while (links.find()) {
                assertTrue(links.group(1).contains(".console.aws.amazon.com/"), links.group(1));
            }
            String rest = OWN_LINK.matcher(text).replaceAll("");
            assertFalse(rest.contains("<") || rest.contains(">"), "markup left in: " + text);
        }
    }

    private static String section(JsonNode message, String source) {
        for (JsonNode block : message.path("blocks")) {
            if (block.at("/text/text").asText().startsWith("*" + source + "*")) {
                return block.at("/text/text").asText();
            }
        }
        throw new AssertionError("no " + source + " section in " + message);
    }

    @Test
    void hostileTextInEveryFieldOfTheAlarmIsInertInThePostedJson() throws Exception {
        assertEquals("{\"posted\":1,\"records\":1}", invoke(fixture("hostile/hostile-fields.json")));

        JsonNode posted = onlyPost();
        assertInert(posted);
        ((ObjectNode) posted.at("/blocks/0/text")).remove("text");
        assertFalse(posted.toString().contains("<!channel>") || posted.toString().contains("<script>"), posted.toString());
    }

    @Test
    void hostileSecretAndPersonalLogLinesArriveInertAndMasked() throws Exception {
        String instance = "i-0aaaaaaaaaaaaaaa1";
        write(System.getenv(CpuAlert.APACHE_ERROR_LOG_GROUP.name()), instance, List.of(
                "[core:error] [client 203.0.113.45:5120] AH00126: Invalid URI GET /<!channel>?token=abc123secret&x=<@U1>",
                "[core:error] [client 198.51.100.7:5121] AH01797: client denied for kim.minji@example.co.kr "
                        + "via postgresql://app:p@ss@db/app"));

        invoke(forInstance(viaCriticalTopic("cpu-critical-alarm.json"), instance));

        JsonNode posted = onlyPost();
        assertInert(posted);
        String apache = section(posted, "Apache error log");
        for (String leaked : List.of("abc123secret", "p@ss", "kim.minji", "203.0.113.45", "198.51.100.7", "<!channel>")) {
            assertFalse(apache.contains(leaked), leaked + " leaked: " + apache);
        }
        assertTrue(posted.at("/blocks/0/text/text").asText().startsWith(":rotating_light: Critical ALARM"));
    }

    @Test
    void aTwoHundredFiftyFiveCharacterNameLinksToThatAlarm() throws Exception {
        invoke(fixture("long-alarm-name.json"));

        JsonNode posted = onlyPost();
        String name = JSON.readTree(JSON.readTree(fixture("long-alarm-name.json")).at("/Records/0/Sns/Message").asText())
                .path("AlarmName").asText();
        Matcher link = Pattern.compile("<https://[^|>]*#alarmsV2:alarm/([^|>]*)\\|Alarm>").matcher(posted.toString());
        assertTrue(link.find(), posted.toString());
        assertEquals(255, name.length());
        assertEquals(name, URLDecoder.decode(link.group(1), StandardCharsets.UTF_8));
    }

    @Test
    void oneHugeLineAmongFortyKindsLeavesEveryKindCountedAsShownShown() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("[core:crit] [pid 1:tid 1] AH00000: huge " + "y".repeat(20_000));
        for (int i = 0; i < 5_999; i++) {
            int kind = i % 39;
            lines.add("[core:error] [pid " + i + ":tid 1] AH0" + (1000 + kind) + ": failure of kind "
                    + (char) ('a' + kind % 26) + (char) ('a' + kind / 26) + " number " + i);
        }
        String instance = "i-0bbbbbbbbbbbbbbb2";
        write(System.getenv(CpuAlert.APACHE_ERROR_LOG_GROUP.name()), instance, lines);

        invoke(forInstance(fixture("cpu-critical-alarm.json"), instance));

        String apache = section(onlyPost(), "Apache error log");
        List<String> shown = apache.substring(apache.indexOf("```") + 3, apache.lastIndexOf("```")).lines().toList();
        Matcher leftOut = Pattern.compile("_(\\d+) more kinds of lines \\((\\d+) lines\\) not shown: ").matcher(apache);
        assertTrue(leftOut.find(), apache);
        assertEquals(40, shown.size() + Integer.parseInt(leftOut.group(1)), apache);
        assertTrue(shown.get(0).contains("AH00000: huge yyy") && shown.get(0).endsWith("characters, cut)"), shown.get(0));
        int shownLines = shown.stream().mapToInt(line -> line.matches("\\[\\w+ ×(\\d+)].*")
                ? Integer.parseInt(line.replaceAll("\\[\\w+ ×(\\d+)].*", "$1")) : 1).sum();
        Matcher matter = Pattern.compile("\\*: (\\d+) of (\\d+) lines matter").matcher(apache);
        assertTrue(matter.find(), apache);
        assertEquals(Integer.parseInt(matter.group(1)), shownLines + Integer.parseInt(leftOut.group(2)),
                "every line that matters is counted once, shown or left out: " + apache);
    }

    /** The log reads go through a front that answers as CloudWatch Logs would; all else reaches the emulator. */
    private String invokeWithLogs(AwsFront.Answer answer) throws Exception {
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            front.always("FilterLogEvents", answer);
            System.setProperty("aws.endpointUrl", front.endpoint().toString());
            return invoke(fixture("cpu-critical-alarm.json"));
        }
    }

    @Test
    void whenAccessToTheLogsIsDeniedTheAlertIsPostedOnceAndTheInvocationSucceeds() throws Exception {
        String output = invokeWithLogs(AwsFront.Answer.jsonError(400, "AccessDeniedException", "not authorized"));

        assertEquals("{\"posted\":1,\"records\":1}", output, "a successful invocation: Lambda does not retry it");
        assertTrue(section(onlyPost(), "syslog").contains("could not be read: the function may not read this log group "
                + "(AccessDeniedException)"));
    }

    @Test
    void whenTheLogServiceCannotBeReachedTheAlertIsPostedOnceAndTheInvocationSucceeds() throws Exception {
        String output = invokeWithLogs(AwsFront.Answer.unreachable());

        assertEquals("{\"posted\":1,\"records\":1}", output);
        assertTrue(section(onlyPost(), "Apache error log").contains("CloudWatch Logs could not be reached"));
    }
}
