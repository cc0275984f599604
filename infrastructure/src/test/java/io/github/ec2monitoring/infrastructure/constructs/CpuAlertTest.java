package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class CpuAlertTest {

    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = Template.fromStack(TestApps.stack(TestApps.newApp(), TestApps.config()));
    }

    @Test
    void functionGetsTheLogGroupsAndOnlyTheSecretsName() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", CpuAlert.HANDLER,
                "Environment", Map.of("Variables", Map.of(
                        FunctionEnvironments.CpuAlert.SYSLOG_LOG_GROUP.name(), Map.of("Ref", Match.stringLikeRegexp("AgentConfigSyslogLogGroup.*")),
                        FunctionEnvironments.CpuAlert.APACHE_ERROR_LOG_GROUP.name(), Map.of("Ref", Match.stringLikeRegexp("AgentConfigApacheErrorLogGroup.*")),
                        FunctionEnvironments.CpuAlert.SLACK_WEBHOOK_SECRET_NAME.name(), "web/slack-webhook",
                        FunctionEnvironments.CpuAlert.LOG_WINDOW_MINUTES.name(), "5",
                        FunctionEnvironments.CpuAlert.AUTO_SCALING_GROUP_NAME.name(), Map.of("Ref", Match.stringLikeRegexp("WebTierASG.*")),
                        FunctionEnvironments.CpuAlert.TIME_ZONE.name(), "Asia/Seoul",
                        FunctionEnvironments.CpuAlert.MESSAGE_LANGUAGE.name(), "en",
                        FunctionEnvironments.WARNING_TOPIC_ARN.name(), Map.of("Ref", Match.stringLikeRegexp("AlertTopicsWarning.*")),
                        FunctionEnvironments.CRITICAL_TOPIC_ARN.name(), Map.of("Ref", Match.stringLikeRegexp("AlertTopicsCritical.*")),
                        FunctionEnvironments.CpuAlert.MASK_PERSONAL_DATA.name(), "true"))));
    }

    /** cpu-alert takes an alarm's severity from the topic that delivered it, so every alarm must go to one. */
    @Test
    void everyAlarmOfTheStackNotifiesTheWarningTheCriticalOrTheHealthTopic() {
        Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");
        org.junit.jupiter.api.Assertions.assertFalse(alarms.isEmpty());
        alarms.forEach((id, alarm) -> {
            String actions = String.valueOf(((Map<?, ?>) alarm.get("Properties")).get("AlarmActions"));
            org.junit.jupiter.api.Assertions.assertTrue(
                    actions.matches("\\[\\{Ref=AlertTopics(Warning|Critical|Health)[0-9A-F]{8}}]"), id + ": " + actions);
        });
    }

    @Test
    void mayReadOnlyTheOneSecret() {
        hasPolicyStatement(Map.of(
                        "Action", List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:aws:secretsmanager:ap-northeast-2:", Map.of("Ref", "AWS::AccountId"),
                                ":secret:web/slack-webhook-??????")))));
    }

    @Test
    void mayFilterOnlyTheTwoInstanceLogGroups() {
        hasPolicyStatement(Map.of(
                        "Action", "logs:FilterLogEvents",
                        "Resource", List.of(
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("AgentConfigApacheErrorLogGroup.*"), "Arn")),
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("AgentConfigSyslogLogGroup.*"), "Arn")))));
    }

    /** Each posted transition is recorded for two days, in a table only cpu-alert may touch. */
    @Test
    void postedTransitionsAreKeptTwoDaysInATableOnlyTheFunctionWrites() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "transition", "KeyType", "HASH")),
                "BillingMode", "PAY_PER_REQUEST",
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true)));
        hasPolicyStatement(Map.of(
                "Action", List.of("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CpuAlertPostedTransitions.*"),
                        "Arn"))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", CpuAlert.HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        FunctionEnvironments.CpuAlert.POSTED_TRANSITIONS_TABLE.name(),
                        Map.of("Ref", Match.stringLikeRegexp("CpuAlertPostedTransitions.*")))))));
    }

    /**
     * A storm is told from the queue's depth, paced as one webhook takes it, and summed up from the stack's own
     * alarms only; a failed record's backoff is set on its message.
     */
    @Test
    void theFunctionReadsItsQueueAndListsOnlyTheStacksOwnAlarms() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", CpuAlert.HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        FunctionEnvironments.CpuAlert.ALARM_QUEUE_URL.name(),
                        Map.of("Ref", Match.stringLikeRegexp("CpuAlertAlarms.*")),
                        FunctionEnvironments.CpuAlert.STORM_THRESHOLD.name(), "10",
                        FunctionEnvironments.CpuAlert.SLACK_POST_INTERVAL_MILLIS.name(), "1100",
                        FunctionEnvironments.ALARM_NAME_PREFIX.name(), "web")))));
        hasPolicyStatement(Map.of(
                "Action", "cloudwatch:DescribeAlarms",
                "Resource", Map.of("Fn::Join", List.of("", List.of("arn:aws:cloudwatch:ap-northeast-2:",
                        Map.of("Ref", "AWS::AccountId"), ":alarm:web-*")))));
        hasPolicyStatement(Map.of(
                "Action", Match.arrayWith(List.of("sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes")),
                "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CpuAlertAlarms.*"), "Arn"))));
    }

    @Test
    void aStormThresholdOutsideTwoToAThousandStopsTheSynth() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TestApps.config()
                .toBuilder().stormThreshold(1).build());
    }

    private static void hasPolicyStatement(Map<String, Object> statement) {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(statement))))));
    }

    /** What the user routes to Chatbot, cpu-alert does not post: one alarm never reaches Slack twice. */
    @Test
    void whenChatbotCarriesTheWarningsCpuAlertPostsOnlyTheCriticalAlarms() {
        Template routed = Template.fromStack(TestApps.stack(TestApps.newApp(), TestApps.config("T0123ABCD",
                "C0123ABCD", null, java.util.Set.of("warning", "health"))));

        Map<String, Map<String, Object>> toCpuAlert = routed.findResources("AWS::SNS::Subscription",
                Map.of("Properties", Map.of("Protocol", "sqs")));
        org.junit.jupiter.api.Assertions.assertEquals(1, toCpuAlert.size());
        org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(toCpuAlert.values().iterator().next())
                .contains("AlertTopicsCritical"), toCpuAlert.toString());
        routed.hasResourceProperties("AWS::Chatbot::SlackChannelConfiguration", Map.of("SnsTopicArns", List.of(
                Map.of("Ref", Match.stringLikeRegexp("AlertTopicsHealth.*")),
                Map.of("Ref", Match.stringLikeRegexp("AlertTopicsWarning.*")))));
    }
}
