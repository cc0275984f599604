package io.github.ec2monitoring.lab;

import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.WebhookServer;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The monitored environment in the emulator, as the stack deploys it: the instance profile, the warning and critical
 * topics, cpu-alert's queue and posted-transitions table, the two log groups and the webhook secret.
 */
record LabEnvironment(String profileArn, String warningTopic, String criticalTopic, String alarmQueue) {

    static final String SYSLOG_GROUP = "/lab/web/syslog";
    static final String APACHE_GROUP = "/lab/web/apache-error";
    static final String WEBHOOK_SECRET = "lab/slack-webhook";

    static LabEnvironment create(Narrator say, WebhookServer slack) {
        SnsClient sns = MotoServer.client(SnsClient.builder());
        CloudWatchLogsClient logs = MotoServer.client(CloudWatchLogsClient.builder());
        String profileArn = instanceProfile();
        String warningTopic = sns.createTopic(r -> r.name("lab-warning")).topicArn();
        String criticalTopic = sns.createTopic(r -> r.name("lab-critical")).topicArn();
        String alarmQueue = LabFunctions.alarmQueue();
        LabFunctions.createPostedTransitions();
        logs.createLogGroup(r -> r.logGroupName(SYSLOG_GROUP));
        logs.createLogGroup(r -> r.logGroupName(APACHE_GROUP));
        MotoServer.client(SecretsManagerClient.builder()).createSecret(r -> r.name(WEBHOOK_SECRET)
                .secretString(slack.url().toString()));
        say.say("instance profile %s", profileArn);
        say.say("SNS topics lab-warning and lab-critical; log groups %s and %s", SYSLOG_GROUP, APACHE_GROUP);
        say.say("Slack webhook stored in Secrets Manager as %s (a local stand-in; its URL is never printed)",
                WEBHOOK_SECRET);
        return new LabEnvironment(profileArn, warningTopic, criticalTopic, alarmQueue);
    }

    private static String instanceProfile() {
        IamClient iam = MotoServer.client(IamClient.builder());
        iam.createRole(r -> r.roleName("lab-web-instance").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},\
                "Action":"sts:AssumeRole"}]}"""));
        String arn = iam.createInstanceProfile(r -> r.instanceProfileName("lab-web-instance")).instanceProfile().arn();
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("lab-web-instance").roleName("lab-web-instance"));
        return arn;
    }

    /** An Auto Scaling group of {@code instances}, launched from an IMDSv2-only template; its instance ids. */
    static List<String> launchGroup(String name, int instances) {
        Ec2Client ec2 = MotoServer.client(Ec2Client.builder());
        AutoScalingClient autoScaling = MotoServer.client(AutoScalingClient.builder());
        String template = name + "-template";
        String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        ec2.createLaunchTemplate(r -> r.launchTemplateName(template).launchTemplateData(d -> d.imageId(image)
                .instanceType("t3.micro").metadataOptions(m -> m.httpTokens("required"))));
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .launchTemplate(t -> t.launchTemplateName(template).version("$Latest"))
                .minSize(instances).maxSize(instances + 1).desiredCapacity(instances)
                .availabilityZones(MotoServer.REGION.id() + "a"));
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0)
                .instances().stream().map(i -> i.instanceId()).sorted().toList();
    }
}
