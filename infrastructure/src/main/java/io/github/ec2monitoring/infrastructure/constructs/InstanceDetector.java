package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The instance-detector function and the EventBridge rule that feeds it EC2 state changes. Its permissions: alarms
 * under its prefix only, associating a profile only with instances of the watched group, passing only the instance
 * role.
 */
public final class InstanceDetector extends Construct {

    public static final String HANDLER = "io.github.ec2monitoring.detector.InstanceDetectorHandler::handleRequest";
    /** The states the function acts on; other states would only cost invocations. */
    static final List<String> STATES = List.of("running", "terminated");
    static final String GROUP_TAG = "aws:autoscaling:groupName";

    private final JavaFunction function;
    private final Rule rule;

    public InstanceDetector(Construct scope, String id, InstanceDetectorProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String groupName = props.autoScalingGroup().getAutoScalingGroupName();

        function = new JavaFunction(this, "Function", new JavaFunctionProps(
                props.code(),
                HANDLER,
                "Creates and deletes per-instance CPU alarms on EC2 state changes",
                Map.of(
                        "ALARM_NAME_PREFIX", props.alarmNamePrefix(),
                        "AUTO_SCALING_GROUP_NAME", groupName,
                        "INSTANCE_PROFILE_ARN", props.instanceProfile().getInstanceProfileArn(),
                        "WARNING_TOPIC_ARN", props.warningTopic().getTopicArn(),
                        "CRITICAL_TOPIC_ARN", props.criticalTopic().getTopicArn(),
                        "CPU_WARNING_PERCENT", Double.toString(props.cpuWarningPercent()),
                        "CPU_CRITICAL_PERCENT", Double.toString(props.cpuCriticalPercent())),
                1024,
                Duration.seconds(60),
                props.logRetention()));

        String alarms = stack.formatArn(ArnComponents.builder()
                .service("cloudwatch")
                .resource("alarm")
                .resourceName(props.alarmNamePrefix() + "-*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("OwnAlarmsOnly")
                .actions(List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
                        "cloudwatch:TagResource"))
                .resources(List.of(alarms))
                .build());
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadInstances")
                .actions(List.of("ec2:DescribeInstances", "ec2:DescribeIamInstanceProfileAssociations"))
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
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + GROUP_TAG, groupName)))
                .build());
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PassOnlyTheInstanceRole")
                .actions(List.of("iam:PassRole"))
                .resources(List.of(props.instanceRole().getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com")))
                .build());

        Nag.suppressMatching(function.getRole(), "AwsSolutions-IAM5",
                "Alarm names are only known at run time (<prefix>-<instance-id>-...): the wildcard is limited to "
                        + "the prefix. EC2 Describe* calls support no resource-level permissions. Profile association "
                        + "targets instances launched at run time, limited by the group tag condition.",
                ":alarm:" + props.alarmNamePrefix() + "-\\*$", "^Resource::\\*$", ":instance/\\*$");

        rule = Rule.Builder.create(this, "StateChangeRule")
                .description("EC2 instance state changes for the instance-detector function")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.ec2"))
                        .detailType(List.of("EC2 Instance State-change Notification"))
                        .detail(Map.of("state", STATES))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(function.getAlias())
                        .deadLetterQueue(function.getDeadLetterQueue())
                        .retryAttempts(4)
                        .maxEventAge(Duration.hours(2))
                        .build()))
                .build();
    }

    public JavaFunction getFunction() {
        return function;
    }

    public Rule getRule() {
        return rule;
    }
}
