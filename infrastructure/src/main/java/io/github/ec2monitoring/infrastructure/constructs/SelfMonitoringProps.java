package io.github.ec2monitoring.infrastructure.constructs;

import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * @param instanceDetector its function, queue and dead-letter queue are watched, and its reconcile failures
 * @param cpuAlert its function and dead-letter queue are watched, and its failed posts and unreadable logs
 * @param healthTopic where the alarms go: a topic cpu-alert does not read
 * @param reconcileEvery how often the detector reconciles; two failing runs in a row raise the alarm
 */
public record SelfMonitoringProps(InstanceDetector instanceDetector, CpuAlert cpuAlert, ITopic healthTopic,
        Duration reconcileEvery) {

    public SelfMonitoringProps {
        Objects.requireNonNull(instanceDetector, "instanceDetector");
        Objects.requireNonNull(cpuAlert, "cpuAlert");
        Objects.requireNonNull(healthTopic, "healthTopic");
        Objects.requireNonNull(reconcileEvery, "reconcileEvery");
    }
}
