<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReferenceLoadBar</name>
    <message>
        <source>Load group table…</source>
        <translation>载入分组表…</translation>
    </message>
    <message>
        <source>Load hospital table…</source>
        <translation>载入医疗机构表…</translation>
    </message>
    <message>
        <source>Export group table…</source>
        <translation>导出分组表…</translation>
    </message>
    <message>
        <source>Load group table</source>
        <translation>载入分组表</translation>
    </message>
    <message>
        <source>Load hospital table</source>
        <translation>载入医疗机构表</translation>
    </message>
    <message>
        <source>Loading {0}…</source>
        <translation>正在载入 {0}…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消，未作改动。</translation>
    </message>
    <message>
        <source>Loaded.</source>
        <translation>已载入。</translation>
    </message>
    <message>
        <source>Table loaded</source>
        <translation>已载入</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>未作改动。</translation>
    </message>
    <message>
        <source>Table not loaded</source>
        <translation>未载入</translation>
    </message>
    <message>
        <source>Load the other rows anyway? This is recorded in the audit log.</source>
        <translation>仍然载入其余各行吗？此操作将记入审计日志。</translation>
    </message>
    <message>
        <source>Load only part of the table?</source>
        <translation>只载入部分行？</translation>
    </message>
    <message>
        <source>Load the other rows</source>
        <translation>载入其余各行</translation>
    </message>
    <message>
        <source>Export group table</source>
        <translation>导出分组表</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>{0} groups exported to {1}</source>
        <translation>已导出 {0} 个病组到 {1}</translation>
    </message>
</context>
<context>
    <name>ReferencePage</name>
    <message>
        <source>DRG code</source>
        <translation>DRG编码</translation>
    </message>
    <message>
        <source>DRG name</source>
        <translation>DRG名称</translation>
    </message>
    <message>
        <source>Weight (RW)</source>
        <translation>权重 (RW)</translation>
    </message>
    <message>
        <source>Base points</source>
        <translation>基准点数</translation>
    </message>
    <message>
        <source>Average cost (yuan)</source>
        <translation>均次费用（元）</translation>
    </message>
    <message>
        <source>Average stay (days)</source>
        <translation>平均住院日（天）</translation>
    </message>
    <message>
        <source>Paid by DRG</source>
        <translation>按DRG支付</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No, by item</source>
        <translation>否，按项目</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Standards by level (yuan)</source>
        <translation>分级支付标准（元）</translation>
    </message>
    <message>
        <source>Coefficients by level</source>
        <translation>分级系数</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>病组属性</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Hospital code</source>
        <translation>机构编码</translation>
    </message>
    <message>
        <source>Hospital name</source>
        <translation>机构名称</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Coefficient</source>
        <translation>差异系数</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>DRG groups</source>
        <translation>DRG分组</translation>
    </message>
    <message>
        <source>Hospitals</source>
        <translation>医疗机构</translation>
    </message>
    <message>
        <source>Rules in force</source>
        <translation>现行规则</translation>
    </message>
    <message>
        <source>Tertiary (3)</source>
        <translation>三级</translation>
    </message>
    <message>
        <source>Secondary (2)</source>
        <translation>二级</translation>
    </message>
    <message>
        <source>Primary (1)</source>
        <translation>一级</translation>
    </message>
    <message>
        <source>Level 1</source>
        <translation>一级</translation>
    </message>
    <message>
        <source>Level 2</source>
        <translation>二级</translation>
    </message>
    <message>
        <source>Level 3</source>
        <translation>三级</translation>
    </message>
    <message>
        <source>employees</source>
        <translation>职工</translation>
    </message>
    <message>
        <source>residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Base group</source>
        <translation>基础病组</translation>
    </message>
    <message>
        <source>Unstable</source>
        <translation>不稳定病组</translation>
    </message>
    <message>
        <source>Stable</source>
        <translation>稳定病组</translation>
    </message>
    <message>
        <source>TCM advantage</source>
        <translation>中医优势病组</translation>
    </message>
    <message>
        <source>Single review</source>
        <translation>单议病组</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Row for ungrouped cases</source>
        <translation>未入组病例行</translation>
    </message>
    <message>
        <source>Not paid by DRG</source>
        <translation>不按 DRG 付费</translation>
    </message>
    <message>
        <source>No payment data: computed from cases</source>
        <translation>无支付数据，按病例测算</translation>
    </message>
    <message>
        <source>No DRG group table loaded yet.</source>
        <translation>尚未载入 DRG 分组表。</translation>
    </message>
    <message>
        <source>No hospital table loaded yet.</source>
        <translation>尚未载入医疗机构表。</translation>
    </message>
    <message>
        <source>No rules loaded yet.</source>
        <translation>尚未载入规则。</translation>
    </message>
    <message>
        <source>Bundled default rules ({0}); they apply until an administrator loads a region&apos;s rules.</source>
        <translation>内置默认规则（{0}）；在管理员载入本地区规则之前适用。</translation>
    </message>
    <message>
        <source>Rule set “{0}” (#{1}) from {2}, loaded {3} by {4}.</source>
        <translation>规则集“{0}”（#{1}），来源 {2}，{3} 由 {4} 载入。</translation>
    </message>
    <message>
        <source>the bundled file {0}</source>
        <translation>内置文件 {0}</translation>
    </message>
    <message>
        <source>Source: {0} · Label: {1} · Version #{2}, loaded {3} by {4} · {5} rows</source>
        <translation>来源：{0} · 标签：{1} · 版本 #{2}，{3} 由 {4} 载入 · 共 {5} 行</translation>
    </message>
</context>
<context>
    <name>ReferenceTable</name>
    <message>
        <source>Search…</source>
        <translation>搜索…</translation>
    </message>
</context>
</TS>
