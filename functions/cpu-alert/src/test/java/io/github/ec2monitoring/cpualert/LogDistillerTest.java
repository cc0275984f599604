package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LogDistillerTest {

    private static LogLine line(String message) {
        return new LogLine(Instant.parse("2026-11-24T06:28:00Z"), message);
    }

    @Test
    void keepsApacheErrorsAnd404sAndDropsNoticeLines() {
        List<LogLine> lines = List.of(
                line("[Tue Nov 24 06:28:01.123456 2026] [mpm_event:notice] [pid 812:tid 812] AH00489: Apache/2.4.58 "
                        + "(Ubuntu) configured -- resuming normal operations"),
                line("[Tue Nov 24 06:28:02.000001 2026] [core:info] [pid 900:tid 901] [client 10.0.1.5:51234] "
                        + "AH00128: File does not exist: /var/www/html/missing"),
                line("[Tue Nov 24 06:28:03.000001 2026] [authz_core:error] [pid 900:tid 902] [client 10.0.1.5:51236] "
                        + "AH01630: client denied by server configuration: /var/www/html/forbidden/"));

        assertEquals(lines.subList(1, 3), LogDistiller.distill(lines));
    }

    @Test
    void keepsSyslogFailuresAndDropsRoutineLines() {
        List<LogLine> lines = List.of(
                line("2026-11-24T06:28:00.123456+00:00 ip-10-0-1-5 systemd[1]: Started session-3.scope."),
                line("2026-11-24T06:28:01.123456+00:00 ip-10-0-1-5 kernel: Out of memory: Killed process 4242 (stress-ng)"),
                line("2026-11-24T06:28:02.123456+00:00 ip-10-0-1-5 systemd[1]: apache2.service: Failed with result 'oom-kill'."),
                line("2026-11-24T06:28:03.123456+00:00 ip-10-0-1-5 CRON[77]: (root) CMD (command -v debian-sa1)"));

        assertEquals(lines.subList(1, 3), LogDistiller.distill(lines));
    }

    @Test
    void keepsOnlyTheMostRecentLinesWhenThereAreMany() {
        List<LogLine> lines = IntStream.range(0, 40).mapToObj(i -> line("error number " + i)).toList();

        List<LogLine> kept = LogDistiller.distill(lines);

        assertEquals(LogDistiller.MAX_LINES, kept.size());
        assertEquals("error number 39", kept.get(kept.size() - 1).message());
    }
}
