package io.github.ec2monitoring.infrastructure.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * The second scanners' exceptions, written where cdk-nag's are: on the one resource, with the reason, as template
 * metadata the scanners read (checkov's {@code skip} list; the same shape for the IAM linter, under "parliament").
 */
final class ScannerSkips {

    /** CloudWatch Logs encrypts every log group; the reason the stack's groups use no key of their own. */
    static final String LOG_GROUP_ENCRYPTION = "CloudWatch Logs encrypts every log group at rest with its own keys. "
            + "A customer-managed key (USD 1 a month plus requests, and a key policy for the logs service) adds "
            + "control over the key, not encryption; the groups hold syslog and Apache error lines, with secrets "
            + "redacted before anything is posted.";

    /** checkov's CKV_AWS_27 looks for a KMS key only. */
    static final String SQS_MANAGED_ENCRYPTION = "Encrypted at rest with SQS-managed keys (SqsManagedSseEnabled: "
            + "true); this check recognises only a KMS key.";

    private ScannerSkips() {}

    /** Skips a checkov check on the resource (its CloudFormation resource, for an L2 construct). */
    static void checkov(IConstruct resource, String checkId, String reason) {
        add(resource, "checkov", Map.of("id", checkId, "comment", reason));
    }

    /** Skips a parliament finding on the resource that holds the policy. */
    static void parliament(IConstruct resource, String issue, String reason) {
        add(resource, "parliament", Map.of("issue", issue, "comment", reason));
    }

    @SuppressWarnings("unchecked")
    private static void add(IConstruct resource, String scanner, Map<String, String> skip) {
        CfnResource cfn = resource instanceof CfnResource direct ? direct
                : (CfnResource) resource.getNode().getDefaultChild();
        Object existing = cfn.getMetadata(scanner);
        List<Object> skips = new ArrayList<>();
        if (existing instanceof Map<?, ?> map && map.get("skip") instanceof List<?> list) {
            skips.addAll(list);
        }
        skips.add(skip);
        cfn.addMetadata(scanner, Map.of("skip", skips));
    }
}
