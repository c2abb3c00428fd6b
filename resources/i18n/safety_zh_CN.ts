<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupMenus</name>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore from backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Backed up to
{0}</source>
        <translation>已备份到
{0}</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>There are no backups yet.</source>
        <translation>还没有备份。</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Backups, newest first. The backup is checked first; the current database is kept aside, renamed, so nothing is lost.</source>
        <translation>备份（最新在前）。恢复前先核验备份；当前数据库改名保留，不会丢失任何内容。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>出现错误</translation>
    </message>
    <message>
        <source>The workstation met an error it did not expect:

{0}

The window stays open: what you saved is safe. The details are in the log:
{1}</source>
        <translation>工作站遇到意外错误：

{0}

窗口仍可使用，已保存的内容不受影响。详细信息见日志：
{1}</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>Read only: this database is in use by another copy of the workstation, or on a medium that cannot be written. You can look, but not change anything.</source>
        <translation>只读：此数据库正被另一个工作站程序使用，或位于不可写的介质上。可以查看，但不能修改。</translation>
    </message>
</context>
</TS>