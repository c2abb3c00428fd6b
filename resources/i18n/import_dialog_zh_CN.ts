<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ImportDialog</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Import a settlement batch</source>
        <translation>导入结算清单批次</translation>
    </message>
    <message>
        <source>Choose a CSV, TXT or XLSX file exported from the settlement platform</source>
        <translation>选择从结算平台导出的 CSV、TXT 或 XLSX 文件</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Detected from the file; change it if the preview shows garbled text</source>
        <translation>根据文件自动识别；如预览出现乱码请更改</translation>
    </message>
    <message>
        <source>The workbook has several sheets; one is imported at a time</source>
        <translation>工作簿有多张工作表，每次导入其中一张</translation>
    </message>
    <message>
        <source>Worksheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Save mapping as profile…</source>
        <translation>保存映射为方案…</translation>
    </message>
    <message>
        <source>automatic: the month of the latest discharge</source>
        <translation>自动：最晚出院日期所在月份</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Read as:</source>
        <translation>读取方式：</translation>
    </message>
    <message>
        <source>Mapping profile:</source>
        <translation>映射方案：</translation>
    </message>
    <message>
        <source>Settlement period:</source>
        <translation>结算期：</translation>
    </message>
    <message>
        <source>Column mapping</source>
        <translation>列映射</translation>
    </message>
    <message>
        <source>First rows</source>
        <translation>前几行</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose a settlement batch</source>
        <translation>选择结算清单批次</translation>
    </message>
    <message>
        <source>Tables ({0});;All files (*)</source>
        <translation>表格文件 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>(none: recognise the headers)</source>
        <translation>（无：按表头自动识别）</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>分号</translation>
    </message>
    <message>
        <source>vertical bar</source>
        <translation>竖线</translation>
    </message>
    <message>
        <source>{0}, sheet “{1}” of {2}, header in row {3}</source>
        <translation>{0}，共 {2} 张工作表，读取“{1}”，表头在第 {3} 行</translation>
    </message>
    <message>
        <source>{0}, header in row {1}</source>
        <translation>{0}，表头在第 {1} 行</translation>
    </message>
    <message>
        <source>{0}, columns separated by {1}, header in row {2}</source>
        <translation>{0}，以{1}分隔，表头在第 {2} 行</translation>
    </message>
    <message>
        <source>Save mapping as profile</source>
        <translation>保存映射为方案</translation>
    </message>
    <message>
        <source>Profile name (e.g. the hospital or the platform):</source>
        <translation>方案名称（如医院或平台名）：</translation>
    </message>
    <message>
        <source>Profile “{0}” saved.</source>
        <translation>方案“{0}”已保存。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：未导入任何内容。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>No column is imported as these required fields: {0}. Choose them in “Imported as”, or pick a mapping profile.</source>
        <translation>以下必填字段没有对应的列：{0}。请在“导入为”中为其选择对应的列，或选用映射方案。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ImportResultPanel</name>
    <message>
        <source>Export quarantined rows…</source>
        <translation>导出隔离行…</translation>
    </message>
    <message>
        <source>Quarantined by reason: {0}</source>
        <translation>按原因隔离：{0}</translation>
    </message>
    <message>
        <source>No row was quarantined.</source>
        <translation>没有行被隔离。</translation>
    </message>
</context>
<context>
    <name>MappingModel</name>
    <message>
        <source>(not a case field — kept as extra)</source>
        <translation>（非病例字段——作为附加列保留）</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>首个值</translation>
    </message>
    <message>
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
</context>
</TS>
