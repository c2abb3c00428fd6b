<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseDetailWidget</name>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Fee category</source>
        <translation>费用类别</translation>
    </message>
    <message>
        <source>Name</source>
        <comment>name of a code</comment>
        <translation>名称</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Case ID</source>
        <translation>就诊ID</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>医疗总费用</translation>
    </message>
    <message>
        <source>Cost ratio</source>
        <translation>费用倍率</translation>
    </message>
    <message>
        <source>Stay (days)</source>
        <translation>住院天数</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Diagnoses and fees</source>
        <translation>诊断与费用</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>病组</translation>
    </message>
    <message>
        <source>Special-case review</source>
        <translation>特例单议</translation>
    </message>
    <message>
        <source>No case selected</source>
        <translation>未选择病例</translation>
    </message>
    <message>
        <source>Select a case in the queue to see its details.</source>
        <translation>在病例列表中选择一个病例以查看详情。</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>group table</source>
        <translation>分组方案</translation>
    </message>
    <message numerus="yes">
        <source>computed from %n case(s) of the period</source>
        <translation>
            <numerusform>按本期 %n 例测算</numerusform>
        </translation>
    </message>
    <message>
        <source>no benchmark</source>
        <translation>无标杆</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>人员编号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Sex / age</source>
        <translation>性别 / 年龄</translation>
    </message>
    <message>
        <source>Insurance type</source>
        <translation>险种类型</translation>
    </message>
    <message>
        <source>Hospital stay</source>
        <translation>住院情况</translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation>入院日期</translation>
    </message>
    <message>
        <source>Discharged</source>
        <translation>出院日期</translation>
    </message>
    <message>
        <source>Length of stay</source>
        <translation>实际住院天数</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Discharge mode</source>
        <translation>离院方式</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>出院科别</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Benchmark and payment</source>
        <translation>标杆与支付</translation>
    </message>
    <message>
        <source>Group average cost</source>
        <translation>病组均次费用</translation>
    </message>
    <message>
        <source>Low threshold</source>
        <translation>低倍率界值</translation>
    </message>
    <message>
        <source>High threshold</source>
        <translation>高倍率界值</translation>
    </message>
    <message>
        <source>Weight / base points</source>
        <translation>权重 / 基准点数</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Estimated payment</source>
        <translation>预计支付金额</translation>
    </message>
    <message>
        <source>Payment basis</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>No flags: a normal case.</source>
        <translation>无标记：正常病例。</translation>
    </message>
    <message>
        <source>Normal case</source>
        <translation>正常病例</translation>
    </message>
    <message>
        <source>High-cost outlier</source>
        <translation>高倍率病例</translation>
    </message>
    <message>
        <source>Low-cost outlier</source>
        <translation>低倍率病例</translation>
    </message>
    <message>
        <source>Incomplete stay</source>
        <translation>住院过程不完整</translation>
    </message>
    <message>
        <source>Paid by item</source>
        <translation>按项目付费</translation>
    </message>
    <message>
        <source>Main diagnosis</source>
        <translation>主要诊断</translation>
    </message>
    <message>
        <source>Other diagnosis</source>
        <translation>其他诊断</translation>
    </message>
    <message>
        <source>Main procedure</source>
        <translation>主要手术操作</translation>
    </message>
    <message>
        <source>Other procedure</source>
        <translation>其他手术操作</translation>
    </message>
    <message>
        <source>of which high-value consumables</source>
        <translation>其中：高值耗材</translation>
    </message>
    <message numerus="yes">
        <source>Other cases of this hospital in the same group: %n</source>
        <translation>
            <numerusform>本院同病组其他病例：%n 例</numerusform>
        </translation>
    </message>
</context>
</TS>
