package io.github.ec2monitoring.infrastructure.constructs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.constructs.Construct;

/**
 * The cpu-alert function, subscribed to the alert topics. It may read only the two instance log groups and the one
 * webhook secret; the secret's value never enters the template, only its name.
 */
public final class CpuAlert extends Construct {

    public static final String HANDLER = "io.github.ec2monitoring.cpualert.CpuAlertHandler::handleRequest";

    private final JavaFunction function;
    private final ISecret webhookSecret;

    public CpuAlert(Construct scope, String id, CpuAlertProps props) {
        super(scope, id);
        webhookSecret = Secret.fromSecretNameV2(this, "SlackWebhook", props.webhookSecretName());
        function = new JavaFunction(this, "Function", new JavaFunctionProps(
                props.code(),
                HANDLER,
                "Posts CPU alarms to Slack with the instance's recent Apache error log and syslog lines",
                environment(props),
                1024,
                Duration.seconds(60),
                props.logRetention()));
        webhookSecret.grantRead(function.getRole());
        props.syslogLogGroup().grant(function.getRole(), "logs:FilterLogEvents");
        props.apacheErrorLogGroup().grant(function.getRole(), "logs:FilterLogEvents");
        if (props.fleetAlarmNamePattern() != null) {
            function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("CountContributorsOfTheFleetAlarms")
                    .actions(List.of("cloudwatch:DescribeAlarmContributors"))
                    .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                            .service("cloudwatch")
                            .resource("alarm")
                            .resourceName(props.fleetAlarmNamePattern())
                            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                            .build())))
                    .build());
            Nag.suppressMatching(function.getRole(), "AwsSolutions-IAM5",
                    "Only the stack's fleet alarms, one name pattern: six alarms per watched group.",
                    ":alarm:" + props.fleetAlarmNamePattern().replace("*", "\\*") + "$");
        }
        subscribe(props);
    }

    private static Map<String, String> environment(CpuAlertProps props) {
        Map<String, String> environment = new HashMap<>(Map.ofEntries(
                        Map.entry("SYSLOG_LOG_GROUP", props.syslogLogGroup().getLogGroupName()),
                        Map.entry("APACHE_ERROR_LOG_GROUP", props.apacheErrorLogGroup().getLogGroupName()),
                        Map.entry("SLACK_WEBHOOK_SECRET_NAME", props.webhookSecretName()),
                        Map.entry("LOG_WINDOW_MINUTES", Integer.toString(props.logWindowMinutes())),
                        Map.entry("TIME_ZONE", props.timeZone()),
                        Map.entry("MESSAGE_LANGUAGE", props.language()),
                        Map.entry("WARNING_TOPIC_ARN", props.warningTopic().getTopicArn()),
                        Map.entry("CRITICAL_TOPIC_ARN", props.criticalTopic().getTopicArn()),
                        Map.entry("MASK_PERSONAL_DATA", Boolean.toString(props.maskPersonalData()))));
        if (props.autoScalingGroupName() != null) {
            environment.put("AUTO_SCALING_GROUP_NAME", props.autoScalingGroupName());
        }
        return environment;
    }

    private void subscribe(CpuAlertProps props) {
        List<ITopic> subscribed = new ArrayList<>();
        if (props.postWarnings()) {
            subscribed.add(props.warningTopic());
        }
        if (props.postCritical()) {
            subscribed.add(props.criticalTopic());
        }
        for (ITopic topic : subscribed) {
            Subscription subscription = topic.addSubscription(new LambdaSubscription(function.getAlias()));
            // SNS delivers to an alias ARN; the template check only knows function ARNs.
            Validations.of(subscription).acknowledge(Acknowledgment.builder()
                    .id("CloudFormation-Validate::W3694")
                    .reason("SNS invokes the live alias of the function")
                    .build());
        }
    }

    public JavaFunction getFunction() {
        return function;
    }

    public ISecret getWebhookSecret() {
        return webhookSecret;
    }
}
