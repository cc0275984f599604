package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.InstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The role monitored instances run with, in an instance profile: what the CloudWatch agent needs for its configuration
 * (see {@link AgentConfig#grantAgent}) and what Systems Manager needs. The web tier's launch template uses it;
 * instance-detector attaches it to instances of watched groups that have no profile at all.
 */
public final class InstanceRole extends Construct {

    private final Role role;
    private final InstanceProfile instanceProfile;

    public InstanceRole(Construct scope, String id, InstanceRoleProps props) {
        super(scope, id);
        role = Role.Builder.create(this, "Resource")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("Monitored instances: CloudWatch agent and Systems Manager")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
                .build();
        props.agentConfig().grantAgent(role);
        Nag.suppressMatching(role, "AwsSolutions-IAM4",
                "Session Manager and the SSM agent need this AWS-maintained policy: its ssmmessages, ec2messages and "
                        + "ssm:UpdateInstanceInformation actions support no resource scoping, so no narrower statement "
                        + "exists, and AWS keeps it in step with the SSM agent.",
                "AmazonSSMManagedInstanceCore$");
        Nag.suppressMatching(role, "AwsSolutions-IAM5",
                "PutMetricData has no resource type and is limited to the agent's namespace by the "
                        + "cloudwatch:namespace condition; ec2:DescribeTags and DescribeVolumes support no resource "
                        + "scoping; the log-group ARNs end in :* to cover their streams, and only the stack's own "
                        + "groups that the agent configuration ships to are listed.",
                "^Resource::\\*$", "^Resource::<AgentConfig.*LogGroup.*\\.Arn>:\\*$");
        instanceProfile = InstanceProfile.Builder.create(this, "InstanceProfile").role(role).build();
    }

    public IRole getRole() {
        return role;
    }

    public InstanceProfile getInstanceProfile() {
        return instanceProfile;
    }
}
