package io.github.ec2monitoring.infrastructure.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README.ko.md stays in step with README.md, and no document links to a file that is not there. */
class ReadmeTranslationTest {

    private static final Path ROOT = TestApps.projectRoot();
    private static final Pattern FENCE = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\((?!https?://|#)([^)#\\s]+)(?:#[^)]*)?\\)");

    @Test
    void bothReadmesGiveTheSameCommands() throws IOException {
        assertEquals(blocks(read("README.md")), blocks(read("README.ko.md")),
                "the code blocks of README.ko.md differ from README.md's (comments may be translated)");
    }

    /** The README's Default column is cdk.json's value: defaults live in cdk.json, and the table says them. */
    @Test
    void bothReadmesGiveCdkJsonsValueAsTheDefault() throws IOException {
        Map<String, String> empty = Map.of("README.md", "empty", "README.ko.md", "비어 있음");
        for (String readme : empty.keySet()) {
            String text = read(readme);
            new ObjectMapper().readTree(ROOT.resolve("cdk.json").toFile()).get("context").properties().forEach(key -> {
                if (key.getKey().startsWith("@")) {
                    return;
                }
                JsonNode value = key.getValue();
                String shown = value.isTextual() && value.asText().isEmpty() ? empty.get(readme)
                        : "`" + (value.isTextual() ? value.asText() : value.toString()) + "`";
                assertTrue(text.contains("| `" + key.getKey() + "` | " + shown + " |"),
                        readme + " should give " + shown + " as the default of " + key.getKey());
            });
        }
    }

    @Test
    void bothReadmesDocumentEveryContextKey() throws IOException {
        String english = read("README.md");
        String korean = read("README.ko.md");
        new ObjectMapper().readTree(ROOT.resolve("cdk.json").toFile()).get("context").fieldNames().forEachRemaining(key -> {
            if (!key.startsWith("@")) {
                assertTrue(english.contains("| `" + key + "` |"), "README.md lacks context key " + key);
                assertTrue(korean.contains("| `" + key + "` |"), "README.ko.md lacks context key " + key);
            }
        });
    }

    @Test
    void bothReadmesHaveTheSameSections() throws IOException {
        assertEquals(headings(read("README.md")), headings(read("README.ko.md")),
                "README.ko.md should have as many sections, of each level, as README.md");
    }

    @Test
    void everyRelativeLinkInTheDocsPointsAtAFile() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("README.ko.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        for (Path document : documents) {
            Matcher link = RELATIVE_LINK.matcher(Files.readString(document, StandardCharsets.UTF_8));
            while (link.find()) {
                Path target = document.getParent().resolve(link.group(1)).normalize();
                assertTrue(Files.exists(target), ROOT.relativize(document) + " links to missing " + link.group(1));
            }
        }
    }

    private static String read(String name) throws IOException {
        return Files.readString(ROOT.resolve(name), StandardCharsets.UTF_8);
    }

    /** Every bash and mermaid block, without its comment lines; the layout block is prose and may be translated. */
    private static List<String> blocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher fence = FENCE.matcher(markdown);
        while (fence.find()) {
            if (fence.group(1).equals("bash") || fence.group(1).equals("mermaid")) {
                blocks.add(fence.group(2).lines().filter(line -> !line.startsWith("#")).reduce("", (a, b) -> a + b + "\n"));
            }
        }
        return blocks;
    }

    private static List<String> headings(String markdown) {
        return FENCE.matcher(markdown).replaceAll("").lines().filter(line -> line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf(' '))).toList();
    }
}
