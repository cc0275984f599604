package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ssm.CfnAssociation;
import software.amazon.awscdk.services.ssm.CfnDocument;
import software.constructs.Construct;

/**
 * Brings the CloudWatch agent and its configuration to every instance of the groups, without touching their launch
 * templates or replacing any instance: an SSM document installs the agent package, then runs the agent's own
 * configure document with the parameter; a State Manager association runs it on the instances carrying the groups'
 * tag, on the ones running now and on each new one. The association's name carries the configuration's hash, so an
 * edited agent-config/amazon-cloudwatch-agent.json changes it at deploy, and State Manager runs it again everywhere.
 */
public final class AgentRollout extends Construct {

    static final String GROUP_TAG = "tag:aws:autoscaling:groupName";

    private final CfnAssociation association;

    public AgentRollout(Construct scope, String id, AgentRolloutProps props) {
        super(scope, id);
        CfnDocument document = CfnDocument.Builder.create(this, "Document")
                .documentType("Command")
                .content(Map.of(
                        "schemaVersion", "2.2",
                        "description", "Installs the CloudWatch agent and applies the monitoring stack's configuration",
                        "parameters", Map.of("configParameter", Map.of("type", "String",
                                "description", "SSM parameter holding the agent configuration")),
                        "mainSteps", List.of(
                                Map.of("action", "aws:runDocument", "name", "installAgent", "inputs", Map.of(
                                        "documentType", "SSMDocument",
                                        "documentPath", "AWS-ConfigureAWSPackage",
                                        "documentParameters", Map.of("action", "Install",
                                                "name", "AmazonCloudWatchAgent"))),
                                Map.of("action", "aws:runDocument", "name", "configureAgent", "inputs", Map.of(
                                        "documentType", "SSMDocument",
                                        "documentPath", "AmazonCloudWatch-ManageAgent",
                                        "documentParameters", Map.of("action", "configure", "mode", "ec2",
                                                "optionalConfigurationSource", "ssm",
                                                "optionalConfigurationLocation", "{{ configParameter }}",
                                                "optionalRestart", "yes"))))))
                .build();
        association = CfnAssociation.Builder.create(this, "Resource")
                .name(document.getRef())
                .associationName(Stack.of(this).getStackName() + "-agent-config-"
                        + props.agentConfig().getContentHash())
                .targets(List.of(CfnAssociation.TargetProperty.builder()
                        .key(GROUP_TAG)
                        .values(props.autoScalingGroupNames())
                        .build()))
                .parameters(Map.of("configParameter",
                        List.of(props.agentConfig().getParameter().getParameterName())))
                // An instance that cannot run it yet does not stop the others; State Manager tries it again.
                .maxErrors("100%")
                .build();
    }

    public CfnAssociation getAssociation() {
        return association;
    }
}
