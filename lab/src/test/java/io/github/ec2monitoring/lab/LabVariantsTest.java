package io.github.ec2monitoring.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The lab follows its options and cdk.json. */
@ExtendWith(MotoServerExtension.class)
class LabVariantsTest {

    static final Path CDK_JSON = Path.of(System.getProperty("project.root", "..")).resolve("cdk.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void emptyEmulator() throws IOException {
        MotoServer.reset();
    }

    @Test
    void withLanguageKoTheSlackMessageAndItsPageAreInKorean(@TempDir Path out) throws IOException {
        try (WebhookServer slack = new WebhookServer()) {
            LabReport report = Lab.runAgainst(new LabOptions(1, "ko", out, false, AlarmMode.PER_INSTANCE),
                    LabSettings.read(CDK_JSON),
                    new PrintStream(PrintStream.nullOutputStream()), slack);

            assertEquals("심각 경보: " + report.firedAlarm(), JSON.readTree(report.slackMessage()).path("text").asText());
            assertTrue(Files.readString(report.page()).contains("인스턴스"));
            assertEquals(0, report.alarmsLeft().size());
        }
    }

    /**
     * Fleet mode: no per-instance alarm, the stack's six fleet alarms watch the group, and the contributor
     * notification becomes the same Slack page, with the instance's logs and the count of the group in ALARM.
     */
    @Test
    void inFleetModeTheContributorNotificationBecomesTheSameSlackPage(@TempDir Path out) throws IOException {
        try (WebhookServer slack = new WebhookServer()) {
            java.io.ByteArrayOutputStream narration = new java.io.ByteArrayOutputStream();
            LabOptions options = new LabOptions(2, "en", out, false, AlarmMode.FLEET);
            LabReport report = Lab.runAgainst(options, LabSettings.read(CDK_JSON),
                    new PrintStream(narration, true, java.nio.charset.StandardCharsets.UTF_8), slack);
            String told = narration.toString(java.nio.charset.StandardCharsets.UTF_8);

            assertEquals(6, report.alarmsCreated().size());
            assertTrue(report.alarmsCreated().stream().allMatch(name -> name.startsWith("lab-fleet-web-tier-")),
                    report.alarmsCreated().toString());
            assertEquals(report.alarmsCreated(), report.alarmsLeft(), "the fleet alarms stay with the stack");
            assertEquals(2, report.profilesAttached());
            assertEquals(0, report.launchPosts());
            JsonNode fields = JSON.readTree(report.slackMessage()).at("/blocks/1/fields");
            assertEquals("*Instance*\n" + report.instanceIds().get(0), fields.get(1).path("text").asText());
            assertEquals("*Fleet alarm*\n1 instance(s) in ALARM now", fields.get(5).path("text").asText());
            assertTrue(report.slackMessage().contains("Apache error log"), report.slackMessage());
            assertTrue(told.contains("[" + LabRun.steps(options) + "/" + LabRun.steps(options) + "] "), told);
            assertTrue(told.contains("the lab sets lab-fleet-web-tier-cpu-critical to ALARM and publishes the "
                    + "notification CloudWatch sends for its contributor"), told);
        }
    }

    /** High resolution: the alarms evaluate 10-second periods, the message says so, the narration gives the time. */
    @Test
    void atHighResolutionTheAlarmFiresOnTenSecondPeriodsOfTheAgentsCpu(@TempDir Path out) throws IOException {
        try (WebhookServer slack = new WebhookServer()) {
            java.io.ByteArrayOutputStream narration = new java.io.ByteArrayOutputStream();
            LabOptions options = LabOptions.parse("--instances", "1", "--resolution", "high", "--out", out.toString());
            LabReport report = Lab.runAgainst(options, LabSettings.read(CDK_JSON),
                    new PrintStream(narration, true, java.nio.charset.StandardCharsets.UTF_8), slack);
            String told = narration.toString(java.nio.charset.StandardCharsets.UTF_8);

            assertTrue(told.contains("for 3 of 6 10-second periods: the critical alarm fires"), told);
            assertTrue(told.contains("in a real account, about 1 minute pass from the breach's start"), told);
            JsonNode fields = JSON.readTree(report.slackMessage()).at("/blocks/1/fields");
            assertTrue(fields.get(3).path("text").asText().endsWith("(cpu_usage_active)\n3 of 6 periods of 10 s"),
                    fields.get(3).path("text").asText());
        }
    }

    /** A group the stack did not create is watched the same way; a group not listed gets nothing. */
    @Test
    void bringYourOwnWatchesTheListedGroupOnlyAndNamesItInSlack(@TempDir Path out) throws IOException {
        try (WebhookServer slack = new WebhookServer()) {
            java.io.ByteArrayOutputStream narration = new java.io.ByteArrayOutputStream();
            LabReport report = Lab.runAgainst(new LabOptions(1, "en", out, true, AlarmMode.PER_INSTANCE),
                    LabSettings.read(CDK_JSON),
                    new PrintStream(narration, true, java.nio.charset.StandardCharsets.UTF_8), slack);

            assertEquals(6, report.alarmsCreated().size());
            assertTrue(report.alarmsCreated().stream().allMatch(name -> name.contains(report.instanceIds().get(0))));
            assertEquals(0, report.unlistedGroupAlarms());
            assertTrue(report.slackMessage().contains("*Auto Scaling group*\\n" + LabRun.OWN_GROUP),
                    report.slackMessage());
            assertTrue(narration.toString(java.nio.charset.StandardCharsets.UTF_8)
                    .contains("belongs to Auto Scaling group '" + LabRun.UNLISTED_GROUP + "', which is not monitored"));
            assertEquals(0, report.alarmsLeft().size());
        }
    }

    @Test
    void thresholdsAndTheLogWindowComeFromCdkJson(@TempDir Path dir) throws IOException {
        ObjectNode cdkJson = (ObjectNode) JSON.readTree(CDK_JSON.toFile());
        ((ObjectNode) cdkJson.get("context")).put("cpuCriticalThreshold", 70).put("logWindowMinutes", 2);
        Path changed = dir.resolve("cdk.json");
        JSON.writeValue(changed.toFile(), cdkJson);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (WebhookServer slack = new WebhookServer()) {
            LabReport report = Lab.runAgainst(new LabOptions(1, "en", dir, false, AlarmMode.PER_INSTANCE),
                    LabSettings.read(changed),
                    new PrintStream(out, true, StandardCharsets.UTF_8), slack);

            String narration = out.toString(StandardCharsets.UTF_8);
            assertTrue(narration.contains("CPU stays above 70% for 3 of 5 minutes"), narration);
            assertTrue(narration.contains("logs of the 2 minutes before the alarm"), narration);
            assertTrue(report.slackMessage().contains("≥ 70 (CPUUtilization)"), report.slackMessage());
        }
    }

    @Test
    void aCdkJsonWithoutAThresholdIsNamed(@TempDir Path dir) throws IOException {
        ObjectNode cdkJson = (ObjectNode) JSON.readTree(CDK_JSON.toFile());
        ((ObjectNode) cdkJson.get("context")).remove("diskWarningThreshold");
        Path broken = dir.resolve("cdk.json");
        JSON.writeValue(broken.toFile(), cdkJson);

        assertEquals(broken + " has no context value diskWarningThreshold",
                assertThrows(IllegalArgumentException.class, () -> LabSettings.read(broken)).getMessage());
    }
}
