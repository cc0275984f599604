"""Runs parliament (an offline IAM policy linter) on every policy document of CloudFormation templates.

CloudFormation intrinsics are resolved to plausible values first (a fixed account and region, ARNs built from each
resource's type), since parliament reads plain policies. Prints one JSON object per finding, one per line:
{"template", "resource", "issue", "severity", "detail"}. A finding is skipped, with its reason, by metadata on the
resource that holds the policy: {"parliament": {"skip": [{"issue": "RESOURCE_STAR", "comment": "why"}]}}.

Usage: iam_lint.py TEMPLATE.json...
"""
import json
import sys

from parliament import analyze_policy_string

ACCOUNT, REGION, PARTITION = "123456789012", "ap-northeast-2", "aws"
PSEUDO = {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::Partition": PARTITION,
          "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": "Stack", "AWS::NoValue": None}
# What Ref and GetAtt Arn give for each resource type, from the logical id.
ARNS = {
    "AWS::Logs::LogGroup": ("{id}", "arn:aws:logs:{r}:{a}:log-group:{id}:*"),
    "AWS::SNS::Topic": ("arn:aws:sns:{r}:{a}:{id}", "arn:aws:sns:{r}:{a}:{id}"),
    "AWS::SQS::Queue": ("https://sqs.{r}.amazonaws.com/{a}/{id}", "arn:aws:sqs:{r}:{a}:{id}"),
    "AWS::IAM::Role": ("{id}", "arn:aws:iam::{a}:role/{id}"),
    "AWS::IAM::InstanceProfile": ("{id}", "arn:aws:iam::{a}:instance-profile/{id}"),
    "AWS::KMS::Key": ("{id}", "arn:aws:kms:{r}:{a}:key/{id}"),
    "AWS::S3::Bucket": ("{id}", "arn:aws:s3:::{id}"),
    "AWS::SSM::Parameter": ("{id}", "arn:aws:ssm:{r}:{a}:parameter/{id}"),
    "AWS::Lambda::Function": ("{id}", "arn:aws:lambda:{r}:{a}:function:{id}"),
    "AWS::Events::Rule": ("{id}", "arn:aws:events:{r}:{a}:rule/{id}"),
    "AWS::SecretsManager::Secret": ("arn:aws:secretsmanager:{r}:{a}:secret:{id}", "arn:aws:secretsmanager:{r}:{a}:secret:{id}"),
    "AWS::AutoScaling::AutoScalingGroup": ("{id}", "arn:aws:autoscaling:{r}:{a}:autoScalingGroup:uuid:autoScalingGroupName/{id}"),
    "AWS::CloudWatch::Alarm": ("{id}", "arn:aws:cloudwatch:{r}:{a}:alarm:{id}"),
    "AWS::DynamoDB::Table": ("{id}", "arn:aws:dynamodb:{r}:{a}:table/{id}"),
    "AWS::EC2::VPC": ("vpc-0123456789abcdef0", "vpc-0123456789abcdef0"),
}


def resolve(value, resources):
    if isinstance(value, list):
        return [resolve(item, resources) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref":
            if arg in PSEUDO:
                return PSEUDO[arg]
            return ARNS.get(resources[arg]["Type"], ("{id}", ""))[0].format(id=arg.lower(), r=REGION, a=ACCOUNT)
        if key == "Fn::GetAtt":
            logical_id, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
            kind = ARNS.get(resources[logical_id]["Type"], ("{id}", "arn:aws:unknown:{r}:{a}:{id}"))
            return kind[1].format(id=logical_id.lower(), r=REGION, a=ACCOUNT) if attribute == "Arn" else logical_id
        if key == "Fn::Join":
            return arg[0].join(str(resolve(part, resources)) for part in arg[1])
        if key == "Fn::Sub":
            return arg if isinstance(arg, str) else arg[0]
    return {key: resolve(item, resources) for key, item in value.items()}


def policies(resources):
    """(logical id, document, is it a resource policy) for every policy in the template."""
    for logical_id, resource in resources.items():
        kind, properties = resource["Type"], resource.get("Properties", {})
        if kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            yield logical_id, properties["PolicyDocument"], False
        elif kind == "AWS::IAM::Role":
            for policy in properties.get("Policies", []):
                yield logical_id, policy["PolicyDocument"], False
        elif kind == "AWS::KMS::Key":
            yield logical_id, properties["KeyPolicy"], True
        elif kind in ("AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy",
                      "AWS::EC2::VPCEndpoint") and "PolicyDocument" in properties:
            yield logical_id, properties["PolicyDocument"], True


def skipped(resource):
    return {skip["issue"]: skip.get("comment", "") for skip in
            resource.get("Metadata", {}).get("parliament", {}).get("skip", [])}


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            resources = json.load(handle)["Resources"]
        for logical_id, document, is_resource_policy in policies(resources):
            text = json.dumps(resolve(document, resources))
            found = analyze_policy_string(text, include_community_auditors=False)
            reasons = skipped(resources[logical_id])
            for finding in found.findings:
                # A resource policy's principal is its caller: parliament's identity-policy checks do not apply.
                if is_resource_policy and finding.issue in ("RESOURCE_STAR",):
                    continue
                print(json.dumps({"template": path, "resource": logical_id, "issue": finding.issue,
                                  "severity": finding.severity, "detail": str(finding.detail),
                                  "skipped": finding.issue in reasons, "reason": reasons.get(finding.issue)}))


if __name__ == "__main__":
    main(sys.argv[1:])
