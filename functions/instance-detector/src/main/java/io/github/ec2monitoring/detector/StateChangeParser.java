package io.github.ec2monitoring.detector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns an EventBridge event into a {@link StateChange}, or says precisely why it cannot. */
public final class StateChangeParser {

    static final String SOURCE = "aws.ec2";
    static final String DETAIL_TYPE = "EC2 Instance State-change Notification";
    static final Set<String> STATES =
            Set.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

    /** Either a state change or the reason the event is not one. */
    public sealed interface Result permits Parsed, Rejected {}

    public record Parsed(StateChange change) implements Result {}

    public record Rejected(String reason) implements Result {}

    private StateChangeParser() {}

    public static Result parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            return new Rejected("event is not a JSON object");
        }
        String source = event.path("source").asText("");
        if (!SOURCE.equals(source)) {
            return new Rejected("unexpected source '" + source + "', expected '" + SOURCE + "'");
        }
        String detailType = event.path("detail-type").asText("");
        if (!DETAIL_TYPE.equals(detailType)) {
            return new Rejected("unexpected detail-type '" + detailType + "'");
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
}
