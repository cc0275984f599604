package io.github.ec2monitoring.infrastructure.constructs;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.ec2monitoring.contract.AlarmResolution;
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
                RetentionDays.ONE_WEEK, AlarmResolution.STANDARD));
        new AgentRollout(stack, "AgentRollout", new AgentRolloutProps(config, List.of("web-asg")));
        return Template.fromStack(stack);
    }

    @Test
    void anAssociationInstallsTheAgentThenConfiguresItFromTheParameterOnTheGroupsInstances() {
        Template template = template(TestApps.agentConfigJson());
        Capture content = new Capture();

        template.hasResourceProperties("AWS::SSM::Association", Map.of(
                "Name", Map.of("Ref", Match.stringLikeRegexp("AgentRolloutDocument.*")),
                "Targets", List.of(Map.of("Key", "tag:aws:autoscaling:groupName", "Values", List.of("web-asg"))),
                "Parameters", Map.of("configParameter", List.of(Map.of("Ref",
                        Match.stringLikeRegexp("AgentConfig[0-9A-F]{8}"))))));
        template.hasResourceProperties("AWS::SSM::Document", Map.of("DocumentType", "Command", "Content", content));
        String steps = content.asObject().get("mainSteps").toString();
        org.junit.jupiter.api.Assertions.assertTrue(steps.indexOf("AWS-ConfigureAWSPackage")
                < steps.indexOf("AmazonCloudWatch-ManageAgent"), "install first, then configure: " + steps);
        org.junit.jupiter.api.Assertions.assertTrue(steps.contains("optionalConfigurationLocation={{ configParameter }}")
                && steps.contains("AmazonCloudWatchAgent"), steps);
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
