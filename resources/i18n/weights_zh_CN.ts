<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>WeightScatter</name>
    <message>
        <source>Current weight</source>
        <translation>现行权重</translation>
    </message>
    <message>
        <source>Implied weight</source>
        <translation>测算权重</translation>
    </message>
</context>
<context>
    <name>WeightsPage</name>
    <message>
        <source>Compute proposals</source>
        <translation>测算调整建议</translation>
    </message>
    <message>
        <source>Save workbook…</source>
        <translation>保存工作簿…</translation>
    </message>
    <message>
        <source>DRG</source>
        <translation>DRG</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>病例数</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>异常占比</translation>
    </message>
    <message>
        <source>CV</source>
        <translation>变异系数</translation>
    </message>
    <message>
        <source>Current weight</source>
        <translation>现行权重</translation>
    </message>
    <message>
        <source>Implied weight</source>
        <translation>测算权重</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>调整建议</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Minimum cases</source>
        <translation>最少病例数</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在测算…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>%1 groups with at least %2 cases; %3 proposals; level proposals: %4</source>
        <translation>病例数不少于 %2 的病组 %1 个；调整建议 %3 项；医院级别系数建议：%4</translation>
    </message>
    <message>
        <source>Save the proposals</source>
        <translation>保存调整建议</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写出 %1</translation>
    </message>
</context>
</TS>
