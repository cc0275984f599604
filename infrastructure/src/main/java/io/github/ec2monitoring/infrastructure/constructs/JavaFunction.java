package io.github.ec2monitoring.infrastructure.constructs;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A Java Lambda function as this project runs them: java25 on arm64, SnapStart on published versions behind the
 * {@code live} alias, JSON logs into its own log group with retention, failed asynchronous invocations kept in an
 * encrypted dead-letter queue, and a role that can write only its own logs until its owner grants more. No reserved
 * concurrency: accounts whose concurrency quota is 10 refuse any reservation, and the whole deploy with it.
 */
public final class JavaFunction extends Construct {

    public static final String ALIAS_NAME = "live";
    /** Lambda's own retries of a failed asynchronous invocation before it goes to the dead-letter queue. */
    static final int ASYNC_RETRY_ATTEMPTS = 2;

    private final Role role;
    private final Function function;
    private final Alias alias;
    private final Queue deadLetterQueue;
    private final LogGroup logGroup;

    public JavaFunction(Construct scope, String id, JavaFunctionProps props) {
        super(scope, id);

        deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.suppress(deadLetterQueue, "AwsSolutions-SQS3",
                "This queue is the dead-letter queue of the function's asynchronous invocations and of its event "
                        + "source; a dead-letter queue needs no dead-letter queue of its own.");
        ScannerSkips.checkov(deadLetterQueue, "CKV_AWS_27", ScannerSkips.SQS_MANAGED_ENCRYPTION);
        logGroup = LogGroup.Builder.create(this, "LogGroup").retention(props.logRetention()).build();
        ScannerSkips.checkov(logGroup, "CKV_AWS_158", ScannerSkips.LOG_GROUP_ENCRYPTION);
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.description())
                .build();
        logGroup.grantWrite(role);

        function = Function.Builder.create(this, "Resource")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .code(props.code())
                .handler(props.handler())
                .description(props.description())
                .environment(props.environment())
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .logGroup(logGroup)
                .role(role)
                .build();

        alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .onFailure(new SqsDestination(deadLetterQueue))
                .retryAttempts(ASYNC_RETRY_ATTEMPTS)
                .maxEventAge(Duration.hours(6))
                .build();
        ScannerSkips.checkov(function, "CKV_AWS_116", "Failed asynchronous invocations go to the dead-letter "
                + "queue as the alias's on-failure destination, which keeps the request and the error; an SQS event "
                + "source redrives to the same queue. This check knows only DeadLetterConfig.");
        ScannerSkips.checkov(function, "CKV_AWS_117", "The function calls only AWS APIs and Slack; it reaches no "
                + "private resource, and a VPC would add NAT or endpoints to its path and its cold start.");
        ScannerSkips.checkov(function, "CKV_AWS_115", "Reserved concurrency would take from the account's pool and "
                + "throttle alerts; runs are bounded by the event source's maximum concurrency (SQS) instead.");
        ScannerSkips.checkov(function, "CKV_AWS_173", "The environment holds names, ARNs and settings, never a "
                + "secret (the webhook URL stays in Secrets Manager); Lambda encrypts it at rest with its own key.");
        // The alias publishes a version; SnapStart applies to it.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "invoked only through the live alias of a published version");
    }

    /** A queue the function drains, and the event source mapping that drains it. */
    public record Drained(Queue queue, EventSourceMapping mapping) {}

    /**
     * A queue this function drains, created in {@code scope}: encrypted, TLS only, each message kept in the
     * dead-letter queue after {@code maxReceives}, read in batches of up to ten by at most {@code maxConcurrency}
     * runs (nothing reserved) that report only their failed records for SQS to deliver again.
     *
     * @param batchingWindow how long Lambda gathers a batch, or null for at once
     */
    public Drained drain(Construct scope, String id, Duration visibility, int maxReceives, int maxConcurrency,
            Duration batchingWindow) {
        Queue queue = Queue.Builder.create(scope, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(visibility)
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(maxReceives).build())
                .build();
        ScannerSkips.checkov(queue, "CKV_AWS_27", ScannerSkips.SQS_MANAGED_ENCRYPTION);
        queue.grantConsumeMessages(role);
        EventSourceMapping mapping = EventSourceMapping.Builder.create(scope, id + "Mapping")
                .target(alias)
                .eventSourceArn(queue.getQueueArn())
                .batchSize(10)
                .maxBatchingWindow(batchingWindow)
                .maxConcurrency(maxConcurrency)
                .reportBatchItemFailures(true)
                .build();
        return new Drained(queue, mapping);
    }

    /** The role the function runs with; owners of other resources grant to it. */
    public IRole getRole() {
        return role;
    }

    public IFunction getFunction() {
        return function;
    }

    /** What event sources invoke: the SnapStart-enabled published version. */
    public Alias getAlias() {
        return alias;
    }

    public IQueue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    public LogGroup getLogGroup() {
        return logGroup;
    }
}
