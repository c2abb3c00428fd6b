<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BatchesPage</name>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>结算期</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Imported at</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>导入人</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation>读取行数</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <source>Already imported</source>
        <translation>此前已导入</translation>
    </message>
    <message>
        <source>Export quarantined rows…</source>
        <translation>导出隔离行…</translation>
    </message>
    <message>
        <source>Select a batch to see its quarantined rows.</source>
        <translation>选择一个批次以查看其隔离行。</translation>
    </message>
    <message>
        <source>Quarantined rows of batch #{0}: {1}</source>
        <translation>批次 #{0} 的隔离行：{1}</translation>
    </message>
</context>
<context>
    <name>QuarantineModel</name>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Required value missing</source>
        <translation>缺少必填项</translation>
    </message>
    <message>
        <source>Date not readable</source>
        <translation>日期无法识别</translation>
    </message>
    <message>
        <source>Amount not readable</source>
        <translation>金额无法识别</translation>
    </message>
    <message>
        <source>Number not readable</source>
        <translation>数值无法识别</translation>
    </message>
    <message>
        <source>Code not valid</source>
        <translation>代码无效</translation>
    </message>
    <message>
        <source>Discharge before admission</source>
        <translation>出院早于入院</translation>
    </message>
    <message>
        <source>Negative cost</source>
        <translation>费用为负</translation>
    </message>
    <message>
        <source>Duplicate in the file</source>
        <translation>文件内重复</translation>
    </message>
    <message>
        <source>Already imported</source>
        <translation>此前已导入</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Values as read</source>
        <translation>原始值</translation>
    </message>
</context>
<context>
    <name>QuarantineView</name>
    <message>
        <source>Export quarantined rows</source>
        <translation>导出隔离行</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}. Choose another folder or file name.</source>
        <translation>无法写入 {0}：{1}。请换一个文件夹或文件名。</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>{0} rows written to {1}</source>
        <translation>已写入 {0} 行到 {1}</translation>
    </message>
</context>
</TS>
