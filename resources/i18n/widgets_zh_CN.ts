<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Dialogs</name>
    <message>
        <source>The operation failed and nothing was changed. Details: {0}</source>
        <translation>操作失败，未做任何更改。详情：{0}</translation>
    </message>
</context>
</TS>
