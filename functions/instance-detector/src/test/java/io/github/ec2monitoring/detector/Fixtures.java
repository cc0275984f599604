package io.github.ec2monitoring.detector;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.AlarmThresholds;
import io.github.ec2monitoring.contract.StoppedInstances;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** Test fixtures shared by the detector tests. */
final class Fixtures {

    static final String WARNING = "arn:aws:sns:us-east-1:123456789012:warning";
    static final String CRITICAL = "arn:aws:sns:us-east-1:123456789012:critical";
    static final AlarmThresholds THRESHOLDS = new AlarmThresholds(60, 80, 80, 90, 80, 90);
    /** One detector at a time in the tests: all of CloudWatch's 3 per second, at the suite's speed. */
    static final double ALARM_WRITES_PER_SECOND = 3 * io.github.ec2monitoring.standins.Quotas.SUITE_SPEED;

    /** Every file of the malformed-event corpus in src/test/resources/events/malformed. */
    static final List<String> MALFORMED = List.of(
            "array-not-object.json", "autoscaling-launch.json", "detail-array.json", "detail-is-a-string.json",
            "empty-file.txt", "empty-instance-id.json", "empty-object.json", "huge-payload.json",
            "instance-id-number.json", "instance-id-too-long.json", "instance-id-uppercase.json",
            "instance-id-with-spaces.json", "invalid-utf8.txt", "json-null.json", "json-number.json",
            "json-string.json", "missing-detail.json", "missing-source.json", "source-not-a-string.json",
            "spot-interruption.json", "state-change-from-wrong-source.json", "state-empty.json",
            "state-not-a-string.json", "state-null.json", "truncated-json.txt", "unknown-state.json",
            "wrong-source.json", "xml.txt");

    private Fixtures() {}

    static DetectorConfig config(String group, String profileArn) {
        return config(group, profileArn, true, StoppedInstances.KEEP);
    }

    static DetectorConfig config(String group, String profileArn, boolean attach,
            StoppedInstances stopped) {
        return new DetectorConfig("web", Set.of(group), profileArn, attach, WARNING, CRITICAL, THRESHOLDS, stopped,
                ALARM_WRITES_PER_SECOND, AlarmMode.PER_INSTANCE, AlarmResolution.STANDARD);
    }

    /** The same configuration in another alarm mode. */
    static DetectorConfig inMode(DetectorConfig config, AlarmMode mode) {
        return new DetectorConfig(config.alarmNamePrefix(), config.autoScalingGroupNames(), config.instanceProfileArn(),
                config.attachInstanceProfile(), config.warningTopicArn(), config.criticalTopicArn(),
                config.thresholds(), config.stoppedInstances(), config.alarmWritesPerSecond(), mode,
                config.alarmResolution());
    }

    /** The same configuration at another alarm resolution. */
    static DetectorConfig atResolution(DetectorConfig config, AlarmResolution resolution) {
        return new DetectorConfig(config.alarmNamePrefix(), config.autoScalingGroupNames(), config.instanceProfileArn(),
                config.attachInstanceProfile(), config.warningTopicArn(), config.criticalTopicArn(),
                config.thresholds(), config.stoppedInstances(), config.alarmWritesPerSecond(), config.alarmMode(),
                resolution);
    }

    static byte[] resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/events/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
