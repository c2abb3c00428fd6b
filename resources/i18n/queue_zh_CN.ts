<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseQueueModel</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Case ID</source>
        <translation>就诊ID</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医疗机构</translation>
    </message>
    <message>
        <source>DRG</source>
        <translation>DRG</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>人员编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Discharged</source>
        <translation>出院日期</translation>
    </message>
    <message>
        <source>Stay (days)</source>
        <translation>住院天数</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>医疗总费用</translation>
    </message>
    <message>
        <source>Group average</source>
        <translation>病组均次费用</translation>
    </message>
    <message>
        <source>Cost ratio</source>
        <translation>费用倍率</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Est. payment</source>
        <translation>预计支付</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>审核状态</translation>
    </message>
</context>
<context>
    <name>CaseQueuePage</name>
    <message>
        <source>The queue could not be read: {0}</source>
        <translation>无法读取审核队列：{0}</translation>
    </message>
    <message>
        <source>Queue columns</source>
        <translation>队列显示列</translation>
    </message>
    <message>
        <source>Default columns</source>
        <translation>恢复默认列</translation>
    </message>
</context>
<context>
    <name>QueueFilterBar</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Case ID or patient ID</source>
        <translation>就诊ID或人员编号</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Show personal data</source>
        <translation>显示个人信息</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医疗机构</translation>
    </message>
    <message>
        <source>DRG</source>
        <translation>DRG</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cost ratio</source>
        <translation>费用倍率</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>住院天数</translation>
    </message>
    <message>
        <source>All hospitals</source>
        <translation>全部医疗机构</translation>
    </message>
    <message>
        <source>All DRGs</source>
        <translation>全部病组</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>共 %n 例</numerusform>
        </translation>
    </message>
    <message>
        <source>Cost ratio &apos;%1&apos; is not a number like 2 or 0.3; it is ignored.</source>
        <translation>费用倍率“%1”不是数字（如 2 或 0.3），已忽略。</translation>
    </message>
    <message>
        <source>Any flag</source>
        <translation>全部标记</translation>
    </message>
</context>
<context>
    <name>ReviewStatus</name>
    <message>
        <source>Not reviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>In expert review</source>
        <translation>专家评审中</translation>
    </message>
    <message>
        <source>Negotiating</source>
        <translation>协商中</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>已决定</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
</context>
</TS>
