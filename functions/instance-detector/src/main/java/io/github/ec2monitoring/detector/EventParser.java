package io.github.ec2monitoring.detector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns an EventBridge event into what the detector does, or says precisely why it cannot. */
public final class EventParser {

    static final String EC2_SOURCE = "aws.ec2";
    static final String STATE_CHANGE = "EC2 Instance State-change Notification";
    static final String SCHEDULE_SOURCE = "aws.events";
    static final String SCHEDULED_EVENT = "Scheduled Event";
    static final Set<String> STATES =
            Set.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

    /** A state change, a reconcile tick, or the reason the event is neither. */
    public sealed interface Result permits Parsed, Reconcile, Rejected {}

    public record Parsed(StateChange change) implements Result {}

    public record Reconcile() implements Result {}

    public record Rejected(String reason) implements Result {}

    private EventParser() {}

    public static Result parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            return new Rejected("event is not a JSON object");
        }
        JsonNode source = event.path("source");
        JsonNode detailType = event.path("detail-type");
        if (!source.isTextual() || !detailType.isTextual()) {
            return new Rejected("source or detail-type is missing or not a string");
        }
        if (SCHEDULE_SOURCE.equals(source.asText()) && SCHEDULED_EVENT.equals(detailType.asText())) {
            return new Reconcile();
        }
        if (!EC2_SOURCE.equals(source.asText())) {
            return new Rejected("unexpected source '" + clip(source.asText()) + "', expected '" + EC2_SOURCE + "'");
        }
        if (!STATE_CHANGE.equals(detailType.asText())) {
            return new Rejected("unexpected detail-type '" + clip(detailType.asText()) + "'");
        }
        JsonNode detail = event.path("detail");
        if (!detail.isObject()) {
            return new Rejected("detail is missing or not an object");
        }
        JsonNode instanceId = detail.path("instance-id");
        if (!instanceId.isTextual() || !INSTANCE_ID.matcher(instanceId.asText()).matches()) {
            return new Rejected("detail.instance-id is missing or not an instance id");
        }
        JsonNode state = detail.path("state");
        if (!state.isTextual() || !STATES.contains(state.asText())) {
            return new Rejected("detail.state is missing or not an EC2 instance state");
        }
        return new Parsed(new StateChange(instanceId.asText(), state.asText()));
    }

    /** Keeps log lines short whatever the event holds. */
    private static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
