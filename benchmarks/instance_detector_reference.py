"""A yardstick, not a product: instance-detector's job for one "running" event, in Python with boto3.

Usage: python instance_detector_reference.py EVENT_FILE   (AWS_ENDPOINT_URL, ALARM_NAME_PREFIX and the topics
in the environment). It does what the Java handler does on the same event: look the instance up, check its group,
find its existing alarms and put the six that are missing.
"""
import json
import os
import sys

import boto3

METRICS = {
    "cpu": ("CWAgent", "cpu_usage_active", "CPU_"),
    "memory": ("CWAgent", "mem_used_percent", "MEMORY_"),
    "disk": ("CWAgent", "disk_used_percent", "DISK_"),
}


def handle(event, ec2, cloudwatch, env):
    instance_id = event["detail"]["instance-id"]
    reservations = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"]
    instance = reservations[0]["Instances"][0]
    tags = {tag["Key"]: tag["Value"] for tag in instance.get("Tags", [])}
    group = tags.get("aws:autoscaling:groupName")
    if group not in env["AUTO_SCALING_GROUP_NAMES"].split(","):
        return {"action": "ignored"}
    names = {}
    for kind, (namespace, metric, variable) in METRICS.items():
        for severity in ("warning", "critical"):
            name = f"{env['ALARM_NAME_PREFIX']}-{instance_id}-{kind}-{severity}"
            names[name] = (namespace, metric, float(env[variable + severity.upper() + "_PERCENT"]),
                           env["WARNING_TOPIC_ARN" if severity == "warning" else "CRITICAL_TOPIC_ARN"])
    existing = {alarm["AlarmName"] for alarm in
                cloudwatch.describe_alarms(AlarmNames=list(names))["MetricAlarms"]}
    created = []
    for name, (namespace, metric, threshold, topic) in names.items():
        if name in existing:
            continue
        cloudwatch.put_metric_alarm(
            AlarmName=name, Namespace=namespace, MetricName=metric,
            Dimensions=[{"Name": "InstanceId", "Value": instance_id},
                        {"Name": "AutoScalingGroupName", "Value": group}],
            Statistic="Average", Period=60, EvaluationPeriods=5, DatapointsToAlarm=3, Threshold=threshold,
            ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="breaching",
            AlarmActions=[topic], OKActions=[topic])
        created.append(name)
    return {"action": "alarms-ensured", "alarmsCreated": created}


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        print(json.dumps(handle(json.load(file), boto3.client("ec2"), boto3.client("cloudwatch"), os.environ)))
