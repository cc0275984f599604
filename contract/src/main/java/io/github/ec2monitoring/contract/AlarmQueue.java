package io.github.ec2monitoring.contract;

/** How cpu-alert drains its alarm queue: the construct sets it up so, and the function paces itself by it. */
public final class AlarmQueue {

    private AlarmQueue() {}

    /** The most containers that drain the queue at once: the fewest an SQS event source allows. */
    public static final int POSTING_CONTAINERS = 2;
    /**
     * The least time between two requests to the Slack webhook from all containers together: the one message a
     * second an incoming webhook accepts, with a tenth to spare for clocks and networks.
     */
    public static final int SLACK_POST_INTERVAL_MILLIS = 1100;
}
