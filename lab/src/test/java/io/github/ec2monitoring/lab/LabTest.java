package io.github.ec2monitoring.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole lab, end to end, as {@code lab/run} runs it: the emulator, the real handlers, the rendered page. */
@ExtendWith(MotoServerExtension.class)
class LabTest {

    /** Kept after the build: the screenshot is the lab's picture of the Slack message. */
    static final Path OUTPUT = Path.of("target", "lab-test-output").toAbsolutePath();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebhookServer slack;
    private static final LabOptions OPTIONS = new LabOptions(2, "en", OUTPUT, false,
            AlarmMode.PER_INSTANCE);
    private static LabReport report;
    private static String narration;

    @BeforeAll
    static void runTheLab() throws Exception {
        slack = new WebhookServer();
        Narration.Captured<LabReport> run = Narration.capture(out -> Lab.runAgainst(OPTIONS,
                LabSettings.read(LabVariantsTest.CDK_JSON), out, slack));
        report = run.report();
        narration = run.text();
    }

    @AfterAll
    static void stopSlack() {
        slack.close();
    }

    @Test
    void narratesEveryStepInOrderAndEndsWithTheSummary() {
        int at = -1;
        for (int step = 1; step <= LabRun.steps(OPTIONS); step++) {
            int next = narration.indexOf("[" + step + "/" + LabRun.steps(OPTIONS) + "] ");
            assertTrue(next > at, "step " + step + " missing or out of order");
            at = next;
        }
        assertTrue(narration.indexOf("\nSummary\n") > at);
        assertTrue(narration.contains("alarms left after termination      0"), narration);
    }

    @Test
    void everyInstanceOfTheGroupGetsSixAlarmsAndTheInstanceProfile() {
        assertEquals(2, report.instanceIds().size());
        assertEquals(2, report.profilesAttached());
        assertEquals(12, report.alarmsCreated().size());
        for (String id : report.instanceIds()) {
            for (String kind : List.of("cpu", "memory", "disk")) {
                for (String severity : List.of("warning", "critical")) {
                    assertTrue(report.alarmsCreated().contains("lab-" + id + "-" + kind + "-" + severity));
                }
            }
        }
    }

    @Test
    void aRepeatedRunningEventCreatesNothing() {
        assertEquals(0, report.alarmsCreatedByDuplicate());
    }

    @Test
    void theSummaryAccountsForTheAlarmsOnTheMonitoringItself() {
        assertTrue(narration.contains("alarms on the monitoring itself"), narration);
    }

    @Test
    void aNewAlarmsFirstDataPostsNoRecoveredMessage() {
        assertEquals(0, report.launchPosts());
        assertTrue(narration.contains("posts to Slack for the first data: 0"), narration);
    }

    @Test
    void theFiredAlarmReachesSlackWithTheDistilledLogsAndNoSecret() throws IOException {
        assertEquals(1, report.slackPosts());
        JsonNode message = JSON.readTree(report.slackMessage());
        assertEquals("Critical ALARM: " + report.firedAlarm(), message.path("text").asText());
        String posted = report.slackMessage();
        assertTrue(posted.contains("AH00035"), "the 403 lines");
        assertTrue(posted.contains("AH00128"), "the 404 lines");
        assertTrue(posted.contains("OOM killer"), "the OOM kill in syslog");
        assertTrue(posted.contains("[REDACTED]"));
        assertFalse(posted.contains("Winter2026!"), "the password in syslog is redacted");
        assertFalse(posted.contains("resuming normal operations"), "noise is left out");
        assertFalse(narration.contains(WebhookServer.PATH), "the webhook URL is never printed");
    }

    @Test
    void terminatedInstancesLeaveNoAlarmBehind() {
        assertEquals(List.of(), report.alarmsLeft());
    }

    @Test
    void writesTheMessageAndItsPage() throws IOException {
        assertEquals(JSON.readTree(report.slackMessage()),
                JSON.readTree(Files.readString(OUTPUT.resolve("slack-message.json"))));
        String page = Files.readString(report.page());
        assertTrue(page.contains("<div class=\"header\">"), page);
        assertFalse(page.contains("<script"), "the page runs no script");
    }

    @Test
    void headlessChromiumShowsTheAlertOnThePage() throws IOException, InterruptedException {
        Path screenshot = OUTPUT.resolve("slack-message.png");
        Files.deleteIfExists(screenshot);
        run(List.of(tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1000,1300", "--force-device-scale-factor=2", "--screenshot=" + screenshot, report.page().toUri().toString()));
        assertTrue(Files.size(screenshot) > 10_000, "a real screenshot, not an empty page");

        // OCR may read a letter's case wrongly, or an O as a zero ("00m killer"); the words themselves are what the
        // page must show, and none of the expected words holds a zero.
        String text = run(List.of(tool("tesseract"), screenshot.toString(), "stdout")).toLowerCase(Locale.ROOT)
                .replace('0', 'o');

        for (String expected : List.of("critical alarm", "cpu-critical", "auto scaling group", "lab-web-asg",
                "value / threshold", "apache error log", "syslog", "oom killer", "redacted")) {
            assertTrue(text.contains(expected), "screenshot text lacks \"" + expected + "\":\n" + text);
        }
    }

    private static String tool(String name) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: sudo apt-get install -y chromium tesseract-ocr "
                + "fonts-noto-color-emoji (scripts/test installs them)");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command.get(0) + " did not finish");
        assertEquals(0, process.exitValue(), command.get(0) + " failed");
        return out;
    }
}
