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
import software.amazon.awscdk.assertions.Capture;
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
    void bothAlertTopicsDeliverToTheCpuAlertAlias() {
        // One e-mail address on three topics, and cpu-alert on warning and critical.
        template.resourceCountIs("AWS::SNS::Subscription", 5);
        Capture endpoint = new Capture();
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "lambda", "Endpoint", endpoint));
        assertEquals(Map.of("Ref", endpoint.asObject().get("Ref")), endpoint.asObject());
        assertTrue(endpoint.asObject().get("Ref").toString().startsWith("CpuAlertFunctionAlias"));
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
