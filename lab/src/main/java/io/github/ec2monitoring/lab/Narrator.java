package io.github.ec2monitoring.lab;

import java.io.PrintStream;
import java.util.Locale;

/** Prints the lab's steps in plain words, numbered, with indented details. */
final class Narrator {

    private final PrintStream out;
    private final int steps;
    private int step;

    Narrator(PrintStream out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    void step(String title) {
        step++;
        out.println();
        out.println("[" + step + "/" + steps + "] " + title);
    }

    void say(String line) {
        out.println("      " + line);
    }

    void say(String format, Object... args) {
        say(String.format(Locale.ROOT, format, args));
    }
}
