<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Controller</name>
    <message>
        <source>No database yet</source>
        <translation>尚无数据库</translation>
    </message>
    <message>
        <source>There is no workstation database at
{0}

Create a demo database with sample batches to try the workstation, or an empty one for real work?</source>
        <translation>以下位置没有工作站数据库：
{0}

创建含示例批次的演示数据库来试用工作站，还是创建空数据库用于正式工作？</translation>
    </message>
    <message>
        <source>Create demo database</source>
        <translation>创建演示数据库</translation>
    </message>
    <message>
        <source>Create empty database</source>
        <translation>创建空数据库</translation>
    </message>
    <message>
        <source>Creating the demo database…</source>
        <translation>正在创建演示数据库…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Demo database</source>
        <translation>演示数据库</translation>
    </message>
    <message>
        <source>Cancelled: no demo database was made.</source>
        <translation>已取消：未创建演示数据库。</translation>
    </message>
    <message>
        <source>Demo database: sign in as {0} (reviewer), {1} (supervisor), {2} (expert) or {3} (administrator); the password of each is {4}.</source>
        <translation>演示数据库：可用 {0}（经办审核员）、{1}（科室负责人）、{2}（评审专家）或 {3}（系统管理员）登录，密码均为 {4}。</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>Workstation databases (*.db *.sqlite);;All files (*)</source>
        <translation>工作站数据库 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>New demo database</source>
        <translation>新建演示数据库</translation>
    </message>
    <message>
        <source>Workstation databases (*.db)</source>
        <translation>工作站数据库 (*.db)</translation>
    </message>
    <message>
        <source>{0} already exists. Choose a new file name; an existing database is never overwritten.</source>
        <translation>{0} 已存在。请换一个文件名；已有数据库不会被覆盖。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restored from {0}. The replaced database is kept as {1}.</source>
        <translation>已从 {0} 恢复。被替换的数据库改名保留为 {1}。</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message>
        <source>Wait until the running job has finished, or cancel it.</source>
        <translation>请等待正在运行的任务完成，或取消它。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>DRG Special-Case Review Workstation</source>
        <translation>DRG 特例单议审核工作站</translation>
    </message>
    <message>
        <source>Case queue</source>
        <translation>病例队列</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>特例申报</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>The case queue of every hospital is not shown to your role. The cases of the panels you sit on are on the My reviews page, blinded.</source>
        <translation>您的角色不显示各医院的病例列表。您参加评审的病例在“我的评审”页面（盲审）。</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Reference data</source>
        <translation>参考数据</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重调整</translation>
    </message>
    <message>
        <source>Opinions</source>
        <translation>意见反馈</translation>
    </message>
    <message>
        <source>Panel sessions</source>
        <translation>专家评审会</translation>
    </message>
    <message>
        <source>My reviews</source>
        <translation>我的评审</translation>
    </message>
    <message>
        <source>Import batch…</source>
        <translation>导入批次…</translation>
    </message>
    <message>
        <source>Import a settlement batch file</source>
        <translation>导入结算清单批次文件</translation>
    </message>
    <message>
        <source>Open database…</source>
        <translation>打开数据库…</translation>
    </message>
    <message>
        <source>New demo database…</source>
        <translation>新建演示数据库…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Show personal data</source>
        <translation>显示个人信息</translation>
    </message>
    <message>
        <source>Show patient names and ID numbers unmasked</source>
        <translation>不遮蔽显示患者姓名和证件号码</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Next case</source>
        <translation>下一例</translation>
    </message>
    <message>
        <source>Previous case</source>
        <translation>上一例</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search by case or patient ID</source>
        <translation>按就诊ID或人员编号搜索</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Filter the case queue</source>
        <translation>筛选病例队列</translation>
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
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Queue columns</source>
        <translation>队列显示列</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>病例(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Reference data</source>
        <translation>参考数据(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>结算期：</translation>
    </message>
    <message>
        <source>Bringing the results of {0} up to date…</source>
        <translation>正在补算结算期 {0} 的结果…</translation>
    </message>
    <message>
        <source>Bringing the results up to date… {0}%</source>
        <translation>正在补算结果… {0}%</translation>
    </message>
    <message>
        <source>The results are up to date.</source>
        <translation>结果已是最新。</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>All periods</source>
        <translation>全部期间</translation>
    </message>
    <message>
        <source>all periods</source>
        <translation>全部期间</translation>
    </message>
    <message>
        <source>{0}: {1} cases</source>
        <translation>{0}：{1} 例</translation>
    </message>
    <message>
        <source>&lt;h3&gt;DRG Special-Case Review Workstation&lt;/h3&gt;&lt;p&gt;Version {0}&lt;/p&gt;&lt;p&gt;Imports settlement batches, finds outlier cases by the rules in force and supports the special-case review.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DRG 特例单议审核工作站&lt;/h3&gt;&lt;p&gt;版本 {0}&lt;/p&gt;&lt;p&gt;导入结算清单批次，按现行规则找出特例病例，支持特例单议审核。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message>
        <source>An import or another job is still running. If you quit now it is cancelled and what it wrote is rolled back.</source>
        <translation>导入或其他任务仍在运行。现在退出将取消该任务，已写入的内容会全部回滚。</translation>
    </message>
    <message>
        <source>Cancel the job and quit</source>
        <translation>取消任务并退出</translation>
    </message>
</context>
</TS>