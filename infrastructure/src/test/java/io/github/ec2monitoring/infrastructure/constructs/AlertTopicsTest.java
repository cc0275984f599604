package io.github.ec2monitoring.infrastructure.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import io.github.ec2monitoring.infrastructure.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class AlertTopicsTest {

    private static Template template(AlertTopicsProps props) {
        Stack stack = new Stack(TestApps.newApp(), "Test");
        new AlertTopics(stack, "AlertTopics", props);
        return Template.fromStack(stack);
    }

    private static final java.util.Set<String> HEALTH_ONLY = java.util.Set.of("health");

    @Test
    void everyTopicIsEncryptedWithARotatingKey() {
        Template template = template(new AlertTopicsProps(List.of(), null, null, HEALTH_ONLY, false));

        template.resourceCountIs("AWS::SNS::Topic", 3);
        template.allResourcesProperties("AWS::SNS::Topic",
                Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("AlertTopicsKey.*"), "Arn"))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void cloudWatchMayUseTheKeyAndPublishForThisAccountsAlarmsOnly() {
        Template template = template(new AlertTopicsProps(List.of(), null, null, HEALTH_ONLY, false));
        Map<String, Object> alarmsOfThisAccount = Map.of(
                "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")),
                "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:",
                        Map.of("Ref", "AWS::Partition"), ":cloudwatch:", Map.of("Ref", "AWS::Region"), ":",
                        Map.of("Ref", "AWS::AccountId"), ":alarm:*")))));

        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of(
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Condition", alarmsOfThisAccount)))))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "sns:Publish",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Condition", alarmsOfThisAccount)))))));
    }

    @Test
    void topicsRefuseRequestsWithoutTls() {
        template(new AlertTopicsProps(List.of(), null, null, HEALTH_ONLY, false)).hasResourceProperties("AWS::SNS::TopicPolicy",
                Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void everyAddressIsSubscribedToEveryTopic() {
        Template template = template(new AlertTopicsProps(List.of("a@example.com", "b@example.com"), null, null, HEALTH_ONLY, false));

        template.resourceCountIs("AWS::SNS::Subscription", 6);
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "b@example.com"));
    }

    /** By default Chatbot carries only the health topic: cpu-alert posts the alarms, so none reaches Slack twice. */
    @Test
    void slackIdsCreateAChatbotChannelOnTheChosenTopicsOnly() {
        Template byDefault = template(new AlertTopicsProps(List.of(), "T0123ABCD", "C0123ABCD", HEALTH_ONLY, false));
        Template warnings = template(new AlertTopicsProps(List.of(), "T0123ABCD", "C0123ABCD",
                java.util.Set.of("warning", "health"), false));

        byDefault.hasResourceProperties("AWS::Chatbot::SlackChannelConfiguration", Map.of(
                "SlackWorkspaceId", "T0123ABCD",
                "SlackChannelId", "C0123ABCD",
                "SnsTopicArns", List.of(Map.of("Ref", Match.stringLikeRegexp("AlertTopicsHealth.*")))));
        warnings.hasResourceProperties("AWS::Chatbot::SlackChannelConfiguration", Map.of(
                "SnsTopicArns", List.of(Map.of("Ref", Match.stringLikeRegexp("AlertTopicsHealth.*")),
                        Map.of("Ref", Match.stringLikeRegexp("AlertTopicsWarning.*")))));
    }

    @Test
    void refusesATopicNameItDoesNotHave() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AlertTopicsProps(List.of(), null, null, java.util.Set.of("info"), false));
    }

    @Test
    void withoutSlackIdsThereIsNoChatbotChannelAndSynthWarns() {
        Stack stack = new Stack(TestApps.newApp(), "Test");
        AlertTopics topics = new AlertTopics(stack, "AlertTopics", new AlertTopicsProps(List.of(), null, null, HEALTH_ONLY, false));

        Template.fromStack(stack).resourceCountIs("AWS::Chatbot::SlackChannelConfiguration", 0);
        assertNull(topics.getSlackChannel());
        assertEquals(1, Annotations.fromStack(stack)
                .findWarning("/Test/AlertTopics", Match.stringLikeRegexp("slackWorkspaceId and slackChannelId.*"))
                .size());
    }

    @Test
    void theKeyIsKeptWhenTheStackGoesUnlessTheContextSaysOtherwise() {
        template(new AlertTopicsProps(List.of(), null, null, HEALTH_ONLY, false))
                .hasResource("AWS::KMS::Key", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        template(new AlertTopicsProps(List.of(), null, null, HEALTH_ONLY, true))
                .hasResource("AWS::KMS::Key", Map.of("DeletionPolicy", "Delete",
                        "Properties", Match.objectLike(Map.of("PendingWindowInDays", 30))));
    }
}
