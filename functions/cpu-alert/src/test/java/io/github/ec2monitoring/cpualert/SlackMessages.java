package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The configuration, log excerpts and golden files the message tests build Slack messages from, and readers of them. */
final class SlackMessages {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** -Dgolden.update=true rewrites the golden files from the current output; review the diff before committing. */
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** The queue the stack subscribes to its topics; the emulator tests create it. */
    static final String ALARM_QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/web-alarms";

    private SlackMessages() {}

    static AlertConfig config(Language language) {
        return new AlertConfig("web-syslog", "web-apache-error", "web/slack-webhook", Duration.ofMinutes(5), "web-asg",
                ZoneId.of("Asia/Seoul"), language, Events.WARNING_TOPIC, Events.CRITICAL_TOPIC, true,
                "web-posted-transitions", Duration.ZERO, ALARM_QUEUE_URL, 10, "web");
    }

    /** What the Apache error log and syslog said before the fixture's alarm, as the load test provokes it. */
    static List<LogExcerpt> provokedLogs() {
        Instant at = Instant.parse("2026-11-24T06:27:00Z");
        List<LogLine> apache = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            apache.add(new LogLine(at.plusSeconds(i), "[Tue Nov 24 06:27:" + String.format("%02d", i) + ".10 2026] "
                    + "[core:info] [pid 9" + i + ":tid 1" + i + "] [client 10.0.1.5:5" + i + "] AH00128: File does not "
                    + "exist: /var/www/html/load-test-missing-" + i));
            apache.add(new LogLine(at.plusSeconds(i), "[Tue Nov 24 06:27:" + String.format("%02d", i) + ".20 2026] "
                    + "[core:error] [pid 9" + i + ":tid 1" + i + "] [client 10.0.1.5:5" + i + "] AH00035: access to "
                    + "/load-test-forbidden/ denied (filesystem path '/var/www/html/load-test-forbidden') because search "
                    + "permissions are missing on a component of the path"));
        }
        apache.add(new LogLine(at.plusSeconds(30), "[Tue Nov 24 06:27:30.00 2026] [mpm_event:notice] [pid 1:tid 1] "
                + "AH00489: Apache/2.4.58 (Ubuntu) configured -- resuming normal operations"));
        List<LogLine> syslog = List.of(
                new LogLine(at.plusSeconds(100), "2026-11-24T06:28:40.123456+00:00 ip-10-0-1-5 systemd[1]: Started "
                        + "session-3.scope."),
                new LogLine(at.plusSeconds(150), "2026-11-24T06:29:30.654321+00:00 ip-10-0-1-5 kernel: stress-ng-cpu "
                        + "invoked oom-killer: gfp_mask=0x140cca, order=0, oom_score_adj=0"));
        return List.of(LogExcerpt.read(CpuAlert.APACHE_ERROR_LOG, apache, false),
                LogExcerpt.read(CpuAlert.SYSLOG, syslog, false));
    }

    static ObjectNode build(String fixture, Language language, List<LogExcerpt> excerpts) {
        LogDistiller distiller = new LogDistiller(new Redactor(() -> RedactorTest.WEBHOOK, true));
        List<SlackMessage.Section> sections = excerpts.stream()
                .map(e -> new SlackMessage.Section(e, distiller.distill(e.lines()))).toList();
        return new SlackMessage(config(language)).build(AlarmMessageParserTest.alarm(fixture), sections);
    }

    static JsonNode golden(String name, JsonNode actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", name);
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(actual) + "\n");
        }
        try (InputStream in = SlackMessages.class.getResourceAsStream("/golden/" + name)) {
            return JSON.readTree(UPDATE ? Files.readAllBytes(file) : in.readAllBytes());
        }
    }

    /** The text of the section that starts with the log's name. */
    static String logSection(JsonNode message, String source) {
        for (JsonNode block : message.get("blocks")) {
            String text = block.at("/text/text").asText();
            if (text.startsWith("*" + source + "*")) {
                return text;
            }
        }
        throw new AssertionError("no section for " + source + " in " + message);
    }

    static String linksOf(JsonNode message) {
        for (JsonNode block : message.get("blocks")) {
            String text = block.at("/elements/0/text").asText();
            if (text.contains("|Alarm>") || text.contains("|경보>")) {
                return text;
            }
        }
        throw new AssertionError("no links in " + message);
    }

    /** Log lines an attacker controls: request paths, user agents, user names. */
    static List<LogExcerpt> hostileLogs() {
        Instant at = Instant.parse("2026-11-24T06:27:00Z");
        return List.of(
                LogExcerpt.read(CpuAlert.APACHE_ERROR_LOG, List.of(new LogLine(at, "[core:error] [client 10.0.1.5:520] "
                        + "AH00126: Invalid URI in request GET /<!channel>?a=<@U1>&b=<https://evil.example|x> HTTP/1.1")),
                        false),
                LogExcerpt.read(CpuAlert.SYSLOG, List.of(new LogLine(at, "sshd[42]: error: invalid user "
                        + "<!everyone>`*_~ from 203.0.113.9")), false));
    }
}
