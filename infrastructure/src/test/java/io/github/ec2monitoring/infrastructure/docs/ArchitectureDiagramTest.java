package io.github.ec2monitoring.infrastructure.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.infrastructure.TestApps;
import io.github.ec2monitoring.infrastructure.app.AppConfig;
import io.github.ec2monitoring.infrastructure.app.Main;
import io.github.ec2monitoring.infrastructure.stacks.MonitoringStack;
import io.github.ec2monitoring.infrastructure.stacks.MonitoringStackProps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * docs/architecture.svg is drawn from the template that {@code cdk synth} makes with cdk.json's context, so it cannot
 * go stale: this test fails when the committed drawing no longer matches. To redraw it (needs Graphviz):
 * {@code ./mvnw -B -pl infrastructure -am test -Dtest=ArchitectureDiagramTest -Ddocs.update=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ArchitectureDiagramTest {

    private static final Path DOT = TestApps.projectRoot().resolve("docs/architecture.dot");
    private static final Path SVG = TestApps.projectRoot().resolve("docs/architecture.svg");
    private static String drawn;

    @BeforeAll
    static void drawTheSynthesizedTemplate() throws IOException, InterruptedException {
        Map<String, Object> context = TestApps.cdkJsonContext();
        // What the CDK CLI sets: each resource's construct path in its metadata, which groups the drawing.
        context.put("aws:cdk:enable-path-metadata", true);
        App app = new App(AppProps.builder().context(context).build());
        AppConfig config = Main.readConfig(app.getNode());
        MonitoringStack stack = new MonitoringStack(app, Main.STACK_NAME,
                StackProps.builder().env(Environment.builder().region(config.region()).build()).build(),
                new MonitoringStackProps(config, TestApps.dummyCode(), TestApps.dummyCode(), TestApps.agentConfigJson()));
        JsonNode template = new ObjectMapper().valueToTree(Template.fromStack(stack).toJSON());
        drawn = ArchitectureDiagram.dot(template, Main.STACK_NAME + " (cdk synth with cdk.json's context)");
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(DOT, drawn, StandardCharsets.UTF_8);
            Process dot = new ProcessBuilder("dot", "-Tsvg", DOT.toString(), "-o", SVG.toString()).inheritIO().start();
            if (!dot.waitFor(60, TimeUnit.SECONDS) || dot.exitValue() != 0) {
                throw new IllegalStateException("Graphviz dot failed to draw " + SVG);
            }
        }
    }

    @Test
    void theCommittedDiagramIsTheOneTheCurrentTemplateGives() throws IOException {
        assertEquals(drawn, Files.readString(DOT, StandardCharsets.UTF_8),
                "docs/architecture.dot is stale; redraw it with the command in this test's comment");
    }

    @Test
    void theCommittedPictureShowsEveryNodeOfTheDiagram() throws IOException {
        String svg = Files.readString(SVG, StandardCharsets.UTF_8);
        Matcher node = Pattern.compile("^    \"([^\"]+)\" \\[label=", Pattern.MULTILINE).matcher(drawn);
        int nodes = 0;
        while (node.find()) {
            nodes++;
            assertTrue(svg.contains("<title>" + node.group(1) + "</title>"),
                    "docs/architecture.svg lacks " + node.group(1) + "; redraw it");
        }
        assertTrue(nodes > 20, "the diagram draws the stack's resources");
    }

    @Test
    void theDiagramShowsTheAlarmPath() {
        assertTrue(drawn.contains("EventBridge rule"));
        assertTrue(drawn.contains("[label=\"delivers\""), "SNS topics deliver to cpu-alert");
        assertTrue(drawn.contains("[label=\"failed events\""), "failed invocations go to the dead-letter queues");
        assertTrue(drawn.contains("style=dashed"), "what each role may act on");
    }
}
