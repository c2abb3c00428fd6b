<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AcceptDialog</name>
    <message>
        <source>Checking the hospital&apos;s quota…</source>
        <translation>正在核对医院名额…</translation>
    </message>
    <message>
        <source>Why this application is accepted beyond the quota</source>
        <translation>超出名额受理该申报的理由</translation>
    </message>
    <message>
        <source>Override reason:</source>
        <translation>超名额理由：</translation>
    </message>
    <message>
        <source>Quota:</source>
        <translation>名额：</translation>
    </message>
    <message>
        <source>{0} of {1} applications accepted for hospital {2} in {3}</source>
        <translation>医院 {2} 在 {3} 已受理 {0} 件，名额 {1} 件</translation>
    </message>
    <message>
        <source>the quota is used up: only a supervisor may accept, with a written reason.</source>
        <translation>名额已用完：只有科室负责人填写理由后方可受理。</translation>
    </message>
</context>
<context>
    <name>AnswerDialog</name>
    <message>
        <source>Round {0}: {1}</source>
        <translation>第 {0} 轮：{1}</translation>
    </message>
    <message>
        <source>No proposal yet.</source>
        <translation>尚无协商方案。</translation>
    </message>
    <message>
        <source>the amount the hospital asks for, in yuan</source>
        <translation>医院提出的金额（元）</translation>
    </message>
    <message>
        <source>Counter amount:</source>
        <translation>医院提出的金额：</translation>
    </message>
    <message>
        <source>The hospital&apos;s reply, as written</source>
        <translation>医院书面答复的内容</translation>
    </message>
    <message>
        <source>Proposal:</source>
        <translation>协商方案：</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>答复：</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>Choose the hospital&apos;s answer.</source>
        <translation>请选择医院的答复。</translation>
    </message>
    <message>
        <source>Counter amount</source>
        <translation>医院提出的金额</translation>
    </message>
</context>
<context>
    <name>AppealDialog</name>
    <message>
        <source>The hospital&apos;s grounds for the appeal</source>
        <translation>医院申诉的理由</translation>
    </message>
    <message>
        <source>Grounds:</source>
        <translation>申诉理由：</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>收到日期：</translation>
    </message>
    <message>
        <source>Grounds</source>
        <translation>申诉理由</translation>
    </message>
</context>
<context>
    <name>ApplicationsModel</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Case ID</source>
        <translation>就诊ID</translation>
    </message>
    <message>
        <source>DRG</source>
        <translation>DRG</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>申报类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>申报日期</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>结算期限</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Over quota</source>
        <translation>超名额</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>over quota</source>
        <translation>超名额</translation>
    </message>
</context>
<context>
    <name>ApplicationsPage</name>
    <message>
        <source>Overdue only</source>
        <translation>仅看逾期</translation>
    </message>
    <message>
        <source>Over quota only</source>
        <translation>仅看超名额</translation>
    </message>
    <message>
        <source>Import applications…</source>
        <translation>导入申报表…</translation>
    </message>
    <message>
        <source>Import a hospital&apos;s application file (CSV, TSV or XLSX)</source>
        <translation>导入医院的特例单议申报表（CSV、TSV 或 XLSX）</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Hospital:</source>
        <translation>医院：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>申报类型：</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s)</source>
        <translation>
            <numerusform>共 %n 件申报</numerusform>
        </translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Import a hospital&apos;s application file</source>
        <translation>导入医院的申报表</translation>
    </message>
    <message>
        <source>Application files ({0})</source>
        <translation>申报表文件（{0}）</translation>
    </message>
    <message>
        <source>Applications imported</source>
        <translation>申报表已导入</translation>
    </message>
    <message>
        <source>The applications could not be imported</source>
        <translation>申报表未能导入</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <source>Close the application: the notified decision stands.</source>
        <translation>办结该申报：已告知的决定维持不变。</translation>
    </message>
