package io.github.ec2monitoring.infrastructure.stacks;

import io.github.ec2monitoring.infrastructure.app.AppConfig;
import java.util.Objects;
import software.amazon.awscdk.services.lambda.Code;

/**
 * @param config the app's configuration from context
 * @param instanceDetectorCode the instance-detector function's jar
 * @param cpuAlertCode the cpu-alert function's jar
 * @param agentConfigJson the CloudWatch agent configuration file's content
 */
public record MonitoringStackProps(AppConfig config, Code instanceDetectorCode, Code cpuAlertCode,
        String agentConfigJson) {

    public MonitoringStackProps {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(instanceDetectorCode, "instanceDetectorCode");
        Objects.requireNonNull(cpuAlertCode, "cpuAlertCode");
        Objects.requireNonNull(agentConfigJson, "agentConfigJson");
    }
}
