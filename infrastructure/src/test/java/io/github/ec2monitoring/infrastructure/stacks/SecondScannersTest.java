package io.github.ec2monitoring.infrastructure.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scanners independent of cdk-nag read every variant of the template: checkov (CloudFormation checks) and
 * parliament (an IAM policy linter, through scanners/iam_lint.py). A finding is fixed, or skipped on its resource with
 * a reason in the template's metadata; anything else fails the test. Both are pinned in scanners/requirements.txt.
 */
class SecondScannersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path templates;
    private static Path bin;

    @BeforeAll
    static void writeTemplatesAndInstallTheScanners() throws IOException, InterruptedException {
        for (var variant : TemplateVariants.templates().entrySet()) {
            Files.writeString(templates.resolve(variant.getKey() + ".template.json"),
                    JSON.writeValueAsString(variant.getValue()));
        }
        Process venv = new ProcessBuilder("bash", TestApps.projectRoot().resolve("scanners/ensure-venv.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(venv.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(venv.waitFor()).as("scanners/ensure-venv.sh").isZero();
        bin = Path.of(path).getParent();
    }

    @Test
    void checkovFindsNothingUnexplainedInAnyVariant() throws IOException, InterruptedException {
        String output = run(bin.resolve("checkov").toString(), "--directory", templates.toString(),
                "--framework", "cloudformation", "--output", "json", "--compact", "--skip-download");

        List<String> failed = new ArrayList<>();
        int skipped = 0;
        JsonNode reports = JSON.readTree(output);
        for (JsonNode report : reports.isArray() ? reports : JSON.createArrayNode().add(reports)) {
            assertThat(report.at("/summary/parsing_errors").asInt()).as("templates checkov could not read").isZero();
            assertThat(report.at("/summary/resource_count").asInt()).as("resources checkov read")
                    .isGreaterThan(100 * TemplateVariants.configs().size() / 2);
            for (JsonNode check : report.at("/results/failed_checks")) {
                failed.add(check.path("check_id").asText() + " " + check.path("resource").asText() + " in "
                        + check.path("file_path").asText() + ": " + check.path("check_name").asText());
            }
            for (JsonNode check : report.at("/results/skipped_checks")) {
                assertThat(check.at("/check_result/suppress_comment").asText())
                        .as("%s on %s has its reason", check.path("check_id").asText(), check.path("resource").asText())
                        .hasSizeGreaterThan(20);
                skipped++;
            }
        }
        System.out.println("checkov: " + skipped + " findings skipped with a reason, " + failed.size() + " failed");
        assertThat(failed).as("fix each, or skip it on its resource with a reason").isEmpty();
    }

    @Test
    void theIamLinterFindsNothingUnexplainedInAnyPolicy() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("python").toString(),
                TestApps.projectRoot().resolve("scanners/iam_lint.py").toString()));
        try (var files = Files.list(templates)) {
            files.sorted().forEach(file -> command.add(file.toString()));
        }

        List<String> unexplained = new ArrayList<>();
        for (String line : run(command.toArray(String[]::new)).lines().toList()) {
            JsonNode finding = JSON.readTree(line);
            if (!finding.path("skipped").asBoolean()) {
                unexplained.add(line);
            }
        }
        assertThat(unexplained).as("fix each, or skip it on the policy's resource with a reason").isEmpty();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        // checkov exits 1 when it finds something; the findings are read from its output either way.
        assertThat(exit).as(String.join(" ", command)).isLessThanOrEqualTo(1);
        return output;
    }
}
