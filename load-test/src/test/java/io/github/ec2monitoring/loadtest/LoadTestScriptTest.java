package io.github.ec2monitoring.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ec2monitoring.cpualert.Finding;
import io.github.ec2monitoring.cpualert.LogDistiller;
import io.github.ec2monitoring.cpualert.LogLine;
import io.github.ec2monitoring.cpualert.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the load-test script for real, with short bounds, on this machine. */
class LoadTestScriptTest {

    @TempDir
    Path tmp;

    @Test
    void helpListsEveryCommand() throws Exception {
        ScriptRun.Result result = ScriptRun.run("--help");

        assertEquals(0, result.exitCode());
        for (String command : List.of("apache-errors", "cpu", "memory", "disk", "network", "all", "--dry-run")) {
            assertTrue(result.stdout().contains(command), command);
        }
    }

    @Test
    void shellcheckFindsNothing() throws Exception {
        Process shellcheck = new ProcessBuilder("shellcheck", ScriptRun.SCRIPT.toString()).redirectErrorStream(true)
                .start();
        String output = new String(shellcheck.getInputStream().readAllBytes());

        assertEquals(0, shellcheck.waitFor(), output);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        Path docroot = Files.createDirectories(tmp.resolve("docroot"));
        Set<Path> tmpBefore = listing(Path.of(System.getProperty("java.io.tmpdir")));

        for (String[] args : List.of(
                new String[] {"--dry-run", "apache-errors", "--docroot", docroot.toString()},
                new String[] {"--dry-run", "disk", "--size", "1M", "--dir", tmp.toString(), "--duration", "1"},
                new String[] {"--dry-run", "network", "--duration", "1", "--url", "http://127.0.0.1/"},
                new String[] {"--dry-run", "cpu", "--percent", "60", "--duration", "1"},
                new String[] {"--dry-run", "all", "--step-seconds", "1"})) {
            ScriptRun.Result result = ScriptRun.run(args);
            assertEquals(0, result.exitCode(), result.stderr());
            assertTrue(result.stdout().contains("would "), result.stdout());
        }

        assertEquals(Set.of(docroot), listing(tmp));
        assertEquals(Set.of(), listing(docroot));
        assertEquals(tmpBefore, listing(Path.of(System.getProperty("java.io.tmpdir"))).stream()
                .filter(tmpBefore::contains).collect(Collectors.toSet()));
        assertTrue(listing(Path.of(System.getProperty("java.io.tmpdir"))).stream()
                .noneMatch(p -> p.getFileName().toString().startsWith("load-test-payload")));
    }

