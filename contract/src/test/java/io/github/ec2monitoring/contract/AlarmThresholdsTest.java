package io.github.ec2monitoring.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmThresholdsTest {

    @Test
    void aWarningAboveTheCriticalOneIsRefusedNamingBothKeys() {
        var error = assertThrows(IllegalArgumentException.class, () -> new AlarmThresholds(60, 80, 95, 90, 80, 90));

        assertEquals("memory thresholds must satisfy 0 < memoryWarningThreshold < memoryCriticalThreshold <= 100, "
                + "got 95.0 and 90.0", error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0, 80", "80, 80", "60, 100.5"})
    void eachPairMustLieAboveZeroBelowItsCriticalAndAtMostAHundred(double warning, double critical) {
        assertThrows(IllegalArgumentException.class, () -> new AlarmThresholds(60, 80, 80, 90, warning, critical));
    }

    @Test
    void aHundredIsACriticalThreshold() {
        assertEquals(100, new AlarmThresholds(60, 100, 80, 90, 75, 90).cpuCritical());
    }
}
