package io.github.ec2monitoring.lab;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.Choice;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the lab runs with.
 *
 * @param instances how many instances the emulated Auto Scaling group launches (1 to 20)
 * @param language the language of cpu-alert's Slack message: en or ko
 * @param outputDirectory where the Slack message and its preview page are written
 * @param bringYourOwn watch a group the stack did not create (as monitoredGroups does), beside an unlisted one
 * @param mode the alarm mode the lab's stack runs in (cdk.json's alarmMode)
 * @param resolution the alarm resolution the lab's stack runs at (cdk.json's alarmResolution)
 * @param storm how many alarms fire at once in the storm lab; 0 runs the one-alarm lab
 */
public record LabOptions(int instances, String language, Path outputDirectory, boolean bringYourOwn,
        AlarmMode mode, AlarmResolution resolution, int storm) {

    /** The most alarms a storm can fire: six per instance, at most 20 instances. */
    static final int MAX_STORM = 120;

    /** The default resolution, as cdk.json's, and no storm. */
    public LabOptions(int instances, String language, Path outputDirectory, boolean bringYourOwn, AlarmMode mode) {
        this(instances, language, outputDirectory, bringYourOwn, mode, AlarmResolution.STANDARD, 0);
    }

    public static final String USAGE = """
            Usage: lab/run [--instances N] [--language en|ko] [--mode per-instance|fleet] [--resolution standard|high]
                           [--out DIR] [--bring-your-own] [--storm N]
              --instances N   instances in the emulated Auto Scaling group, 1 to 20 (default 2)
              --language L    language of the Slack message: en (default) or ko
              --mode M        alarm mode: per-instance (default), six alarms per instance, or fleet, six
                              Metrics Insights alarms per group that watch each instance as a contributor
              --resolution R  alarm resolution: standard (default), 3 of 5 one-minute periods, or high, the
                              agent at 10 s and per-instance alarms of 3 of 6 ten-second periods
              --out DIR       where slack-message.json and slack-message.html go (default lab/target/lab-output)
              --bring-your-own
                              watch a group the stack did not create, as monitoredGroups does, and show
                              that a group not listed gets nothing
              --storm N       an alarm storm instead: N alarms (2 to 120) fire within 5 seconds, six per
                              instance, and the channel gets a summary first, then one message per instance
            """;

    public LabOptions {
        if (instances < 1 || instances > 20) {
            throw new IllegalArgumentException("--instances must be between 1 and 20, got " + instances);
        }
        if (!"en".equals(language) && !"ko".equals(language)) {
            throw new IllegalArgumentException("--language must be en or ko, got " + language);
        }
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(resolution, "resolution");
        if (storm != 0 && (storm < 2 || storm > MAX_STORM)) {
            throw new IllegalArgumentException("--storm must be between 2 and " + MAX_STORM + ", got " + storm);
        }
    }

    /** The instances the lab launches: a storm needs one for every six of its alarms. */
    int instancesToLaunch() {
        return Math.max(instances, (storm + 5) / 6);
    }

    public static LabOptions parse(String... args) {
        int instances = 2;
        String language = "en";
        Path out = Path.of("lab", "target", "lab-output");
        boolean bringYourOwn = false;
        AlarmMode mode = AlarmMode.PER_INSTANCE;
        AlarmResolution resolution = AlarmResolution.STANDARD;
        int storm = 0;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--bring-your-own")) {
                bringYourOwn = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--instances" -> instances = number(name, value);
                case "--language" -> language = value;
                case "--out" -> out = Path.of(value);
                case "--mode" -> mode = mode(value);
                case "--resolution" -> resolution = Choice.of(AlarmResolution.class, value, "--resolution");
                case "--storm" -> storm = number(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new LabOptions(instances, language, out, bringYourOwn, mode, resolution, storm);
    }

    private static AlarmMode mode(String value) {
        return Choice.of(AlarmMode.class, value, "--mode");
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + value, e);
        }
    }
}
