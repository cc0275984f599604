package io.github.ec2monitoring.infrastructure.app;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.Choice;
import io.github.ec2monitoring.infrastructure.constructs.AlarmThresholds;
import io.github.ec2monitoring.infrastructure.stacks.MonitoringStack;
import io.github.ec2monitoring.infrastructure.stacks.MonitoringStackProps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Node;

/** The CDK app: reads the context once, builds the stack, runs cdk-nag's AwsSolutions checks. */
public final class Main {

    public static final String STACK_NAME = "Ec2AutoscalingMonitoring";
    static final String INSTANCE_DETECTOR_JAR = "functions/instance-detector/target/instance-detector.jar";
    static final String CPU_ALERT_JAR = "functions/cpu-alert/target/cpu-alert.jar";
    static final String AGENT_CONFIG = "agent-config/amazon-cloudwatch-agent.json";

    private Main() {}

    public static void main(String[] args) throws IOException {
        App app = new App();
        AppConfig config = readConfig(app.getNode());
        build(app, config, Path.of(""), System.getenv("CDK_DEFAULT_ACCOUNT"));
        app.synth();
    }

    /**
     * Builds the stack and adds the nag checks.
     *
     * @param root the project root, where the jars and the agent configuration are
     * @param account the account to deploy to, or null for an account-agnostic template
     */
    public static MonitoringStack build(App app, AppConfig config, Path root, String account) throws IOException {
        for (String jar : new String[] {INSTANCE_DETECTOR_JAR, CPU_ALERT_JAR}) {
            if (!Files.isRegularFile(root.resolve(jar))) {
                throw new IllegalStateException(jar + " is missing: build the functions first with "
                        + "./mvnw -B -DskipTests package");
            }
        }
        MonitoringStack stack = new MonitoringStack(app, STACK_NAME,
                StackProps.builder()
                        .env(Environment.builder().account(account).region(config.region()).build())
                        .description("Monitored EC2 Auto Scaling web tier (ec2-autoscaling-monitoring)")
                        .build(),
                new MonitoringStackProps(config,
                        Code.fromAsset(root.resolve(INSTANCE_DETECTOR_JAR).toString()),
                        Code.fromAsset(root.resolve(CPU_ALERT_JAR).toString()),
                        Files.readString(root.resolve(AGENT_CONFIG), StandardCharsets.UTF_8)));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /** Every context key and its default; the README's table lists the same. */
    public static AppConfig readConfig(Node node) {
        ContextReader context = new ContextReader(node);
        return new AppConfig(
                context.text("region", "ap-northeast-2"),
                context.text("alarmNamePrefix", "ec2-monitoring"),
                new AlarmThresholds(
                        context.number("cpuWarningThreshold", 60), context.number("cpuCriticalThreshold", 80),
                        context.number("memoryWarningThreshold", 80), context.number("memoryCriticalThreshold", 90),
                        context.number("diskWarningThreshold", 80), context.number("diskCriticalThreshold", 90)),
                context.number("scalingCpuTarget", 50),
                context.list("alertEmails"),
                context.text("slackWorkspaceId", null),
                context.text("slackChannelId", null),
                context.text("slackWebhookSecretName", "ec2-monitoring/slack-webhook"),
                context.text("instanceType", "t3.micro"),
                context.integer("minCapacity", 1),
                context.integer("maxCapacity", 3),
                context.integer("desiredCapacity", 2),
                context.integer("logRetentionDays", 365),
                context.text("vpcId", null),
                context.bool("attachInstanceProfile", true),
                stoppedInstances(context.text("stoppedInstances", "keep")),
                context.integer("reconcileMinutes", 5),
                context.integer("logWindowMinutes", 5),
                context.text("slackTimeZone", "Asia/Seoul"),
                context.text("slackMessageLanguage", "en"),
                context.bool("slackMaskPersonalData", true),
                context.number("alarmWritesPerSecond", 3),
                context.integer("detectorConcurrency", 2),
                context.text("certificateArn", null),
                Set.copyOf(context.list("chatbotTopics")),
                context.bool("destroyKeyWithStack", false),
                context.bool("createWebTier", true),
                context.list("monitoredGroups"),
                Choice.of(AlarmMode.class, context.text("alarmMode", AlarmMode.PER_INSTANCE.value()), "alarmMode"));
    }

    private static boolean stoppedInstances(String value) {
        return switch (value) {
            case "keep" -> false;
            case "remove" -> true;
            default -> throw new IllegalArgumentException("stoppedInstances must be keep or remove, got " + value);
        };
    }
}
