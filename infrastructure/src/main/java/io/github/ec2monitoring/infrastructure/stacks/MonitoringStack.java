package io.github.ec2monitoring.infrastructure.stacks;

import io.github.ec2monitoring.infrastructure.app.AppConfig;
import io.github.ec2monitoring.infrastructure.constructs.AgentConfig;
import io.github.ec2monitoring.infrastructure.constructs.AgentConfigProps;
import io.github.ec2monitoring.infrastructure.constructs.AgentRollout;
import io.github.ec2monitoring.infrastructure.constructs.AgentRolloutProps;
import io.github.ec2monitoring.infrastructure.constructs.AlertTopics;
import io.github.ec2monitoring.infrastructure.constructs.AlertTopicsProps;
import io.github.ec2monitoring.infrastructure.constructs.CpuAlert;
import io.github.ec2monitoring.infrastructure.constructs.CpuAlertProps;
import io.github.ec2monitoring.infrastructure.constructs.GroupAlarms;
import io.github.ec2monitoring.infrastructure.constructs.GroupAlarmsProps;
import io.github.ec2monitoring.infrastructure.constructs.InstanceDetector;
import io.github.ec2monitoring.infrastructure.constructs.InstanceDetectorProps;
import io.github.ec2monitoring.infrastructure.constructs.MonitoringDashboard;
import io.github.ec2monitoring.infrastructure.constructs.MonitoringDashboardProps;
import io.github.ec2monitoring.infrastructure.constructs.Network;
import io.github.ec2monitoring.infrastructure.constructs.SelfMonitoring;
import io.github.ec2monitoring.infrastructure.constructs.SelfMonitoringProps;
import io.github.ec2monitoring.infrastructure.constructs.NetworkProps;
import io.github.ec2monitoring.infrastructure.constructs.WebTier;
import io.github.ec2monitoring.infrastructure.constructs.WebTierProps;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** The whole monitored environment. It only composes constructs and names the outputs. */
public final class MonitoringStack extends Stack {

    public MonitoringStack(Construct scope, String id, StackProps stackProps, MonitoringStackProps props) {
        super(scope, id, stackProps);
        AppConfig config = props.config();
        RetentionDays retention = retention(config.logRetentionDays());

        Network network = new Network(this, "Network", new NetworkProps(config.existingVpcId(), retention));
        AgentConfig agentConfig = new AgentConfig(this, "AgentConfig",
                new AgentConfigProps(props.agentConfigJson(), retention));
        AlertTopics topics = new AlertTopics(this, "AlertTopics", new AlertTopicsProps(
                config.alertEmails(), config.slackWorkspaceId(), config.slackChannelId(), config.chatbotTopics(),
                config.destroyKeyWithStack()));
        WebTier webTier = new WebTier(this, "WebTier", new WebTierProps(
                network.getVpc(),
                new InstanceType(config.instanceType()),
                config.minCapacity(),
                config.maxCapacity(),
                config.desiredCapacity(),
                config.scalingCpuTargetPercent(),
                agentConfig,
                config.logRetentionDays(),
                config.certificateArn()));
        new AgentRollout(this, "AgentRollout", new AgentRolloutProps(agentConfig,
                List.of(webTier.getAutoScalingGroup().getAutoScalingGroupName())));
        InstanceDetector detector = new InstanceDetector(this, "InstanceDetector", new InstanceDetectorProps(
                props.instanceDetectorCode(),
                config.alarmNamePrefix(),
                config.thresholds(),
                config.attachInstanceProfile(),
                config.removeAlarmsOfStoppedInstances(),
                Duration.minutes(config.reconcileMinutes()),
                webTier.getAutoScalingGroup(),
                webTier.getInstanceProfile(),
                webTier.getInstanceRole(),
                topics.getWarning(),
                topics.getCritical(),
                retention,
                config.alarmWritesPerSecond(),
                config.detectorConcurrency()));
        CpuAlert cpuAlert = new CpuAlert(this, "CpuAlert", new CpuAlertProps(
                props.cpuAlertCode(),
                agentConfig.getSyslogLogGroup(),
                agentConfig.getApacheErrorLogGroup(),
                config.slackWebhookSecretName(),
                config.logWindowMinutes(),
                webTier.getAutoScalingGroup().getAutoScalingGroupName(),
                config.slackTimeZone(),
                config.slackMessageLanguage(),
                config.slackMaskPersonalData(),
                topics.getWarning(),
                topics.getCritical(),
                // What Chatbot carries, cpu-alert does not: no alarm reaches Slack twice.
                !config.chatbotEnabled() || !config.chatbotTopics().contains("warning"),
                !config.chatbotEnabled() || !config.chatbotTopics().contains("critical"),
                retention));
        SelfMonitoring selfMonitoring = new SelfMonitoring(this, "SelfMonitoring", new SelfMonitoringProps(
                detector, cpuAlert, topics.getHealth(), Duration.minutes(config.reconcileMinutes())));
        GroupAlarms groupAlarms = new GroupAlarms(this, "GroupAlarms", new GroupAlarmsProps(
                webTier.getAutoScalingGroup(),
                webTier.getTargetGroup(),
                config.thresholds().cpuCritical(),
                topics.getWarning(),
                topics.getCritical()));
        MonitoringDashboard dashboard = new MonitoringDashboard(this, "Dashboard", new MonitoringDashboardProps(
                webTier.getAutoScalingGroup(), webTier.getLoadBalancer(), groupAlarms.getAlarms(),
                selfMonitoring.getAlarms(), config.alarmNamePrefix()));

        output("WebUrl", webTier.getUrl(), "The web tier behind the load balancer");
        output("WarningTopicArn", topics.getWarning().getTopicArn(), "SNS topic of warning alarms");
        output("CriticalTopicArn", topics.getCritical().getTopicArn(), "SNS topic of critical alarms");
        output("SyslogLogGroupName", agentConfig.getSyslogLogGroup().getLogGroupName(), "Instances' /var/log/syslog");
        output("ApacheErrorLogGroupName", agentConfig.getApacheErrorLogGroup().getLogGroupName(),
                "Instances' /var/log/apache2/error.log");
        output("AutoScalingGroupName", webTier.getAutoScalingGroup().getAutoScalingGroupName(),
                "The monitored Auto Scaling group");
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
