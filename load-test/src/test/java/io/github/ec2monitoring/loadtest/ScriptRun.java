package io.github.ec2monitoring.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs load-test/cloudwatch-metric-test.sh as a real process. */
final class ScriptRun {

    static final Path SCRIPT = projectRoot().resolve("load-test/cloudwatch-metric-test.sh");

    record Result(int exitCode, String stdout, String stderr) {}

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ScriptRun(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    static ScriptRun start(Map<String, String> env, String... args) throws IOException {
        // A build started in the background inherits SIGINT ignored, and bash cannot trap a signal ignored on entry:
        // the script gets SIGINT's default back, as in a terminal where someone presses Ctrl-C.
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "--default-signal=INT", "/bin/bash",
                SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("load-test-stdout", ".txt");
        Path err = Files.createTempFile("load-test-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        return new ScriptRun(builder.start(), out, err);
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return start(Map.of(), args).await(Duration.ofSeconds(60));
    }

    Process process() {
        return process;
    }

    Result await(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("script still running after " + timeout);
        }
        Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        return result;
    }

    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    }
}
