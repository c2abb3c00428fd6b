<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountMenus</name>
    <message>
        <source>User: {0} (no accounts)</source>
        <translation>用户：{0}（无账户）</translation>
    </message>
    <message>
        <source>User: {0} · {1}</source>
        <translation>用户：{0} · {1}</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>切换用户…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>用户…</translation>
    </message>
    <message>
        <source>Expert pool…</source>
        <translation>专家库…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Audit trail…</source>
        <translation>审计链…</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Only an administrator can manage users and the expert pool.</source>
        <translation>只有系统管理员可以管理用户和专家库。</translation>
    </message>
</context>
<context>
    <name>AccountSession</name>
    <message>
        <source>No accounts</source>
        <translation>没有账户</translation>
    </message>
    <message>
        <source>This database has no user accounts, so nobody signs in. An administrator&apos;s account, created under Tools → Users…, turns sign-in on.</source>
        <translation>此数据库没有用户账户，因此无需登录。在“工具 → 用户…”中新建系统管理员账户即启用登录。</translation>
    </message>
</context>
<context>
    <name>AuditTrailDialog</name>
    <message>
        <source>Audit trail</source>
        <translation>审计链</translation>
    </message>
    <message>
        <source>Every change is an event in a hash chain. Write the head down (or keep it elsewhere): `main.py audit verify --head HASH` later shows whether events were changed, removed or inserted since.</source>
        <translation>每一项改动都是哈希链中的一条事件。请把链头记下来（或另处保存）：以后用 `main.py audit verify --head HASH` 即可查出此后是否有事件被修改、删除或插入。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Events:</source>
        <translation>事件数：</translation>
    </message>
    <message>
        <source>Head hash:</source>
        <translation>链头哈希：</translation>
    </message>
    <message>
        <source>Verify now</source>
        <translation>立即校验</translation>
    </message>
    <message>
        <source>Checking every event…</source>
        <translation>正在逐条校验事件…</translation>
    </message>
</context>
<context>
    <name>CreateAdminDialog</name>
    <message>
        <source>First start: the administrator</source>
        <translation>首次启动：系统管理员</translation>
    </message>
    <message>
        <source>This database has no user accounts yet ({0}).

Create the administrator&apos;s account now: from then on everyone signs in, in this program and on the command line, and every change in the audit log names who made it. Or continue without accounts for this session: changes are then recorded as {1}.</source>
        <translation>此数据库还没有用户账户（{0}）。

现在新建系统管理员账户：此后无论在本程序还是命令行中都需登录，审计日志中的每项改动都记明操作人。也可以本次不使用账户继续：改动将记在 {1} 名下。</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>显示名称：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>At least {0} characters, not the user name.</source>
        <translation>至少 {0} 个字符，不能与用户名相同。</translation>
    </message>
    <message>
        <source>Do not offer this again for this database</source>
        <translation>对此数据库不再提示</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>新建管理员</translation>
    </message>
    <message>
        <source>Continue without accounts</source>
        <translation>不使用账户继续</translation>
    </message>
    <message>
        <source>The two passwords differ: type the new one twice.</source>
        <translation>两次输入的密码不一致：请把新密码输入两遍。</translation>
    </message>
</context>
<context>
    <name>ExpertsDialog</name>
    <message>
        <source>Expert pool</source>
        <translation>专家库</translation>
    </message>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Specialty</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Affiliated hospitals</source>
        <translation>关联医院</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add expert…</source>
        <translation>增加专家…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Load from file…</source>
        <translation>从文件载入…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>active</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Expert {0} added.</source>
        <translation>已增加专家 {0}。</translation>
    </message>
    <message>
        <source>{0} is in the pool again.</source>
        <translation>{0} 已重新加入专家库。</translation>
    </message>
    <message>
        <source>{0} is no longer drawn; past panels keep the name.</source>
        <translation>{0} 不再被抽取；以往评审组仍保留其姓名。</translation>
    </message>
    <message>
        <source>Load experts</source>
        <translation>载入专家</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.txt *.xlsx);;All files (*)</source>
        <translation>表格 (*.csv *.tsv *.txt *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{0} experts loaded from the file.</source>
        <translation>已从文件载入 {0} 位专家。</translation>
    </message>
</context>
<context>
    <name>NewExpertDialog</name>
    <message>
        <source>Add expert</source>
        <translation>增加专家</translation>
    </message>
    <message>
        <source>An expert is left out of the draw for the hospitals named here (their affiliation).</source>
        <translation>抽取专家时，此处所列医院（专家所属机构）的申报不会抽到该专家。</translation>
    </message>
    <message>
        <source>hospital codes, separated by ;</source>
        <translation>医院编码，以 ; 分隔</translation>
    </message>
    <message>
        <source>optional: the account the expert votes with</source>
        <translation>可选：专家本人投票所用的账户</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Specialty:</source>
        <translation>专业：</translation>
    </message>
    <message>
        <source>Affiliated hospitals:</source>
        <translation>关联医院：</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>The expert&apos;s name cannot be empty.</source>
        <translation>专家姓名不能为空。</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>An administrator set your password: choose your own before you go on.</source>
        <translation>您的密码由管理员设定：请先设置您自己的密码再继续。</translation>
    </message>
    <message>
        <source>Choose the new password of {0}.</source>
        <translation>为 {0} 设置新密码。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>At least {0} characters, not the user name.</source>
        <translation>至少 {0} 个字符，不能与用户名相同。</translation>
    </message>
    <message>
        <source>The two passwords differ: type the new one twice.</source>
        <translation>两次输入的密码不一致：请把新密码输入两遍。</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Give the new user this first password: at the first sign-in they choose their own.</source>
        <translation>把这个初始密码告诉新用户：首次登录时需改为自己的密码。</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>显示名称：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat it:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>The two passwords differ: type the new one twice.</source>
        <translation>两次输入的密码不一致：请把新密码输入两遍。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>This database has user accounts: sign in to work on it.
Database: {0}</source>
        <translation>此数据库已启用用户账户：请登录后使用。
数据库：{0}</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>新建用户…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重设密码…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>to choose a password</source>
        <translation>待改密码</translation>
    </message>
    <message>
        <source>User {0} unlocked.</source>
        <translation>已解除用户 {0} 的锁定。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>active</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>User {0} added.</source>
        <translation>已新建用户 {0}。</translation>
    </message>
    <message>
        <source>Disable user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>Disable {0}? The account can no longer sign in; it stays in the list and in the audit log.</source>
        <translation>停用 {0}？该账户将不能再登录，但仍保留在列表和审计日志中。</translation>
    </message>
    <message>
        <source>User {0} disabled.</source>
        <translation>已停用用户 {0}。</translation>
    </message>
    <message>
        <source>New password set: {0} chooses their own at the next sign-in.</source>
        <translation>已设置新密码：{0} 下次登录时需改为自己的密码。</translation>
    </message>
</context>
</TS>
