package io.github.ec2monitoring.infrastructure.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Draws a synthesized template as a Graphviz graph: one box per construct of the stack, one node per resource that
 * a reader cares about, an arrow where a resource refers to another (solid) or a role may act on one (dashed).
 * Plumbing (subnets, routes, policies, permissions, versions) is left out or drawn through.
 */
final class ArchitectureDiagram {

    /** Resources drawn as nodes, with the name shown under their label. */
    private static final Map<String, String> DRAWN = Map.ofEntries(
            Map.entry("AWS::EC2::VPC", "VPC"),
            Map.entry("AWS::EC2::FlowLog", "flow log"),
            Map.entry("AWS::EC2::NatGateway", "NAT gateway"),
            Map.entry("AWS::ElasticLoadBalancingV2::LoadBalancer", "load balancer"),
            Map.entry("AWS::ElasticLoadBalancingV2::TargetGroup", "target group"),
            Map.entry("AWS::AutoScaling::AutoScalingGroup", "Auto Scaling group"),
            Map.entry("AWS::AutoScaling::ScalingPolicy", "scaling policy"),
            Map.entry("AWS::EC2::LaunchTemplate", "launch template"),
            Map.entry("AWS::IAM::InstanceProfile", "instance profile"),
            Map.entry("AWS::IAM::Role", "IAM role"),
            Map.entry("AWS::SSM::Parameter", "SSM parameter"),
            Map.entry("AWS::Logs::LogGroup", "log group"),
            Map.entry("AWS::KMS::Key", "KMS key"),
            Map.entry("AWS::SNS::Topic", "SNS topic"),
            Map.entry("AWS::Chatbot::SlackChannelConfiguration", "AWS Chatbot"),
            Map.entry("AWS::Events::Rule", "EventBridge rule"),
            Map.entry("AWS::Lambda::Function", "Lambda function"),
            Map.entry("AWS::SQS::Queue", "SQS queue"),
            Map.entry("AWS::CloudWatch::Alarm", "CloudWatch alarm"),
            Map.entry("AWS::CloudWatch::Dashboard", "dashboard"),
            Map.entry("AWS::S3::Bucket", "S3 bucket"));
    /** Resources whose references are followed through to what they point at. */
    private static final Set<String> DRAWN_THROUGH = Set.of("AWS::Lambda::Alias", "AWS::Lambda::Version",
            "AWS::ElasticLoadBalancingV2::Listener");
    /** Properties whose references would only add noise: the dashboard refers to everything it shows. */
    private static final Set<String> NOT_FOLLOWED = Set.of("DashboardBody", "Tags");

    private final JsonNode resources;
    private final Set<String> nodes = new TreeSet<>();
    private final Set<String> edges = new TreeSet<>();

    private ArchitectureDiagram(JsonNode template) {
        this.resources = template.path("Resources");
    }

    /** The Graphviz source for {@code template}; the same template always gives the same text. */
    static String dot(JsonNode template, String title) {
        return new ArchitectureDiagram(template).draw(title);
    }