</context>
<context>
    <name>ConcludeDialog</name>
    <message>
        <source>No panel has been drawn.</source>
        <translation>尚未抽取评审专家。</translation>
    </message>
    <message>
        <source>Votes:</source>
        <translation>表决情况：</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Declare a conflict of interest</source>
        <translation>声明利益冲突（回避）</translation>
    </message>
    <message>
        <source>Declare</source>
        <translation>声明回避</translation>
    </message>
    <message>
        <source>(on the panel)</source>
        <translation>（评审组成员）</translation>
    </message>
    <message>
        <source>e.g. a relative works at the hospital</source>
        <translation>例如：亲属在该院工作</translation>
    </message>
    <message>
        <source>Expert:</source>
        <translation>专家：</translation>
    </message>
    <message>
        <source>Experts of this panel have voted: the recusal needs a written reason, and the struck vote stays in the history.</source>
        <translation>本评审组已有专家投票：登记回避须写明理由，被剔除的意见保留在记录中。</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>CreateApplicationDialog</name>
    <message>
        <source>Create a special-case application</source>
        <translation>新建特例单议申报</translation>
    </message>
    <message>
        <source>Case {0}: the hospital&apos;s application, as its form says</source>
        <translation>病例 {0}：按医院申报表录入申报</translation>
    </message>
    <message>
        <source>Why the hospital asks for a special-case review</source>
        <translation>医院申请特例单议的理由</translation>
    </message>
    <message>
        <source>(not stated)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>yuan, optional</source>
        <translation>元，可不填</translation>
    </message>
    <message>
        <source>e.g. progress notes; invoices</source>
        <translation>例如：病程记录；费用清单</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>申报类型：</translation>
    </message>
    <message>
        <source>Statement:</source>
        <translation>申报理由：</translation>
    </message>
    <message>
        <source>Submitted on:</source>
        <translation>申报日期：</translation>
    </message>
    <message>
        <source>Requested method:</source>
        <translation>申请支付方式：</translation>
    </message>
    <message>
        <source>Requested amount:</source>
        <translation>申请金额：</translation>
    </message>
    <message>
        <source>Documents:</source>
        <translation>附件清单：</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>申报理由</translation>
    </message>
    <message>
        <source>Requested amount</source>
        <translation>申请金额</translation>
    </message>
</context>
<context>
    <name>DraftDialog</name>
    <message>
        <source>Agreed in round {0}: {1}</source>
        <translation>第 {0} 轮协商达成一致：{1}</translation>
    </message>
    <message>
        <source>Amends decision {0}, notified to the hospital; it stays in the record.</source>
        <translation>更正已告知医院的决定 {0}；原决定保留在记录中。</translation>
    </message>
    <message>
        <source>The decision&apos;s reasons, as the notice will state them</source>
        <translation>决定理由（将写入告知书）</translation>
    </message>
    <message>
        <source>Reasons:</source>
        <translation>决定理由：</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>决定理由</translation>
    </message>
</context>
<context>
    <name>DrawDialog</name>
    <message>
        <source>Experts to draw:</source>
        <translation>抽取人数：</translation>
    </message>
    <message>
        <source>The program draws at random and records its seed: the draw can be replayed, and nobody can choose it.</source>
        <translation>由程序随机抽取并记录随机种子：可按记录复现，任何人都不能指定抽取结果。</translation>
    </message>
    <message>
        <source>Drawn: {0}</source>
        <translation>抽中：{0}</translation>
    </message>
    <message>
        <source>Seed: {0} · drawn from {1} eligible experts</source>
        <translation>随机种子：{0} · 从 {1} 位可抽取专家中抽取</translation>
    </message>
    <message>
        <source>Left out: {0}</source>
        <translation>排除：{0}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ProposeDialog</name>
    <message>
        <source>The bureau&apos;s proposal as sent to the hospital</source>
        <translation>发给医院的协商方案内容</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>说明：</translation>
    </message>
</context>
<context>
    <name>QuotaGauges</name>
    <message>
        <source>Quotas for {0}: reading…</source>
        <translation>{0} 名额：正在读取…</translation>
    </message>
    <message>
        <source>Quotas: no applications yet.</source>
        <translation>名额：尚无申报。</translation>
    </message>
    <message>
        <source>Quotas for {0} (applications / cap): {1} of {2} hospitals over</source>
        <translation>{0} 各医院名额（申报件数 / 名额）：{2} 家医院中 {1} 家超出</translation>
    </message>
    <message>
        <source>%v / cap {0}</source>
        <translation>%v / 名额 {0}</translation>
    </message>
    <message>
        <source>(+{0} over)</source>
        <translation>（超出 {0} 件）</translation>
    </message>
    <message>
        <source>{0}: {1} applications, {2} accepted; cap {3} of {4} DRG-paid discharges</source>
        <translation>{0}：申报 {1} 件，已受理 {2} 件；名额 {3} 件（DRG 付费出院 {4} 例）</translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <source>Why the application is not eligible</source>
        <translation>不予受理的理由</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>ResubmitDialog</name>
    <message>
        <source>What the hospital supplied</source>
        <translation>医院补充的材料</translation>
    </message>
    <message>
        <source>Asked for:</source>
        <translation>要求补充：</translation>
    </message>
    <message>
        <source>Supplied:</source>
        <translation>已补充：</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>What the hospital must supply, e.g. progress notes of days 30–70</source>
        <translation>需要医院补充的材料，例如：第 30–70 天病程记录</translation>
    </message>
    <message>
        <source>Missing:</source>
        <translation>需补充：</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>需补充的材料</translation>
    </message>
