package io.github.ec2monitoring.contract;

/**
 * Warning and critical percentages of the CPU, memory and disk alarms, for the stack and for instance-detector; each
 * pair must satisfy {@code 0 < warning < critical <= 100}. Errors name the cdk.json keys the values come from.
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
