package io.github.ec2monitoring.cpualert;

import static io.github.ec2monitoring.cpualert.SlackMessages.build;
import static io.github.ec2monitoring.cpualert.SlackMessages.config;
import static io.github.ec2monitoring.cpualert.SlackMessages.golden;
import static io.github.ec2monitoring.cpualert.SlackMessages.hostileLogs;
import static io.github.ec2monitoring.cpualert.SlackMessages.linksOf;
import static io.github.ec2monitoring.cpualert.SlackMessages.logSection;
import static io.github.ec2monitoring.cpualert.SlackMessages.provokedLogs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SlackMessageTest {

    @ParameterizedTest
    @EnumSource(Language.class)
    void criticalAlarmMessageMatchesTheGoldenFile(Language language) throws IOException {
        ObjectNode message = build("cpu-critical-alarm.json", language, provokedLogs());
        String name = "cpu-critical-alarm." + language.name().toLowerCase(java.util.Locale.ROOT) + ".json";

        assertEquals(golden(name, message), message);
    }

    /** A fleet alarm's contributor: its instance, its logs, and how many of the group are in ALARM with it. */
    @ParameterizedTest
    @EnumSource(Language.class)
    void fleetContributorMessageMatchesTheGoldenFile(Language language) throws IOException {
        LogDistiller distiller = new LogDistiller(new Redactor(() -> RedactorTest.WEBHOOK, true));
        List<SlackMessage.Section> sections = provokedLogs().stream()
                .map(e -> new SlackMessage.Section(e, distiller.distill(e.lines()))).toList();
        ObjectNode message = new SlackMessage(config(language)).build(
                AlarmMessageParserTest.alarm("fleet/contributor-alarm.json"), sections, AlarmContributors.Count.of(3));
        String name = "fleet-contributor-alarm." + language.name().toLowerCase(java.util.Locale.ROOT) + ".json";

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

        assertEquals("*Value / threshold*\n86.4 ≥ 80 (CPUUtilization)\n3 of 5 periods of 1 min",
                fields.get(3).get("text").asText());
        assertEquals("*Time*\n2026-11-24 06:30:12 UTC\n2026-11-24 15:30:12 Asia/Seoul",
                fields.get(4).get("text").asText());
    }

    /** At alarmResolution=high the alarm's periods are 10 s: the message says so, in both languages. */
    @Test
    void aHighResolutionAlarmSaysItsTenSecondPeriods() {
        AlarmNotification alarm = AlarmMessageParserTest.alarm("cpu-critical-alarm.json");
        AlarmNotification high = new AlarmNotification(alarm.alarmName(), alarm.alarmDescription(), alarm.topicArn(),
                alarm.alarmArn(), alarm.region(), alarm.regionCode(), alarm.oldState(), alarm.newState(),
                alarm.reason(), alarm.stateChangeTime(), "CWAgent", "cpu_usage_active", alarm.dimensions(),
                alarm.threshold(), alarm.comparisonOperator(), alarm.observedValue(), alarm.gaps(), null,
                new AlarmNotification.Evaluation(10, 6, 3));

        assertEquals("*Value / threshold*\n86.4 ≥ 80 (cpu_usage_active)\n3 of 6 periods of 10 s",
                new SlackMessage(config(Language.EN)).build(high, List.of()).at("/blocks/1/fields/3/text").asText());
        assertEquals("*측정값 / 임계값*\n86.4 ≥ 80 (cpu_usage_active)\n10초 주기 6개 중 3개",
                new SlackMessage(config(Language.KO)).build(high, List.of()).at("/blocks/1/fields/3/text").asText());
    }

    @Test
    void linksToTheInstanceTheAlarmAndALogsInsightsQueryOfTheWindow() {
        String links = linksOf(build("cpu-critical-alarm.json", Language.EN, List.of()));

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
                List.of(LogExcerpt.read(CpuAlert.APACHE_ERROR_LOG, lines, true)));

        assertTrue(message.get("blocks").size() <= SlackMessage.MAX_BLOCKS);
        for (JsonNode block : message.get("blocks")) {
            assertTrue(block.path("text").path("text").asText().length() <= SlackMessage.MAX_TEXT);
        }
        String apache = logSection(message, CpuAlert.APACHE_ERROR_LOG);
        assertTrue(apache.contains("more kinds of lines (") && apache.contains("lines) not shown: "), apache);
        assertTrue(apache.contains("reading stopped after 3000 lines"), apache);
    }

    @Test
    void anInstanceThatShippedNothingIsSaidSo() {
        ObjectNode message = build("cpu-alarm.json", Language.EN, List.of(
                LogExcerpt.notShipped(CpuAlert.APACHE_ERROR_LOG), LogExcerpt.notShipped(CpuAlert.SYSLOG)));

        assertEquals("*Apache error log*: no logs shipped from this instance in the window",
                logSection(message, CpuAlert.APACHE_ERROR_LOG));
    }

    @Test
    void logTextIsEscapedSoSlackNeverReadsItAsALinkOrMention() {
        Instant at = Instant.parse("2026-11-24T06:27:00Z");
        List<LogLine> lines = List.of(new LogLine(at,
                "[core:error] [client 10.0.1.5:520] AH00126: Invalid URI in request GET /<script>?a=1&b=<!channel> HTTP/1.1"));
        ObjectNode message = build("cpu-critical-alarm.json", Language.EN,
                List.of(LogExcerpt.read(CpuAlert.APACHE_ERROR_LOG, lines, false)));

        String apache = logSection(message, CpuAlert.APACHE_ERROR_LOG);
        assertTrue(apache.contains("/&lt;script&gt;?a=1&amp;b=&lt;!channel&gt; HTTP/1.1"), apache);
        assertFalse(apache.contains("<!channel>"), apache);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void hostileTextInEveryFieldOfTheAlarmEndsUpInert(Language language) {
        ObjectNode message = build("hostile/hostile-fields.json", language, hostileLogs());
        ObjectNode hostileLogsOfARealInstance = build("cpu-critical-alarm.json", language, hostileLogs());

        SlackSafety.assertInert(message);
        SlackSafety.assertInert(hostileLogsOfARealInstance);
        assertTrue(logSection(hostileLogsOfARealInstance, CpuAlert.APACHE_ERROR_LOG).contains("/&lt;!channel&gt;?"));
        JsonNode fields = message.at("/blocks/1/fields");
        assertTrue(fields.get(1).get("text").asText().endsWith("\n&lt;script&gt;alert(1)&lt;/script&gt;"),
                fields.toString());
        assertTrue(fields.get(2).get("text").asText().endsWith("\n&lt;!channel&gt; web"), fields.toString());
        assertFalse(message.toString().contains("instanceId=%3Cscript"), "no link to an instance that is no instance");
    }

    @Test
    void hostileFieldsMessageMatchesTheGoldenFile() throws IOException {
        ObjectNode message = build("hostile/hostile-fields.json", Language.EN, hostileLogs());

        assertEquals(golden("hostile-fields.en.json", message), message);
    }

    @Test
    void aTwoHundredFiftyFiveCharacterNameIsShortenedForDisplayButLinkedInFull() {
        AlarmNotification alarm = AlarmMessageParserTest.alarm("long-alarm-name.json");
        ObjectNode message = new SlackMessage(config(Language.EN)).build(alarm, List.of());

        assertTrue(message.at("/blocks/0/text/text").asText().length() <= SlackMessage.MAX_HEADER);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("<([^|>]*#alarmsV2:alarm/([^|>]*))\\|Alarm>")
                .matcher(linksOf(message));
        assertTrue(link.find(), linksOf(message));
        assertEquals(alarm.alarmName(), java.net.URLDecoder.decode(link.group(2), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(255, alarm.alarmName().length());
        SlackSafety.assertInert(message);
    }

    @Test
    void oneHugeLineAmongManyKindsLeavesEveryKindCountedAsShownShownWhole() {
        Instant at = Instant.parse("2026-11-24T06:26:00Z");
        List<LogLine> lines = new ArrayList<>();
        lines.add(new LogLine(at, "[core:crit] [pid 1:tid 1] AH00000: huge " + "y".repeat(20_000)));
        for (int i = 0; i < 5_999; i++) {
            int kind = i % 39;
            lines.add(new LogLine(at.plusMillis(i), "[core:error] [pid " + i + ":tid 1] AH0" + (1000 + kind)
                    + ": failure of kind " + (char) ('a' + kind % 26) + (char) ('a' + kind / 26) + " number " + i));
        }
        LogDistiller distiller = new LogDistiller(new Redactor(() -> RedactorTest.WEBHOOK, true));
        List<Finding> findings = distiller.distill(lines);
        ObjectNode message = new SlackMessage(config(Language.EN)).build(
                AlarmMessageParserTest.alarm("cpu-critical-alarm.json"),
                List.of(new SlackMessage.Section(LogExcerpt.read(CpuAlert.APACHE_ERROR_LOG, lines, false), findings)));

        assertEquals(40, findings.size());
        String apache = logSection(message, CpuAlert.APACHE_ERROR_LOG);
        assertTrue(apache.length() <= SlackMessage.MAX_TEXT);
        String block = apache.substring(apache.indexOf("```") + 3, apache.lastIndexOf("```"));
        List<String> shown = block.lines().toList();
        java.util.regex.Matcher leftOut = java.util.regex.Pattern
                .compile("_(\\d+) more kinds of lines \\((\\d+) lines\\) not shown: (.+)_$").matcher(apache);
        assertTrue(leftOut.find(), apache);
        int kindsLeft = Integer.parseInt(leftOut.group(1));
        assertEquals(findings.size(), shown.size() + kindsLeft, apache);
        assertEquals(findings.subList(shown.size(), findings.size()).stream().mapToInt(Finding::count).sum(),
                Integer.parseInt(leftOut.group(2)));
        assertTrue(shown.get(0).startsWith("[crit] [core:crit] [pid 1:tid 1] AH00000: huge yyy"), shown.get(0));
        assertTrue(shown.get(0).endsWith("…(line of " + lines.get(0).message().length() + " characters, cut)"),
                shown.get(0));
        for (int i = 0; i < shown.size(); i++) {
            Finding finding = findings.get(i);
            assertTrue(shown.get(i).contains(finding.sample()), "kind " + i + " shown whole: " + shown.get(i));
        }
        assertFalse(apache.contains("cut to fit"), apache);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void logsThatCouldNotBeReadAreSaidSoAndTheAlertStillCarriesEverythingElse(Language language) throws IOException {
        ObjectNode message = build("cpu-critical-alarm.json", language, List.of(
                LogExcerpt.unreadable(CpuAlert.APACHE_ERROR_LOG, "CloudWatch Logs throttled the read (ThrottlingException)"),
                LogExcerpt.unreadable(CpuAlert.SYSLOG, "the function may not read this log group (AccessDeniedException)")));
        String name = "logs-unavailable." + language.name().toLowerCase(java.util.Locale.ROOT) + ".json";

        assertEquals(golden(name, message), message);
        assertTrue(logSection(message, CpuAlert.SYSLOG).contains("AccessDeniedException"));
    }

    @Test
    void aNotificationWithoutItsTimeOrTriggerSaysWhatItLacked() {
        ObjectNode noTime = build("degraded/missing-state-change-time.json", Language.EN, List.of());
        ObjectNode noTrigger = build("degraded/missing-trigger.json", Language.EN, List.of());

        assertTrue(noTime.toString().contains("no valid StateChangeTime: the time SNS delivered it is shown"), noTime.toString());
        assertTrue(noTrigger.toString().contains("no Trigger: no metric, threshold or dimensions to show"));
        assertEquals("*Value / threshold*\n71.2 vs —", noTrigger.at("/blocks/1/fields/3/text").asText());
    }

    @Test
    void severityComesFromTheTopicThatDeliveredTheAlarmNotFromItsName() {
        AlarmNotification viaCritical = AlarmMessageParserTest.alarm("group-alarm.json");
        AlarmNotification alarm = new AlarmNotification(viaCritical.alarmName().replace("cpu-high", "unhealthy-hosts"),
                "", Events.CRITICAL_TOPIC, viaCritical.alarmArn(), viaCritical.region(), viaCritical.regionCode(), "OK",
                "ALARM", "reason", viaCritical.stateChangeTime(), "", "", java.util.Map.of(), 1.0, "", null, List.of(),
                null, null);

        ObjectNode message = new SlackMessage(config(Language.EN)).build(alarm, List.of());

        assertTrue(message.at("/blocks/0/text/text").asText().startsWith(":rotating_light: Critical ALARM: "),
                message.at("/blocks/0/text/text").asText());
        assertEquals(AlarmSeverity.UNKNOWN, alarm.severityFromName());
    }

    /** With several groups watched, the group of an alarm on EC2's CPU metric comes from its description. */
    @Test
    void theGroupIsReadFromTheDescriptionTheDetectorWrote() {
        AlarmNotification plain = AlarmMessageParserTest.alarm("cpu-alarm.json");
        AlarmNotification named = AlarmMessageParserTest.alarm("cpu-alarm.json");
        named = new AlarmNotification(named.alarmName(), "WARNING cpu of i-0abcdef1234567890."
                + AlarmNotification.GROUP_SUFFIX + "shop web.", named.topicArn(), named.alarmArn(), named.region(),
                named.regionCode(), named.oldState(), named.newState(), named.reason(), named.stateChangeTime(),
                named.namespace(), named.metric(), named.dimensions(), named.threshold(), named.comparisonOperator(),
                named.observedValue(), named.gaps(), null, named.evaluation());

        assertEquals(java.util.Optional.of("shop web"), named.group());
        assertEquals("*Auto Scaling group*\nshop web", new SlackMessage(config(Language.EN)).build(named, List.of())
                .at("/blocks/1/fields/2/text").asText());
        assertEquals("*Auto Scaling group*\nweb-asg", new SlackMessage(config(Language.EN)).build(plain, List.of())
                .at("/blocks/1/fields/2/text").asText(), "the stack's one group, when the alarm names none");
    }
}
