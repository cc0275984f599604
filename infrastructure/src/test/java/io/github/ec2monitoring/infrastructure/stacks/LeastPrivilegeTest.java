package io.github.ec2monitoring.infrastructure.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an auditor reads first, checked in every variant of the template. */
class LeastPrivilegeTest {

    /** Log writes: any that could forge or flood a log group the stack does not own. */
    private static final Pattern LOG_WRITE = Pattern.compile("logs:(\\*|.*Put.*|CreateLogStream|CreateLogGroup)");

    private static Map<String, JsonNode> templates;

    @BeforeAll
    static void synthesize() {
        templates = TemplateVariants.templates();
    }

    @Test
    void noRoleMayWriteLogsOnEveryResource() {
        forEachIdentityStatement((where, statement) -> {
            if (actions(statement).stream().anyMatch(action -> LOG_WRITE.matcher(action).matches())) {
                assertThat(resources(statement)).as(where).doesNotContain("*");
            }
        });
    }

    @Test
    void noRoleMayPublishMetricsOutsideANamedNamespace() {
        forEachIdentityStatement((where, statement) -> {
            if (actions(statement).stream().anyMatch(action -> action.equals("cloudwatch:PutMetricData")
                    || action.equals("cloudwatch:*"))) {
                assertThat(statement.at("/Condition/StringEquals/cloudwatch:namespace").isMissingNode())
                        .as(where + ": PutMetricData limited by cloudwatch:namespace").isFalse();
            }
        });
    }

    @Test
    void everyServicePrincipalInAResourcePolicyIsBoundToThisAccountOrSource() {
        forEachResource((where, resource) -> {
            String pointer = resourcePolicy(resource.path("Type").asText());
            if (pointer != null) {
                for (JsonNode statement : resource.at(pointer + "/Statement")) {
                    JsonNode service = statement.at("/Principal/Service");
                    if (statement.path("Effect").asText().equals("Allow") && !service.isMissingNode()) {
                        assertThat(sourceCondition(statement)).as(where + ": " + statement).isTrue();
                    }
                }
            }
            if (resource.path("Type").asText().equals("AWS::Lambda::Permission")
                    && resource.at("/Properties/Principal").asText().endsWith(".amazonaws.com")) {
                assertThat(resource.at("/Properties/SourceArn").isMissingNode()
                        && resource.at("/Properties/SourceAccount").isMissingNode()).as(where).isFalse();
            }
        });
    }

    /** Where a resource type that can name a service principal keeps its policy, or null. */
    private static String resourcePolicy(String type) {
        return switch (type) {
            case "AWS::KMS::Key" -> "/Properties/KeyPolicy";
            case "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy" -> "/Properties/PolicyDocument";
            default -> null;
        };
    }

    private static boolean sourceCondition(JsonNode statement) {
        for (JsonNode operator : statement.path("Condition")) {
            for (String key : List.of("aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner")) {
                if (operator.has(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void forEachResource(BiConsumer<String, JsonNode> check) {
        templates.forEach((variant, template) -> template.get("Resources").properties().forEach(
                field -> check.accept(variant + "/" + field.getKey(), field.getValue())));
    }

    /** Every statement of every identity policy: the inline policies of roles and the policies attached to them. */
    private static void forEachIdentityStatement(BiConsumer<String, JsonNode> check) {
        forEachResource((where, resource) -> {
            List<JsonNode> documents = new ArrayList<>();
            switch (resource.path("Type").asText()) {
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> documents.add(resource.at("/Properties/PolicyDocument"));
                case "AWS::IAM::Role" -> resource.at("/Properties/Policies")
                        .forEach(policy -> documents.add(policy.get("PolicyDocument")));
                default -> { }
            }
            for (JsonNode document : documents) {
                for (JsonNode statement : document.path("Statement")) {
                    if (statement.path("Effect").asText().equals("Allow")) {
                        check.accept(where, statement);
                    }
                }
            }
        });
    }

    private static List<String> actions(JsonNode statement) {
        return texts(statement.get("Action"));
    }

    private static List<String> resources(JsonNode statement) {
        return texts(statement.get("Resource"));
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node == null) {
            return texts;
        }
        if (node.isArray()) {
            node.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.toString()));
        } else {
            texts.add(node.isTextual() ? node.asText() : node.toString());
        }
        return texts;
    }
}
