package io.github.ec2monitoring.infrastructure.constructs;

/**
 * Warning and critical percentages of the per-instance alarms; each pair must satisfy
 * {@code 0 < warning < critical <= 100}.
 */
public record AlarmThresholds(double cpuWarning, double cpuCritical, double memoryWarning, double memoryCritical,
        double diskWarning, double diskCritical) {

    public AlarmThresholds {
        check("cpu", cpuWarning, cpuCritical);
        check("memory", memoryWarning, memoryCritical);
        check("disk", diskWarning, diskCritical);
    }

    private static void check(String metric, double warning, double critical) {
        if (!(warning > 0 && warning < critical && critical <= 100)) {
            throw new IllegalArgumentException(metric + " thresholds must satisfy 0 < " + metric + "WarningThreshold < "
                    + metric + "CriticalThreshold <= 100, got " + warning + " and " + critical);
        }
    }
}
