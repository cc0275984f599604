package io.github.ec2monitoring.infrastructure.constructs;

import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * @param code the function's shaded jar (tests pass any small asset)
 * @param handler {@code package.Class::method}, as the Lambda Java runtime loads it
 * @param description shown in the Lambda console
 * @param environment configuration the handler reads once per container
 * @param memoryMb memory, which also sets the CPU share
 * @param timeout how long one invocation may run
 * @param logRetention retention of the function's log group
 */
public record JavaFunctionProps(
        Code code,
        String handler,
        String description,
        Map<String, String> environment,
        int memoryMb,
        Duration timeout,
        RetentionDays logRetention) {

    public JavaFunctionProps {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(logRetention, "logRetention");
        if (handler == null || !handler.matches("[\\w.$]+::\\w+")) {
            throw new IllegalArgumentException("handler must look like package.Class::method, got " + handler);
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("memoryMb must be between 128 and 10240, got " + memoryMb);
        }
        environment = Map.copyOf(environment);
    }
}
