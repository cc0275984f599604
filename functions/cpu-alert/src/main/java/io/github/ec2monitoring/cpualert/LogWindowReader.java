package io.github.ec2monitoring.cpualert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Reads one instance's stream of a log group over a time window, paginated and capped. A read that fails is an
 * excerpt that says why, never an exception: the alert goes out without its logs rather than not at all.
 */
public final class LogWindowReader {

    /** Enough for five busy minutes; bounds the time and memory a noisy instance can cost. */
    static final int MAX_EVENTS = 5_000;

    private final CloudWatchLogsClient logs;

    public LogWindowReader(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    public LogExcerpt read(String source, String logGroup, String stream, Instant from, Instant to) {
        List<LogLine> lines = new ArrayList<>();
        String token = null;
        try {
            do {
                String page = token;
                FilterLogEventsResponse response = logs.filterLogEvents(request -> request
                        .logGroupName(logGroup)
                        .logStreamNames(stream)
                        .startTime(from.toEpochMilli())
                        .endTime(to.toEpochMilli())
                        .nextToken(page));
                for (FilteredLogEvent event : response.events()) {
                    if (lines.size() == MAX_EVENTS) {
                        return LogExcerpt.read(source, lines, true);
                    }
                    lines.add(new LogLine(Instant.ofEpochMilli(event.timestamp()), event.message()));
                }
                token = response.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (ResourceNotFoundException e) {
            // The log group or the instance's stream does not exist.
            return LogExcerpt.notShipped(source);
        } catch (AwsServiceException e) {
            return LogExcerpt.unreadable(source, why(e));
        } catch (SdkClientException e) {
            return LogExcerpt.unreadable(source, "CloudWatch Logs could not be reached");
        }
        // An empty window and a stream that was never created look the same to the reader of the alert.
        return lines.isEmpty() ? LogExcerpt.notShipped(source) : LogExcerpt.read(source, lines, false);
    }

    /** Reads a few lines of the group, whichever instance they are from: primes reading real events. Read-only. */
    void prime(String logGroup) {
        try {
            logs.filterLogEvents(request -> request.logGroupName(logGroup).limit(20)).events()
                    .forEach(event -> new LogLine(Instant.ofEpochMilli(event.timestamp()), event.message()));
        } catch (SdkException refused) {
            // Missing group, throttled or denied: priming goes on with what it has.
        }
    }

    /** The service's own error code, which says what to fix; its message may quote resource names, so it stays out. */
    private static String why(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (code == null || code.isBlank()) {
            return "CloudWatch Logs answered HTTP " + e.statusCode();
        }
        if (e.isThrottlingException()) {
            return "CloudWatch Logs throttled the read (" + code + ")";
        }
        if (code.startsWith("AccessDenied")) {
            return "the function may not read this log group (" + code + ")";
        }
        return "CloudWatch Logs refused the read (" + code + ")";
    }
}
