package io.github.ec2monitoring.infrastructure.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.CfnBucketPolicy;
import software.constructs.IConstruct;

/**
 * Binds the statements that CDK writes into a bucket policy for a service principal (the ELB log delivery statements
 * of {@code logAccessLogs}) to this account with {@code aws:SourceAccount}, so the service cannot be used as a
 * confused deputy to write another account's logs here. Runs at synth, when the policy is complete.
 */
final class SourceAccountBinding implements IAspect {

    private static final List<String> SOURCE_KEYS = List.of("aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner");

    @Override
    public void visit(IConstruct node) {
        if (node instanceof CfnBucketPolicy policy) {
            Object document = Stack.of(policy).resolve(policy.getPolicyDocument());
            policy.addPropertyOverride("PolicyDocument", bound(copy(document)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bound(Object document) {
        Map<String, Object> policy = (Map<String, Object>) document;
        for (Object item : (List<Object>) policy.get("Statement")) {
            Map<String, Object> statement = (Map<String, Object>) item;
            Object principal = statement.get("Principal");
            if ("Allow".equals(statement.get("Effect")) && principal instanceof Map<?, ?> principals
                    && principals.containsKey("Service") && !hasSourceCondition(statement)) {
                Map<String, Object> conditions = (Map<String, Object>) statement.computeIfAbsent("Condition",
                        key -> new LinkedHashMap<String, Object>());
                ((Map<String, Object>) conditions.computeIfAbsent("StringEquals",
                        key -> new LinkedHashMap<String, Object>())).put("aws:SourceAccount", Aws.ACCOUNT_ID);
            }
        }
        return policy;
    }

    private static boolean hasSourceCondition(Map<String, Object> statement) {
        return statement.get("Condition") instanceof Map<?, ?> conditions && conditions.values().stream()
                .anyMatch(operator -> operator instanceof Map<?, ?> keys
                        && SOURCE_KEYS.stream().anyMatch(keys::containsKey));
    }

    /** A changeable deep copy of the resolved JSON. */
    @SuppressWarnings("unchecked")
    private static Object copy(Object json) {
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put((String) key, copy(value)));
            return copy;
        }
        if (json instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(value -> copy.add(copy(value)));
            return copy;
        }
        return json;
    }
}