    private String draw(String title) {
        Map<String, List<String>> clusters = new TreeMap<>();
        resources.properties().forEach(entry -> {
            String type = entry.getValue().path("Type").asText();
            if (DRAWN.containsKey(type)) {
                nodes.add(entry.getKey());
                clusters.computeIfAbsent(construct(entry.getValue()), k -> new ArrayList<>()).add(entry.getKey());
            }
        });
        resources.properties().forEach(entry -> connect(entry.getKey(), entry.getValue()));

        StringBuilder dot = new StringBuilder()
                .append("// Generated from the synthesized template by ArchitectureDiagramTest; do not edit.\n")
                .append("digraph architecture {\n")
                .append("  graph [label=\"").append(title).append("\", labelloc=t, fontsize=20, rankdir=LR, ")
                .append("fontname=\"Helvetica\", nodesep=0.25, ranksep=0.9];\n")
                .append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", ")
                .append("fontsize=11];\n")
                .append("  edge [color=\"#555555\", arrowsize=0.7];\n");
        clusters.forEach((construct, ids) -> {
            dot.append("  subgraph \"cluster_").append(construct).append("\" {\n")
                    .append("    label=\"").append(construct).append("\"; style=\"rounded,filled\"; ")
                    .append("fillcolor=\"#f3f6fa\"; color=\"#9aa9bb\"; fontname=\"Helvetica-Bold\";\n");
            ids.stream().sorted().forEach(id -> dot.append("    \"").append(id).append("\" [label=\"")
                    .append(label(id)).append("\"];\n"));
            dot.append("  }\n");
        });
        edges.forEach(edge -> dot.append("  ").append(edge).append(";\n"));
        return dot.append("}\n").toString();
    }

    private void connect(String id, JsonNode resource) {
        String type = resource.path("Type").asText();
        JsonNode properties = resource.path("Properties");
        switch (type) {
            case "AWS::SNS::Subscription" ->
                    targets(properties.path("TopicArn")).forEach(topic -> targets(properties.path("Endpoint"))
                            .forEach(endpoint -> edge(topic, endpoint, "delivers")));
            case "AWS::Lambda::EventInvokeConfig" ->
                    targets(properties.path("FunctionName")).forEach(function -> targets(properties.path(
                            "DestinationConfig")).forEach(queue -> edge(function, queue, "failed events")));
            case "AWS::IAM::Policy" ->
                    targets(properties.path("Roles")).forEach(role -> targets(properties.path("PolicyDocument"))
                            .forEach(target -> permission(role, target)));
            default -> {
                if (nodes.contains(id)) {
                    properties.properties().forEach(property -> {
                        if (!NOT_FOLLOWED.contains(property.getKey())) {
                            targets(property.getValue()).forEach(target -> edge(id, target, null));
                        }
                    });
                }
            }
        }
    }

    /** The drawn resources {@code value} refers to, following references through the ones drawn through. */
    private Set<String> targets(JsonNode value) {
        Set<String> found = new TreeSet<>();
        collect(value, found, new TreeSet<>());
        return found;
    }

    private void collect(JsonNode value, Set<String> found, Set<String> seen) {
        if (value.isObject()) {
            String referenced = value.has("Ref") ? value.get("Ref").asText()
                    : value.has("Fn::GetAtt") ? value.get("Fn::GetAtt").path(0).asText() : null;
            if (referenced != null && resources.has(referenced) && seen.add(referenced)) {
                String type = resources.get(referenced).path("Type").asText();
                if (nodes.contains(referenced)) {
                    found.add(referenced);
                } else if (DRAWN_THROUGH.contains(type)) {
                    collect(resources.get(referenced).path("Properties"), found, seen);
                }
                return;
            }
            value.properties().forEach(field -> collect(field.getValue(), found, seen));
        } else if (value.isArray()) {
            value.forEach(item -> collect(item, found, seen));
        }
    }

    private void edge(String from, String to, String label) {
        if (!from.equals(to)) {
            edges.add("\"" + from + "\" -> \"" + to + "\"" + (label == null ? "" : " [label=\"" + label
                    + "\", fontsize=9, fontname=\"Helvetica\"]"));
        }
    }

    private void permission(String role, String target) {
        if (!role.equals(target)) {
            edges.add("\"" + role + "\" -> \"" + target + "\" [style=dashed, color=\"#b35900\"]");
        }
    }

    private String construct(JsonNode resource) {
        String[] path = resource.path("Metadata").path("aws:cdk:path").asText("?/?").split("/");
        return path.length > 2 ? path[1] : "Stack";
    }

    /** "Function" from "Stack/InstanceDetector/Function/Resource", with the kind of resource underneath. */
    private String label(String id) {
        JsonNode resource = resources.get(id);
        List<String> path = new ArrayList<>(List.of(resource.path("Metadata").path("aws:cdk:path").asText(id)
                .split("/")));
        path = path.subList(Math.min(2, path.size() - 1), path.size());
        path.removeIf(segment -> segment.equals("Resource") || segment.equals("Default"));
        String kind = DRAWN.get(resource.path("Type").asText());
        return path.isEmpty() ? kind : String.join("/", path).replace("\"", "'") + "\\n" + kind;
    }
}
