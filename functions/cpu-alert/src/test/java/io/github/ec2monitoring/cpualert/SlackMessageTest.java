package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SlackMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** -Dgolden.update=true rewrites the golden files from the current output; review the diff before committing. */
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static AlertConfig config(Language language) {
        return new AlertConfig("web-syslog", "web-apache-error", "web/slack-webhook", Duration.ofMinutes(5), "web-asg",
                ZoneId.of("Asia/Seoul"), language);
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
        return List.of(new LogExcerpt(CpuAlert.APACHE_ERROR_LOG, apache, true, false),
                new LogExcerpt(CpuAlert.SYSLOG, syslog, true, false));
    }

    static ObjectNode build(String fixture, Language language, List<LogExcerpt> excerpts) {
        LogDistiller distiller = new LogDistiller(new Redactor(() -> RedactorTest.WEBHOOK));
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
        try (InputStream in = SlackMessageTest.class.getResourceAsStream("/golden/" + name)) {
            return JSON.readTree(UPDATE ? Files.readAllBytes(file) : in.readAllBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void criticalAlarmMessageMatchesTheGoldenFile(Language language) throws IOException {
        ObjectNode message = build("cpu-critical-alarm.json", language, provokedLogs());
        String name = "cpu-critical-alarm." + language.name().toLowerCase(java.util.Locale.ROOT) + ".json";

        assertEquals(golden(name, message), message);
    }

    @Test
    void recoveryMessageMatchesTheGoldenFile() throws IOException {
        ObjectNode message = build("cpu-ok.json", Language.EN, List.of(
                LogExcerpt.notShipped(CpuAlert.APACHE_ERROR_LOG), LogExcerpt.notShipped(CpuAlert.SYSLOG)));

        assertEquals(golden("cpu-ok.en.json", message), message);
    }

    @Test
    void headerNamesSeverityStateAndAlarm() {
        ObjectNode message = build("cpu-critical-alarm.json", Language.EN, List.of());

        assertEquals(":rotating_light: Critical ALARM: web-i-0abcdef1234567890-cpu-critical",
                message.at("/blocks/0/text/text").asText());
    }

    @Test
    void showsTheValueAgainstTheThresholdAndBothTimeZones() {
        JsonNode fields = build("cpu-critical-alarm.json", Language.EN, List.of()).at("/blocks/1/fields");

        assertEquals("*Value / threshold*\n86.4 ≥ 80 (CPUUtilization)", fields.get(3).get("text").asText());
        assertEquals("*Time*\n2026-11-24 06:30:12 UTC\n2026-11-24 15:30:12 KST", fields.get(4).get("text").asText());
    }

    @Test
    void linksToTheInstanceTheAlarmAndALogsInsightsQueryOfTheWindow() {
        String links = build("cpu-critical-alarm.json", Language.EN, List.of()).at("/blocks/3/elements/0/text").asText();

        assertTrue(links.contains("<https://ap-northeast-2.console.aws.amazon.com/ec2/home?region=ap-northeast-2"
                + "#InstanceDetails:instanceId=i-0abcdef1234567890|Instance>"), links);
        assertTrue(links.contains("#alarmsV2:alarm/web-i-0abcdef1234567890-cpu-critical|Alarm>"), links);
        assertTrue(links.contains("#logsV2:logs-insights$3FqueryDetail$3D~(end~'2026-11-24T06*3A30*3A12.345Z"
                + "~start~'2026-11-24T06*3A25*3A12.345Z"), links);
        assertTrue(links.contains("~source~(~'web-apache-error~'web-syslog))|Logs Insights (same window)>"), links);
    }

    @Test
    void everyBlockStaysWithinSlacksLimitsAndSaysWhenItCut() {
        Instant at = Instant.parse("2026-11-24T06:27:00Z");
        List<LogLine> lines = IntStream.range(0, 3000)
                .mapToObj(i -> new LogLine(at, "[core:error] AH0" + (10000 + i) + " unique failure " + "z".repeat(i % 7)
                        + " kind " + Integer.toString(i, 36).replaceAll("\\d", "q") + " " + "x".repeat(300)))
                .toList();
        ObjectNode message = build("cpu-critical-alarm.json", Language.EN,
                List.of(new LogExcerpt(CpuAlert.APACHE_ERROR_LOG, lines, true, true)));

        assertTrue(message.get("blocks").size() <= SlackMessage.MAX_BLOCKS);
        for (JsonNode block : message.get("blocks")) {
            assertTrue(block.path("text").path("text").asText().length() <= SlackMessage.MAX_TEXT);
        }
        String apache = message.at("/blocks/5/text/text").asText();
        assertTrue(apache.contains("…cut to fit Slack's limit") || apache.contains("more kinds of lines not shown"),
                apache);
        assertTrue(apache.contains("reading stopped after 3000 lines"), apache);
    }

    @Test
    void anInstanceThatShippedNothingIsSaidSo() {
        ObjectNode message = build("cpu-alarm.json", Language.EN, List.of(
                LogExcerpt.notShipped(CpuAlert.APACHE_ERROR_LOG), LogExcerpt.notShipped(CpuAlert.SYSLOG)));

        assertEquals("*Apache error log*: no logs shipped from this instance in the window",
                message.at("/blocks/5/text/text").asText());
    }

    @Test
    void logTextIsEscapedSoSlackNeverReadsItAsALinkOrMention() {
        Instant at = Instant.parse("2026-11-24T06:27:00Z");
        List<LogLine> lines = List.of(new LogLine(at,
                "[core:error] [client 10.0.1.5:520] AH00126: Invalid URI in request GET /<script>?a=1&b=<!channel> HTTP/1.1"));
        ObjectNode message = build("cpu-critical-alarm.json", Language.EN,
                List.of(new LogExcerpt(CpuAlert.APACHE_ERROR_LOG, lines, true, false)));

        String apache = message.at("/blocks/5/text/text").asText();
        assertTrue(apache.contains("/&lt;script&gt;?a=1&amp;b=&lt;!channel&gt; HTTP/1.1"), apache);
        assertFalse(apache.contains("<!channel>"), apache);
    }
}
