package io.github.ec2monitoring.lab;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an Ubuntu 24.04 web instance writes while the load test runs, in the formats the CloudWatch agent ships:
 * Apache 2.4's error.log and rsyslog's RFC 3339 syslog. Some lines matter, some are noise, one holds a password.
 */
final class LabLogs {

    /** One line as the agent ships it: its timestamp and its text. */
    record Line(Instant timestamp, String message) {}

    private static final DateTimeFormatter APACHE_TIME =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SYSLOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT).withZone(ZoneOffset.UTC);

    private LabLogs() {}

    /** Apache's error log in the four minutes before {@code alarmAt}: the load test's 403s and 404s, and noise. */
    static List<Line> apacheErrorLog(Instant alarmAt) {
        Instant start = alarmAt.minusSeconds(240);
        List<Line> lines = new ArrayList<>();
        lines.add(apache(start, "[mpm_event:notice] [pid 812:tid 812] AH00489: Apache/2.4.58 (Ubuntu) configured "
                + "-- resuming normal operations"));
        for (int i = 1; i <= 6; i++) {
            lines.add(apache(start.plusSeconds(20 + i), "[core:error] [pid 2211:tid 1402" + (10 + i)
                    + "] [client 10.0.1.25:5" + (1000 + i) + "] AH00035: access to /load-test-forbidden/ denied "
                    + "(filesystem path '/var/www/html/load-test-forbidden') because search permissions are missing "
                    + "on a component of the path"));
        }
        for (int i = 1; i <= 8; i++) {
            lines.add(apache(start.plusSeconds(40 + i), "[core:info] [pid 2211:tid 1402" + (20 + i)
                    + "] [client 10.0.1.25:5" + (2000 + i) + "] AH00128: File does not exist: "
                    + "/var/www/html/load-test-missing-" + i));
        }
        lines.add(apache(start.plusSeconds(200), "[mpm_event:error] [pid 812:tid 812] AH00484: server reached "
                + "MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"));
        return lines;
    }

    /** syslog in the same window: stress-ng at work, the OOM killer, a failing job that logs its password. */
    static List<Line> syslog(Instant alarmAt, String hostname) {
        Instant start = alarmAt.minusSeconds(240);
        return List.of(
                syslog(start.plusSeconds(5), hostname, "systemd[1]: Started session-7.scope - Session 7 of User ssm-user."),
                syslog(start.plusSeconds(12), hostname, "stress-ng[3104]: dispatching hogs: 2 cpu"),
                syslog(start.plusSeconds(95), hostname, "kernel: stress-ng-vm invoked oom-killer: "
                        + "gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, oom_score_adj=1000"),
                syslog(start.plusSeconds(95), hostname, "kernel: Out of memory: Killed process 3121 (stress-ng-vm) "
                        + "total-vm:1051324kB, anon-rss:786432kB, file-rss:0kB, shmem-rss:0kB, UID:0 "
                        + "pgtables:1600kB oom_score_adj:1000"),
                syslog(start.plusSeconds(150), hostname, "report-job[3300]: error: upload failed for "
                        + "https://reports:Winter2026!@reports.internal.example/upload: connection timed out"),
                syslog(start.plusSeconds(151), hostname, "systemd[1]: report-job.service: Failed with result "
                        + "'exit-code'."),
                syslog(start.plusSeconds(180), hostname, "CRON[3320]: (root) CMD (command -v debian-sa1 > /dev/null "
                        + "&& debian-sa1 1 1)"));
    }

    private static Line apache(Instant at, String rest) {
        return new Line(at, "[" + APACHE_TIME.format(at) + "] " + rest);
    }

    private static Line syslog(Instant at, String hostname, String rest) {
        return new Line(at, SYSLOG_TIME.format(at) + " " + hostname + " " + rest);
    }
}
