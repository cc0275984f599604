package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.StoppedInstances;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The instance-detector function and the EventBridge rules that feed it EC2 state changes and reconcile ticks,
 * through an SQS queue whose event source runs at most {@code maxConcurrency} detectors at once: a scale-out burst
 * waits in the queue, and each detector keeps to its share of CloudWatch's alarm-write quota. No reserved
 * concurrency, which fails the deploy on accounts whose concurrency quota is 10. Its permissions: alarms under its
 * prefix only, associating a profile only with instances of the watched group, passing only the instance role.
 */
public final class InstanceDetector extends Construct {

    public static final String HANDLER = "io.github.ec2monitoring.detector.InstanceDetectorHandler::handleRequest";
    /** The states the function acts on; pending and stopping would only cost invocations. */
    static final List<String> STATES = List.of("running", "stopped", "shutting-down", "terminated");
    /** The state changes wait here: six times the function's timeout, as Lambda asks of an SQS event source. */
    static final Duration QUEUE_VISIBILITY = Duration.minutes(30);
    /** Deliveries of one message before it goes to the dead-letter queue. */
    static final int MAX_RECEIVES = 5;
    static final String GROUP_TAG = "aws:autoscaling:groupName";

    private final JavaFunction function;
    private final Queue events;
    private final CustomResource cleanup;
    private final Rule rule;
    private final Rule reconcileRule;

