package io.github.ec2monitoring.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.testsupport.MotoServer;
import io.github.ec2monitoring.testsupport.WebhookServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MotoServer.class)
class KoreanLabTest {

    @Test
    void withLanguageKoTheSlackMessageAndItsPageAreInKorean(@TempDir Path out) throws IOException {
        try (WebhookServer slack = new WebhookServer()) {
            LabReport report = Lab.runAgainst(new LabOptions(1, "ko", out), new PrintStream(OutputStream.nullOutputStream()),
                    slack);

            assertEquals("심각 경보: " + report.firedAlarm(),
                    new ObjectMapper().readTree(report.slackMessage()).path("text").asText());
            assertTrue(Files.readString(report.page()).contains("인스턴스"));
            assertEquals(0, report.alarmsLeft().size());
        }
    }
}
