package io.github.ec2monitoring.lab;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a lab run printed, captured as lab/run prints it and echoed to the build's output. */
final class Narration {

    /** A lab run that prints to {@code out}. */
    interface Run<T> {
        T run(PrintStream out) throws Exception;
    }

    record Captured<T>(T report, String text) {}

    private Narration() {}

    static <T> Captured<T> capture(Run<T> run) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        T report = run.run(new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return new Captured<>(report, text);
    }
}
