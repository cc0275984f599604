package io.github.ec2monitoring.infrastructure.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class VpcEndpointsTest {

    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = Template.fromStack(TestApps.stack(TestApps.newApp(),
                TestApps.config().toBuilder().vpcEndpoints(true).build()));
    }

    @Test
    void offByDefault() {
        Template.fromStack(TestApps.stack(TestApps.newApp(), TestApps.config()))
                .resourceCountIs("AWS::EC2::VPCEndpoint", 0);
    }

    @Test
    void fiveInterfaceEndpointsInThePrivateSubnetsAndAnS3Gateway() {
        template.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface",
                "PrivateDnsEnabled", true), 5);
        template.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway"), 1);
        assertThat(serviceNames()).containsExactlyInAnyOrder("com.amazonaws.ap-northeast-2.ssm",
                "com.amazonaws.ap-northeast-2.ssmmessages", "com.amazonaws.ap-northeast-2.ec2messages",
                "com.amazonaws.ap-northeast-2.monitoring", "com.amazonaws.ap-northeast-2.logs", "S3");
    }

    @Test
    void everyEndpointHasAPolicyAndNoneAllowsEverything() {
        for (JsonNode endpoint : endpoints()) {
            JsonNode statements = endpoint.at("/Properties/PolicyDocument/Statement");
            assertThat(statements.isArray() && !statements.isEmpty()).as(endpoint.toString()).isTrue();
            for (JsonNode statement : statements) {
                assertThat(statement.path("Action").toString()).doesNotContain("\"*\"").doesNotContain(":*\"");
            }
        }
    }

    @Test
    void interfaceEndpointsServeThisAccountsPrincipalsOnly() {
        for (JsonNode endpoint : endpoints()) {
            if (endpoint.at("/Properties/VpcEndpointType").asText().equals("Interface")) {
                for (JsonNode statement : endpoint.at("/Properties/PolicyDocument/Statement")) {
                    assertThat(statement.at("/Condition/StringEquals/aws:PrincipalAccount").toString())
                            .isEqualTo("{\"Ref\":\"AWS::AccountId\"}");
                }
            }
        }
    }

    @Test
    void theLogsEndpointAllowsTheAgentsLogGroupsAndTheMetricsEndpointItsNamespace() {
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Match.objectLike(Map.of(
                        "Action", List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                        "Principal", Map.of("AWS", "*"),
                        "Resource", List.of(
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("AgentConfigApacheErrorLogGroup.*"),
                                        "Arn")),
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("AgentConfigSyslogLogGroup.*"),
                                        "Arn")))))))));
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Match.objectLike(Map.of("Action", "cloudwatch:PutMetricData",
                        "Condition", Map.of("StringEquals", Map.of("cloudwatch:namespace", "CWAgent",
                                "aws:PrincipalAccount", Map.of("Ref", "AWS::AccountId")))))))));
    }

    @Test
    void needsTheWebTiersVpc() {
        assertThatThrownBy(() -> TestApps.monitoring(false, List.of("shop-web")).toBuilder().vpcEndpoints(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("createWebTier=true");
    }

    private static List<JsonNode> endpoints() {
        List<JsonNode> endpoints = new ArrayList<>();
        new ObjectMapper().valueToTree(template.findResources("AWS::EC2::VPCEndpoint")).forEach(endpoints::add);
        return endpoints;
    }

    private static List<String> serviceNames() {
        return endpoints().stream().map(endpoint -> {
            JsonNode name = endpoint.at("/Properties/ServiceName");
            return name.isTextual() ? name.asText() : name.toString().contains(".s3") ? "S3" : name.toString();
        }).toList();
    }
}
