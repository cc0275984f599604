package io.github.ec2monitoring.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.infrastructure.app.Main;
import io.github.ec2monitoring.standins.LambdaRuntimeSim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The app synthesized once per test JVM with the real shaded jars, as {@code cdk synth} does: each function's
 * template entry, and its asset loaded the way the Lambda Java runtime loads it.
 */
final class SynthesizedFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SynthesizedFunctions instance;

    private final Path assembly;
    private final Map<String, JsonNode> byHandler = new HashMap<>();

    private SynthesizedFunctions() throws IOException {
        assembly = Files.createTempDirectory("cdk-assembly");
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("aws:cdk:enable-asset-metadata", true);
        App app = new App(AppProps.builder()
                .outdir(assembly.toString())
                .context(context)
                .build());
        Template template = Template.fromStack(Main.build(app, Main.readConfig(app.getNode()), TestApps.projectRoot(),
                null));
        app.synth();
        // The project's Java functions; the CDK's own custom resource providers (Node.js) are not this test's.
        JSON.valueToTree(template.findResources("AWS::Lambda::Function")).forEach(fn -> {
            if (fn.at("/Properties/Runtime").asText().startsWith("java")) {
                byHandler.put(fn.at("/Properties/Handler").asText(), fn);
            }
        });
    }

    static synchronized SynthesizedFunctions get() {
        if (instance == null) {
            try {
                instance = new SynthesizedFunctions();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** Every Java function of the template, by its Handler string. */
    Map<String, JsonNode> byHandler() {
        return Map.copyOf(byHandler);
    }

    /** The function's asset as the runtime loads it; the handler's no-arg constructor runs here. */
    LambdaRuntimeSim load(String handler) throws ReflectiveOperationException, IOException {
        JsonNode fn = byHandler.get(handler);
        if (fn == null) {
            throw new AssertionError("no function with Handler " + handler + " in the template");
        }
        Path jar = assembly.resolve(fn.at("/Metadata/aws:asset:path").asText());
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            throw new AssertionError("the asset is not the shaded jar: " + jar);
        }
        return new LambdaRuntimeSim(jar, handler);
    }
}
