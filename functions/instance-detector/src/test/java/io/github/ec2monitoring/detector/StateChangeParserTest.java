package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateChangeParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode fixture(String path) throws IOException {
        try (InputStream in = StateChangeParserTest.class.getResourceAsStream("/events/" + path)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void parsesInstanceIdAndStateOfARealEvent() throws IOException {
        var result = StateChangeParser.parse(fixture("running.json"));

        var parsed = assertInstanceOf(StateChangeParser.Parsed.class, result);
        assertEquals(new StateChange("i-0abcdef1234567890", "running"), parsed.change());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "missing-detail.json      | detail is missing or not an object",
        "wrong-source.json        | unexpected source 'aws.autoscaling', expected 'aws.ec2'",
        "unknown-state.json       | detail.state is missing or not an EC2 instance state",
        "empty-instance-id.json   | detail.instance-id is missing or not an instance id",
        "state-not-a-string.json  | detail.state is missing or not an EC2 instance state",
        "detail-is-a-string.json  | detail is missing or not an object",
        "array-not-object.json    | event is not a JSON object",
        "scheduled-event.json     | unexpected source 'aws.events', expected 'aws.ec2'",
    })
    void rejectsMalformedEventsWithTheReason(String file, String reason) throws IOException {
        var result = StateChangeParser.parse(fixture("malformed/" + file));

        assertEquals(new StateChangeParser.Rejected(reason), result);
    }

    @ParameterizedTest
    @CsvSource({"running, ENSURE_ALARMS", "terminated, REMOVE_ALARMS", "stopped, IGNORE", "pending, IGNORE",
        "shutting-down, IGNORE", "stopping, IGNORE"})
    void mapsEachStateToAnAction(String state, StateChange.Action action) {
        assertEquals(action, new StateChange("i-0abcdef1234567890", state).action());
    }
}
