package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.StoppedInstances;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventParser.Result parse(String fixture) throws IOException {
        return EventParser.parse(JSON.readTree(Fixtures.resource(fixture)));
    }

    @Test
    void parsesInstanceIdAndStateOfARealEvent() throws IOException {
        var parsed = assertInstanceOf(EventParser.Parsed.class, parse("running.json"));

        assertEquals(new StateChange("i-0abcdef1234567890", "running"), parsed.change());
    }

    @Test
    void aScheduledEventMeansReconcile() throws IOException {
        assertInstanceOf(EventParser.Reconcile.class, parse("scheduled.json"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "missing-detail.json                  | detail is missing or not an object",
        "wrong-source.json                    | unexpected source 'aws.autoscaling', expected 'aws.ec2'",
        "unknown-state.json                   | detail.state is missing or not an EC2 instance state",
        "empty-instance-id.json               | detail.instance-id is missing or not an instance id",
        "state-not-a-string.json              | detail.state is missing or not an EC2 instance state",
        "detail-is-a-string.json              | detail is missing or not an object",
        "array-not-object.json                | event is not a JSON object",
        "empty-object.json                    | source or detail-type is missing or not a string",
        "source-not-a-string.json             | source or detail-type is missing or not a string",
        "spot-interruption.json               | unexpected detail-type 'EC2 Spot Instance Interruption Warning'",
        "instance-id-uppercase.json           | detail.instance-id is missing or not an instance id",
        "instance-id-with-spaces.json         | detail.instance-id is missing or not an instance id",
        "instance-id-too-long.json            | detail.instance-id is missing or not an instance id",
        "state-null.json                      | detail.state is missing or not an EC2 instance state",
        "detail-array.json                    | detail is missing or not an object",
        "state-change-from-wrong-source.json  | unexpected source 'aws.events', expected 'aws.ec2'",
    })
    void rejectsMalformedEventsWithTheReason(String file, String reason) throws IOException {
        assertEquals(new EventParser.Rejected(reason), parse("malformed/" + file));
    }

    @ParameterizedTest
    @CsvSource({"running, KEEP, ENSURE_ALARMS", "terminated, KEEP, REMOVE_ALARMS", "shutting-down, KEEP, REMOVE_ALARMS",
        "stopped, KEEP, IGNORE", "stopped, REMOVE, REMOVE_ALARMS", "pending, KEEP, IGNORE", "stopping, REMOVE, IGNORE"})
    void mapsEachStateToAnAction(String state, StoppedInstances stopped, StateChange.Action action) {
        assertEquals(action, StateChange.actionFor(state, stopped));
    }
}
