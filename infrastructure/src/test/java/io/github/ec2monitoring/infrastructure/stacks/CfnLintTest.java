package io.github.ec2monitoring.infrastructure.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cfn-lint (pinned in the emulator's virtualenv) reads the synthesized templates as CloudFormation would: the tests
 * fail on any error it finds, in every variant the tests build. Warnings are printed, not failed on.
 */
class CfnLintTest {

    @Test
    void cloudFormationWouldAcceptEveryVariantOfTheTemplate(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(cfnLint().toString(), "--format", "parseable", "-t"));
        for (var variant : TemplateVariants.templates().entrySet()) {
            Path file = dir.resolve(variant.getKey() + ".template.json");
            Files.writeString(file, new ObjectMapper().writeValueAsString(variant.getValue()));
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
