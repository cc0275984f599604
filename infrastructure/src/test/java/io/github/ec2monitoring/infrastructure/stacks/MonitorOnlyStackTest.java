package io.github.ec2monitoring.infrastructure.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** createWebTier false, two groups people already run: the monitoring alone, watching exactly those groups. */
class MonitorOnlyStackTest {

    private static final List<String> GROUPS = List.of("shop-web", "api-web");
    private static MonitoringStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestApps.stack(TestApps.newApp(), TestApps.monitoring(false, GROUPS));
        template = Template.fromStack(stack);
    }

    @Test
    void buildsNothingOfTheWebTier() {
        for (String type : List.of("AWS::EC2::VPC", "AWS::EC2::NatGateway", "AWS::EC2::LaunchTemplate",
                "AWS::AutoScaling::AutoScalingGroup", "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "AWS::S3::Bucket")) {
            template.resourceCountIs(type, 0);
        }
    }

    @Test
    void keepsTheMonitoring() {
        template.resourceCountIs("AWS::SNS::Topic", 3);
        template.resourceCountIs("AWS::Lambda::Function", 2);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.resourceCountIs("AWS::SSM::Parameter", 1);
        template.resourceCountIs("Custom::AlarmCleanup", 1);
        assertTrue(template.findResources("AWS::CloudWatch::Alarm").size() >= 10, "the self-alarms");
    }

    @Test
    void theAgentAssociationTargetsBothGroupsByTheirTag() {
        template.hasResourceProperties("AWS::SSM::Association", Map.of(
                "Targets", List.of(Map.of("Key", "tag:aws:autoscaling:groupName", "Values", GROUPS))));
    }

    @Test
    void theDetectorWatchesBothGroupsAndMayAttachItsProfileToTheirInstancesOnly() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        Detector.AUTO_SCALING_GROUP_NAMES.name(), "shop-web,api-web")))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "ec2:AssociateIamInstanceProfile",
                        "Condition", Map.of("StringEquals", Map.of("aws:ResourceTag/aws:autoscaling:groupName",
                                GROUPS)))))))));
    }

    @Test
    void cpuAlertTakesEachAlarmsGroupFromTheAlarmNotFromTheStack() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Match.stringLikeRegexp(".*CpuAlertHandler.*"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        CpuAlert.AUTO_SCALING_GROUP_NAME.name(), Match.absent())))));
    }

    /** The detector names the group at the end of each description; cpu-alert reads it back from there. */
    @Test
    void cpuAlertReadsTheGroupTheWayTheDetectorWritesIt() {
        assertEquals(io.github.ec2monitoring.detector.AlarmPlanner.GROUP_SUFFIX,
                io.github.ec2monitoring.cpualert.AlarmNotification.GROUP_SUFFIX);
    }

    @Test
    void theDashboardHasARowPerGroup() {
        String body = template.findResources("AWS::CloudWatch::Dashboard").values().iterator().next().toString();

        for (String group : GROUPS) {
            assertTrue(body.contains("## Auto Scaling group ") && body.contains(group), group + ": " + body);
        }
    }

    @Test
    void hasNoUnsuppressedNagFinding() {
        Annotations.fromStack(stack).hasNoError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        Annotations.fromStack(stack).hasNoWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    }

    @Test
    void refusesGroupNamesAutoScalingWouldNot() {
        for (List<String> bad : List.of(List.of(""), List.of("a,b"), List.of("x".repeat(256)), List.of("a", "a"))) {
            assertThrows(IllegalArgumentException.class, () -> TestApps.monitoring(true, bad), bad.toString());
        }
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> TestApps.monitoring(false, List.of()));
        assertTrue(nothing.getMessage().contains("monitoredGroups is empty"), nothing.getMessage());
    }

    @Test
    void besideTheWebTierTheExistingGroupsAreWatchedToo() {
        Template both = Template.fromStack(TestApps.stack(TestApps.newApp(), TestApps.monitoring(true,
                List.of("shop-web"))));

        both.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 1);
        both.hasResourceProperties("AWS::SSM::Association", Map.of("Targets", List.of(Map.of(
                "Key", "tag:aws:autoscaling:groupName",
                "Values", List.of(Map.of("Ref", Match.stringLikeRegexp("WebTierASG.*")), "shop-web")))));
        assertEquals(1, both.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler",
                Match.stringLikeRegexp(".*InstanceDetectorHandler.*")))).size());
    }
}
