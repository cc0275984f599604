package io.github.ec2monitoring.infrastructure.stacks;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.infrastructure.app.AppConfig;
import io.github.ec2monitoring.infrastructure.constructs.AgentConfig;
import io.github.ec2monitoring.infrastructure.constructs.AgentConfigProps;
import io.github.ec2monitoring.infrastructure.constructs.AgentRollout;
import io.github.ec2monitoring.infrastructure.constructs.AgentRolloutProps;
import io.github.ec2monitoring.infrastructure.constructs.AlertTopics;
import io.github.ec2monitoring.infrastructure.constructs.AlertTopicsProps;
import io.github.ec2monitoring.infrastructure.constructs.CpuAlert;
import io.github.ec2monitoring.infrastructure.constructs.CpuAlertProps;
import io.github.ec2monitoring.infrastructure.constructs.FleetAlarms;
import io.github.ec2monitoring.infrastructure.constructs.FleetAlarmsProps;
import io.github.ec2monitoring.infrastructure.constructs.FleetLabels;
import io.github.ec2monitoring.infrastructure.constructs.GroupAlarms;
import io.github.ec2monitoring.infrastructure.constructs.GroupAlarmsProps;
import io.github.ec2monitoring.infrastructure.constructs.InstanceDetector;
import io.github.ec2monitoring.infrastructure.constructs.InstanceDetectorProps;
import io.github.ec2monitoring.infrastructure.constructs.InstanceRole;
import io.github.ec2monitoring.infrastructure.constructs.InstanceRoleProps;
import io.github.ec2monitoring.infrastructure.constructs.MonitoringDashboard;
import io.github.ec2monitoring.infrastructure.constructs.MonitoringDashboardProps;
import io.github.ec2monitoring.infrastructure.constructs.Network;
import io.github.ec2monitoring.infrastructure.constructs.NetworkProps;
import io.github.ec2monitoring.infrastructure.constructs.SelfMonitoring;
import io.github.ec2monitoring.infrastructure.constructs.SelfMonitoringProps;
import io.github.ec2monitoring.infrastructure.constructs.VpcEndpoints;
import io.github.ec2monitoring.infrastructure.constructs.VpcEndpointsProps;
import io.github.ec2monitoring.infrastructure.constructs.WebTier;
import io.github.ec2monitoring.infrastructure.constructs.WebTierProps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** The whole monitored environment. It only composes constructs and names the outputs. */
public final class MonitoringStack extends Stack {

