package io.github.ec2monitoring.infrastructure.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.Setting;
import io.github.ec2monitoring.infrastructure.TestApps;
import io.github.ec2monitoring.infrastructure.app.AppConfig;
import io.github.ec2monitoring.infrastructure.constructs.CpuAlert;
import io.github.ec2monitoring.infrastructure.constructs.InstanceDetector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Template;

/**
 * Every variable a construct sets is one its handler's contract defines, and every variable the contract requires is
 * set: in each variant of the stack the tests build.
 */
class FunctionContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<AppConfig> variants() {
        return List.of(TestApps.config(), TestApps.monitoring(false, List.of("shop-web", "api-web")),
                TestApps.inMode(TestApps.monitoring(true, List.of("shop-web")), AlarmMode.FLEET));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void eachFunctionGetsExactlyWhatItsContractDefines(AppConfig config) {
        Template template = Template.fromStack(TestApps.stack(TestApps.newApp(), config));
        Map<String, List<Setting<?>>> contracts = Map.of(
                InstanceDetector.HANDLER, FunctionEnvironments.Detector.ALL,
                CpuAlert.HANDLER, FunctionEnvironments.CpuAlert.ALL);
        Set<String> checked = new TreeSet<>();
        JSON.valueToTree(template.findResources("AWS::Lambda::Function")).forEach(function -> {
            List<Setting<?>> contract = contracts.get(function.at("/Properties/Handler").asText());
            if (contract == null) {
                return;
            }
            Set<String> set = new TreeSet<>();
            function.at("/Properties/Environment/Variables").fieldNames().forEachRemaining(set::add);
            Set<String> defined = contract.stream().map(Setting::name).collect(Collectors.toCollection(TreeSet::new));
            Set<String> required = contract.stream().filter(Setting::required).map(Setting::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            String handler = function.at("/Properties/Handler").asText();
            assertTrue(defined.containsAll(set), handler + " gets variables its contract does not define: " + set);
            assertTrue(set.containsAll(required), handler + " lacks required variables: " + required);
            checked.add(handler);
        });
        assertEquals(contracts.keySet(), checked);
    }

    /**
     * The jar tests load both handlers in this JVM, whose environment the pom sets (a JVM cannot change its own):
     * that environment, too, holds exactly the contracts' variables.
     */
    @org.junit.jupiter.api.Test
    void theJarTestsEnvironmentHoldsExactlyBothContracts() throws Exception {
        String pom = java.nio.file.Files.readString(TestApps.projectRoot().resolve("infrastructure/pom.xml"));
        // The failsafe plugin's block: the jar tests are integration tests.
        int failsafe = pom.indexOf("<artifactId>maven-failsafe-plugin</artifactId>");
        int start = pom.indexOf("<environmentVariables>", failsafe);
        String block = pom.substring(start, pom.indexOf("</environmentVariables>", start));
        Set<String> set = new TreeSet<>();
        java.util.regex.Matcher tag = java.util.regex.Pattern.compile("<([A-Z_]+)>").matcher(block);
        while (tag.find()) {
            set.add(tag.group(1));
        }
        set.remove("PATH");
        Set<String> defined = new TreeSet<>();
        FunctionEnvironments.Detector.ALL.forEach(setting -> defined.add(setting.name()));
        FunctionEnvironments.CpuAlert.ALL.forEach(setting -> defined.add(setting.name()));
        assertEquals(defined, set);
    }
}
