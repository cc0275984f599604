package io.github.ec2monitoring.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.AlarmThresholds;
import io.github.ec2monitoring.infrastructure.app.AppConfig;
import io.github.ec2monitoring.infrastructure.stacks.MonitoringStack;
import io.github.ec2monitoring.infrastructure.stacks.MonitoringStackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/** Builds stacks for assertion tests, with a small stand-in asset instead of the function jars. */
public final class TestApps {

    /** A fresh asset each time: CDK binds an asset to one stack. */
    public static Code dummyCode() {
        return Code.fromAsset("src/test/resources/dummy-function");
    }

    private TestApps() {}

    /** An app with cdk.json's context (its feature flags and defaults), as {@code cdk synth} makes it. */
    public static App newApp() {
        return new App(AppProps.builder().context(cdkJsonContext()).build());
    }

    /** cdk.json's context, as the CDK CLI hands it to the app; a fresh, changeable map each time. */
    public static Map<String, Object> cdkJsonContext() {
        try {
            JsonNode context = new ObjectMapper().readTree(projectRoot().resolve("cdk.json").toFile()).get("context");
            Map<String, Object> values = new HashMap<>();
            context.properties().forEach(field -> values.put(field.getKey(),
                    new ObjectMapper().convertValue(field.getValue(), Object.class)));
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path projectRoot() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    public static String agentConfigJson() {
        try {
            return Files.readString(projectRoot().resolve("agent-config/amazon-cloudwatch-agent.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AppConfig config() {
        return config(null, null);
    }

    public static AppConfig config(String slackWorkspaceId, String slackChannelId) {
        return config(slackWorkspaceId, slackChannelId, null);
    }

    public static AppConfig config(String slackWorkspaceId, String slackChannelId, String certificateArn) {
        return config(slackWorkspaceId, slackChannelId, certificateArn, Set.of("health"));
    }

    public static AppConfig config(String slackWorkspaceId, String slackChannelId, String certificateArn,
            Set<String> chatbotTopics) {
        return config(slackWorkspaceId, slackChannelId, certificateArn, chatbotTopics, true, List.of());
    }

    /** Monitoring for groups that already exist, with or without the stack's own web tier. */
    public static AppConfig monitoring(boolean createWebTier, List<String> monitoredGroups) {
        return config(null, null, null, Set.of("health"), createWebTier, monitoredGroups);
    }

    private static AppConfig config(String slackWorkspaceId, String slackChannelId, String certificateArn,
            Set<String> chatbotTopics, boolean createWebTier, List<String> monitoredGroups) {
        return baseConfig().slackWorkspaceId(slackWorkspaceId).slackChannelId(slackChannelId)
                .certificateArn(certificateArn).chatbotTopics(chatbotTopics).createWebTier(createWebTier)
                .monitoredGroups(monitoredGroups).build();
    }

    /** The tests' usual configuration, to change by name. */
    public static AppConfig.Builder baseConfig() {
        return AppConfig.builder().region("ap-northeast-2").alarmNamePrefix("web")
                .thresholds(new AlarmThresholds(60, 80, 80, 90, 75, 90)).scalingCpuTargetPercent(50)
                .alertEmails(List.of("ops@example.com")).slackWebhookSecretName("web/slack-webhook")
                .instanceType("t3.micro").minCapacity(1).maxCapacity(3).desiredCapacity(2).logRetentionDays(365)
                .vpcEndpoints(false)
                .attachInstanceProfile(true).removeAlarmsOfStoppedInstances(false).reconcileMinutes(5)
                .logWindowMinutes(5).slackTimeZone("Asia/Seoul").slackMessageLanguage("en")
                .slackMaskPersonalData(true).alarmWritesPerSecond(3).detectorConcurrency(2)
                .chatbotTopics(Set.of("health")).destroyKeyWithStack(false).createWebTier(true)
                .monitoredGroups(List.of()).alarmMode(AlarmMode.PER_INSTANCE)
                .alarmResolution(AlarmResolution.STANDARD).stormThreshold(10);
    }

    /** The same configuration in another alarm mode. */
    public static AppConfig inMode(AppConfig c, AlarmMode mode) {
        return c.toBuilder().alarmMode(mode).build();
    }

    /** The agent configuration as the stack's SSM parameter holds it, each log group reference written "REF:id". */
    public static JsonNode shippedAgentConfig(Template template) {
        JsonNode resources = new ObjectMapper().valueToTree(template.toJSON()).get("Resources");
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::SSM::Parameter")
                    && resource.at("/Properties/Description").asText().startsWith("CloudWatch agent configuration")) {
                JsonNode value = resource.at("/Properties/Value");
                StringBuilder text = new StringBuilder();
                for (JsonNode part : value.isTextual() ? List.of(value) : value.at("/Fn::Join/1")) {
                    text.append(part.isTextual() ? part.asText() : "REF:" + part.path("Ref").asText());
                }
                try {
                    return new ObjectMapper().readTree(text.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("no agent configuration parameter in the template");
    }

    public static MonitoringStack stack(App app, AppConfig config) {
        return new MonitoringStack(app, "Test",
                StackProps.builder().env(Environment.builder().region(config.region()).build()).build(),
                new MonitoringStackProps(config, dummyCode(), dummyCode(), agentConfigJson()));
    }
}