    public MonitoringStack(Construct scope, String id, StackProps stackProps, MonitoringStackProps props) {
        super(scope, id, stackProps);
        AppConfig config = props.config();
        RetentionDays retention = retention(config.logRetentionDays());

        AgentConfig agentConfig = new AgentConfig(this, "AgentConfig",
                new AgentConfigProps(props.agentConfigJson(), retention, config.alarmResolution()));
        InstanceRole instanceRole = new InstanceRole(this, "InstanceRole", new InstanceRoleProps(agentConfig));
        AlertTopics topics = new AlertTopics(this, "AlertTopics", new AlertTopicsProps(
                config.alertEmails(), config.slackWorkspaceId(), config.slackChannelId(), config.chatbotTopics(),
                config.destroyKeyWithStack()));
        WebTier webTier = null;
        List<String> groups = new ArrayList<>();
        if (config.createWebTier()) {
            Network network = new Network(this, "Network", new NetworkProps(config.existingVpcId(), retention));
            if (config.vpcEndpoints()) {
                new VpcEndpoints(this, "VpcEndpoints", new VpcEndpointsProps(network.getVpc(), agentConfig));
            }
            webTier = new WebTier(this, "WebTier", new WebTierProps(
                    network.getVpc(),
                    new InstanceType(config.instanceType()),
                    config.minCapacity(),
                    config.maxCapacity(),
                    config.desiredCapacity(),
                    config.scalingCpuTargetPercent(),
                    agentConfig,
                    instanceRole,
                    config.logRetentionDays(),
                    config.certificateArn()));
            groups.add(webTier.getAutoScalingGroup().getAutoScalingGroupName());
        }
        groups.addAll(config.monitoredGroups());

        new AgentRollout(this, "AgentRollout", new AgentRolloutProps(agentConfig, groups));
        InstanceDetector detector = new InstanceDetector(this, "InstanceDetector", InstanceDetectorProps.builder()
                .code(props.instanceDetectorCode())
                .alarmNamePrefix(config.alarmNamePrefix())
                .thresholds(config.thresholds())
                .attachInstanceProfile(config.attachInstanceProfile())
                .removeAlarmsOfStoppedInstances(config.removeAlarmsOfStoppedInstances())
                .reconcileEvery(Duration.minutes(config.reconcileMinutes()))
                .autoScalingGroupNames(groups)
                .instanceProfile(instanceRole.getInstanceProfile())
                .instanceRole(instanceRole.getRole())
                .warningTopic(topics.getWarning())
                .criticalTopic(topics.getCritical())
                .logRetention(retention)
                .alarmWritesPerSecond(config.alarmWritesPerSecond())
                .maxConcurrency(config.detectorConcurrency())
                .alarmMode(config.alarmMode())
                .alarmResolution(config.alarmResolution())
                .build());
        CpuAlert cpuAlert = new CpuAlert(this, "CpuAlert", CpuAlertProps.builder()
                .code(props.cpuAlertCode())
                .syslogLogGroup(agentConfig.getSyslogLogGroup())
                .apacheErrorLogGroup(agentConfig.getApacheErrorLogGroup())
                .webhookSecretName(config.slackWebhookSecretName())
                .logWindowMinutes(config.logWindowMinutes())
                // With several groups, each alarm names its own (in its dimensions or its description).
                .autoScalingGroupName(groups.size() == 1 ? groups.get(0) : null)
                .timeZone(config.slackTimeZone())
                .language(config.slackMessageLanguage())
                .maskPersonalData(config.slackMaskPersonalData())
                .warningTopic(topics.getWarning())
                .criticalTopic(topics.getCritical())
                // What Chatbot carries, cpu-alert does not: no alarm reaches Slack twice.
                .postWarnings(!config.chatbotEnabled() || !config.chatbotTopics().contains("warning"))
                .postCritical(!config.chatbotEnabled() || !config.chatbotTopics().contains("critical"))
                .logRetention(retention)
                .alarmNamePrefix(config.alarmNamePrefix())
                .stormThreshold(config.stormThreshold())
                .fleetAlarmNamePattern(config.alarmMode() == AlarmMode.FLEET ? config.alarmNamePrefix() + "-fleet-*"
                        : null)
                .build());
        if (config.alarmMode() == AlarmMode.FLEET) {
            if (config.alarmResolution() == AlarmResolution.HIGH) {
                Annotations.of(this).addWarningV2("ec2monitoring:fleet-alarms-per-minute", "alarmResolution=high "
                        + "makes the agent collect every 10 s, but fleet alarms stay at one minute: Metrics Insights "
                        + "evaluates no finer than one minute. Use alarmMode=per-instance for 10-second alarms.");
            }
            Map<String, String> labelled = new LinkedHashMap<>();
            if (webTier != null) {
                labelled.put(FleetLabels.OWN_GROUP, webTier.getAutoScalingGroup().getAutoScalingGroupName());
            }
            config.monitoredGroups().forEach(group -> labelled.put(FleetLabels.of(group), group));
            labelled.forEach((label, group) -> new FleetAlarms(this, "FleetAlarms-" + label, new FleetAlarmsProps(
                    config.alarmNamePrefix(), label, group, config.thresholds(), topics.getWarning(),
                    topics.getCritical())));
        }
        SelfMonitoring selfMonitoring = new SelfMonitoring(this, "SelfMonitoring", new SelfMonitoringProps(
                detector, cpuAlert, topics.getHealth(), Duration.minutes(config.reconcileMinutes())));
        List<IAlarm> groupAlarms = List.of();
        if (webTier != null) {
            groupAlarms = new GroupAlarms(this, "GroupAlarms", new GroupAlarmsProps(
                    webTier.getAutoScalingGroup(),
                    webTier.getTargetGroup(),
                    config.thresholds().cpuCritical(),
                    topics.getWarning(),
                    topics.getCritical())).getAlarms();
        }
        MonitoringDashboard dashboard = new MonitoringDashboard(this, "Dashboard", new MonitoringDashboardProps(
                groups, webTier == null ? null : webTier.getLoadBalancer(), groupAlarms, selfMonitoring.getAlarms(),
                config.alarmNamePrefix()));

        if (webTier != null) {
            output("WebUrl", webTier.getUrl(), "The web tier behind the load balancer");
            output("AutoScalingGroupName", webTier.getAutoScalingGroup().getAutoScalingGroupName(),
                    "The Auto Scaling group the stack made");
        }
        output("WarningTopicArn", topics.getWarning().getTopicArn(), "SNS topic of warning alarms");
        output("CriticalTopicArn", topics.getCritical().getTopicArn(), "SNS topic of critical alarms");
        output("HealthTopicArn", topics.getHealth().getTopicArn(), "SNS topic of the alarms on the monitoring itself");
        output("SyslogLogGroupName", agentConfig.getSyslogLogGroup().getLogGroupName(), "Instances' /var/log/syslog");
        output("ApacheErrorLogGroupName", agentConfig.getApacheErrorLogGroup().getLogGroupName(),
                "Instances' /var/log/apache2/error.log");
        output("InstanceProfileArn", instanceRole.getInstanceProfile().getInstanceProfileArn(),
                "The profile instance-detector attaches to watched instances that have none");
        output("DashboardUrl", "https://console.aws.amazon.com/cloudwatch/home?region=" + Aws.REGION
                + "#dashboards:name=" + dashboard.getDashboard().getDashboardName(), "The CloudWatch dashboard");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** CloudWatch Logs accepts only these retention periods; {@link AppConfig} rejects any other. */
    static RetentionDays retention(int days) {
        return switch (days) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 120 -> RetentionDays.FOUR_MONTHS;
            case 150 -> RetentionDays.FIVE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            case 400 -> RetentionDays.THIRTEEN_MONTHS;
            case 545 -> RetentionDays.EIGHTEEN_MONTHS;
            case 731 -> RetentionDays.TWO_YEARS;
            case 1096 -> RetentionDays.THREE_YEARS;
            case 1827 -> RetentionDays.FIVE_YEARS;
            case 2192 -> RetentionDays.SIX_YEARS;
            case 2557 -> RetentionDays.SEVEN_YEARS;
            case 2922 -> RetentionDays.EIGHT_YEARS;
            case 3288 -> RetentionDays.NINE_YEARS;
            case 3653 -> RetentionDays.TEN_YEARS;
            default -> throw new IllegalArgumentException("CloudWatch Logs has no retention of " + days + " days");
        };
    }
}