</context>
<context>
    <name>ReviewLabels</name>
    <message>
        <source>not voted yet</source>
        <translation>尚未表决</translation>
    </message>
    <message>
        <source>Application submitted</source>
        <translation>申报已提交</translation>
    </message>
    <message>
        <source>Quota override</source>
        <translation>超名额受理</translation>
    </message>
    <message>
        <source>Conflict of interest declared</source>
        <translation>声明回避</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Counter-proposal</source>
        <translation>提出新方案</translation>
    </message>
    <message>
        <source>Disagree</source>
        <translation>不同意</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Application</source>
        <translation>申报情况</translation>
    </message>
    <message>
        <source>History</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>Create application…</source>
        <translation>新建申报…</translation>
    </message>
    <message>
        <source>No special-case application for this case.</source>
        <translation>该病例没有特例单议申报。</translation>
    </message>
    <message>
        <source>No application selected.</source>
        <translation>未选择申报。</translation>
    </message>
    <message>
        <source>A hospital applies for a special-case review of a case; its applications arrive in a file (Applications page) or are entered here from its paper form.</source>
        <translation>医院为病例申请特例单议：申报表可在“特例申报”页导入，也可在此按纸质申报表录入。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Application {0}&lt;/b&gt; · case {1} · &lt;b&gt;{2}&lt;/b&gt;</source>
        <translation>&lt;b&gt;申报 {0}&lt;/b&gt; · 病例 {1} · &lt;b&gt;{2}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Declare a conflict…</source>
        <translation>声明回避…</translation>
    </message>
    <message>
        <source>Steps you may take now:</source>
        <translation>现在可以办理：</translation>
    </message>
    <message>
        <source>No step is open to you now ({0}).</source>
        <translation>当前没有您（{0}）可以办理的步骤。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Status note</source>
        <translation>状态说明</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Period / cycle</source>
        <translation>结算期 / 评审周期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>申报类型</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>申报理由</translation>
    </message>
    <message>
        <source>Submitted on</source>
        <translation>申报日期</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>附件清单</translation>
    </message>
    <message>
        <source>Quota override</source>
        <translation>超名额受理</translation>
    </message>
    <message>
        <source>Expert panel</source>
        <translation>评审专家组</translation>
    </message>
    <message>
        <source>recused</source>
        <translation>已回避</translation>
    </message>
    <message>
        <source>recused (struck vote: {0})</source>
        <translation>已回避（意见已剔除：{0}）</translation>
    </message>
    <message>
        <source>cannot sit</source>
        <translation>不能到会</translation>
    </message>
    <message>
        <source>entered by {0} from the signed form</source>
        <translation>{0} 据专家签字意见表代为录入</translation>
    </message>
    <message>
        <source>entered by the expert ({0})</source>
        <translation>专家本人录入（{0}）</translation>
    </message>
    <message>
        <source>Draw {0}: seed {1}, {2} of {3} eligible experts; replayable from the record.</source>
        <translation>第 {0} 次抽取：随机种子 {1}，从 {3} 位可抽取专家中抽中 {2} 位；可按记录复现。</translation>
    </message>
    <message>
        <source>Negotiation</source>
        <translation>协商</translation>
    </message>
    <message>
        <source>awaiting the hospital&apos;s answer</source>
        <translation>等待医院答复</translation>
    </message>
    <message>
        <source>Round {0}</source>
        <translation>第 {0} 轮</translation>
    </message>
    <message>
        <source>notified</source>
        <translation>已告知医院</translation>
    </message>
    <message>
        <source>signed by {0}</source>
        <translation>已由 {0} 签发</translation>
    </message>
    <message>
        <source>draft, awaiting a supervisor&apos;s signature</source>
        <translation>草稿，待科室负责人签发</translation>
    </message>
    <message>
        <source>Decision {0}</source>
        <translation>决定 {0}</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Payment (yuan)</source>
        <translation>支付（元）</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>决定理由</translation>
    </message>
    <message>
        <source>Drafted by</source>
        <translation>起草人</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amends decision</source>
        <translation>更正的决定</translation>
    </message>
