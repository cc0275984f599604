package io.github.ec2monitoring.infrastructure.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/**
 * cdk.json sets every feature flag the pinned aws-cdk-lib recommends, as {@code cdk init} writes them, so the CLI
 * reports no unconfigured flag and the stack gets today's defaults (the VPC's default security group restricted,
 * nag errors failing the synth, ...). Bumping the CDK fails this test until cdk.json takes the new flags.
 */
class FeatureFlagsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** recommended-feature-flags.json from the npm package inside the aws-cdk-lib jar (a tar.gz). */
    private static JsonNode recommended() throws IOException {
        String version = App.class.getPackage().getImplementationVersion();
        String name = "/software/amazon/awscdk/aws-cdk-lib@" + version + ".jsii.tgz";
        try (InputStream tgz = App.class.getResourceAsStream(name)) {
            assertNotNull(tgz, "no " + name + " in the aws-cdk-lib jar");
            InputStream tar = new GZIPInputStream(tgz);
            byte[] header = new byte[512];
            while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String entry = new String(header, 0, 100, StandardCharsets.US_ASCII).trim().replace("\0", "");
                long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
                byte[] content = tar.readNBytes((int) size);
                tar.skipNBytes((512 - size % 512) % 512);
                if (entry.equals("package/recommended-feature-flags.json")) {
                    return JSON.readTree(content);
                }
            }
        }
        throw new AssertionError("recommended-feature-flags.json not found in " + name);
    }

    @Test
    void cdkJsonSetsEveryFlagThePinnedCdkRecommends() throws IOException {
        JsonNode context = JSON.readTree(TestApps.projectRoot().resolve("cdk.json").toFile()).get("context");
        Map<String, JsonNode> expected = new TreeMap<>();
        Map<String, JsonNode> actual = new TreeMap<>();
        recommended().properties().forEach(flag -> {
            expected.put(flag.getKey(), flag.getValue());
            actual.put(flag.getKey(), context.get(flag.getKey()));
        });

        assertEquals(expected, actual);
    }
}
