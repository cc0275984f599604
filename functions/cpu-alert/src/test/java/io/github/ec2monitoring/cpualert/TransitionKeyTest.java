package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransitionKeyTest {

    @Test
    void namesTheAlarmItsNewStateAndWhenItChanged() {
        assertThat(TransitionKey.of(AlarmMessageParserTest.alarm("cpu-alarm.json")))
                .startsWith("web-i-0abcdef1234567890-cpu-warning|ALARM|2026-11-24T06:30:12.345Z");
    }

    @Test
    void twoContributorsOfOneFleetAlarmAtOneMomentAreTwoTransitions() {
        AlarmNotification contributor = AlarmMessageParserTest.alarm("fleet/contributor-alarm.json");

        assertThat(TransitionKey.of(contributor)).endsWith("|" + contributor.contributor().id())
                .isNotEqualTo(TransitionKey.of(AlarmMessageParserTest.alarm("fleet/contributor-ok.json")));
    }
}