</context>
<context>
    <name>ReviewTerms</name>
    <message>
        <source>{0} points</source>
        <translation>{0} 点</translation>
    </message>
    <message>
        <source>{0} yuan</source>
        <translation>{0} 元</translation>
    </message>
    <message>
        <source>There is no drafted decision.</source>
        <translation>没有待签发的决定。</translation>
    </message>
    <message>
        <source>Decision {0}: {1}</source>
        <translation>决定 {0}：{1}</translation>
    </message>
    <message>
        <source>Points {0} → {1}</source>
        <translation>点数 {0} → {1}</translation>
    </message>
    <message>
        <source>Payment {0} → {1} yuan</source>
        <translation>支付 {0} → {1} 元</translation>
    </message>
    <message>
        <source>Drafted by {0}</source>
        <translation>起草人：{0}</translation>
    </message>
    <message>
        <source>Signed by {0}</source>
        <translation>签发人：{0}</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Signing as {0}.</source>
        <translation>签发人：{0}。</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>Application {0} · case {1} · {2}</source>
        <translation>申报 {0} · 病例 {1} · {2}</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Please fill in: {0}</source>
        <translation>请填写：{0}</translation>
    </message>
    <message>
        <source>{0}: “{1}” is not an amount in yuan (such as 1,234.50).</source>
        <translation>{0}：“{1}”不是有效金额（元，如 1,234.50）。</translation>
    </message>
</context>
<context>
    <name>TermsEditor</name>
    <message>
        <source>Fee category</source>
        <translation>费用类别</translation>
    </message>
    <message>
        <source>Spent (yuan)</source>
        <translation>发生金额（元）</translation>
    </message>
    <message>
        <source>Deduction (yuan)</source>
        <translation>扣减金额（元）</translation>
    </message>
    <message>
        <source>e.g. 320.5</source>
        <translation>例如 320.5</translation>
    </message>
    <message>
        <source>or an amount in yuan, turned into points</source>
        <translation>或填写金额（元），按点值换算为点数</translation>
    </message>
    <message>
        <source>Payment method:</source>
        <translation>支付方式：</translation>
    </message>
    <message>
        <source>Adjusted points:</source>
        <translation>调整后点数：</translation>
    </message>
    <message>
        <source>Adjusted amount:</source>
        <translation>调整后金额：</translation>
    </message>
    <message>
        <source>Adjusted amount</source>
        <translation>调整后金额</translation>
    </message>
    <message>
        <source>Give the adjusted points or an amount.</source>
        <translation>请填写调整后的点数或金额。</translation>
    </message>
    <message>
        <source>Computing the points and payment…</source>
        <translation>正在计算点数和支付…</translation>
    </message>
    <message>
        <source>The payment could not be computed.</source>
        <translation>无法计算支付金额。</translation>
    </message>
    <message>
        <source>Points {0} → {1}; payment {2} → {3} yuan</source>
        <translation>点数 {0} → {1}；支付 {2} → {3} 元</translation>
    </message>
    <message>
        <source> (of which {0} yuan high-value consumables paid apart)</source>
        <translation>（其中高值耗材 {0} 元单独支付）</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>办理人</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>entered by {0}</source>
        <translation>由 {0} 录入</translation>
    </message>
    <message>
        <source>{0} drawn of {1} eligible</source>
        <translation>从 {1} 位中抽中 {0} 位</translation>
    </message>
    <message>
        <source>points {0}, payment {1} yuan</source>
        <translation>点数 {0}，支付 {1} 元</translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>nobody more (a member recused)</source>
        <translation>无（已有成员回避）</translation>
    </message>
    <message>
        <source>Why the panel needs another expert</source>
        <translation>为何需要补抽专家</translation>
    </message>
    <message>
        <source>Cannot sit:</source>
        <translation>不能到会：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>VoteDialog</name>
    <message>
        <source>The expert&apos;s opinion in a sentence or two</source>
        <translation>专家意见（一两句话）</translation>
    </message>
    <message>
        <source>Expert:</source>
        <translation>专家：</translation>
    </message>
    <message>
        <source>Vote:</source>
        <translation>意见：</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>评语：</translation>
    </message>
    <message>
        <source>Entered by {0} from the expert&apos;s signed form, on the expert&apos;s behalf; both names are kept.</source>
        <translation>由 {0} 根据专家签字的意见表代为录入；两人的姓名都会记录。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>There is no expert on the panel whose vote you may record.</source>
        <translation>评审组中没有您可以录入意见的专家。</translation>
    </message>
    <message>
        <source>Choose support, oppose or abstain.</source>
        <translation>请选择同意、不同意或弃权。</translation>
    </message>
</context>
</TS>
