package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.AlarmQueue;
import io.github.ec2monitoring.contract.Choice;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The cpu-alert function, subscribed to the alert topics. It may read only the two instance log groups and the one
 * webhook secret; the secret's value never enters the template, only its name.
 */
public final class CpuAlert extends Construct {

    public static final String HANDLER = "io.github.ec2monitoring.cpualert.CpuAlertHandler::handleRequest";

    private final JavaFunction function;
    private final ISecret webhookSecret;
    private Queue alarms;

    static final int TIMEOUT_SECONDS = 60;
    /** Receives before a record is kept in the dead-letter queue: a few minutes of Slack being down. */
    static final int MAX_RECEIVES = 5;

    public CpuAlert(Construct scope, String id, CpuAlertProps props) {
        super(scope, id);
        webhookSecret = Secret.fromSecretNameV2(this, "SlackWebhook", props.webhookSecretName());
        // Which alarm transitions were posted, so that SNS's redelivery and Lambda's retries post none twice.
        Table postedTransitions = Table.Builder.create(this, "PostedTransitions")
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
                Duration.seconds(TIMEOUT_SECONDS),
                props.logRetention()));
        webhookSecret.grantRead(function.getRole());
        postedTransitions.grant(function.getRole(), "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem");
        props.syslogLogGroup().grant(function.getRole(), "logs:FilterLogEvents");
        props.apacheErrorLogGroup().grant(function.getRole(), "logs:FilterLogEvents");
        String stackAlarms = props.alarmNamePrefix() + "-*";
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ListTheStacksAlarmsForAStormSummary")
                .actions(List.of("cloudwatch:DescribeAlarms"))
                .resources(List.of(alarmArn(stackAlarms)))
                .build());
        Nag.suppressMatching(function.getRole(), "AwsSolutions-IAM5", "Read only, the stack's own alarms by their "
                + "name prefix: a storm's summary counts those in ALARM.", ":alarm:" + stackAlarms.replace("*", "\\*")
                + "$");
        if (props.fleetAlarmNamePattern() != null) {
            function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("CountContributorsOfTheFleetAlarms")
                    .actions(List.of("cloudwatch:DescribeAlarmContributors"))
                    .resources(List.of(alarmArn(props.fleetAlarmNamePattern())))
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

    private Map<String, String> environment(CpuAlertProps props, String postedTransitionsTable) {
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
                .put(FunctionEnvironments.CpuAlert.POSTED_TRANSITIONS_TABLE, postedTransitionsTable)
                .put(FunctionEnvironments.CpuAlert.SLACK_POST_INTERVAL_MILLIS, AlarmQueue.SLACK_POST_INTERVAL_MILLIS)
                // The queue is made with the event source, after the function: its URL is resolved at synth.
                .put(FunctionEnvironments.CpuAlert.ALARM_QUEUE_URL, Lazy.string(() -> alarms.getQueueUrl()))
                .put(FunctionEnvironments.CpuAlert.STORM_THRESHOLD, props.stormThreshold())
                .put(FunctionEnvironments.ALARM_NAME_PREFIX, props.alarmNamePrefix());
        if (props.autoScalingGroupName() != null) {
            environment.put(FunctionEnvironments.CpuAlert.AUTO_SCALING_GROUP_NAME, props.autoScalingGroupName());
        }
        return environment.build();
    }

    /**
     * A storm becomes ordered work: the topics deliver into a queue, which at most
     * {@link AlarmQueue#POSTING_CONTAINERS} containers drain in batches, taking turns from one pace so that together
     * they stay within the one message a second a Slack webhook accepts. A record that fails returns to the queue; after its last receive it is kept in the
     * dead-letter queue that the self-monitoring alarms on.
     */
    private void subscribe(CpuAlertProps props) {
        // Lambda's advice for an SQS event source: a visibility six times the function's timeout.
        alarms = function.drain(this, "Alarms", Duration.seconds(6 * TIMEOUT_SECONDS), MAX_RECEIVES,
                AlarmQueue.POSTING_CONTAINERS, Duration.seconds(1)).queue();
        if (props.postWarnings()) {
            props.warningTopic().addSubscription(new SqsSubscription(alarms));
        }
        if (props.postCritical()) {
            props.criticalTopic().addSubscription(new SqsSubscription(alarms));
        }
    }

    private String alarmArn(String namePattern) {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("cloudwatch")
                .resource("alarm")
                .resourceName(namePattern)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }

    /** The queue the alert topics deliver into; the function drains it. */
    public Queue getAlarms() {
        return alarms;
    }

    public JavaFunction getFunction() {
        return function;
    }

    public ISecret getWebhookSecret() {
        return webhookSecret;
    }
}