    public InstanceDetector(Construct scope, String id, InstanceDetectorProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        function = new JavaFunction(this, "Function", new JavaFunctionProps(
                props.code(),
                HANDLER,
                props.alarmMode() == AlarmMode.FLEET
                        ? "Attaches the instance profile on EC2 state changes; the fleet alarms watch the instances"
                        : "Creates and deletes per-instance CPU, memory and disk alarms on EC2 state changes",
                new FunctionEnvironments.Writer(Detector.ALL)
                        .put(FunctionEnvironments.ALARM_NAME_PREFIX, props.alarmNamePrefix())
                        .put(Detector.AUTO_SCALING_GROUP_NAMES, props.autoScalingGroupNames())
                        .put(Detector.INSTANCE_PROFILE_ARN, props.instanceProfile().getInstanceProfileArn())
                        .put(Detector.ATTACH_INSTANCE_PROFILE, props.attachInstanceProfile())
                        .put(FunctionEnvironments.WARNING_TOPIC_ARN, props.warningTopic().getTopicArn())
                        .put(FunctionEnvironments.CRITICAL_TOPIC_ARN, props.criticalTopic().getTopicArn())
                        .put(Detector.CPU_WARNING_PERCENT, props.thresholds().cpuWarning())
                        .put(Detector.CPU_CRITICAL_PERCENT, props.thresholds().cpuCritical())
                        .put(Detector.MEMORY_WARNING_PERCENT, props.thresholds().memoryWarning())
                        .put(Detector.MEMORY_CRITICAL_PERCENT, props.thresholds().memoryCritical())
                        .put(Detector.DISK_WARNING_PERCENT, props.thresholds().diskWarning())
                        .put(Detector.DISK_CRITICAL_PERCENT, props.thresholds().diskCritical())
                        .put(Detector.STOPPED_INSTANCES, props.removeAlarmsOfStoppedInstances()
                                ? StoppedInstances.REMOVE : StoppedInstances.KEEP)
                        .put(Detector.ALARM_WRITES_PER_SECOND, props.alarmWritesPerSecond() / props.maxConcurrency())
                        .put(Detector.ALARM_MODE, props.alarmMode())
                        .put(Detector.ALARM_RESOLUTION, props.alarmResolution())
                        .build(),
                1024,
                // A reconcile run over a large fleet is bound by CloudWatch's write quota, not by CPU.
                Duration.minutes(5),
                props.logRetention()));

        JavaFunction.Drained drained = function.drain(this, "Events", QUEUE_VISIBILITY, MAX_RECEIVES,
                props.maxConcurrency(), null);
        events = drained.queue();
        EventSourceMapping mapping = drained.mapping();

        // On the stack's deletion the function removes every alarm it made. What could make new ones (the rules and
        // the queue's event source) depends on this resource, so CloudFormation deletes them first; the function
        // and the topics go after it.
        cleanup = CustomResource.Builder.create(this, "AlarmCleanup")
                .serviceToken(function.getAlias().getFunctionArn())
                .resourceType("Custom::AlarmCleanup")
                .properties(Map.of("AlarmNamePrefix", props.alarmNamePrefix()))
                .build();
        cleanup.getNode().addDependency(props.warningTopic(), props.criticalTopic());
        mapping.getNode().addDependency(cleanup);

        String alarms = stack.formatArn(ArnComponents.builder()
                .service("cloudwatch")
                .resource("alarm")
                .resourceName(props.alarmNamePrefix() + "-*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        // In fleet mode the function only deletes per-instance alarms left from before the switch.
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnAlarmsOnly")
                .actions(props.alarmMode() == AlarmMode.FLEET ? List.of("cloudwatch:DeleteAlarms")
                        : List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource"))
                .resources(List.of(alarms))
                .build());
        // The stack's fleet alarms share the prefix; they are the stack's to change, never the function's.
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("NeverTheFleetAlarms")
                .effect(Effect.DENY)
                .actions(List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource"))
                .resources(List.of(stack.formatArn(ArnComponents.builder()
                        .service("cloudwatch")
                        .resource("alarm")
                        .resourceName(props.alarmNamePrefix() + "-fleet-*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .build())))
                .build());
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadInstancesAndAlarms")
                .actions(List.of("ec2:DescribeInstances", "ec2:DescribeIamInstanceProfileAssociations",
                        "cloudwatch:DescribeAlarms"))
                .resources(List.of("*"))
                .build());
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("AttachProfileToGroupInstancesOnly")
                .actions(List.of("ec2:AssociateIamInstanceProfile"))
                .resources(List.of(stack.formatArn(ArnComponents.builder()
                        .service("ec2")
                        .resource("instance")
                        .resourceName("*")
                        .build())))
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + GROUP_TAG,
                        props.autoScalingGroupNames())))
                .build());
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PassOnlyTheInstanceRole")
                .actions(List.of("iam:PassRole"))
                .resources(List.of(props.instanceRole().getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com")))
                .build());

        ScannerSkips.parliament(function.getRole().getNode().findChild("DefaultPolicy"), "RESOURCE_STAR",
                "cloudwatch:DescribeAlarms lists the alarms by name prefix and only reads; the writes are limited to "
                        + "the prefix's alarm ARNs.");
        Nag.suppressMatching(function.getRole(), "AwsSolutions-IAM5",
                "Alarm names are only known at run time (<prefix>-<instance-id>-...): writes are limited to the "
                        + "prefix. EC2 Describe* calls and DescribeAlarms by name prefix support no resource-level "
                        + "permissions and only read. Profile association targets instances launched at run time, "
                        + "limited by the group tag condition.",
                ":alarm:" + props.alarmNamePrefix() + "-\\*$", "^Resource::\\*$", ":instance/\\*$");

        rule = Rule.Builder.create(this, "StateChangeRule")
                .description("EC2 instance state changes for the instance-detector function")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.ec2"))
                        .detailType(List.of("EC2 Instance State-change Notification"))
                        .detail(Map.of("state", STATES))
                        .build())
                .targets(List.of(SqsQueue.Builder.create(events)
                        .deadLetterQueue(function.getDeadLetterQueue())
                        .retryAttempts(4)
                        .maxEventAge(Duration.hours(2))
                        .build()))
                .build();
        rule.getNode().addDependency(cleanup);

        reconcileRule = Rule.Builder.create(this, "ReconcileSchedule")
                .description("Makes the per-instance alarms match the live instances of the group")
                .schedule(Schedule.rate(props.reconcileEvery()))
                .targets(List.of(SqsQueue.Builder.create(events)
                        .deadLetterQueue(function.getDeadLetterQueue())
                        .retryAttempts(0)
                        .build()))
                .build();
        reconcileRule.getNode().addDependency(cleanup);
    }

    /** Removes every alarm of the function's when the stack is deleted. */
    public CustomResource getCleanup() {
        return cleanup;
    }

    /** The buffer between EventBridge and the function. */
    public IQueue getEvents() {
        return events;
    }

    public JavaFunction getFunction() {
        return function;
    }

    public Rule getRule() {
        return rule;
    }

    /** The schedule that runs the function in reconcile mode. */
    public Rule getReconcileRule() {
        return reconcileRule;
    }
}
