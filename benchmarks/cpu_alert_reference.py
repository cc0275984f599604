"""A yardstick, not a product: cpu-alert's job for one SNS alarm event, in Python with boto3.

Usage: python cpu_alert_reference.py EVENT_FILE   (AWS_ENDPOINT_URL, the log groups and the secret's name in the
environment). Like the Java handler: read the webhook URL, read the instance's two logs for the 5 minutes before the
alarm, keep the lines that matter, post one Block Kit message.
"""
import json
import os
import re
import sys
import urllib.request
from datetime import datetime, timedelta

import boto3

MATTERS = re.compile(r"\b(emerg|alert|crit|error|warn|failed|denied|oom-killer|segfault)\b", re.IGNORECASE)
VARYING = re.compile(r"\d+")


def read(logs, group, stream, start, end):
    lines, token = [], None
    while True:
        kwargs = {"logGroupName": group, "logStreamNames": [stream], "startTime": start, "endTime": end}
        if token:
            kwargs["nextToken"] = token
        try:
            page = logs.filter_log_events(**kwargs)
        except logs.exceptions.ResourceNotFoundException:
            return lines
        lines += [event["message"] for event in page["events"]]
        token = page.get("nextToken")
        if not token:
            return lines


def handle(event, logs, secrets, env):
    message = json.loads(event["Records"][0]["Sns"]["Message"])
    dimensions = {d["name"]: d["value"] for d in message["Trigger"]["Dimensions"]}
    instance = dimensions["InstanceId"]
    changed = datetime.strptime(message["StateChangeTime"], "%Y-%m-%dT%H:%M:%S.%f%z")
    start = int((changed - timedelta(minutes=5)).timestamp() * 1000)
    end = int(changed.timestamp() * 1000)
    url = secrets.get_secret_value(SecretId=env["SLACK_WEBHOOK_SECRET_NAME"])["SecretString"]
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": message["AlarmName"][:150]}}]
    for title, group in (("Apache error log", env["APACHE_ERROR_LOG_GROUP"]), ("syslog", env["SYSLOG_LOG_GROUP"])):
        kinds = {}
        for line in read(logs, group, instance, start, end):
            if MATTERS.search(line):
                kinds.setdefault(VARYING.sub("#", line), [0, line])[0] += 1
        shown = sorted(kinds.values(), key=lambda kind: -kind[0])[:12]
        text = "\n".join(f"[x{count}] {line[:300]}" for count, line in shown)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*\n```{text}```"[:3000]}})
    body = json.dumps({"text": message["AlarmName"], "blocks": blocks}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return {"posted": response.status == 200}


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        print(json.dumps(handle(json.load(file), boto3.client("logs"), boto3.client("secretsmanager"), os.environ)))
