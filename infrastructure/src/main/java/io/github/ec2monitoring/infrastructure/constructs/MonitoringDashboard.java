package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.constructs.Construct;

/**
 * One CloudWatch dashboard for the web tier: CPU, memory, disk and network per instance and for the group, the load
 * balancer's requests and errors, and the alarms' status.
 */
public final class MonitoringDashboard extends Construct {

    private static final Duration PERIOD = Duration.minutes(1);

    private final Dashboard dashboard;

    public MonitoringDashboard(Construct scope, String id, MonitoringDashboardProps props) {
        super(scope, id);
        dashboard = Dashboard.Builder.create(this, "Resource").build();

        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# EC2 Auto Scaling monitoring\nPer-instance alarms are created by the instance-detector "
                        + "function: [open the alarms named `" + props.alarmNamePrefix() + "-*`](https://console.aws.amazon.com/"
                        + "cloudwatch/home?region=" + Aws.REGION + "#alarmsV2:?search=" + props.alarmNamePrefix() + ")")
                .width(24)
                .height(2)
                .build());
        for (String group : props.autoScalingGroupNames()) {
            dashboard.addWidgets(TextWidget.Builder.create()
                    .markdown(Fn.join("", List.of("## Auto Scaling group ", group)))
                    .width(24)
                    .height(1)
                    .build());
            dashboard.addWidgets(
                    graph("CPU utilization (%)", List.of(
                            groupMetric("AWS/EC2", "CPUUtilization", group),
                            perInstance("cpu_usage_active", "AutoScalingGroupName,InstanceId,cpu", group))),
                    graph("Memory used (%)", List.of(
                            groupMetric("CWAgent", "mem_used_percent", group),
                            perInstance("mem_used_percent", "AutoScalingGroupName,InstanceId", group))),
                    graph("Root disk used (%)", List.of(
                            groupMetric("CWAgent", "disk_used_percent", group),
                            perInstance("disk_used_percent", "AutoScalingGroupName,InstanceId,fstype,path",
                                    group))),
                    graph("Network bytes and packets (group)", List.of(
                            groupMetric("CWAgent", "net_bytes_sent", group),
                            groupMetric("CWAgent", "net_bytes_recv", group),
                            groupMetric("CWAgent", "net_packets_sent", group),
                            groupMetric("CWAgent", "net_packets_recv", group))));
        }
        if (props.loadBalancer() != null) {
            MetricOptions sum = MetricOptions.builder()
                    .statistic("Sum")
                    .period(PERIOD)
                    .build();
            dashboard.addWidgets(
                    GraphWidget.Builder.create().title("Load balancer requests and errors").width(12).height(6)
                            .left(List.of(
                                    props.loadBalancer().getMetrics().requestCount(sum),
                                    props.loadBalancer().getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_4XX_COUNT,
                                            sum),
                                    props.loadBalancer().getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT,
                                            sum),
                                    props.loadBalancer().getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum)))
                            .build(),
                    AlarmStatusWidget.Builder.create()
                            .title("Group alarms")
                            .alarms(props.alarms())
                            .width(12)
                            .build());
        }
        dashboard.addWidgets(AlarmStatusWidget.Builder.create()
                .title("The monitoring itself: dead letters, function errors and throttles, failing reconciles, "
                        + "refused posts, unreadable logs")
                .alarms(props.selfAlarms())
                .width(24)
                .build());
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(6).height(6).build();
    }

    private static Metric groupMetric(String namespace, String name, String group) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(name)
                .dimensionsMap(Map.of("AutoScalingGroupName", group))
                .statistic("Average")
                .period(PERIOD)
                .label(name + " (group)")
                .build();
    }

    /**
     * One line per instance of the group, from the CloudWatch agent's metrics (they carry the group name); a search,
     * because instances come and go.
     *
     * @param dimensions the metric's exact dimension set
     */
    private static MathExpression perInstance(String name, String dimensions, String group) {
        String search = "SEARCH('{CWAgent," + dimensions + "} MetricName=\"" + name + "\" AutoScalingGroupName=\""
                + group + "\"', 'Average', 60)";
        return MathExpression.Builder.create()
                .expression(search)
                .usingMetrics(Map.of())
                .label("")
                .period(PERIOD)
                .build();
    }

    public Dashboard getDashboard() {
        return dashboard;
    }
}