    @Test
    void aMissingToolIsNamedWithTheCommandThatInstallsIt() throws Exception {
        ScriptRun.Result result = ScriptRun.start(Map.of("PATH", tmp.toString()), "cpu", "--percent", "50",
                "--duration", "1").await(Duration.ofSeconds(10));

        assertEquals(2, result.exitCode());
        assertEquals("error: stress-ng is not installed; install it with: sudo apt-get install -y stress-ng\n",
                result.stderr());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cpu --percent 150 --duration 5       | --percent must be between 1 and 100, got 150",
        "cpu --percent 60 --duration 99999    | --duration must be between 1 and 3600, got 99999",
        "memory --percent 95 --duration 5     | --percent must be between 1 and 90, got 95",
        "disk --size 10T                      | size must look like 500M or 2G, got '10T'",
        "cpu --percent sixty --duration 5     | --percent must be a whole number, got 'sixty'",
        "explode                              | unknown command 'explode'",
    })
    void refusesValuesOutsideItsBounds(String args, String message) throws Exception {
        ScriptRun.Result result = ScriptRun.run(args.trim().split(" +"));

        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains(message), result.stderr());
    }

    @Test
    void apacheErrorsLeave403And404LinesThatCpuAlertKeeps() throws Exception {
        try (LocalApache apache = new LocalApache(tmp)) {
            ScriptRun.Result result = ScriptRun.run("apache-errors", "--count", "3", "--base-url", apache.baseUrl(),
                    "--docroot", apache.docroot().toString());

            assertEquals(0, result.exitCode(), result.stderr());
            assertTrue(result.stdout().contains("answers: 3 x 404, 3 x 403"), result.stdout());
            List<String> lines = Files.readAllLines(apache.errorLog());
            List<String> notFound = lines.stream().filter(l -> l.contains("AH00128: File does not exist")).toList();
            List<String> forbidden = lines.stream().filter(l -> l.contains("load-test-forbidden")).toList();
            assertEquals(3, notFound.size(), String.join("\n", lines));
            assertEquals(3, forbidden.size(), String.join("\n", lines));
            List<LogLine> provoked = Stream.concat(notFound.stream(), forbidden.stream())
                    .map(line -> new LogLine(Instant.now(), line)).toList();
            List<Finding> findings = new LogDistiller(new Redactor(() -> null, true)).distill(provoked);
            assertEquals(6, findings.stream().mapToInt(Finding::count).sum(), findings.toString());
            assertEquals(Set.of("403", "404"), findings.stream().map(Finding::label).collect(Collectors.toSet()));
            assertFalse(Files.exists(apache.docroot().resolve("load-test-forbidden")), "forbidden dir removed");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 80})
    void cpuHoldsTotalUtilizationWithin15PointsOfTheTarget(int percent) throws Exception {
        ScriptRun run = ScriptRun.start(Map.of(), "cpu", "--percent", Integer.toString(percent), "--duration", "12");
        Thread.sleep(3_000);
        long[] start = ProcStat.cpu();
        Thread.sleep(7_000);
        double measured = ProcStat.busyPercent(start, ProcStat.cpu());
        ScriptRun.Result result = run.await(Duration.ofSeconds(20));

        System.out.printf("cpu --percent %d: measured %.1f%% over 7 s on %d cores%n", percent, measured,
                Runtime.getRuntime().availableProcessors());
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(percent, measured, 15.0, "measured " + measured);
    }

    @Test
    void diskCreatesItsFileAndRemovesItAfterTheDuration() throws Exception {
        ScriptRun run = ScriptRun.start(Map.of(), "disk", "--size", "20M", "--dir", tmp.toString(), "--duration", "3",
                "--min-free", "1M");
        Path file = awaitFile(tmp, "load-test-disk.");

        assertEquals(20L * 1024 * 1024, Files.size(file));
        ScriptRun.Result result = run.await(Duration.ofSeconds(15));
        assertEquals(0, result.exitCode(), result.stderr());
        assertFalse(Files.exists(file));
    }

    @Test
    void diskRefusesToGoUnderTheFreeSpaceFloor() throws Exception {
        ScriptRun.Result result = ScriptRun.run("disk", "--size", "1M", "--dir", tmp.toString(),
                "--min-free", "999999G");

        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("refusing: writing 1M to " + tmp), result.stderr());
        assertEquals(Set.of(), listing(tmp));
    }

    @Test
    void anInterruptedRunLeavesNoWorkerAndNoFile() throws Exception {
        ScriptRun cpu = ScriptRun.start(Map.of(), "cpu", "--percent", "30", "--duration", "60");
        ScriptRun disk = ScriptRun.start(Map.of(), "disk", "--size", "5M", "--dir", tmp.toString(), "--duration", "60",
                "--min-free", "1M");
        Path file = awaitFile(tmp, "load-test-disk.");
        List<ProcessHandle> workers = awaitWorkers(cpu, 2);
        workers = Stream.concat(workers.stream(), awaitWorkers(disk, 1).stream()).toList();

        cpu.interrupt();
        disk.interrupt();

        assertEquals(130, cpu.await(Duration.ofSeconds(10)).exitCode());
        assertEquals(130, disk.await(Duration.ofSeconds(10)).exitCode());
        Thread.sleep(200);
        assertEquals(List.of(), workers.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?")).toList());
        assertFalse(Files.exists(file));
    }

    @Test
    void networkSendsTrafficOverLoopbackForItsDuration() throws Exception {
        try (LocalApache apache = new LocalApache(tmp)) {
            long before = ProcStat.loopbackBytes();
            ScriptRun.Result result = ScriptRun.start(Map.of(), "network", "--duration", "3", "--url",
                    apache.baseUrl() + "/").await(Duration.ofSeconds(15));
            long sent = ProcStat.loopbackBytes() - before;

            assertEquals(0, result.exitCode(), result.stderr());
            assertTrue(sent > 1_000_000, "loopback bytes: " + sent);
        }
    }

    /** Off an instance there is no default target, and the script never guesses one (loopback moves no metric). */
    @Test
    void networkWithoutAUrlOrTheStacksTargetFileRefusesWithTheReason() throws Exception {
        Path missing = tmp.resolve("no-such-target");

        ScriptRun.Result result = ScriptRun.start(Map.of("LOAD_TEST_TARGET_FILE", missing.toString()), "network",
                "--duration", "1").await(Duration.ofSeconds(10));

        assertEquals(2, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains(missing + " is missing") && result.stderr().contains("pass --url URL"),
                result.stderr());
    }

    /** On an instance the boot wrote the load balancer's address; here a file names a loopback stand-in. */
    @Test
    void networkTakesItsDefaultTargetFromTheFileTheStackWrites() throws Exception {
        try (LocalApache apache = new LocalApache(tmp)) {
            Path target = tmp.resolve("load-test-url");
            Files.writeString(target, apache.baseUrl() + "/\n");
            long before = ProcStat.loopbackBytes();

            ScriptRun.Result result = ScriptRun.start(Map.of("LOAD_TEST_TARGET_FILE", target.toString()), "network",
                    "--duration", "2").await(Duration.ofSeconds(15));

            assertEquals(0, result.exitCode(), result.stderr());
            assertTrue(ProcStat.loopbackBytes() - before > 500_000, "traffic went to the file's target");
        }
    }

    private static Set<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toSet());
        }
    }

    private static Path awaitFile(Path dir, String prefix) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> files = Files.list(dir)) {
                var found = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + prefix + "* file appeared in " + dir);
    }

    /** The script's descendants once at least {@code count} have started. */
    private static List<ProcessHandle> awaitWorkers(ScriptRun run, int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            List<ProcessHandle> workers = run.process().descendants().toList();
            if (workers.size() >= count) {
                return workers;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("workers did not start");
    }
}
