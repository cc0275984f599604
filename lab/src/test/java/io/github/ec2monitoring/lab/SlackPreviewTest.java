package io.github.ec2monitoring.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SlackPreviewTest {

    @Test
    void rendersSlackMrkdwnBoldItalicCodeAndLinks() {
        assertEquals("<b>State</b><br>OK → ALARM <i>cut</i> <code>df -h</code> "
                        + "<a href=\"https://console.aws.amazon.com/x?a=1&amp;b=2\">Alarm</a>",
                SlackPreview.mrkdwn("*State*\nOK → ALARM _cut_ `df -h` <https://console.aws.amazon.com/x?a=1&b=2|Alarm>"));
    }

    @Test
    void codeBlocksKeepTheirLinesAndEscapedTextStaysText() {
        assertEquals("<b>Apache error log</b>: 1 of 1<pre>[error] GET /&lt;script&gt;?a&amp;b\n</pre>",
                SlackPreview.mrkdwn("*Apache error log*: 1 of 1```[error] GET /&lt;script&gt;?a&amp;b\n```"));
    }

    @Test
    void underscoresInsideWordsAndTimesAreNotFormatting() {
        assertEquals("mem_used_percent at 06:30:12", SlackPreview.mrkdwn("mem_used_percent at 06:30:12"));
    }

    @Test
    void aPageHoldsHeaderFieldsSectionsContextAndDividers() throws Exception {
        JsonNode message = new ObjectMapper().readTree("""
                {"text":"Critical ALARM: web-i-1-cpu-critical","blocks":[
                 {"type":"header","text":{"type":"plain_text","text":":rotating_light: Critical ALARM: web-i-1-cpu-critical"}},
                 {"type":"section","fields":[{"type":"mrkdwn","text":"*State*\\nOK → ALARM"}]},
                 {"type":"divider"},
                 {"type":"context","elements":[{"type":"mrkdwn","text":"Logs from 06:25 UTC"}]},
                 {"type":"actions","elements":[]}]}""");

        String page = SlackPreview.page(message, "ops-alerts", "2026-11-24 06:30:12 UTC");

        assertTrue(page.contains("<title>Critical ALARM: web-i-1-cpu-critical</title>"), page);
        assertTrue(page.contains("<div class=\"header\">\uD83D\uDEA8 Critical ALARM: web-i-1-cpu-critical</div>"), page);
        assertTrue(page.contains("<div class=\"fields\"><div><b>State</b><br>OK → ALARM</div></div>"), page);
        assertTrue(page.contains("<hr>"), page);
        assertTrue(page.contains("<div class=\"context\">Logs from 06:25 UTC </div>"), page);
        assertTrue(page.contains("(block type actions is not shown in this preview)"), page);
    }
}
