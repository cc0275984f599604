package io.github.ec2monitoring.cpualert;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmContributorsResponse;

/**
 * How many instances of a fleet alarm are in ALARM now, from DescribeAlarmContributors (it lists only those in
 * ALARM; CloudWatch keeps at most 100 there at once). The client is built on the first contributor notification, so
 * per-instance mode never loads it. A count that cannot be read says why and never holds the alert back.
 */
public final class AlarmContributors {

    /** 100 contributors at most are in ALARM: a few pages, never an endless walk. */
    static final int MAX_PAGES = 10;

    /** Either the number in ALARM, or why it is not known. */
    public record Count(Integer inAlarm, String unknownBecause) {
        static Count of(int inAlarm) {
            return new Count(inAlarm, null);
        }

        static Count unknown(String why) {
            return new Count(null, why);
        }
    }

    private final Supplier<CloudWatchClient> cloudWatchFactory;
    private volatile CloudWatchClient cloudWatch;

    public AlarmContributors(Supplier<CloudWatchClient> cloudWatchFactory) {
        this.cloudWatchFactory = cloudWatchFactory;
    }

    public Count count(String alarmName) {
        try {
            int inAlarm = 0;
            String token = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                String next = token;
                DescribeAlarmContributorsResponse response = client().describeAlarmContributors(request -> request
                        .alarmName(alarmName).nextToken(next));
                inAlarm += response.alarmContributors().size();
                token = response.nextToken();
                if (token == null || token.isEmpty()) {
                    return Count.of(inAlarm);
                }
            }
            return Count.unknown("more than " + MAX_PAGES + " pages of contributors");
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
            return Count.unknown("DescribeAlarmContributors answered " + code);
        } catch (SdkException e) {
            return Count.unknown("DescribeAlarmContributors failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private CloudWatchClient client() {
        CloudWatchClient client = cloudWatch;
        if (client == null) {
            synchronized (this) {
                if (cloudWatch == null) {
                    cloudWatch = cloudWatchFactory.get();
                }
                client = cloudWatch;
            }
        }
        return client;
    }
}
