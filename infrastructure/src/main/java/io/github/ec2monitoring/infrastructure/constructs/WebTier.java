package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthCheckType;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.autoscaling.GroupMetrics;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.autoscaling.RollingUpdateOptions;
import software.amazon.awscdk.services.autoscaling.UpdatePolicy;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.InstanceArchitecture;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.OperatingSystemType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SsmParameterImageOptions;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The monitored web tier: an internet-facing Application Load Balancer in front of an Auto Scaling group of Ubuntu
 * 24.04 instances running Apache and the CloudWatch agent.
 */
public final class WebTier extends Construct {

    /** Canonical's public SSM parameter: the current Ubuntu 24.04 LTS image, resolved at deploy time. */
    static final String UBUNTU_IMAGE_PARAMETER = "/aws/service/canonical/ubuntu/server/24.04/stable/current/%s/hvm/ebs-gp3/ami-id";
    static final int ROOT_VOLUME_GIB = 16;

    private final AutoScalingGroup autoScalingGroup;
    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup targetGroup;
    private final String url;

    public WebTier(Construct scope, String id, WebTierProps props) {
        super(scope, id);


        SecurityGroup instanceSecurityGroup = SecurityGroup.Builder.create(this, "InstanceSecurityGroup")
                .vpc(props.vpc())
                .description("Web tier instances: HTTP from the load balancer only")
                .allowAllOutbound(true)
                .build();

        String architecture = props.instanceType().getArchitecture() == InstanceArchitecture.ARM_64 ? "arm64" : "amd64";
        UserData userData = UserData.forLinux();
        userData.addCommands(bootScript(architecture, props.agentConfig().getParameter().getParameterName()));

        LaunchTemplate launchTemplate = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .instanceType(props.instanceType())
                .machineImage(MachineImage.fromSsmParameter(String.format(UBUNTU_IMAGE_PARAMETER, architecture),
                        SsmParameterImageOptions.builder().os(OperatingSystemType.LINUX).build()))
                .userData(userData)
                .instanceProfile(props.instanceRole().getInstanceProfile())
                .securityGroup(instanceSecurityGroup)
                .requireImdsv2(true)
                .httpPutResponseHopLimit(1)
                .detailedMonitoring(true)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/sda1")
                        .volume(BlockDeviceVolume.ebs(ROOT_VOLUME_GIB, EbsDeviceOptions.builder()
                                .volumeType(EbsDeviceVolumeType.GP3)
                                .encrypted(true)
                                .deleteOnTermination(true)
                                .build()))
                        .build()))
                .build();

        autoScalingGroup = AutoScalingGroup.Builder.create(this, "Resource")
                .vpc(props.vpc())
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .launchTemplate(launchTemplate)
                .minCapacity(props.minCapacity())
                .maxCapacity(props.maxCapacity())
                .desiredCapacity(props.desiredCapacity())
                .healthChecks(HealthChecks.withAdditionalChecks(AdditionalHealthChecksOptions.builder()
                        .additionalTypes(List.of(AdditionalHealthCheckType.ELB))
                        .gracePeriod(Duration.minutes(5))
                        .build()))
                .groupMetrics(List.of(GroupMetrics.all()))
                // A new AMI or launch template rolls through the group one instance at a time.
                .updatePolicy(UpdatePolicy.rollingUpdate(RollingUpdateOptions.builder()
                        .maxBatchSize(1)
                        .minInstancesInService(props.minCapacity())
                        .pauseTime(Duration.minutes(5))
                        .build()))
                .build();
        // First boot installs packages from the internet: the instances wait for the private subnets' NAT routes.
        props.vpc().getPrivateSubnets().forEach(subnet ->
                autoScalingGroup.getNode().addDependency(subnet.getInternetConnectivityEstablished()));
        // A lab wants the same size after every deploy; scaling moves it between deploys.
        Annotations.of(autoScalingGroup).acknowledgeWarning("@aws-cdk/aws-autoscaling:desiredCapacitySet",
                "the desired capacity is reset on purpose at each deploy");
        autoScalingGroup.scaleOnCpuUtilization("CpuTargetTracking", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(props.scalingCpuTargetPercent())
                .build());

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                // Versions keep a deleted or overwritten log as evidence until its retention ends.
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .expiration(Duration.days(props.accessLogRetentionDays()))
                        .noncurrentVersionExpiration(Duration.days(props.accessLogRetentionDays()))
                        .build()))
                // Access logs are audit evidence: they outlive the stack.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(props.vpc())
                .internetFacing(true)
                .dropInvalidHeaderFields(true)
                .build();
        loadBalancer.logAccessLogs(accessLogs, "alb");
        Aspects.of(accessLogs).add(new SourceAccountBinding());
        String noAccessLogsOfAccessLogs = "This bucket holds the load balancer's access logs; logging access to it "
                + "would need a second log bucket for a bucket only the ELB log-delivery service writes to.";
        Nag.suppress(accessLogs, "AwsSolutions-S1", noAccessLogsOfAccessLogs);
        ScannerSkips.checkov(accessLogs, "CKV_AWS_18", noAccessLogsOfAccessLogs);
        ApplicationListener listener;
        if (props.certificateArn() == null) {
            listener = loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                    .port(80)
                    .protocol(ApplicationProtocol.HTTP)
                    .open(true)
                    .build());
            String noCertificate = "No certificateArn was given, so the site is served over HTTP only; set "
                    + "certificateArn for HTTPS with the recommended TLS policy (docs/isms-p.md, 2.7.1).";
            ScannerSkips.checkov(listener, "CKV_AWS_2", noCertificate);
            ScannerSkips.checkov(listener, "CKV_AWS_103", noCertificate);
        } else {
            listener = loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                    .port(443)
                    .protocol(ApplicationProtocol.HTTPS)
                    .certificates(List.of(ListenerCertificate.fromArn(props.certificateArn())))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .open(true)
                    .build());
            loadBalancer.addRedirect(ApplicationLoadBalancerRedirectConfig.builder()
                    .sourcePort(80)
                    .sourceProtocol(ApplicationProtocol.HTTP)
                    .targetPort(443)
                    .targetProtocol(ApplicationProtocol.HTTPS)
                    .build());
        }
        url = (props.certificateArn() == null ? "http://" : "https://") + loadBalancer.getLoadBalancerDnsName();
        // The load test's network mode sends its traffic here by default: through the instance's own interface
        // and out to the load balancer, the path the agent's net metrics count (loopback they do not).
        userData.addCommands("step sh -c \"mkdir -p /etc/ec2-monitoring && echo http://"
                + loadBalancer.getLoadBalancerDnsName() + "/ > " + LOAD_TEST_TARGET + "\"");
        targetGroup = listener.addTargets("Web", AddApplicationTargetsProps.builder()
                .port(80)
                .protocol(ApplicationProtocol.HTTP)
                .targets(List.of(autoScalingGroup))
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .path("/")
                        .healthyHttpCodes("200")
                        .build())
                .deregistrationDelay(Duration.seconds(30))
                .build());
        loadBalancer.getConnections().getSecurityGroups().forEach(group -> ScannerSkips.checkov(group, "CKV_AWS_260",
                "A public web site: the load balancer takes HTTP on port 80 from anyone (redirected to HTTPS when a "
                        + "certificate is given); the instances take HTTP from the load balancer only."));
        Nag.suppress(loadBalancer, "AwsSolutions-EC23",
                "A public web tier: the load balancer takes HTTP (and HTTPS, when a certificate is given) from "
                        + "anyone on ports 80 and 443 only; instances take HTTP from the load balancer's security "
                        + "group only.");
        Nag.suppress(autoScalingGroup, "AwsSolutions-AS3",
                "Scaling activity reaches operators through the dashboard's group metrics and the EventBridge "
                        + "state changes the instance-detector handles; Auto Scaling notifications to the KMS-encrypted "
                        + "alert topics would need the Auto Scaling service-linked role in the key policy.");
    }

    /** Where the load test finds its network target on an instance (see load-test/cloudwatch-metric-test.sh). */
    static final String LOAD_TEST_TARGET = "/etc/ec2-monitoring/load-test-url";
    /** Attempts of each network step at boot, waiting 10, 20, 30 and 40 s between them. */
    static final int BOOT_ATTEMPTS = 5;

    /**
     * Installs Apache (with 404s logged to error.log, which Apache 2.4 does not do by default) and the CloudWatch
     * agent, then starts the agent with the configuration from SSM. Each step is logged to syslog (tag
     * {@code web-tier-boot}), so a failed bootstrap shows in the instance's syslog stream; network steps are retried
     * a bounded number of times, since a fresh instance may come up before its route to the internet works.
     */
    static String[] bootScript(String architecture, String agentConfigParameterName) {
        return new String[] {
            "set -uo pipefail",
            "export DEBIAN_FRONTEND=noninteractive",
            "log() { logger -t web-tier-boot -- \"$*\"; echo \"web-tier-boot: $*\"; }",
            "step() { log \"step: $*\"; \"$@\" || { log \"FAILED: $*\"; exit 1; }; }",
            "retry() { local n=1; until \"$@\"; do if (( n >= " + BOOT_ATTEMPTS + " )); then "
                    + "log \"FAILED after $n attempts: $*\"; exit 1; fi; "
                    + "log \"attempt $n failed: $*; next in $(( n * 10 )) s\"; sleep $(( n * 10 )); n=$(( n + 1 )); done; "
                    + "log \"done: $*\"; }",
            "retry apt-get update",
            "retry apt-get install -y apache2 curl",
            "step sh -c \"printf 'LogLevel notice core:info\\n' > /etc/apache2/conf-available/monitoring-loglevel.conf\"",
            "step a2enconf monitoring-loglevel",
            "step systemctl restart apache2",
            // The region's own bucket: reached through the S3 gateway endpoint when vpcEndpoints is on.
            "retry curl -fsSL -o /tmp/amazon-cloudwatch-agent.deb "
                    + "https://amazoncloudwatch-agent-" + Aws.REGION + ".s3." + Aws.REGION + "." + Aws.URL_SUFFIX
                    + "/ubuntu/" + architecture + "/latest/amazon-cloudwatch-agent.deb",
            "step dpkg -i -E /tmp/amazon-cloudwatch-agent.deb",
            "rm -f /tmp/amazon-cloudwatch-agent.deb",
            // The agent runs as cwagent; syslog and Apache logs are readable by the adm group.
            "step usermod -aG adm cwagent",
            "retry /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c ssm:"
                    + agentConfigParameterName,
            "log \"bootstrap complete\"",
        };
    }

    public AutoScalingGroup getAutoScalingGroup() {
        return autoScalingGroup;
    }

    public ApplicationLoadBalancer getLoadBalancer() {
        return loadBalancer;
    }

    public ApplicationTargetGroup getTargetGroup() {
        return targetGroup;
    }

    /** The site's address: https when a certificate was given. */
    public String getUrl() {
        return url;
    }
}
