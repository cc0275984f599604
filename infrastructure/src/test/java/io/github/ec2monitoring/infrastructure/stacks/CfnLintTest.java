package io.github.ec2monitoring.infrastructure.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.infrastructure.TestApps;
import io.github.ec2monitoring.infrastructure.app.AppConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * cfn-lint (pinned in the emulator's virtualenv) reads the synthesized templates as CloudFormation would: the tests
 * fail on any error it finds, in every variant the tests build. Warnings are printed, not failed on.
 */
class CfnLintTest {

    @Test
    void cloudFormationWouldAcceptEveryVariantOfTheTemplate(@TempDir Path dir) throws Exception {
        AppConfig plain = TestApps.config();
        AppConfig withChatbotAndHttps = TestApps.config("T0123ABCD", "C0123ABCD",
                "arn:aws:acm:ap-northeast-2:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666");
        List<String> command = new ArrayList<>(List.of(cfnLint().toString(), "--format", "parseable", "-t"));
        int variant = 0;
        AppConfig monitorOnly = TestApps.monitoring(false, List.of("shop-web", "api-web"));
        AppConfig fleet = TestApps.inMode(TestApps.monitoring(true, List.of("shop-web")),
                AlarmMode.FLEET);
        for (AppConfig config : List.of(plain, withChatbotAndHttps, monitorOnly, fleet)) {
            Path file = dir.resolve("variant-" + variant++ + ".template.json");
            Files.writeString(file, new ObjectMapper().writeValueAsString(
                    Template.fromStack(TestApps.stack(TestApps.newApp(), config)).toJSON()));
            command.add(file.toString());
        }

        Process lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = lint.waitFor();

        System.out.print(output);
        assertEquals(0, exit & 2, "cfn-lint found errors:\n" + output);
        assertTrue(output.lines().noneMatch(line -> line.matches(".*:E\\d{4}:.*")), output);
    }

    /** cfn-lint beside the emulator in the project's virtualenv, made on first use. */
    private static Path cfnLint() throws IOException, InterruptedException {
        Path root = TestApps.projectRoot();
        Process venv = new ProcessBuilder("bash", root.resolve("emulator/ensure-venv.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String motoServer = new String(venv.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, venv.waitFor(), "emulator/ensure-venv.sh failed");
        return Path.of(motoServer).resolveSibling("cfn-lint");
    }
}
