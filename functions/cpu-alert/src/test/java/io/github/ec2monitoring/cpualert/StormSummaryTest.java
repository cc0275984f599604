package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StormSummaryTest {

    private static final Instant NOTICED = Instant.parse("2026-11-24T06:31:05Z");

    /** 30 instances, each with CPU warning and critical; three with memory too; one fleet alarm. */
    private static List<Firing> storm() {
        List<Firing> firing = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String instance = String.format("i-0%016x", i);
            firing.add(new Firing("web-" + instance + "-cpu-warning", instance, "cpu", AlarmSeverity.WARNING,
                    70.0 + i / 10.0, 60.0));
            firing.add(new Firing("web-" + instance + "-cpu-critical", instance, "cpu", AlarmSeverity.CRITICAL,
                    81.0 + i / 10.0, 80.0));
        }
        for (int i = 0; i < 3; i++) {
            String instance = String.format("i-0%016x", i);
            firing.add(new Firing("web-" + instance + "-memory-warning", instance, "memory", AlarmSeverity.WARNING,
                    85.0, 80.0));
        }
        firing.add(new Firing("web-fleet-web-tier-disk-critical", null, "disk", AlarmSeverity.CRITICAL, 99.0, 90.0));
        return firing;
    }

    private static String texts(JsonNode message) {
        StringBuilder all = new StringBuilder(message.path("text").asText()).append('\n');
        for (JsonNode block : message.path("blocks")) {
            all.append(block.at("/text/text").asText()).append('\n');
            block.path("fields").forEach(field -> all.append(field.path("text").asText()).append('\n'));
            block.path("elements").forEach(element -> all.append(element.path("text").asText()).append('\n'));
        }
        return all.toString();
    }

    @Test
    void theSummaryCountsBySeverityAndMetricTheInstancesAndWhatStillWaits() {
        JsonNode message = new StormSummary(SlackMessages.config(Language.EN))
                .build(new AlarmsInAlarm.Listing(storm(), true, null), 58, NOTICED, "ap-northeast-2");

        assertThat(message.at("/blocks/0/text/text").asText())
                .isEqualTo(":rotating_light: Alarm storm: 64 alarm(s) in ALARM on 30 instance(s)");
        assertThat(texts(message))
                .contains("*By severity*\nCritical 31 · Warning 33")
                .contains("*By metric*\nCPU 60 · disk 1 · memory 3")
                .contains("*Instances*\n30")
                .contains("*Waiting to be posted*\n58 notification(s)")
                .contains("1 fleet alarm(s) in ALARM")
                .contains("Details follow: critical first, one message per instance.")
                .contains("2026-11-24 06:31:05 UTC / 2026-11-24 15:31:05 Asia/Seoul");
    }

    @Test
    void theWorstAreCriticalFirstThenFurthestOverTheirThreshold() {
        List<Firing> worst = StormSummary.worst(storm());

        assertThat(worst).extracting(Firing::alarmName).containsExactly("web-fleet-web-tier-disk-critical",
                "web-i-0000000000000001d-cpu-critical", "web-i-0000000000000001c-cpu-critical",
                "web-i-0000000000000001b-cpu-critical", "web-i-0000000000000001a-cpu-critical");
    }

    @Test
    void theLinkOpensTheAlarmListFilteredToTheStacksAlarmsInAlarm() {
        JsonNode message = new StormSummary(SlackMessages.config(Language.EN))
                .build(new AlarmsInAlarm.Listing(storm(), true, null), 58, NOTICED, "ap-northeast-2");

        assertThat(texts(message)).contains("<https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home"
                + "?region=ap-northeast-2#alarmsV2:?~(alarmStateFilter~'ALARM~search~'web-)|All alarms in ALARM>");
    }

    @Test
    void alarmsThatCouldNotBeListedAreSaidAndTheWaitingStillCounted() {
        JsonNode message = new StormSummary(SlackMessages.config(Language.KO))
                .build(new AlarmsInAlarm.Listing(List.of(), false, "the alarms could not be listed (ThrottlingException)"),
                        12, NOTICED, "");

        assertThat(texts(message)).contains("경보 목록을 읽을 수 없습니다 (the alarms could not be listed "
                + "(ThrottlingException))").contains("알림 12건").doesNotContain("<https://");
    }

    @Test
    void anAlarmNameFullOfMarkupIsShownInert() {
        List<Firing> hostile = List.of(new Firing("web-<!channel>-*bold*-cpu-critical", "i-0aaaaaaaaaaaaaaa1", "cpu",
                AlarmSeverity.CRITICAL, 99.0, 80.0));

        JsonNode message = new StormSummary(SlackMessages.config(Language.EN))
                .build(new AlarmsInAlarm.Listing(hostile, true, null), 1, NOTICED, "ap-northeast-2");

        assertThat(texts(message)).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
    }
}
