package io.github.ec2monitoring.infrastructure.app;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.AlarmThresholds;
import io.github.ec2monitoring.contract.Choice;
import io.github.ec2monitoring.contract.StoppedInstances;
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

    /** Every context key; cdk.json holds their defaults, and the README's table lists the same. */
    public static AppConfig readConfig(Node node) {
        ContextReader context = new ContextReader(node);
        return AppConfig.builder()
                .region(context.text("region"))
                .alarmNamePrefix(context.text("alarmNamePrefix"))
                .thresholds(new AlarmThresholds(
                        context.number("cpuWarningThreshold"), context.number("cpuCriticalThreshold"),
                        context.number("memoryWarningThreshold"), context.number("memoryCriticalThreshold"),
                        context.number("diskWarningThreshold"), context.number("diskCriticalThreshold")))
                .scalingCpuTargetPercent(context.number("scalingCpuTarget"))
                .alertEmails(context.list("alertEmails"))
                .slackWorkspaceId(context.optionalText("slackWorkspaceId"))
                .slackChannelId(context.optionalText("slackChannelId"))
                .slackWebhookSecretName(context.text("slackWebhookSecretName"))
                .instanceType(context.text("instanceType"))
                .minCapacity(context.integer("minCapacity"))
                .maxCapacity(context.integer("maxCapacity"))
                .desiredCapacity(context.integer("desiredCapacity"))
                .logRetentionDays(context.integer("logRetentionDays"))
                .existingVpcId(context.optionalText("vpcId"))
                .vpcEndpoints(context.bool("vpcEndpoints"))
                .attachInstanceProfile(context.bool("attachInstanceProfile"))
                .removeAlarmsOfStoppedInstances(Choice.of(StoppedInstances.class, context.text("stoppedInstances"),
                        "stoppedInstances") == StoppedInstances.REMOVE)
                .reconcileMinutes(context.integer("reconcileMinutes"))
                .logWindowMinutes(context.integer("logWindowMinutes"))
                .stormThreshold(context.integer("stormThreshold"))
                .slackTimeZone(context.text("slackTimeZone"))
                .slackMessageLanguage(context.text("slackMessageLanguage"))
                .slackMaskPersonalData(context.bool("slackMaskPersonalData"))
                .alarmWritesPerSecond(context.number("alarmWritesPerSecond"))
                .detectorConcurrency(context.integer("detectorConcurrency"))
                .certificateArn(context.optionalText("certificateArn"))
                .chatbotTopics(Set.copyOf(context.list("chatbotTopics")))
                .destroyKeyWithStack(context.bool("destroyKeyWithStack"))
                .createWebTier(context.bool("createWebTier"))
                .monitoredGroups(context.list("monitoredGroups"))
                .alarmMode(Choice.of(AlarmMode.class, context.text("alarmMode"), "alarmMode"))
                .alarmResolution(Choice.of(AlarmResolution.class, context.text("alarmResolution"), "alarmResolution"))
                .build();
    }
}
