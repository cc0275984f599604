package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Set;

/**
 * @param emails addresses subscribed to both topics; each must confirm its subscription
 * @param slackWorkspaceId AWS Chatbot Slack workspace id, or null for no Chatbot channel
 * @param slackChannelId Slack channel id, or null for no Chatbot channel
 * @param chatbotTopics which topics the Chatbot channel carries: any of warning, critical, health
 * @param destroyKey whether the topics' KMS key is scheduled for deletion with the stack (else it is kept)
 */
public record AlertTopicsProps(List<String> emails, String slackWorkspaceId, String slackChannelId,
        Set<String> chatbotTopics, boolean destroyKey) {

    public static final Set<String> TOPICS = Set.of("warning", "critical", "health");

    public AlertTopicsProps {
        emails = List.copyOf(emails);
        chatbotTopics = Set.copyOf(chatbotTopics);
        if (!TOPICS.containsAll(chatbotTopics)) {
            throw new IllegalArgumentException("chatbotTopics may hold only " + TOPICS + ", got " + chatbotTopics);
        }
        if ((slackWorkspaceId == null) != (slackChannelId == null)) {
            throw new IllegalArgumentException("give both the Slack workspace id and the channel id, or neither");
        }
    }
}
