package io.github.ec2monitoring.cpualert;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * AWS console addresses for the instance, the alarm and a Logs Insights query over the alarm's window. Every value
 * from the alarm is percent-encoded, so it can neither leave the address nor end a Slack link.
 */
final class ConsoleLinks {

    private ConsoleLinks() {}

    private static String base(String region, String service) {
        return "https://" + region + ".console.aws.amazon.com/" + service + "/home?region=" + region;
    }

    static String instance(String region, String instanceId) {
        return base(region, "ec2") + "#InstanceDetails:instanceId=" + encode(instanceId);
    }

    static String alarm(String region, String alarmName) {
        return base(region, "cloudwatch") + "#alarmsV2:alarm/" + encode(alarmName);
    }

    /** The alarm list, filtered to the alarms in ALARM whose names contain the stack's prefix. */
    static String alarmsInAlarm(String region, String prefix) {
        return base(region, "cloudwatch") + "#alarmsV2:?~(alarmStateFilter~'ALARM~search~'" + star(prefix) + ")";
    }

    /**
     * The console keeps a Logs Insights query in the fragment, in its own notation: {@code ~(key~'value...)} with
     * values URL-encoded using '*' for '%', behind an encoded {@code ?queryDetail=} using '$' for '%'.
     */
    static String logsInsights(String region, List<String> logGroups, String instanceId, Instant from, Instant to) {
        String query = "fields @timestamp, @logStream, @message\n| filter @logStream = '" + instanceId + "'\n"
                + "| sort @timestamp desc\n| limit 200";
        StringBuilder detail = new StringBuilder("~(end~'").append(star(to.toString()))
                .append("~start~'").append(star(from.toString()))
                .append("~timeType~'ABSOLUTE~tz~'UTC~editorString~'").append(star(query))
                .append("~source~(");
        for (String group : logGroups) {
            detail.append("~'").append(star(group));
        }
        detail.append("))");
        return base(region, "cloudwatch") + "#logsV2:logs-insights$3FqueryDetail$3D" + detail;
    }

    private static String star(String value) {
        return encode(value).replace('%', '*');
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
