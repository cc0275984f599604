package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.Choice;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
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
    private final Table postedTransitions;

    public CpuAlert(Construct scope, String id, CpuAlertProps props) {
        super(scope, id);
        webhookSecret = Secret.fromSecretNameV2(this, "SlackWebhook", props.webhookSecretName());
        // Which alarm transitions were posted, so that SNS's redelivery and Lambda's retries post none twice.
        postedTransitions = Table.Builder.create(this, "PostedTransitions")
                .partitionKey(Attribute.builder().name("transition").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("expiresAt")
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        String shortLived = "It holds which alarm transitions were posted, each for two days (TTL): nothing to "
                + "restore after a loss, which at worst lets one alert be posted twice.";
        Nag.suppress(postedTransitions, "AwsSolutions-DDB3", shortLived);
        ScannerSkips.checkov(postedTransitions, "CKV_AWS_28", shortLived);
        ScannerSkips.checkov(postedTransitions, "CKV_AWS_119", "Encrypted at rest with DynamoDB's own key; the "
                + "records are alarm names, states and times, no personal data or secret.");
        function = new JavaFunction(this, "Function", new JavaFunctionProps(
                props.code(),
                HANDLER,
                "Posts CPU alarms to Slack with the instance's recent Apache error log and syslog lines",
                environment(props, postedTransitions.getTableName()),
                1024,
                Duration.seconds(60),
                props.logRetention()));
        webhookSecret.grantRead(function.getRole());
        postedTransitions.grant(function.getRole(), "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem");
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
            ScannerSkips.parliament(function.getRole().getNode().findChild("DefaultPolicy"), "UNKNOWN_ACTION",
                    "cloudwatch:DescribeAlarmContributors came with Metrics Insights alarms that have contributors; "
                            + "it is in the service authorization reference, not yet in parliament's action list.");
            Nag.suppressMatching(function.getRole(), "AwsSolutions-IAM5",
                    "Only the stack's fleet alarms, one name pattern: six alarms per watched group.",
                    ":alarm:" + props.fleetAlarmNamePattern().replace("*", "\\*") + "$");
        }
        subscribe(props);
    }

    private static Map<String, String> environment(CpuAlertProps props, String postedTransitionsTable) {
        FunctionEnvironments.Writer environment = new FunctionEnvironments.Writer(
                FunctionEnvironments.CpuAlert.ALL)
                .put(FunctionEnvironments.CpuAlert.SYSLOG_LOG_GROUP, props.syslogLogGroup().getLogGroupName())
                .put(FunctionEnvironments.CpuAlert.APACHE_ERROR_LOG_GROUP, props.apacheErrorLogGroup().getLogGroupName())
                .put(FunctionEnvironments.CpuAlert.SLACK_WEBHOOK_SECRET_NAME, props.webhookSecretName())
                .put(FunctionEnvironments.CpuAlert.LOG_WINDOW_MINUTES, props.logWindowMinutes())
                .put(FunctionEnvironments.CpuAlert.TIME_ZONE, ZoneId.of(props.timeZone()))
                .put(FunctionEnvironments.CpuAlert.MESSAGE_LANGUAGE, Choice.of(
                        FunctionEnvironments.MessageLanguage.class, props.language(), "language"))
                .put(FunctionEnvironments.WARNING_TOPIC_ARN, props.warningTopic().getTopicArn())
                .put(FunctionEnvironments.CRITICAL_TOPIC_ARN, props.criticalTopic().getTopicArn())
                .put(FunctionEnvironments.CpuAlert.MASK_PERSONAL_DATA, props.maskPersonalData())
                .put(FunctionEnvironments.CpuAlert.POSTED_TRANSITIONS_TABLE, postedTransitionsTable);
        if (props.autoScalingGroupName() != null) {
            environment.put(FunctionEnvironments.CpuAlert.AUTO_SCALING_GROUP_NAME, props.autoScalingGroupName());
        }
        return environment.build();
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

    public ITable getPostedTransitions() {
        return postedTransitions;
    }

    public ISecret getWebhookSecret() {
        return webhookSecret;
    }
}
