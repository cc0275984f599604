package io.github.ec2monitoring.infrastructure.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ec2monitoring.infrastructure.TestApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's set-up is two commands; CI runs exactly the test command, and the project's shell scripts pass
 * ShellCheck (which the test command installs).
 */
class TwoCommandsTest {

    private static final Path ROOT = TestApps.projectRoot();
    private static final Pattern BASH = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final List<String> SCRIPTS = List.of(".ci/run", "scripts/test", "scripts/install-test-tools",
            "lab/run", "emulator/ensure-venv.sh");

    private static List<String> twoCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## The two commands");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        List<String> commands = new ArrayList<>();
        Matcher block = BASH.matcher(section);
        while (block.find()) {
            commands.add(block.group(1).strip());
        }
        return commands;
    }

    @Test
    void theReadmeGivesTheMainJobAndTheTestCommand() throws IOException {
        assertEquals(List.of("npm ci && ./mvnw -B -DskipTests package && npx cdk synth", "scripts/test"),
                twoCommands());
    }

    @Test
    void ciRunsExactlyTheReadmesTestCommand() throws IOException {
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
        assertTrue(ci.contains(twoCommands().get(1)), ".ci/run does not run `" + twoCommands().get(1) + "`");
    }

    @Test
    void theTestCommandInstallsWhatTheTestsNeedThenRunsEveryModule() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("scripts/test"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("set ")
                        && !line.startsWith("cd "))
                .toList();
        assertEquals(List.of("scripts/install-test-tools", "npm ci --no-audit --no-fund", "./mvnw -B verify"), lines);
    }

    /** Where nothing can be installed (here: no apt-get, no tools on the PATH), one line says what and why. */
    @Test
    void theInstallerSaysInOneLineWhatItCannotInstall() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", ROOT.resolve("scripts/install-test-tools").toString());
        builder.environment().put("PATH", "/nonexistent");
        Process installer = builder.start();
        String out = new String(installer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(installer.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(1, installer.waitFor());
        assertEquals("", out);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("install-test-tools: cannot install ") && err.contains("stress-ng")
                && err.contains("no apt-get here"), err);
    }

    @Test
    void shellCheckFindsNothingInTheProjectsScripts() throws Exception {
        List<String> command = new ArrayList<>(List.of("shellcheck"));
        SCRIPTS.forEach(script -> command.add(ROOT.resolve(script).toString()));
        Process shellcheck = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, shellcheck.waitFor(), output);
        for (String script : SCRIPTS) {
            assertTrue(Files.isExecutable(ROOT.resolve(script)), script + " is not executable");
        }
    }
}
