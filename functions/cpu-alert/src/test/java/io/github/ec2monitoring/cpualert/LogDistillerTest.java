package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogDistillerTest {

    private final LogDistiller distiller = new LogDistiller(new Redactor(() -> RedactorTest.WEBHOOK, true));

    private static LogLine line(int second, String message) {
        return new LogLine(Instant.parse("2026-11-24T06:28:00Z").plusSeconds(second), message);
    }

    @Test
    void keepsApacheErrorsAnd404sAndDropsNoticeLines() {
        List<Finding> findings = distiller.distill(List.of(
                line(1, "[Tue Nov 24 06:28:01.123456 2026] [mpm_event:notice] [pid 812:tid 812] AH00489: Apache/2.4.58 "
                        + "(Ubuntu) configured -- resuming normal operations"),
                line(2, "[Tue Nov 24 06:28:02.000001 2026] [core:info] [pid 900:tid 901] [client 10.0.1.5:51234] "
                        + "AH00128: File does not exist: /var/www/html/missing"),
                line(3, "[Tue Nov 24 06:28:03.000001 2026] [authz_core:error] [pid 900:tid 902] [client 10.0.1.5:51236] "
                        + "AH01630: client denied by server configuration: /var/www/html/forbidden/")));

        assertEquals(List.of("403", "404"), findings.stream().map(Finding::label).toList());
        assertEquals(Finding.Severity.ERROR, findings.get(0).severity());
        assertEquals(Finding.Severity.WARNING, findings.get(1).severity());
    }

    @Test
    void recognizesTheSyslogPatternsThatExplainAnOutage() {
        List<Finding> findings = distiller.distill(List.of(
                line(0, "2026-11-24T06:28:00.123456+00:00 ip-10-0-1-5 systemd[1]: Started session-3.scope."),
                line(1, "2026-11-24T06:28:01.123456+00:00 ip-10-0-1-5 kernel: Out of memory: Killed process 4242 "
                        + "(stress-ng) total-vm:1024kB"),
                line(2, "2026-11-24T06:28:02.123456+00:00 ip-10-0-1-5 systemd[1]: apache2.service: Failed with "
                        + "result 'oom-kill'."),
                line(3, "2026-11-24T06:28:03.123456+00:00 ip-10-0-1-5 kernel: php[977]: segfault at 0 ip 00007f sp "
                        + "00007ffd error 4 in libc.so.6"),
                line(4, "2026-11-24T06:28:04.123456+00:00 ip-10-0-1-5 rsyslogd: file '/var/log/syslog': write error: "
                        + "No space left on device"),
                line(5, "2026-11-24T06:28:05.123456+00:00 ip-10-0-1-5 kernel: blk_update_request: I/O error, dev "
                        + "nvme0n1, sector 2048"),
                line(6, "2026-11-24T06:28:06.123456+00:00 ip-10-0-1-5 CRON[77]: (root) CMD (command -v debian-sa1)")));

        // Equally severe findings: the most recent first.
        assertEquals(List.of("I/O error", "disk full", "OOM killer", "OOM killer", "crash"),
                findings.stream().map(Finding::label).toList());
        assertTrue(findings.stream().limit(4).allMatch(f -> f.severity() == Finding.Severity.CRITICAL));
    }

    @Test
    void nearIdenticalLinesAreCountedOnceWithTheMostRecentAsSample() {
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(line(i, "[Tue Nov 24 06:28:" + String.format("%02d", i) + ".000001 2026] [core:info] [pid " + (900 + i)
                    + ":tid " + (1000 + i) + "] [client 10.0.1." + i + ":5" + i + "] AH00128: File does not exist: "
                    + "/var/www/html/load-test-missing-" + i));
        }
        lines.add(line(40, "[Tue Nov 24 06:28:40.000001 2026] [core:error] [pid 1:tid 2] AH00037: Symbolic link not "
                + "allowed or link target not accessible: /var/www/html/x"));

        List<Finding> findings = distiller.distill(lines);

        assertEquals(2, findings.size());
        assertEquals("", findings.get(0).label(), "the error comes first: more severe");
        assertEquals(30, findings.get(1).count());
        assertTrue(findings.get(1).sample().endsWith("load-test-missing-29"), findings.get(1).sample());
    }

    @Test
    void amongEquallySevereLinesTheMostFrequentComeFirst() {
        List<LogLine> lines = new ArrayList<>();
        lines.add(line(0, "app: error connecting to db"));
        for (int i = 0; i < 3; i++) {
            lines.add(line(i + 1, "app: error reading /tmp/" + i));
        }

        List<Finding> findings = distiller.distill(lines);

        assertEquals(3, findings.get(0).count());
        assertEquals(1, findings.get(1).count());
    }

    @Test
    void samplesAreRedacted() {
        Finding finding = distiller.distill(List.of(line(0, "app: error calling API with token=abc123secret"))).get(0);

        assertEquals("app: error calling API with token=[REDACTED]", finding.sample());
    }

    @Test
    void groupingIgnoresTimestampsAddressesAndIds() {
        assertEquals(LogDistiller.groupingKey("2026-11-24T06:28:00.1+00:00 x: error on i-0abcdef1234567890 from 10.0.0.1"),
                LogDistiller.groupingKey("2026-11-24T07:00:09.9+00:00 x: error on i-0fedcba9876543210 from 10.9.9.9"));
    }
}
