package io.github.ec2monitoring.infrastructure.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The instance role read together with the agent configuration the stack ships: the agent may write exactly the log
 * groups and the namespace its configuration names, and nothing else.
 */
class InstanceRoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template synthesized;
    private static JsonNode template;

    @BeforeAll
    static void synthesize() {
        synthesized = Template.fromStack(TestApps.stack(TestApps.newApp(), TestApps.config()));
        template = JSON.valueToTree(synthesized.toJSON());
    }

    @Test
    void theAgentMayWriteExactlyTheLogGroupsItsConfigurationShipsTo() throws IOException {
        Set<JsonNode> shippedTo = new HashSet<>();
        for (JsonNode file : TestApps.shippedAgentConfig(synthesized).at("/logs/logs_collected/files/collect_list")) {
            String group = file.path("log_group_name").asText();
            assertThat(group).as("%s ships to a log group of the stack", file.path("file_path")).startsWith("REF:");
            String logicalId = group.substring("REF:".length());
            assertThat(template.at("/Resources/" + logicalId + "/Type").asText()).isEqualTo("AWS::Logs::LogGroup");
            shippedTo.add(JSON.createObjectNode().set("Fn::GetAtt",
                    JSON.createArrayNode().add(logicalId).add("Arn")));
        }

        for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
            assertThat(resourcesAllowed(action)).as(action).containsExactlyInAnyOrderElementsOf(shippedTo);
        }
        assertThat(resourcesAllowed("logs:CreateLogGroup")).as("the stack owns every group").isEmpty();
    }

    @Test
    void theAgentMayPublishOnlyInTheNamespaceItsConfigurationNames() throws IOException {
        String namespace = TestApps.shippedAgentConfig(synthesized).at("/metrics/namespace").asText(AgentConfig.DEFAULT_NAMESPACE);

        List<JsonNode> statements = instanceRoleStatements().stream()
                .filter(statement -> actions(statement).contains("cloudwatch:PutMetricData")).toList();

        assertThat(statements).singleElement().satisfies(statement ->
                assertThat(statement.at("/Condition/StringEquals/cloudwatch:namespace").asText()).isEqualTo(namespace));
    }

    @Test
    void theAgentManagedPolicyIsGoneAndOnlySessionManagersIsLeft() {
        JsonNode managed = instanceRole().at("/Properties/ManagedPolicyArns");

        assertThat(managed.toString()).doesNotContain("CloudWatchAgentServerPolicy")
                .contains("AmazonSSMManagedInstanceCore");
        assertThat(managed).hasSize(1);
    }

    private static String instanceRoleId() {
        for (var field : template.get("Resources").properties()) {
            if (field.getKey().startsWith("InstanceRole") && field.getValue().path("Type").asText().equals("AWS::IAM::Role")) {
                return field.getKey();
            }
        }
        throw new AssertionError("no instance role");
    }

    private static JsonNode instanceRole() {
        return template.get("Resources").get(instanceRoleId());
    }

    private static List<JsonNode> instanceRoleStatements() {
        String roleId = instanceRoleId();
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode resource : template.get("Resources")) {
            if (resource.path("Type").asText().equals("AWS::IAM::Policy")
                    && resource.at("/Properties/Roles").toString().contains("\"" + roleId + "\"")) {
                resource.at("/Properties/PolicyDocument/Statement").forEach(statements::add);
            }
        }
        return statements;
    }

    private static List<JsonNode> resourcesAllowed(String action) {
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode statement : instanceRoleStatements()) {
            if (statement.path("Effect").asText().equals("Allow") && actions(statement).contains(action)) {
                JsonNode resource = statement.get("Resource");
                (resource.isArray() ? toList(resource) : List.of(resource)).forEach(resources::add);
            }
        }
        return resources;
    }

    static List<String> actions(JsonNode statement) {
        JsonNode action = statement.get("Action");
        return action.isArray() ? toList(action).stream().map(JsonNode::asText).toList() : List.of(action.asText());
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
