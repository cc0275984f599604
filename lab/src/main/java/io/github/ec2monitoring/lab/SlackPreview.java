package io.github.ec2monitoring.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a Block Kit message as one self-contained HTML page that looks roughly as Slack shows it: header, field
 * grid, sections with Slack's mrkdwn, context lines, dividers. No script and nothing fetched from the network.
 */
final class SlackPreview {

    private static final Pattern CODE_BLOCK = Pattern.compile("```(.*?)```", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("<(https?://[^|>]+)(?:\\|([^>]+))?>");
    private static final Pattern EMOJI = Pattern.compile(":([a-z0-9_+-]+):");
    private static final Map<String, String> EMOJIS = Map.of(
            "rotating_light", "\uD83D\uDEA8",
            "warning", "\u26A0\uFE0F",
            "white_check_mark", "\u2705",
            "grey_question", "\u2754");

    /** Writes the message as JSON and as its page into the directory; returns the page. */
    static Path write(JsonNode message, Path directory, String postedAt) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("slack-message.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(message), StandardCharsets.UTF_8);
        Path page = directory.resolve("slack-message.html");
        Files.writeString(page, page(message, "ops-alerts", postedAt), StandardCharsets.UTF_8);
        return page;
    }

    private static final String STYLE = """
            body { margin: 0; background: #f8f8f8; font: 15px/1.46 "Noto Sans", "Noto Sans CJK KR", Arial, sans-serif;
                   color: #1d1c1d; }
            .channel { max-width: 860px; margin: 24px auto; background: #fff; border: 1px solid #ddd;
                       border-radius: 8px; padding: 16px 20px; }
            .channel-name { font-weight: 700; border-bottom: 1px solid #eee; padding-bottom: 10px; margin-bottom: 14px; }
            .message { display: flex; gap: 10px; margin-bottom: 18px; }
            .avatar { width: 36px; height: 36px; border-radius: 6px; background: #e01e5a; color: #fff;
                      font-weight: 700; display: flex; align-items: center; justify-content: center; flex: none; }
            .sender { font-weight: 900; } .sender .app { font-size: 10px; background: #eee; color: #555;
                      padding: 1px 4px; border-radius: 3px; margin-left: 4px; font-weight: 700; }
            .sender time { color: #616061; font-size: 12px; font-weight: 400; margin-left: 6px; }
            .blocks { flex: 1; min-width: 0; }
            .header { font-size: 18px; font-weight: 900; margin: 4px 0 8px; }
            .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 24px; margin: 8px 0; }
            .section { margin: 8px 0; overflow-wrap: anywhere; }
            .context { color: #616061; font-size: 12px; margin: 6px 0; overflow-wrap: anywhere; }
            hr { border: none; border-top: 1px solid #ddd; margin: 12px 0; }
            pre { background: #f8f8f8; border: 1px solid #ddd; border-radius: 4px; padding: 8px;
                  white-space: pre-wrap; font: 12px/1.5 "Noto Sans Mono", "DejaVu Sans Mono", monospace; margin: 4px 0; }
            code { background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; color: #e01e5a;
                   font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; font-size: 12px; }
            a { color: #1264a3; text-decoration: none; }
            """;

    private SlackPreview() {}

    /** A message as the channel shows it: what was posted, and when. */
    record Post(JsonNode message, String postedAt) {}

    /** The page for {@code message} (Slack's {@code text} + {@code blocks}), as posted to the webhook. */
    static String page(JsonNode message, String channel, String postedAt) {
        return page(List.of(new Post(message, postedAt)), channel);
    }

    /** The page for several messages, one under the other, as the channel shows them. */
    static String page(List<Post> posts, String channel) {
        StringBuilder html = new StringBuilder()
                .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(escape(posts.get(0).message().path("text").asText())).append("</title>")
                .append("<style>").append(STYLE).append("</style></head>\n<body>\n")
                .append("<div class=\"channel\"><div class=\"channel-name\"># ").append(escape(channel)).append("</div>\n");
        for (Post post : posts) {
            html.append("<div class=\"message\"><div class=\"avatar\">CW</div><div class=\"blocks\">")
                    .append("<div class=\"sender\">cpu-alert<span class=\"app\">APP</span><time>")
                    .append(escape(post.postedAt())).append("</time></div>\n");
            for (JsonNode block : post.message().path("blocks")) {
                html.append(block(block)).append('\n');
            }
            html.append("</div></div>\n");
        }
        return html.append("</div>\n</body></html>\n").toString();
    }

    /** Writes the posts as JSON and as one channel page into the directory; returns the page. */
    static Path writeChannel(List<Post> posts, Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        ObjectMapper json = new ObjectMapper();
        Files.writeString(directory.resolve(name + ".json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(
                posts.stream().map(Post::message).toList()), StandardCharsets.UTF_8);
        Path page = directory.resolve(name + ".html");
        Files.writeString(page, page(posts, "ops-alerts"), StandardCharsets.UTF_8);
        return page;
    }

    private static String block(JsonNode block) {
        return switch (block.path("type").asText()) {
            case "header" -> "<div class=\"header\">" + emoji(escape(block.at("/text/text").asText())) + "</div>";
            case "divider" -> "<hr>";
            case "context" -> {
                StringBuilder context = new StringBuilder("<div class=\"context\">");
                block.path("elements").forEach(element -> context.append(text(element)).append(' '));
                yield context.append("</div>").toString();
            }
            case "section" -> {
                StringBuilder section = new StringBuilder();
                if (block.has("text")) {
                    section.append("<div class=\"section\">").append(text(block.get("text"))).append("</div>");
                }
                if (block.has("fields")) {
                    section.append("<div class=\"fields\">");
                    block.get("fields").forEach(field -> section.append("<div>").append(text(field)).append("</div>"));
                    section.append("</div>");
                }
                yield section.toString();
            }
            default -> "<div class=\"context\">(block type " + escape(block.path("type").asText())
                    + " is not shown in this preview)</div>";
        };
    }

    private static String text(JsonNode text) {
        String value = text.path("text").asText();
        return "mrkdwn".equals(text.path("type").asText()) ? mrkdwn(value) : emoji(escape(value)).replace("\n", "<br>");
    }

    /** Slack's mrkdwn: code blocks, links, *bold*, _italic_, `code`, emoji; &amp;, &lt; and &gt; arrive escaped. */
    static String mrkdwn(String text) {
        StringBuilder html = new StringBuilder();
        Matcher code = CODE_BLOCK.matcher(text);
        int at = 0;
        while (code.find()) {
            html.append(inline(text.substring(at, code.start())));
            html.append("<pre>").append(escape(unescapeSlack(code.group(1)))).append("</pre>");
            at = code.end();
        }
        return html.append(inline(text.substring(at))).toString();
    }

    private static String inline(String text) {
        StringBuilder html = new StringBuilder();
        Matcher link = LINK.matcher(text);
        int at = 0;
        while (link.find()) {
            html.append(styled(text.substring(at, link.start())));
            String label = link.group(2) == null ? link.group(1) : link.group(2);
            html.append("<a href=\"").append(escape(link.group(1))).append("\">").append(styled(label)).append("</a>");
            at = link.end();
        }
        return html.append(styled(text.substring(at))).toString();
    }

    private static String styled(String text) {
        String html = escape(unescapeSlack(text))
                .replaceAll("(?<![\\w*])\\*([^*\\n]+)\\*(?![\\w*])", "<b>$1</b>")
                .replaceAll("(?<![\\w_])_([^_\\n]+)_(?![\\w_])", "<i>$1</i>")
                .replaceAll("`([^`\\n]+)`", "<code>$1</code>")
                .replace("\n", "<br>");
        return emoji(html);
    }

    private static String emoji(String html) {
        return EMOJI.matcher(html).replaceAll(m -> Matcher.quoteReplacement(EMOJIS.getOrDefault(m.group(1), m.group())));
    }

    static String unescapeSlack(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
