package io.github.ec2monitoring.infrastructure.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

class MainTest {

    /** cdk.json's context with some values given on the command line, as -c key=value gives them. */
    private static AppConfig read(Map<String, Object> overrides) {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.putAll(overrides);
        return Main.readConfig(new App(AppProps.builder().context(context).build()).getNode());
    }

    @Test
    void everyKeyComesFromCdkJsonAndAMissingOneIsNamed() {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.remove("logWindowMinutes");

        var error = assertThrows(IllegalArgumentException.class,
                () -> Main.readConfig(new App(AppProps.builder().context(context).build()).getNode()));

        assertEquals("context value logWindowMinutes is missing: cdk.json gives every key its default (see the "
                + "README's configuration table)", error.getMessage());
    }

    @Test
    void cdkJsonContextIsReadAsShipped() {
        AppConfig config = Main.readConfig(TestApps.newApp().getNode());
        assertEquals(2, config.desiredCapacity());
    }

    @Test
    void acceptsValuesGivenOnTheCommandLineAsStrings() {
        AppConfig config = read(Map.of("cpuWarningThreshold", "55", "alertEmails", "a@example.com, b@example.com",
                "slackWorkspaceId", "T0123", "slackChannelId", "C0123", "minCapacity", "2", "desiredCapacity", "2"));

        assertEquals(55.0, config.thresholds().cpuWarning());
        assertEquals(List.of("a@example.com", "b@example.com"), config.alertEmails());
        assertTrue(config.chatbotEnabled());
        assertEquals(2, config.minCapacity());
    }

    @Test
    void readsFlagsAndChoicesGivenAsStrings() {
        AppConfig config = read(Map.of("attachInstanceProfile", "false", "stoppedInstances", "remove"));

        assertFalse(config.attachInstanceProfile());
        assertTrue(config.removeAlarmsOfStoppedInstances());
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("stoppedInstances", "hibernate")));
    }

    @Test
    void rejectsAnUnknownLanguageOrTimeZone() {
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("slackMessageLanguage", "fr")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("slackTimeZone", "Mars/Olympus")));
    }

    @Test
    void emptyStringsMeanNotSet() {
        assertNull(read(Map.of("vpcId", "", "slackWorkspaceId", "", "slackChannelId", "")).slackWorkspaceId());
    }

    /** A warning threshold above the critical one, a retention CloudWatch Logs does not offer. */
    @ParameterizedTest
    @CsvSource({"cpuWarningThreshold, 90", "logRetentionDays, 100"})
    void rejectsAValueOutOfItsRangeNamingItsKey(String key, int value) {
        assertThatThrownBy(() -> read(Map.of(key, value))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
    }

    @Test
    void rejectsOnlyOneOfTheTwoSlackIds() {
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("slackWorkspaceId", "T0123")));
    }

    @Test
    void rejectsSomethingThatIsNotANumber() {
        assertThatThrownBy(() -> read(Map.of("maxCapacity", "three"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context value maxCapacity is not a number: three");
    }
}
