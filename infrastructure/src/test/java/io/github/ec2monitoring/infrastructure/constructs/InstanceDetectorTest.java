package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class InstanceDetectorTest {

    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = Template.fromStack(TestApps.stack(TestApps.newApp(), TestApps.config()));
    }

    @Test
    void ruleMatchesTheEc2StatesTheFunctionActsOn() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                "source", List.of("aws.ec2"),
                "detail-type", List.of("EC2 Instance State-change Notification"),
                "detail", Map.of("state", List.of("running", "stopped", "shutting-down", "terminated")))));
    }

    @Test
    void aScheduleRunsTheReconcilerEveryFiveMinutes() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(5 minutes)",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("InstanceDetectorEvents.*"),
                                "Arn")))))));
    }

    /** The bound on concurrent detectors reserves nothing, so it cannot fail a deploy on a fresh account. */
    @Test
    void aQueueRunsAtMostTwoDetectorsAtOnceWithoutReservingConcurrency() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", InstanceDetector.HANDLER,
                "ReservedConcurrentExecutions", Match.absent(),
                "Timeout", 300));
        Capture function = new Capture();
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("InstanceDetectorEvents.*"),
                        "Arn")),
                "FunctionName", function,
                "BatchSize", 10,
                "ScalingConfig", Map.of("MaximumConcurrency", 2),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        org.junit.jupiter.api.Assertions.assertTrue(function.asObject().toString().contains(":live"),
                "the event source invokes the live alias: " + function.asObject());
    }

    @Test
    void eachDetectorPacesItsAlarmWritesToItsShareOfTheQuota() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", InstanceDetector.HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(Detector.ALARM_WRITES_PER_SECOND.name(), "1.5")))));
    }

    @Test
    void theQueueOutlivesSixTimeoutsAndHandsAMessageThatFailedFiveTimesToTheDeadLetterQueue() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "VisibilityTimeout", 1800,
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Map.of("maxReceiveCount", 5, "deadLetterTargetArn", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("InstanceDetectorFunctionDeadLetterQueue.*"), "Arn")))));
    }

    @Test
    void ruleQueuesStateChangesAndKeepsUndeliveredEvents() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "Arn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("InstanceDetectorEvents.*"), "Arn")),
                "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("InstanceDetectorFunctionDeadLetterQueue.*"), "Arn"))),
                "RetryPolicy", Map.of("MaximumRetryAttempts", 4, "MaximumEventAgeInSeconds", 7200))))));
    }

    @Test
    void functionIsConfiguredWithPrefixGroupProfileTopicsAndThresholds() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", InstanceDetector.HANDLER,
                "Environment", Map.of("Variables", Map.ofEntries(
                        Map.entry(FunctionEnvironments.ALARM_NAME_PREFIX.name(), "web"),
                        Map.entry(Detector.AUTO_SCALING_GROUP_NAMES.name(), Map.of("Ref", Match.stringLikeRegexp("WebTierASG.*"))),
                        Map.entry(Detector.INSTANCE_PROFILE_ARN.name(), Map.of("Fn::GetAtt", List.of(
                                Match.stringLikeRegexp("InstanceRoleInstanceProfile.*"), "Arn"))),
                        Map.entry(Detector.ATTACH_INSTANCE_PROFILE.name(), "true"),
                        Map.entry(FunctionEnvironments.WARNING_TOPIC_ARN.name(), Map.of("Ref", Match.stringLikeRegexp("AlertTopicsWarning.*"))),
                        Map.entry(FunctionEnvironments.CRITICAL_TOPIC_ARN.name(), Map.of("Ref", Match.stringLikeRegexp("AlertTopicsCritical.*"))),
                        Map.entry(Detector.CPU_WARNING_PERCENT.name(), "60.0"),
                        Map.entry(Detector.CPU_CRITICAL_PERCENT.name(), "80.0"),
                        Map.entry(Detector.MEMORY_WARNING_PERCENT.name(), "80.0"),
                        Map.entry(Detector.MEMORY_CRITICAL_PERCENT.name(), "90.0"),
                        Map.entry(Detector.DISK_WARNING_PERCENT.name(), "75.0"),
                        Map.entry(Detector.DISK_CRITICAL_PERCENT.name(), "90.0"),
                        Map.entry(Detector.STOPPED_INSTANCES.name(), "keep"),
                        Map.entry(Detector.ALARM_WRITES_PER_SECOND.name(), "1.5"),
                        Map.entry(Detector.ALARM_MODE.name(), "per-instance")))));
    }

    @Test
    void alarmPermissionsAreScopedToThePrefix() {
        hasPolicyStatement(Map.of(
                        "Sid", "WriteOwnAlarmsOnly",
                        "Action", List.of("cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm",
                                "cloudwatch:TagResource"),
                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:aws:cloudwatch:ap-northeast-2:", Map.of("Ref", "AWS::AccountId"), ":alarm:web-*")))));
    }

    @Test
    void mayPassOnlyTheInstanceRoleAndOnlyToEc2() {
        hasPolicyStatement(Map.of(
                        "Action", "iam:PassRole",
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("InstanceRole.*"), "Arn")),
                        "Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com"))));
    }

    @Test
    void mayAttachProfilesOnlyToInstancesOfTheGroup() {
        hasPolicyStatement(Map.of(
                        "Action", "ec2:AssociateIamInstanceProfile",
                        "Condition", Map.of("StringEquals", Map.of("aws:ResourceTag/aws:autoscaling:groupName",
                                List.of(Map.of("Ref", Match.stringLikeRegexp("WebTierASG.*")))))));
    }

    private static void hasPolicyStatement(Map<String, Object> statement) {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(statement))))));
    }

    private static String logicalId(String type, String pattern) {
        return template.findResources(type).keySet().stream().filter(id -> id.matches(pattern)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " named " + pattern));
    }

    /** The function itself answers the stack's Custom::AlarmCleanup: on delete it removes every alarm it made. */
    @Test
    void aCleanupResourceServedByTheFunctionsLiveAliasRemovesItsAlarmsWhenTheStackGoes() {
        template.hasResourceProperties("Custom::AlarmCleanup", Map.of(
                "ServiceToken", Map.of("Ref", Match.stringLikeRegexp("InstanceDetectorFunctionAlias.*")),
                "AlarmNamePrefix", "web"));
    }

    /**
     * CloudFormation deletes a resource before those it depends on: what could create alarms (both rules, the
     * queue's event source) goes before the cleanup runs; the function and the topics go after it.
     */
    @Test
    void whatCouldCreateAlarmsIsDeletedBeforeTheCleanupAndTheFunctionAndTopicsAfterIt() {
        String cleanup = logicalId("Custom::AlarmCleanup", "InstanceDetectorAlarmCleanup.*");
        for (String type : List.of("AWS::Events::Rule", "AWS::Lambda::EventSourceMapping")) {
            template.findResources(type).forEach((id, resource) -> {
                if (id.startsWith("InstanceDetector")) {
                    org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(resource.get("DependsOn"))
                            .contains(cleanup), id + " depends on the cleanup: " + resource.get("DependsOn"));
                }
            });
        }
        String dependsOn = String.valueOf(template.findResources("Custom::AlarmCleanup").get(cleanup).get("DependsOn"));
        org.junit.jupiter.api.Assertions.assertTrue(dependsOn.contains("AlertTopicsWarning")
                && dependsOn.contains("AlertTopicsCritical"), dependsOn);
    }
}
