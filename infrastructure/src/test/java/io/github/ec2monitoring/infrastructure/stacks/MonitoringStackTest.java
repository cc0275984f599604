package io.github.ec2monitoring.infrastructure.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class MonitoringStackTest {

    private static MonitoringStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        App app = TestApps.newApp();
        stack = TestApps.stack(app, TestApps.config());
        Aspects.of(app).add(new AwsSolutionsChecks());
        template = Template.fromStack(stack);
    }

    /** The recommended flag restrictDefaultSecurityGroup: the VPC's default security group allows nothing. */
    @Test
    void theVpcsDefaultSecurityGroupIsRestricted() {
        template.resourceCountIs("Custom::VpcRestrictDefaultSG", 1);
    }

    @Test
    void hasNoUnsuppressedNagErrors() {
        Annotations.fromStack(stack).hasNoError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    }

    @Test
    void hasNoUnsuppressedNagWarnings() {
        Annotations.fromStack(stack).hasNoWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    }

    @Test
    void outputsTheUrlTopicsLogGroupsAndDashboard() {
        Map<String, Map<String, Object>> outputs = template.findOutputs("*");

        assertEquals(List.of("ApacheErrorLogGroupName", "AutoScalingGroupName", "CriticalTopicArn", "DashboardUrl",
                "HealthTopicArn", "InstanceProfileArn", "SyslogLogGroupName", "WarningTopicArn", "WebUrl"),
                outputs.keySet().stream().sorted().toList());
    }

    @Test
    void webUrlPointsAtTheLoadBalancer() {
        template.hasOutput("WebUrl", Map.of("Value", Map.of("Fn::Join", List.of("", List.of("http://",
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("WebTierLoadBalancer.*"), "DNSName")))))));
    }

    @Test
    void bothAlertTopicsDeliverIntoTheQueueCpuAlertDrains() {
        // One e-mail address on three topics, and cpu-alert's queue on warning and critical.
        template.resourceCountIs("AWS::SNS::Subscription", 5);
        template.resourcePropertiesCountIs("AWS::SNS::Subscription", Map.of("Protocol", "sqs",
                "Endpoint", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CpuAlertAlarms.*"), "Arn"))), 2);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CpuAlertAlarms.*"), "Arn")),
                "FunctionName", Map.of("Fn::Join", List.of("", List.of(Map.of("Fn::Select", List.of(6, Map.of(
                        "Fn::Split", List.of(":", Map.of("Ref", Match.stringLikeRegexp("CpuAlertFunctionAlias.*")))))),
                        ":live"))),
                "ScalingConfig", Map.of("MaximumConcurrency", 2),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "RedrivePolicy", Map.of("deadLetterTargetArn", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("CpuAlertFunctionDeadLetterQueue.*"), "Arn")),
                        "maxReceiveCount", 5),
                "VisibilityTimeout", 360));
    }

    @Test
    void neverPutsTheWebhookUrlInTheTemplate() {
        String json = template.toJSON().toString();

        assertFalse(json.contains("hooks.slack.com"));
        assertTrue(json.contains("web/slack-webhook"), "only the secret's name");
    }

    @Test
    void everyLogGroupHasTheConfiguredRetention() {
        template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
    }

    @Test
    void acceptsOnlyRetentionPeriodsCloudWatchLogsKnows() {
        assertEquals(software.amazon.awscdk.services.logs.RetentionDays.ONE_YEAR, MonitoringStack.retention(365));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MonitoringStack.retention(364));
    }
}
