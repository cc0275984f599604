package io.github.ec2monitoring.cpualert;

import io.github.ec2monitoring.contract.FunctionEnvironments;
import java.util.Locale;
import java.util.Map;

/** The Slack message's language; every text a person reads comes from here. */
public enum Language {
    EN(Map.ofEntries(
            Map.entry("alarm", "ALARM"),
            Map.entry("recovered", "RECOVERED"),
            Map.entry("no-data", "NO DATA"),
            Map.entry("warning", "Warning"),
            Map.entry("critical", "Critical"),
            Map.entry("state", "State"),
            Map.entry("instance", "Instance"),
            Map.entry("group", "Auto Scaling group"),
            Map.entry("value", "Value / threshold"),
            Map.entry("evaluation", "%1$d of %2$d periods of %3$s"),
            Map.entry("minutes", "%d min"),
            Map.entry("seconds", "%d s"),
            Map.entry("time", "Time"),
            Map.entry("reason", "Reason"),
            Map.entry("not-instance", "(not an instance alarm)"),
            Map.entry("unknown", "unknown"),
            Map.entry("open-instance", "Instance"),
            Map.entry("open-alarm", "Alarm"),
            Map.entry("open-logs", "Logs Insights (same window)"),
            Map.entry("no-logs", "no logs shipped from this instance in the window"),
            Map.entry("nothing-matters", "%d lines, none of them errors or warnings"),
            Map.entry("lines-matter", "%1$d of %2$d lines matter, most severe first"),
            Map.entry("read-capped", "reading stopped after %d lines"),
            Map.entry("logs-unreadable", "could not be read: %s. The alert is posted without these lines."),
            Map.entry("line-cut", "line of %d characters, cut"),
            Map.entry("left-out", "%1$d more kinds of lines (%2$d lines) not shown: %3$s"),
            Map.entry("left-out-kinds", "only the %d most severe kinds are shown"),
            Map.entry("left-out-room", "they do not fit Slack's %,d-character limit"),
            Map.entry("gap-time", "The notification had no valid StateChangeTime: the time SNS delivered it is shown."),
            Map.entry("gap-trigger", "The notification had no Trigger: no metric, threshold or dimensions to show."),
            Map.entry("window", "Logs from %s to %s"),
            Map.entry("contributor", "(contributor %s)"),
            Map.entry("fleet", "Fleet alarm"),
            Map.entry("fleet-in-alarm", "%d instance(s) in ALARM now"),
            Map.entry("fleet-uncounted", "instances in ALARM could not be counted"),
            Map.entry("also-here", "Also on this instance"),
            Map.entry("more-here", "%d more on this instance"),
            Map.entry("storm-title", "Alarm storm: %1$d alarm(s) in ALARM on %2$d instance(s)"),
            Map.entry("storm-severity", "By severity"),
            Map.entry("storm-metric", "By metric"),
            Map.entry("storm-instances", "Instances"),
            Map.entry("storm-waiting", "Waiting to be posted"),
            Map.entry("storm-waiting-count", "%d notification(s)"),
            Map.entry("storm-worst", "Worst now"),
            Map.entry("storm-details", "Details follow: critical first, one message per instance."),
            Map.entry("storm-list", "All alarms in ALARM"),
            Map.entry("storm-unlisted", "The alarms could not be listed (%s); the details follow all the same."),
            Map.entry("storm-partial", "Counted from the first %d alarms in ALARM; there are more."),
            Map.entry("storm-fleet", "%d fleet alarm(s) in ALARM: their instances are their contributors"),
            Map.entry("storm-began", "Noticed at %s"),
            Map.entry("metric-cpu", "CPU"),
            Map.entry("metric-memory", "memory"),
            Map.entry("metric-disk", "disk"))),
    KO(Map.ofEntries(
            Map.entry("alarm", "경보"),
            Map.entry("recovered", "복구"),
            Map.entry("no-data", "데이터 없음"),
            Map.entry("warning", "경고"),
            Map.entry("critical", "심각"),
            Map.entry("state", "상태"),
            Map.entry("instance", "인스턴스"),
            Map.entry("group", "Auto Scaling 그룹"),
            Map.entry("value", "측정값 / 임계값"),
            Map.entry("evaluation", "%3$s 주기 %2$d개 중 %1$d개"),
            Map.entry("minutes", "%d분"),
            Map.entry("seconds", "%d초"),
            Map.entry("time", "시각"),
            Map.entry("reason", "원인"),
            Map.entry("not-instance", "(인스턴스 경보가 아님)"),
            Map.entry("unknown", "알 수 없음"),
            Map.entry("open-instance", "인스턴스"),
            Map.entry("open-alarm", "경보"),
            Map.entry("open-logs", "Logs Insights (같은 구간)"),
            Map.entry("no-logs", "이 구간에 이 인스턴스에서 전송된 로그가 없습니다"),
            Map.entry("nothing-matters", "%d줄, 오류나 경고 없음"),
            Map.entry("lines-matter", "%2$d줄 중 %1$d줄이 중요합니다 (심각한 순)"),
            Map.entry("read-capped", "%d줄에서 읽기를 멈췄습니다"),
            Map.entry("logs-unreadable", "읽을 수 없습니다: %s. 이 로그 없이 알립니다."),
            Map.entry("line-cut", "%d자 줄, 잘림"),
            Map.entry("left-out", "표시하지 않은 줄 종류 %1$d개 (%2$d줄): %3$s"),
            Map.entry("left-out-kinds", "가장 심각한 %d종류만 표시합니다"),
            Map.entry("left-out-room", "Slack의 %,d자 한도에 들어가지 않습니다"),
            Map.entry("gap-time", "알림에 올바른 StateChangeTime이 없어 SNS가 전달한 시각을 표시합니다."),
            Map.entry("gap-trigger", "알림에 Trigger가 없어 지표, 임계값, 차원을 표시할 수 없습니다."),
            Map.entry("window", "로그 구간 %s ~ %s"),
            Map.entry("contributor", "(기여자 %s)"),
            Map.entry("fleet", "플릿 경보"),
            Map.entry("fleet-in-alarm", "지금 ALARM인 인스턴스 %d대"),
            Map.entry("fleet-uncounted", "ALARM인 인스턴스 수를 셀 수 없습니다"),
            Map.entry("also-here", "이 인스턴스의 다른 경보"),
            Map.entry("more-here", "이 인스턴스 경보 %d개 더"),
            Map.entry("storm-title", "경보 폭주: 인스턴스 %2$d대에서 경보 %1$d개가 ALARM"),
            Map.entry("storm-severity", "심각도별"),
            Map.entry("storm-metric", "지표별"),
            Map.entry("storm-instances", "인스턴스"),
            Map.entry("storm-waiting", "게시 대기"),
            Map.entry("storm-waiting-count", "알림 %d건"),
            Map.entry("storm-worst", "지금 가장 심한 경보"),
            Map.entry("storm-details", "상세 내용이 이어집니다: 심각 먼저, 인스턴스마다 메시지 하나."),
            Map.entry("storm-list", "ALARM 상태 경보 전체"),
            Map.entry("storm-unlisted", "경보 목록을 읽을 수 없습니다 (%s). 상세 내용은 그대로 이어집니다."),
            Map.entry("storm-partial", "ALARM 상태 경보 중 처음 %d개로 센 값입니다. 더 있습니다."),
            Map.entry("storm-fleet", "ALARM 상태 플릿 경보 %d개: 인스턴스는 각 경보의 기여자입니다"),
            Map.entry("storm-began", "감지 시각 %s"),
            Map.entry("metric-cpu", "CPU"),
            Map.entry("metric-memory", "메모리"),
            Map.entry("metric-disk", "디스크")));

    private final Map<String, String> texts;

    Language(Map<String, String> texts) {
        this.texts = texts;
    }

    String text(String key, Object... args) {
        String text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no text " + key);
        }
        return args.length == 0 ? text : String.format(Locale.ROOT, text, args);
    }

    static Language of(FunctionEnvironments.MessageLanguage language) {
        return switch (language) {
            case EN -> EN;
            case KO -> KO;
        };
    }
}
