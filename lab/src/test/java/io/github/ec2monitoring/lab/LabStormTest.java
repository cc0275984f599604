package io.github.ec2monitoring.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code lab/run --storm 18}, end to end: three instances' six alarms each, through the queue to the channel. */
@ExtendWith(MotoServerExtension.class)
class LabStormTest {

    private static final Path OUTPUT = Path.of("target", "lab-storm-output").toAbsolutePath();
    private static final LabOptions OPTIONS = new LabOptions(1, "en", OUTPUT, false, AlarmMode.PER_INSTANCE,
            AlarmResolution.STANDARD, 18);
    private static WebhookServer slack;
    private static LabStorm.Report report;
    private static String narration;

    @BeforeAll
    static void runTheStorm() throws Exception {
        slack = new WebhookServer();
        Narration.Captured<LabStorm.Report> run = Narration.capture(out -> Lab.runStormAgainst(OPTIONS,
                LabSettings.read(LabVariantsTest.CDK_JSON), out, slack));
        report = run.report();
        narration = run.text();
    }

    @AfterAll
    static void stopSlack() {
        slack.close();
    }

    @Test
    void theChannelGetsTheSummaryFirstThenEveryAlarmOnce() {
        assertThat(report.fired()).hasSize(18);
        assertThat(report.posts().get(0).path("text").asText())
                .isEqualTo("Alarm storm: 18 alarm(s) in ALARM on 3 instance(s)");
        List<String> details = report.posts().subList(1, report.posts().size()).stream().map(JsonNode::toString)
                .toList();
        for (String alarm : report.fired()) {
            assertThat(details).as(alarm).filteredOn(post -> post.contains(alarm)).hasSize(1);
        }
        assertThat(details.size()).as("grouped per instance: fewer messages than alarms").isLessThan(18);
        assertThat(report.refused()).isLessThanOrEqualTo(2);
    }

    @Test
    void narratesTheStepsAndWritesTheChannelPage() throws Exception {
        for (int step = 1; step <= LabStorm.STEPS; step++) {
            assertThat(narration).contains("[" + step + "/" + LabStorm.STEPS + "] ");
        }
        assertThat(narration).contains("first message                      Alarm storm: 18 alarm(s)")
                .doesNotContain(WebhookServer.PATH);
        String page = Files.readString(report.page());
        assertThat(page).contains("Alarm storm: 18 alarm(s) in ALARM on 3 instance(s)").doesNotContain("<script");
        assertThat(OUTPUT.resolve("storm-channel.json")).exists();
    }
}
