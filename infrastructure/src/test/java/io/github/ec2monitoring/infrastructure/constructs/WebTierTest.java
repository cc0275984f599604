package io.github.ec2monitoring.infrastructure.constructs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.logs.RetentionDays;

class WebTierTest {

    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = template("t3.micro");
    }

    static Template template(String instanceType) {
        return template(instanceType, null);
    }

    static Template template(String instanceType, String certificateArn) {
        Stack stack = new Stack(TestApps.newApp(), "Test",
                StackProps.builder().env(Environment.builder().region("ap-northeast-2").build()).build());
        Network network = new Network(stack, "Network", new NetworkProps(null, RetentionDays.ONE_YEAR));
        AgentConfig agentConfig = new AgentConfig(stack, "AgentConfig",
                new AgentConfigProps(TestApps.agentConfigJson(), RetentionDays.ONE_YEAR,
                AlarmResolution.STANDARD));
        InstanceRole role = new InstanceRole(stack, "InstanceRole", new InstanceRoleProps(agentConfig));
        new WebTier(stack, "WebTier", new WebTierProps(network.getVpc(), new InstanceType(instanceType), 1, 3, 2, 50,
                agentConfig, role, 365, certificateArn));
        return Template.fromStack(stack);
    }

    /** The launch template's user data, tokens and all. */
    private static String userData() {
        Capture userData = new Capture();
        template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
                "UserData", userData))));
        return userData.asObject().toString();
    }

    @Test
    void launchTemplateRequiresImdsv2() {
        template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
                "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1)))));
    }

    @Test
    void rootVolumeIsEncryptedGp3() {
        template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
                "BlockDeviceMappings", List.of(Map.of("DeviceName", "/dev/sda1", "Ebs", Map.of(
                        "Encrypted", true, "VolumeType", "gp3", "VolumeSize", 16, "DeleteOnTermination", true)))))));
    }

    @Test
    void imageIsUbuntu2404FromCanonicalsParameterForTheInstanceArchitecture() {
        assertTrue(template.toJSON().toString().contains(
                "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"));
        assertTrue(template("t4g.micro").toJSON().toString().contains(
                "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"));
    }

    @Test
    void userDataInstallsApacheWith404LoggingAndStartsTheAgentFromTheParameter() {
        String script = userData();

        assertTrue(script.contains("retry apt-get install -y apache2"), script);
        assertTrue(script.contains("LogLevel notice core:info"), script);
        assertTrue(script.contains("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:"), script);
        assertTrue(script.contains("AgentConfig"), "the parameter is referenced, not copied: " + script);
        assertTrue(script.contains("usermod -aG adm cwagent"), script);
    }

    /** A fresh instance may boot before its NAT route works: network steps retry, a bounded number of times. */
    @Test
    void userDataRetriesNetworkStepsWithABoundAndLogsEachStepToSyslog() {
        String script = userData();

        assertTrue(script.contains("logger -t web-tier-boot"), script);
        assertTrue(script.contains("(( n >= " + WebTier.BOOT_ATTEMPTS + " ))"), script);
        for (String network : new String[] {"apt-get update", "apt-get install", "curl -fsSL", "fetch-config"}) {
            assertTrue(script.contains("retry " + network) || script.contains("retry /opt/aws/amazon-cloudwatch-agent"
                    + "/bin/amazon-cloudwatch-agent-ctl -a " + network), network + " is retried: " + script);
        }
        assertTrue(!script.contains("set -e"), "a failed step is logged, not a silent exit: " + script);
    }

    @Test
    void theGroupWaitsForThePrivateSubnetsNatRoutes() {
        Map<String, Map<String, Object>> groups = template.findResources("AWS::AutoScaling::AutoScalingGroup");
        String dependsOn = String.valueOf(groups.values().iterator().next().get("DependsOn"));

        assertTrue(dependsOn.matches(".*NetworkprivateSubnet1DefaultRoute.*"), dependsOn);
        assertTrue(dependsOn.matches(".*NetworkprivateSubnet2DefaultRoute.*"), dependsOn);
    }

    @Test
    void aNewImageOrLaunchTemplateRollsThroughTheGroupOneInstanceAtATime() {
        template.hasResource("AWS::AutoScaling::AutoScalingGroup", Map.of("UpdatePolicy", Map.of(
                "AutoScalingRollingUpdate", Map.of("MaxBatchSize", 1, "MinInstancesInService", 1,
                        "PauseTime", "PT5M"))));
    }

    @Test
    void withoutACertificateTheLoadBalancerServesHttpOnly() {
        template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80, "Protocol", "HTTP"));
    }

    @Test
    void aCertificateGivesHttpsWithTheRecommendedTlsPolicyAndRedirectsHttp() {
        Template https = template("t3.micro",
                "arn:aws:acm:ap-northeast-2:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666");

        https.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 443, "Protocol", "HTTPS",
                "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "Certificates", List.of(Map.of("CertificateArn",
                        "arn:aws:acm:ap-northeast-2:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"))));
        https.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of(
                "Port", 80, "Protocol", "HTTP",
                "DefaultActions", List.of(Map.of("Type", "redirect", "RedirectConfig", Match.objectLike(Map.of(
                        "Port", "443", "Protocol", "HTTPS", "StatusCode", "HTTP_301"))))));
    }

    @Test
    void instancesUseDetailedMonitoringSoAlarmsSeeEveryMinute() {
        template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
                "Monitoring", Map.of("Enabled", true)))));
    }

    @Test
    void instanceRoleHasTheSsmPolicyAndMayReadTheAgentConfig() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", List.of(
                Match.objectLike(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":iam::aws:policy/AmazonSSMManagedInstanceCore")))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "ssm:GetParameter",
                        "Resource", Match.objectLike(Map.of("Fn::Join", Match.anyValue())))))))));
    }

    @Test
    void groupScalesOnCpuAndReplacesInstancesFailingTheLoadBalancerCheck() {
        template.hasResourceProperties("AWS::AutoScaling::ScalingPolicy", Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingConfiguration", Match.objectLike(Map.of(
                        "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "ASGAverageCPUUtilization"),
                        "TargetValue", 50))));
        template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
                "MinSize", "1", "MaxSize", "3", "DesiredCapacity", "2", "HealthCheckType", "ELB"));
    }

    /** CDK writes the log delivery statements without a source condition; the stack binds them to this account. */
    @Test
    void theLogDeliveryServiceMayWriteAccessLogsForThisAccountOnly() {
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "s3:PutObject",
                        "Principal", Map.of("Service", "delivery.logs.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of(
                                "s3:x-amz-acl", "bucket-owner-full-control",
                                "aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))))))))));
    }

    @Test
    void loadBalancerIsInternetFacingAndLogsAccessToAnEncryptedBucket() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "Scheme", "internet-facing",
                "LoadBalancerAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true"),
                        Map.of("Key", "access_logs.s3.enabled", "Value", "true")))));
        template.hasResourceProperties("AWS::S3::Bucket", Map.of("BucketEncryption", Map.of(
                "ServerSideEncryptionConfiguration", List.of(Map.of("ServerSideEncryptionByDefault",
                        Map.of("SSEAlgorithm", "AES256"))))));
    }

    @Test
    void instancesTakeHttpOnlyFromTheLoadBalancer() {
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "IpProtocol", "tcp", "FromPort", 80, "ToPort", 80,
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("WebTierLoadBalancerSecurityGroup.*"), "GroupId"))));
    }

    @Test
    void newVpcHasFlowLogs() {
        template.resourceCountIs("AWS::EC2::FlowLog", 1);
    }

    /** The load test's network mode must cross the instance's interface: its default target is the load balancer. */
    @Test
    void bootWritesTheLoadBalancersAddressWhereTheLoadTestLooksForItsNetworkTarget() {
        String script = userData();

        assertTrue(script.contains("> " + WebTier.LOAD_TEST_TARGET), script);
        assertTrue(script.matches("(?s).*echo http://.*WebTierLoadBalancer[0-9A-F]{8}.*DNSName.*"), script);
    }
}
