package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What makes a posted message inert: no mrkdwn text holds markup but the project's own console links. */
final class SlackSafety {

    /** A link as {@link Mrkdwn#link} writes it: an https target without space or markup, an escaped label. */
    private static final Pattern OWN_LINK = Pattern.compile("<(https://[^\\s<>|]+)\\|([^<>|]*)>");

    private SlackSafety() {}

    static void assertInert(JsonNode message) {
        for (String text : mrkdwnTexts(message)) {
            Matcher links = OWN_LINK.matcher(text);
            while (links.find()) {
                assertTrue(links.group(1).startsWith("https://") && links.group(1).contains(".console.aws.amazon.com/"),
                        "a link leads only to the AWS console: " + links.group(1));
            }
            String rest = OWN_LINK.matcher(text).replaceAll("");
            assertFalse(rest.contains("<") || rest.contains(">"), "markup left in: " + text);
            assertFalse(rest.matches("(?s).*&(?!amp;|lt;|gt;).*"), "an unescaped & in: " + text);
        }
    }

    /** Every text Slack reads as mrkdwn: the notification text, fields, sections and context elements. */
    static List<String> mrkdwnTexts(JsonNode message) {
        List<String> texts = new ArrayList<>();
        texts.add(message.path("text").asText());
        for (JsonNode block : message.path("blocks")) {
            if ("mrkdwn".equals(block.at("/text/type").asText())) {
                texts.add(block.at("/text/text").asText());
            }
            for (JsonNode element : block.path("fields")) {
                texts.add(element.path("text").asText());
            }
            for (JsonNode element : block.path("elements")) {
                texts.add(element.path("text").asText());
            }
        }
        return texts;
    }
}
