package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;

/**
 * @param emails addresses subscribed to both topics; each must confirm its subscription
 * @param slackWorkspaceId AWS Chatbot Slack workspace id, or null for no Chatbot channel
 * @param slackChannelId Slack channel id, or null for no Chatbot channel
 */
public record AlertTopicsProps(List<String> emails, String slackWorkspaceId, String slackChannelId) {

    public AlertTopicsProps {
        emails = List.copyOf(emails);
        if ((slackWorkspaceId == null) != (slackChannelId == null)) {
            throw new IllegalArgumentException("give both the Slack workspace id and the channel id, or neither");
        }
    }
}
