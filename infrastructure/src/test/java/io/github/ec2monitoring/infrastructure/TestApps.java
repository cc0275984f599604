package io.github.ec2monitoring.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.infrastructure.app.AppConfig;
import io.github.ec2monitoring.infrastructure.constructs.AlarmThresholds;
import io.github.ec2monitoring.infrastructure.stacks.MonitoringStack;
import io.github.ec2monitoring.infrastructure.stacks.MonitoringStackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
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
        return config(slackWorkspaceId, slackChannelId, certificateArn, java.util.Set.of("health"));
    }

    public static AppConfig config(String slackWorkspaceId, String slackChannelId, String certificateArn,
            java.util.Set<String> chatbotTopics) {
        return config(slackWorkspaceId, slackChannelId, certificateArn, chatbotTopics, true, List.of());
    }

    /** Monitoring for groups that already exist, with or without the stack's own web tier. */
    public static AppConfig monitoring(boolean createWebTier, List<String> monitoredGroups) {
        return config(null, null, null, java.util.Set.of("health"), createWebTier, monitoredGroups);
    }

    private static AppConfig config(String slackWorkspaceId, String slackChannelId, String certificateArn,
            java.util.Set<String> chatbotTopics, boolean createWebTier, List<String> monitoredGroups) {
        return new AppConfig("ap-northeast-2", "web", new AlarmThresholds(60, 80, 80, 90, 75, 90), 50,
                List.of("ops@example.com"), slackWorkspaceId, slackChannelId, "web/slack-webhook", "t3.micro", 1, 3, 2,
                365, null, true, false, 5, 5, "Asia/Seoul", "en", true, 3, 2, certificateArn,
                chatbotTopics, false, createWebTier, monitoredGroups,
                AlarmMode.PER_INSTANCE);
    }

    /** The same configuration in another alarm mode. */
    public static AppConfig inMode(AppConfig c, AlarmMode mode) {
        return new AppConfig(c.region(), c.alarmNamePrefix(), c.thresholds(), c.scalingCpuTargetPercent(),
                c.alertEmails(), c.slackWorkspaceId(), c.slackChannelId(), c.slackWebhookSecretName(),
                c.instanceType(), c.minCapacity(), c.maxCapacity(), c.desiredCapacity(), c.logRetentionDays(),
                c.existingVpcId(), c.attachInstanceProfile(), c.removeAlarmsOfStoppedInstances(), c.reconcileMinutes(),
                c.logWindowMinutes(), c.slackTimeZone(), c.slackMessageLanguage(), c.slackMaskPersonalData(),
                c.alarmWritesPerSecond(), c.detectorConcurrency(), c.certificateArn(), c.chatbotTopics(),
                c.destroyKeyWithStack(), c.createWebTier(), c.monitoredGroups(), mode);
    }

    public static MonitoringStack stack(App app, AppConfig config) {
        return new MonitoringStack(app, "Test",
                StackProps.builder().env(Environment.builder().region(config.region()).build()).build(),
                new MonitoringStackProps(config, dummyCode(), dummyCode(), agentConfigJson()));
    }
}
