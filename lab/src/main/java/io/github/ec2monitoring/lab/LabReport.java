package io.github.ec2monitoring.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * What one lab run did, for its summary and its test.
 *
 * @param instanceIds the instances the group launched
 * @param profilesAttached instances instance-detector attached the instance profile to
 * @param alarmsCreated alarms that existed after the running events
 * @param unlistedGroupAlarms alarms made for the instance of the group not listed (bring your own; 0)
 * @param launchPosts posts to Slack when the new alarms got their first data (0: INSUFFICIENT_DATA -> OK is no
 *     recovery)
 * @param alarmsCreatedByDuplicate alarms created by the repeated running event (0: it changed nothing)
 * @param logLinesWritten lines written into the two log groups
 * @param firedAlarm the alarm the lab flipped to ALARM
 * @param slackPosts posts the loopback Slack stand-in received
 * @param slackMessage the JSON cpu-alert posted
 * @param page the preview page of that message
 * @param alarmsLeft alarms under the prefix after the instances terminated
 */
public record LabReport(
        List<String> instanceIds,
        int profilesAttached,
        List<String> alarmsCreated,
        int unlistedGroupAlarms,
        int launchPosts,
        int alarmsCreatedByDuplicate,
        int logLinesWritten,
        String firedAlarm,
        int slackPosts,
        String slackMessage,
        Path page,
        List<String> alarmsLeft) {

    public LabReport {
        instanceIds = List.copyOf(instanceIds);
        alarmsCreated = List.copyOf(alarmsCreated);
        alarmsLeft = List.copyOf(alarmsLeft);
    }
}
