package io.github.ec2monitoring.cpualert;

import java.time.Instant;

/** One log event as shipped by the CloudWatch agent. */
public record LogLine(Instant timestamp, String message) {}
