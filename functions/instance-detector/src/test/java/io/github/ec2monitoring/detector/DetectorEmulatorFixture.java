package io.github.ec2monitoring.detector;

import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each detector emulator test starts from an empty emulator, the usual configuration and a handler with it. */
@ExtendWith(MotoServerExtension.class)
abstract class DetectorEmulatorFixture {

    Emulated aws;
    DetectorConfig config;
    InstanceDetectorHandler handler;

    @BeforeEach
    void freshEmulator() throws IOException {
        aws = Emulated.fresh();
        config = aws.config();
        handler = aws.handler(config);
    }
}
