package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ssm.CfnAssociation;
import software.constructs.Construct;

/**
 * Applies the CloudWatch agent configuration to every running instance of the groups, without replacing any: an SSM
 * State Manager association runs the agent's own configure document with the parameter on the instances that carry
 * the groups' tag, new ones included. Its name carries the configuration's hash, so an edited
 * agent-config/amazon-cloudwatch-agent.json changes the association at deploy, and State Manager runs it again on
 * every instance.
 */
public final class AgentRollout extends Construct {

    static final String GROUP_TAG = "tag:aws:autoscaling:groupName";

    private final CfnAssociation association;

    public AgentRollout(Construct scope, String id, AgentRolloutProps props) {
        super(scope, id);
        association = CfnAssociation.Builder.create(this, "Resource")
                .name("AmazonCloudWatch-ManageAgent")
                .associationName(Stack.of(this).getStackName() + "-agent-config-"
                        + props.agentConfig().getContentHash())
                .targets(List.of(CfnAssociation.TargetProperty.builder()
                        .key(GROUP_TAG)
                        .values(props.autoScalingGroupNames())
                        .build()))
                .parameters(Map.of(
                        "action", List.of("configure"),
                        "mode", List.of("ec2"),
                        "optionalConfigurationSource", List.of("ssm"),
                        "optionalConfigurationLocation", List.of(props.agentConfig().getParameter().getParameterName()),
                        "optionalRestart", List.of("yes")))
                // Instances that cannot run it yet (the agent still installing) are tried again by State Manager.
                .maxErrors("100%")
                .build();
    }

    public CfnAssociation getAssociation() {
        return association;
    }
}
