package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.chatbot.LoggingLevel;
import software.amazon.awscdk.services.chatbot.SlackChannelConfiguration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The warning, critical and health SNS topics: KMS-encrypted, TLS-only, open to CloudWatch alarms of this account,
 * with e-mail subscriptions and, when the Slack ids are given, an AWS Chatbot Slack channel carrying the topics the
 * user chose. The health topic carries the alarms on the monitoring itself; cpu-alert never subscribes to it, so
 * they reach people even when cpu-alert is what broke.
 */
public final class AlertTopics extends Construct {

    private final Key key;
    private final Topic warning;
    private final Topic critical;
    private final Topic health;
    private final SlackChannelConfiguration slackChannel;

    public AlertTopics(Construct scope, String id, AlertTopicsProps props) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .description("Encrypts the EC2 monitoring alert topics")
                .enableKeyRotation(true)
                // Kept by default: whatever it encrypted stays readable after the stack is gone.
                .removalPolicy(props.destroyKey() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
                .pendingWindow(Duration.days(30))
                .build();
        // CloudWatch publishes alarm notifications itself, so it needs the key to encrypt them: for this account's
        // alarms only (the conditions keep another account's alarms from using the key as a confused deputy).
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccount")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(alarmsOfThisAccount())
                .build());

        warning = topic("Warning", "EC2 monitoring - warning", props.emails());
        critical = topic("Critical", "EC2 monitoring - critical", props.emails());
        health = topic("Health", "EC2 monitoring - the monitoring itself", props.emails());
        Map<String, ITopic> byName = Map.of("warning", warning, "critical", critical, "health", health);

        if (props.slackWorkspaceId() != null) {
            slackChannel = SlackChannelConfiguration.Builder.create(this, "SlackChannel")
                    .slackChannelConfigurationName(Stack.of(this).getStackName() + "-alerts")
                    .slackWorkspaceId(props.slackWorkspaceId())
                    .slackChannelId(props.slackChannelId())
                    .notificationTopics(props.chatbotTopics().stream().sorted().map(byName::get).toList())
                    .loggingLevel(LoggingLevel.ERROR)
                    .build();
        } else {
            slackChannel = null;
            Annotations.of(this).addWarningV2("ec2monitoring:no-chatbot-channel",
                    "slackWorkspaceId and slackChannelId are not set: no AWS Chatbot Slack channel is created. "
                            + "The cpu-alert function still posts to the Slack webhook.");
        }
    }

    private Topic topic(String id, String displayName, List<String> emails) {
        Topic topic = Topic.Builder.create(this, id)
                .displayName(displayName)
                .masterKey(key)
                .enforceSsl(true)
                .build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccount")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(alarmsOfThisAccount())
                .build());
        emails.forEach(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }

    private static Map<String, Object> alarmsOfThisAccount() {
        return Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                "ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":"
                        + Aws.ACCOUNT_ID + ":alarm:*"));
    }

    public ITopic getWarning() {
        return warning;
    }

    public ITopic getCritical() {
        return critical;
    }

    /** Alarms on the monitoring itself: e-mail and Chatbot, never cpu-alert. */
    public ITopic getHealth() {
        return health;
    }

    /** The Chatbot channel, or null when no Slack ids were given. */
    public SlackChannelConfiguration getSlackChannel() {
        return slackChannel;
    }
}
