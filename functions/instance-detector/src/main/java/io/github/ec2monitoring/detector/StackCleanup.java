package io.github.ec2monitoring.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The stack's {@code Custom::AlarmCleanup} resource, served by the detector itself: on the stack's Delete it removes
 * every alarm the detector made, after the Auto Scaling group is gone and before the function, its queue and the
 * topics go, so {@code cdk destroy} leaves no alarm behind. Create and Update have nothing to do.
 */
final class StackCleanup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InstanceDetector detector;

    StackCleanup(InstanceDetector detector) {
        this.detector = detector;
    }

    /** A CloudFormation custom resource request: it names its type and where to answer. */
    static boolean isRequest(JsonNode event) {
        return event != null && event.path("RequestType").isTextual() && event.path("ResponseURL").isTextual()
                && event.path("StackId").isTextual();
    }

    /** Does what the request asks and answers CloudFormation; returns the answer, for the log. */
    ObjectNode handle(JsonNode request, Supplier<Duration> remaining) {
        ObjectNode response = JSON.createObjectNode()
                .put("PhysicalResourceId", request.path("PhysicalResourceId").asText("alarm-cleanup"))
                .put("StackId", request.path("StackId").asText())
                .put("RequestId", request.path("RequestId").asText())
                .put("LogicalResourceId", request.path("LogicalResourceId").asText());
        try {
            int deleted = "Delete".equals(request.path("RequestType").asText()) ? detector.removeAllAlarms(remaining)
                    : 0;
            response.put("Status", "SUCCESS").put("Reason", deleted + " alarms deleted");
            response.putObject("Data").put("AlarmsDeleted", deleted);
        } catch (RuntimeException e) {
            // The stack's delete stops here, visibly, rather than leave alarms behind; deleting again retries.
            String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                    ? " " + service.awsErrorDetails().errorCode() : "";
            response.put("Status", "FAILED").put("Reason", "deleting the detector's alarms failed:" + code + " "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        answer(request.path("ResponseURL").asText(), response);
        return response;
    }

    /** CloudFormation waits for this PUT to its pre-signed URL, which is signed for no content type. */
    private static void answer(String url, ObjectNode response) {
        try {
            byte[] body = JSON.writeValueAsBytes(response);
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "");
            connection.setFixedLengthStreamingMode(body.length);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw new IllegalStateException("CloudFormation's response URL answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not answer CloudFormation: " + e.getMessage(), e);
        }
    }
}
