package io.github.ec2monitoring.lab;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.WebhookServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The teaching lab, one command ({@code lab/run}): the whole alarm flow on this machine, no AWS account. The local
 * AWS emulator and a Slack stand-in run on 127.0.0.1 only, and stop when the lab ends.
 */
public final class Lab {

    private Lab() {}

    public static void main(String[] args) {
        LabOptions options;
        try {
            options = LabOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LabOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, LabSettings.read(Path.of("cdk.json")), System.out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("The lab was interrupted");
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            System.err.println("The lab failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    /** Starts the emulator and the Slack stand-in, runs the lab, prints the summary. */
    static void run(LabOptions options, LabSettings settings, PrintStream out)
            throws IOException, InterruptedException {
        out.println("Starting the local AWS emulator (moto server) and a Slack stand-in on 127.0.0.1");
        MotoServer.Running emulator = MotoServer.start();
        try (WebhookServer slack = new WebhookServer()) {
            if (options.storm() > 0) {
                runStormAgainst(options, settings, out, slack);
            } else {
                runAgainst(options, settings, out, slack);
            }
        } finally {
            emulator.close();
        }
    }

    /** Runs the lab against an emulator that is already running. */
    static LabReport runAgainst(LabOptions options, LabSettings settings, PrintStream out, WebhookServer slack)
            throws IOException {
        long started = System.nanoTime();
        LabReport report = new LabRun(new Narrator(out, LabRun.steps(options)), options, settings, slack).run();
        summary(out, options, report, Duration.ofNanos(System.nanoTime() - started));
        return report;
    }

    /** Runs the storm lab against an emulator that is already running. */
    static LabStorm.Report runStormAgainst(LabOptions options, LabSettings settings, PrintStream out,
            WebhookServer slack) throws IOException, InterruptedException {
        LabStorm.Report report = new LabStorm(new Narrator(out, LabStorm.STEPS), options, settings, slack).run();
        out.println();
        out.println("Summary");
        line(out, "alarms fired", report.fired().size() + " within " + LabStorm.BURST.toSeconds() + " s");
        line(out, "first message", report.posts().isEmpty() ? "none"
                : SlackPreview.unescapeSlack(report.posts().get(0).path("text").asText()));
        line(out, "messages to Slack", report.posts().size() + " (the summary, then one per instance)");
        line(out, "429 answers from Slack", Integer.toString(report.refused()));
        line(out, "last message after", String.format(Locale.ROOT, "%.1f s", report.lastPostAfter().toMillis()
                / 1000.0));
        line(out, "channel page", report.page().toUri().toString());
        return report;
    }

    private static void summary(PrintStream out, LabOptions options, LabReport report, Duration took)
            throws IOException {
        out.println();
        out.println("Summary");
        line(out, "instances launched", report.instanceIds().size() + " (" + String.join(", ", report.instanceIds()) + ")");
        line(out, "instance profiles attached", Integer.toString(report.profilesAttached()));
        line(out, "alarms created", options.mode() == AlarmMode.FLEET
                ? report.alarmsCreated().size() + " fleet alarms for the group, none per instance"
                : report.alarmsCreated().size() + " (" + report.alarmsCreated().size() / report.instanceIds().size()
                        + " per instance)");
        line(out, "alarms for an unlisted group", Integer.toString(report.unlistedGroupAlarms()));
        line(out, "RECOVERED posts on first data", Integer.toString(report.launchPosts()));
        line(out, "alarms made by a duplicate event", Integer.toString(report.alarmsCreatedByDuplicate()));
        line(out, "log lines shipped", Integer.toString(report.logLinesWritten()));
        line(out, "alarm fired", report.firedAlarm() + " (OK -> ALARM)");
        line(out, "Slack posts", Integer.toString(report.slackPosts()));
        line(out, "Slack message page", report.page().toUri().toString());
        line(out, "alarms left after termination", Integer.toString(report.alarmsLeft().size()));
        int selfAlarms = StackTemplate.selfAlarms(StackTemplate.DEFAULT);
        line(out, "alarms on the monitoring itself", selfAlarms < 0
                ? "run npx cdk synth to count them in the stack's template"
                : selfAlarms + " in the synthesized stack (" + StackTemplate.DEFAULT + "), to the health topic");
        line(out, "took", String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0));
    }

    private static void line(PrintStream out, String name, String value) {
        out.printf("  %-34s %s%n", name, value);
    }
}
