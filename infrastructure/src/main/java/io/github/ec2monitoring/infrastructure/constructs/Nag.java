package io.github.ec2monitoring.infrastructure.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.Arrays;
import java.util.List;
import software.constructs.IConstruct;

/** cdk-nag suppressions, always on one resource (and its children) and always with the reason. */
final class Nag {

    private Nag() {}

    static void suppress(IConstruct resource, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(resource,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /** Suppresses only the findings whose "Resource::..." or "Action::..." text matches one of the regexes. */
    static void suppressMatching(IConstruct resource, String rule, String reason, String... regexes) {
        List<Object> appliesTo = Arrays.stream(regexes)
                .map(regex -> (Object) RegexAppliesTo.builder().regex("/" + regex + "/").build())
                .toList();
        NagSuppressions.addResourceSuppressions(resource,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).appliesTo(appliesTo).build()), true);
    }
}
