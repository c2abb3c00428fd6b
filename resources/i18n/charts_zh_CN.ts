<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChartsPage</name>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>The charts could not be read: {0}</source>
        <translation>无法读取图表数据：{0}</translation>
    </message>
    <message>
        <source>DRG group</source>
        <translation>DRG 病组</translation>
    </message>
    <message>
        <source>Cost against stay for</source>
        <translation>费用与住院天数：</translation>
    </message>
    <message>
        <source>the whole period</source>
        <translation>本期全部病例</translation>
    </message>
    <message>
        <source>the selected DRG group</source>
        <translation>所选病组</translation>
    </message>
</context>
<context>
    <name>CostVsStayChart</name>
    <message>
        <source>Length of stay (days)</source>
        <translation>住院天数（天）</translation>
    </message>
    <message>
        <source>Total cost (yuan)</source>
        <translation>医疗总费用（元）</translation>
    </message>
    <message>
        <source>No cases to show</source>
        <translation>无病例可显示</translation>
    </message>
    <message>
        <source>No flag</source>
        <translation>无标记</translation>
    </message>
    <message>
        <source>Other flags</source>
        <translation>其他标记</translation>
    </message>
    <message>
        <source>Low-cost outlier</source>
        <translation>低倍率病例</translation>
    </message>
    <message>
        <source>High-cost outlier</source>
        <translation>高倍率病例</translation>
    </message>
    <message>
        <source>%1 of %2 cases shown (thinned evenly within each flag category)</source>
        <translation>显示 %2 例中的 %1 例（各标记类别内均匀抽样）</translation>
    </message>
    <message>
        <source>%1 of %2 cases shown</source>
        <translation>显示 %2 例中的 %1 例</translation>
    </message>
</context>
<context>
    <name>GroupCostDistributionChart</name>
    <message>
        <source>Cases</source>
        <translation>病例数</translation>
    </message>
    <message>
        <source>Total cost (yuan)</source>
        <translation>医疗总费用（元）</translation>
    </message>
    <message>
        <source>No group to show</source>
        <translation>无病组可显示</translation>
    </message>
    <message numerus="yes">
        <source>%1 %2: %n case(s)</source>
        <translation>
            <numerusform>%1 %2：%n 例</numerusform>
        </translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低倍率</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>均次费用</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高倍率</translation>
    </message>
    <message>
        <source>This case</source>
        <translation>本病例</translation>
    </message>
</context>
<context>
    <name>HospitalComparisonChart</name>
    <message>
        <source>Outlier rate (high + low cost cases)</source>
        <translation>高低倍率病例占比</translation>
    </message>
    <message>
        <source>CMI</source>
        <translation>CMI</translation>
    </message>
    <message>
        <source>Settlement ratio (DRG payment / cost)</source>
        <translation>结算率（DRG 支付 / 实际费用）</translation>
    </message>
    <message>
        <source>Compare hospitals by</source>
        <translation>医疗机构对比：</translation>
    </message>
    <message>
        <source>No hospitals to compare</source>
        <translation>无医疗机构可对比</translation>
    </message>
    <message>
        <source>All: %1</source>
        <translation>全部：%1</translation>
    </message>
    <message>
        <source>Outlier rate (%)</source>
        <translation>高低倍率病例占比（%）</translation>
    </message>
    <message>
        <source>Settlement ratio (%)</source>
        <translation>结算率（%）</translation>
    </message>
    <message>
        <source>Click a bar to show that hospital&apos;s cases in the queue</source>
        <translation>点击柱形可在病例列表中查看该机构的病例</translation>
    </message>
    <message>
        <source>%1 %2
%3 case(s); %4</source>
        <translation>%1 %2
%3 例；%4</translation>
    </message>
</context>
</TS>
