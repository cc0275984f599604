package io.github.ec2monitoring.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ec2monitoring.contract.AlarmMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LabOptionsTest {

    @Test
    void defaultsToTwoInstancesInEnglish() {
        assertEquals(new LabOptions(2, "en", Path.of("lab", "target", "lab-output"), false,
                AlarmMode.PER_INSTANCE), LabOptions.parse());
    }

    @Test
    void readsEveryOption() {
        assertEquals(new LabOptions(3, "ko", Path.of("/tmp/out"), true, AlarmMode.FLEET),
                LabOptions.parse("--instances", "3", "--bring-your-own", "--language", "ko", "--out", "/tmp/out",
                        "--mode", "fleet"));
    }

    @Test
    void aStormLaunchesAnInstanceForEverySixOfItsAlarms() {
        LabOptions storm = LabOptions.parse("--storm", "60");

        assertEquals(60, storm.storm());
        assertEquals(10, storm.instancesToLaunch());
        assertEquals(3, LabOptions.parse("--storm", "12", "--instances", "3").instancesToLaunch());
    }

    @Test
    void rejectsWhatItCannotRunWithAClearMessage() {
        assertEquals("--instances must be between 1 and 20, got 0",
                assertThrows(IllegalArgumentException.class, () -> LabOptions.parse("--instances", "0")).getMessage());
        assertEquals("--instances must be a number, got two",
                assertThrows(IllegalArgumentException.class, () -> LabOptions.parse("--instances", "two")).getMessage());
        assertEquals("--language must be en or ko, got fr",
                assertThrows(IllegalArgumentException.class, () -> LabOptions.parse("--language", "fr")).getMessage());
        assertEquals("unknown option --fast",
                assertThrows(IllegalArgumentException.class, () -> LabOptions.parse("--fast", "yes")).getMessage());
        assertEquals("--storm must be between 2 and 120, got 500",
                assertThrows(IllegalArgumentException.class, () -> LabOptions.parse("--storm", "500")).getMessage());
        assertEquals("--out needs a value",
                assertThrows(IllegalArgumentException.class, () -> LabOptions.parse("--out")).getMessage());
    }
}
