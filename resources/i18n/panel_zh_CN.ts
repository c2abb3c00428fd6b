<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddItemsDialog</name>
    <message>
        <source>Add applications to the agenda</source>
        <translation>将申报列入议程</translation>
    </message>
    <message>
        <source>Applications in expert review with a drawn panel:</source>
        <translation>已抽取评审专家、处于专家评审中的申报：</translation>
    </message>
</context>
<context>
    <name>BlindedItemView</name>
    <message>
        <source>Case</source>
        <translation>病例</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>住院</translation>
    </message>
    <message>
        <source>DRG</source>
        <translation>病组</translation>
    </message>
    <message>
        <source>Applied for</source>
        <translation>申报类型</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>异常标志</translation>
    </message>
    <message>
        <source>Hospital %1 · age %2 · %3</source>
        <translation>医院 %1 · %2 岁 · %3</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) in hospital</source>
        <translation>
            <numerusform>住院 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 yuan, %2 × the group&apos;s benchmark of %3 yuan</source>
        <translation>%1 元，为病组标杆 %3 元的 %2 倍</translation>
    </message>
    <message>
        <source>%1 yuan (no benchmark)</source>
        <translation>%1 元（无标杆）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Reviewer&apos;s summary: %1</source>
        <translation>经办人摘要：%1</translation>
    </message>
    <message>
        <source>Hospital&apos;s reason: %1</source>
        <translation>医院申报理由：%1</translation>
    </message>
</context>
<context>
    <name>CostChart</name>
    <message>
        <source>Cases</source>
        <translation>病例数</translation>
    </message>
    <message>
        <source>Total cost of the group&apos;s cases (thousand yuan)</source>
        <translation>本病组病例总费用（千元）</translation>
    </message>
    <message>
        <source>benchmark</source>
        <translation>标杆</translation>
    </message>
    <message>
        <source>this case</source>
        <translation>本病例</translation>
    </message>
</context>
<context>
    <name>MyReviewsPage</name>
    <message>
        <source>Support</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Oppose</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>Abstain</source>
        <translation>弃权</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>意见（可不填）</translation>
    </message>
    <message>
        <source>Cast my vote</source>
        <translation>提交我的表决</translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation>第 %1 次评审会</translation>
    </message>
    <message>
        <source>Outside a session</source>
        <translation>未列入评审会</translation>
    </message>
    <message>
        <source>%1 · item %2 · hospital %3 · %4</source>
        <translation>%1 · 议题 %2 · 医院 %3 · %4</translation>
    </message>
    <message>
        <source>This account is not an expert of the pool: nothing awaits its vote.</source>
        <translation>此账户不是专家库中的专家：没有待表决的议题。</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) await your vote.</source>
        <translation>
            <numerusform>有 %n 个议题等待您表决。</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose support, oppose or abstain first.</source>
        <translation>请先选择同意、不同意或弃权。</translation>
    </message>
    <message>
        <source>Your vote is recorded.</source>
        <translation>您的表决已记录。</translation>
    </message>
</context>
<context>
    <name>NewSessionDialog</name>
    <message>
        <source>New panel session</source>
        <translation>新建评审会</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
</context>
<context>
    <name>PanelSessionsPage</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申报</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Voters / recused</source>
        <translation>表决专家 / 回避</translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation>法定人数</translation>
    </message>
    <message>
        <source>New session…</source>
        <translation>新建评审会…</translation>
    </message>
    <message>
        <source>Add applications…</source>
        <translation>列入申报…</translation>
    </message>
    <message>
        <source>Mark absent…</source>
        <translation>登记缺席…</translation>
    </message>
    <message>
        <source>Projector</source>
        <translation>投影</translation>
    </message>
    <message>
        <source>Close and print the minutes…</source>
        <translation>结束并打印纪要…</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>已安排</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>No session yet: plan one with New session…</source>
        <translation>尚无评审会：请用“新建评审会…”安排。</translation>
    </message>
    <message>
        <source>Session %1 on %2 at %3. Present: %4. Absent: %5.</source>
        <translation>第 %1 次评审会，%2，地点：%3。出席：%4。缺席：%5。</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待议</translation>
    </message>
    <message>
        <source>decided</source>
        <translation>已形成结论</translation>
    </message>
    <message>
        <source>deferred</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source> / recused: %1</source>
        <translation> / 回避：%1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>足</translation>
    </message>
    <message>
        <source>no: a top-up draw is needed</source>
        <translation>不足：须补抽专家</translation>
    </message>
    <message>
        <source>No application is in expert review with a drawn panel.</source>
        <translation>没有已抽取评审专家、处于专家评审中的申报。</translation>
    </message>
    <message>
        <source>Mark absent</source>
        <translation>登记缺席</translation>
    </message>
    <message>
        <source>Which expert is absent?</source>
        <translation>哪位专家缺席？</translation>
    </message>
    <message>
        <source>Reason (optional):</source>
        <translation>原因（可不填）：</translation>
    </message>
    <message>
        <source>Save the minutes</source>
        <translation>保存会议纪要</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Closed. Minutes written, SHA-256 %1</source>
        <translation>已结束。纪要已生成，SHA-256 %1</translation>
    </message>
</context>
<context>
    <name>ProjectorView</name>
    <message>
        <source>Panel session %1</source>
        <translation>第 %1 次评审会</translation>
    </message>
    <message>
        <source>→ next   ← previous   V votes   T timer   B blank   Esc leave</source>
        <translation>→ 下一项   ← 上一项   V 表决   T 计时   B 黑屏   Esc 退出</translation>
    </message>
    <message>
        <source>The agenda is empty</source>
        <translation>议程为空</translation>
    </message>
    <message>
        <source>Item %1 of %2 · hospital %3</source>
        <translation>议题 %1 / %2 · 医院 %3</translation>
    </message>
    <message>
        <source>No quorum: %1 present, non-recused panel members of the %2 the rules ask for. A top-up draw is needed before this item can be voted.</source>
        <translation>不足法定人数：在场且无需回避的评审组成员 %1 位，规则要求 %2 位。须补抽专家后才能表决本议题。</translation>
    </message>
    <message>
        <source>Voting: %1</source>
        <translation>表决：%1</translation>
    </message>
    <message>
        <source>Recused (leave the room): %1</source>
        <translation>回避（离场）：%1</translation>
    </message>
    <message>
        <source>Tally: %1 support · %2 oppose · %3 abstain</source>
        <translation>计票：同意 %1 · 不同意 %2 · 弃权 %3</translation>
    </message>
    <message>
        <source>supported</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>opposed</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Concluded: %1</source>
        <translation>已形成结论：%1</translation>
    </message>
    <message>
        <source>%1 (paused)</source>
        <translation>%1（暂停）</translation>
    </message>
</context>
<context>
    <name>VotesDialog</name>
    <message>
        <source>Votes in the room</source>
        <translation>会上表决</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Oppose</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>Abstain</source>
        <translation>弃权</translation>
    </message>
    <message>
        <source>Each vote is recorded as entered on the expert&apos;s behalf in this session.</source>
        <translation>每一票均记录为在本次评审会上由会议秘书代专家录入。</translation>
    </message>
    <message>
        <source>Record the votes</source>
        <translation>记录表决</translation>
    </message>
</context>
</TS>
