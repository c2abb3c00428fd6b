<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>OpinionsPage</name>
    <message>
        <source>Only unanswered</source>
        <translation>只看未答复</translation>
    </message>
    <message>
        <source>Import a hospital&apos;s file…</source>
        <translation>导入医院意见表…</translation>
    </message>
    <message>
        <source>Answer…</source>
        <translation>答复…</translation>
    </message>
    <message>
        <source>Publish a half-year…</source>
        <translation>公开半年意见…</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>机构编码</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Proposals</source>
        <translation>涉及建议</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>open</source>
        <translation>待答复</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>published</source>
        <translation>已公开</translation>
    </message>
    <message>
        <source>%1 opinions, %2 overdue</source>
        <translation>意见 %1 条，逾期未答复 %2 条</translation>
    </message>
    <message>
        <source>Import a hospital&apos;s opinions</source>
        <translation>导入医院意见</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.txt *.xlsx)</source>
        <translation>表格 (*.csv *.tsv *.txt *.xlsx)</translation>
    </message>
    <message>
        <source>Choose an opinion first.</source>
        <translation>请先选择一条意见。</translation>
    </message>
    <message>
        <source>Answer opinion %1</source>
        <translation>答复第 %1 号意见</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>答复：</translation>
    </message>
    <message>
        <source>Answered.</source>
        <translation>已答复。</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>公开</translation>
    </message>
    <message>
        <source>Half-year (e.g. 2024H1):</source>
        <translation>半年（如 2024H1）：</translation>
    </message>
    <message>
        <source>Save the publication</source>
        <translation>保存公开文件</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Published %1 opinions: </source>
        <translation>已公开意见 %1 条：</translation>
    </message>
</context>
</TS>
