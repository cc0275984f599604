package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.InstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The role monitored instances run with, in an instance profile: what the CloudWatch agent and Systems Manager need,
 * and the agent configuration's parameter to read. The web tier's launch template uses it; instance-detector
 * attaches it to instances of watched groups that have no profile at all.
 */
public final class InstanceRole extends Construct {

    private final Role role;
    private final InstanceProfile instanceProfile;

    public InstanceRole(Construct scope, String id, InstanceRoleProps props) {
        super(scope, id);
        role = Role.Builder.create(this, "Resource")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("Monitored instances: CloudWatch agent and Systems Manager")
                .managedPolicies(List.of(
                        ManagedPolicy.fromAwsManagedPolicyName("CloudWatchAgentServerPolicy"),
                        ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
                .build();
        props.agentConfig().grantRead(role);
        Nag.suppressMatching(role, "AwsSolutions-IAM4",
                "The CloudWatch agent and Session Manager need exactly these AWS-maintained policies, which follow "
                        + "the agent's and SSM's new API needs without a redeploy.",
                "CloudWatchAgentServerPolicy$", "AmazonSSMManagedInstanceCore$");
        instanceProfile = InstanceProfile.Builder.create(this, "InstanceProfile").role(role).build();
    }

    public IRole getRole() {
        return role;
    }

    public InstanceProfile getInstanceProfile() {
        return instanceProfile;
    }
}
