<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReportsPage</name>
    <message>
        <source>Application </source>
        <translation>申报 </translation>
    </message>
    <message>
        <source>Preview the period summary</source>
        <translation>预览结算期汇总</translation>
    </message>
    <message>
        <source>Preview the notice (draft)</source>
        <translation>预览告知书（样稿）</translation>
    </message>
    <message>
        <source>Issue the notice…</source>
        <translation>出具告知书…</translation>
    </message>
    <message>
        <source>Preview the minutes</source>
        <translation>预览会议纪要</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>All notices of the period…</source>
        <translation>打印本期全部告知书…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>结算期：</translation>
    </message>
    <message>
        <source>Review cycle:</source>
        <translation>评审周期：</translation>
    </message>
    <message>
        <source>Preview a period&apos;s summary, or the notice of an application by its number; then print it, or write every notice of the period to a folder.</source>
        <translation>可预览一个结算期的汇总报告，或按申报编号预览告知书；预览后即可打印，也可把该期全部告知书写入文件夹。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing certificate</source>
        <translation>签名证书</translation>
    </message>
    <message>
        <source>Passphrase of the signing certificate:</source>
        <translation>签名证书的口令：</translation>
    </message>
    <message>
        <source>Issue the notice</source>
        <translation>出具告知书</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Notice {0} written to {1}</source>
        <translation>已写出告知书 {0}：{1}</translation>
    </message>
    <message>
        <source>No review cycle has applications yet.</source>
        <translation>还没有任何评审周期的申报。</translation>
    </message>
    <message>
        <source>Preview a report first.</source>
        <translation>请先预览一份报表。</translation>
    </message>
    <message>
        <source>Folder for the notices</source>
        <translation>告知书保存文件夹</translation>
    </message>
    <message numerus="yes">
        <source>%n notice(s) written to {0}</source>
        <translation>
            <numerusform>已写出 %n 份告知书到 {0}</numerusform>
        </translation>
    </message>
</context>
</TS>
