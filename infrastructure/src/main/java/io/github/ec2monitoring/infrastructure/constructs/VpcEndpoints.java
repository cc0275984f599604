package io.github.ec2monitoring.infrastructure.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Private routes from the instances to what monitors them: interface endpoints for Systems Manager (SSM, SSM messages,
 * EC2 messages), CloudWatch and CloudWatch Logs, and an S3 gateway for the agent package and SSM's documents. Each
 * endpoint's policy allows no more than the instance role does, to principals of this account only.
 */
public final class VpcEndpoints extends Construct {

    /** The SSM actions of AmazonSSMManagedInstanceCore, plus the agent configuration's read. */
    static final List<String> SSM_ACTIONS = List.of("ssm:DescribeAssociation",
            "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetDocument", "ssm:DescribeDocument", "ssm:GetManifest",
            "ssm:GetParameter", "ssm:GetParameters", "ssm:ListAssociations", "ssm:ListInstanceAssociations",
            "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult",
            "ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus", "ssm:UpdateInstanceInformation");
    static final List<String> SSM_MESSAGES_ACTIONS = List.of("ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel");
    static final List<String> EC2_MESSAGES_ACTIONS = List.of("ec2messages:AcknowledgeMessage",
            "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint",
            "ec2messages:GetMessages", "ec2messages:SendReply");
    /** The regional buckets the agent package and SSM's documents and plugins come from. */
    static final List<String> S3_BUCKETS = List.of("amazoncloudwatch-agent-%s", "aws-ssm-%s", "amazon-ssm-%s",
            "amazon-ssm-packages-%s", "%s-birdwatcher-prod", "aws-ssm-distributor-file-%s",
            "aws-ssm-document-attachments-%s", "patch-baseline-snapshot-%s");

    private final List<InterfaceVpcEndpoint> interfaceEndpoints = new ArrayList<>();
    private final GatewayVpcEndpoint s3;

    public VpcEndpoints(Construct scope, String id, VpcEndpointsProps props) {
        super(scope, id);
        SubnetSelection privateSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        Map<String, IInterfaceVpcEndpointService> services = new LinkedHashMap<>();
        services.put("Ssm", InterfaceVpcEndpointAwsService.SSM);
        services.put("SsmMessages", InterfaceVpcEndpointAwsService.SSM_MESSAGES);
        services.put("Ec2Messages", InterfaceVpcEndpointAwsService.EC2_MESSAGES);
        services.put("CloudWatch", InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING);
        services.put("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
        Map<String, PolicyStatement> policies = Map.of(
                "Ssm", ofThisAccount(SSM_ACTIONS, List.of("*")),
                "SsmMessages", ofThisAccount(SSM_MESSAGES_ACTIONS, List.of("*")),
                "Ec2Messages", ofThisAccount(EC2_MESSAGES_ACTIONS, List.of("*")),
                "CloudWatch", ofThisAccount(List.of("cloudwatch:PutMetricData"), List.of("*"), Map.of(
                        "cloudwatch:namespace", props.agentConfig().getNamespace())),
                "Logs", ofThisAccount(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                        props.agentConfig().getShippedLogGroupArns()));
        services.forEach((name, service) -> {
            InterfaceVpcEndpoint endpoint = InterfaceVpcEndpoint.Builder.create(this, name)
                    .vpc(props.vpc())
                    .service(service)
                    .subnets(privateSubnets)
                    .privateDnsEnabled(true)
                    .build();
            endpoint.addToPolicy(policies.get(name));
            interfaceEndpoints.add(endpoint);
        });

        s3 = GatewayVpcEndpoint.Builder.create(this, "S3")
                .vpc(props.vpc())
                .service(GatewayVpcEndpointAwsService.S3)
                .subnets(List.of(privateSubnets))
                .build();
        // Anonymous GETs too: the agent package is public, fetched with curl and no signature.
        s3.addToPolicy(PolicyStatement.Builder.create()
                .sid("AgentPackageAndSsmFiles")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject"))
                .resources(S3_BUCKETS.stream()
                        .map(bucket -> "arn:" + Aws.PARTITION + ":s3:::" + bucket.formatted(Aws.REGION) + "/*")
                        .toList())
                .build());
    }

    private static PolicyStatement ofThisAccount(List<String> actions, List<String> resources) {
        return ofThisAccount(actions, resources, Map.of());
    }

    /**
     * This account's principals only: the instance role, or the role Systems Manager's Default Host Management uses
     * when an account turns it on.
     */
    private static PolicyStatement ofThisAccount(List<String> actions, List<String> resources,
            Map<String, String> moreConditions) {
        Map<String, Object> equals = new LinkedHashMap<>(moreConditions);
        equals.put("aws:PrincipalAccount", Aws.ACCOUNT_ID);
        return PolicyStatement.Builder.create()
                .principals(List.of(new AnyPrincipal()))
                .actions(actions)
                .resources(resources)
                .conditions(Map.of("StringEquals", equals))
                .build();
    }

    public List<InterfaceVpcEndpoint> getInterfaceEndpoints() {
        return List.copyOf(interfaceEndpoints);
    }

    public GatewayVpcEndpoint getS3() {
        return s3;
    }
}
