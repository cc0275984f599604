package io.github.ec2monitoring.infrastructure.constructs;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;

/** An edited agent configuration reaches every running instance of the group, none replaced. */
class AgentRolloutTest {

    private static Template template(String agentConfigJson) {
        Stack stack = new Stack(TestApps.newApp(), "Test");
        AgentConfig config = new AgentConfig(stack, "AgentConfig", new AgentConfigProps(agentConfigJson,
                RetentionDays.ONE_WEEK));
        new AgentRollout(stack, "AgentRollout", new AgentRolloutProps(config, List.of("web-asg")));
        return Template.fromStack(stack);
    }

    @Test
    void anAssociationRunsTheAgentsConfigureDocumentWithTheParameterOnTheGroupsInstances() {
        template(TestApps.agentConfigJson()).hasResourceProperties("AWS::SSM::Association", Map.of(
                "Name", "AmazonCloudWatch-ManageAgent",
                "Targets", List.of(Map.of("Key", "tag:aws:autoscaling:groupName", "Values", List.of("web-asg"))),
                "Parameters", Map.of(
                        "action", List.of("configure"),
                        "mode", List.of("ec2"),
                        "optionalConfigurationSource", List.of("ssm"),
                        "optionalConfigurationLocation", List.of(Map.of("Ref",
                                Match.stringLikeRegexp("AgentConfig[0-9A-F]{8}"))),
                        "optionalRestart", List.of("yes"))));
    }

    /** Changing the association makes State Manager run it again on every target. */
    @Test
    void anEditedConfigurationChangesTheAssociationSoItRunsAgain() {
        Capture before = new Capture();
        Capture after = new Capture();
        template(TestApps.agentConfigJson()).hasResourceProperties("AWS::SSM::Association",
                Map.of("AssociationName", before));
        template(TestApps.agentConfigJson().replace("\"metrics_collection_interval\": 60",
                "\"metrics_collection_interval\": 30")).hasResourceProperties("AWS::SSM::Association",
                Map.of("AssociationName", after));

        assertNotEquals(before.asString(), after.asString());
    }
}
