package io.github.ec2monitoring.infrastructure.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.infrastructure.TestApps;
import io.github.ec2monitoring.infrastructure.app.AppConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Every variant of the template the scanners read: each choice that adds or removes resources, once. */
final class TemplateVariants {

    private TemplateVariants() {}

    static Map<String, AppConfig> configs() {
        Map<String, AppConfig> variants = new LinkedHashMap<>();
        variants.put("default", TestApps.config());
        variants.put("chatbot-https", TestApps.config("T0123ABCD", "C0123ABCD",
                "arn:aws:acm:ap-northeast-2:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"));
        variants.put("monitor-only", TestApps.monitoring(false, List.of("shop-web", "api-web")));
        variants.put("fleet", TestApps.inMode(TestApps.monitoring(true, List.of("shop-web")), AlarmMode.FLEET));
        variants.put("vpc-endpoints", TestApps.config().toBuilder().vpcEndpoints(true).build());
        variants.put("high-resolution", TestApps.config().toBuilder().alarmResolution(AlarmResolution.HIGH).build());
        return variants;
    }

    /** Each variant's synthesized template, by name. */
    static Map<String, JsonNode> templates() {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        configs().forEach((name, config) -> templates.put(name, new ObjectMapper().valueToTree(
                Template.fromStack(TestApps.stack(TestApps.newApp(), config)).toJSON())));
        return templates;
    }
}
