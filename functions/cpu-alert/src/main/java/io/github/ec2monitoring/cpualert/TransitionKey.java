package io.github.ec2monitoring.cpualert;

/**
 * What makes an alarm state transition the same one when it comes again (SNS redelivery, Lambda's retries): the
 * alarm, its new state, when it changed, and in fleet mode the contributor.
 */
public final class TransitionKey {

    private TransitionKey() {}

    public static String of(AlarmNotification alarm) {
        String contributor = alarm.contributor() == null || alarm.contributor().id().isEmpty() ? ""
                : "|" + alarm.contributor().id();
        return alarm.alarmName() + "|" + alarm.newState() + "|" + alarm.stateChangeTime() + contributor;
    }
}
