"""Every list the syllabus names is taught completely, in the section that questions point at."""
from pathlib import Path

import pytest

from app.content.loading import load_content
from app.content.syllabus import TOPICS

ROOT = Path(__file__).resolve().parents[2]

# syllabus item -> (section id, words the section must contain: one per item of the list)
ITEMS = {
    "费尔德的六种忠诚类型": ("loyalty-types", ["兴奋忠诚", "价格忠诚", "刺激性忠诚", "垄断性忠诚", "习惯性忠诚", "服务基础上的忠诚"]),
    "忠诚的层次": ("loyalty-levels", ["无忠诚", "惰性忠诚", "潜在忠诚", "超值忠诚"]),
    "忠诚策略": ("loyalty-strategies", ["价格", "服务人员", "环境"]),
    "客户流失": ("loyalty-loss", ["流失"]),
    "四种满意度测评方法": ("satisfaction-measurement-methods", ["调查表式", "模糊综合评价", "主成分分析", "计量经济学"]),
    "满意度测评的过程": ("satisfaction-measurement-process", ["抽样", "问卷", "报告"]),
    "七个信息渠道": ("satisfaction-measurement-channels", ["客户投诉", "直接沟通", "问卷", "中介机构", "消费者协会", "新闻媒体", "行业研究"]),
    "SCSB": ("satisfaction-measurement-scsb", ["瑞典", "顾客期望", "感知价值", "顾客抱怨", "顾客忠诚"]),
    "ACSI": ("satisfaction-measurement-acsi", ["美国", "感知质量", "感知价值", "顾客期望"]),
    "ECSI": ("satisfaction-measurement-ecsi", ["欧洲", "企业形象"]),
    "差距一": ("gap-model-gap-1", ["管理者", "期望"]),
    "差距二": ("gap-model-gap-2", ["规范"]),
    "差距三": ("gap-model-gap-3", ["传递"]),
    "差距四": ("gap-model-gap-4", ["外部沟通"]),
    "差距五": ("gap-model-gap-5", ["期望", "感知"]),
    "缩小差距一至四": ("gap-model-remedies", ["差距一", "差距二", "差距三", "差距四"]),
    "失落憎恨现象": ("gap-model-disappointment", ["失落", "憎恨"]),
    "弥补负面印象的两种方法": ("gap-model-repair", ["负面"]),
    "SERVQUAL五个维度": ("quality-servqual", ["可靠性", "响应性", "保证性", "移情性", "有形性"]),
    "格罗鲁斯感知服务质量模型": ("quality-gronroos", ["期望", "体验", "形象"]),
    "技术质量与功能质量": ("quality-technical-functional", ["技术质量", "功能质量"]),
    "服务补救": ("quality-recovery", ["补救"]),
    "服务接触": ("quality-encounter", ["接触"]),
    "服务的四个特性": ("service-basics-characteristics", ["非实体性", "过程性", "不可储存性", "差异性"]),
    "十种客户类型及接待": ("service-content-customer-types", ["理智型", "冲动型", "顽固型", "好斗型", "优柔寡断型", "孤芳自赏型", "盛气凌人型", "生性多疑型", "沉默寡言型", "斤斤计较型"]),
    "投诉处理步骤": ("service-content-complaint-steps", ["发泄", "记录", "方案", "跟踪"]),
    "三种特殊投诉者": ("service-content-special-complainers", ["感情用事者", "固执己见者", "有备而来者"]),
    "服务的四个层次": ("brand-levels", ["不合格", "合格", "优质", "卓越", "手", "脑", "心"]),
    "满意的四个因素": ("satisfaction-factors", ["因素"]),
    "特色客服": ("service-strategy-featured", ["特色"]),
    "定制客服": ("service-strategy-customized", ["定制"]),
    "分级客服与二八定律": ("service-strategy-tiered", ["二八定律", "80%", "20%", "大客户"]),
    "自助客服": ("service-strategy-self-service", ["自助"]),
    "创维：客户，您是总裁": ("brand-skyworth", ["总裁"]),
    "海底捞的员工激励": ("staff-motivation", ["海底捞"]),
    "吞卡与投诉管理": ("complaints-silence", ["投诉"]),
    # base knowledge (基本要求)
    "职业道德的五项主要内容": ("ethics-norms", ["爱岗敬业", "诚实守信", "办事公道", "热情服务", "奉献社会"]),
    "客服人员的职业守则": ("ethics-code", ["保守秘密", "廉洁自律", "公平待客"]),
    "消费者的九项权利": ("law-consumer", ["安全保障权", "知悉真情权", "自主选择权", "公平交易权", "依法求偿权", "依法结社权",
                                         "获得知识权", "受尊重权", "监督批评权"]),
    "远程购物七日无理由退货": ("law-consumer", ["七日", "无需说明理由", "定作", "鲜活易腐", "数字化商品", "报纸、期刊"]),
    "产品质量法": ("law-product", ["瑕疵", "缺陷", "销售者", "生产者"]),
    "民法典的合同规则": ("law-civil-code", ["要约邀请", "格式条款", "违约责任", "定金"]),
    "电子商务法": ("law-ecommerce", ["搭售", "评价", "投诉"]),
    "个人信息保护法": ("law-privacy", ["最小", "同意", "敏感个人信息", "单独同意", "删除"]),
    "劳动合同法基础": ("law-labor", ["书面劳动合同", "试用期", "经济补偿"]),
    # 呼叫中心运营管理
    "呼叫中心的核心系统": ("call-centre-systems", ["IVR", "ACD", "CTI", "技能路由", "来电弹屏"]),
    "呼叫中心的关键指标": ("call-centre-kpi", ["接通率", "呼损率", "放弃率", "服务水平", "80/20", "平均应答速度", "平均处理时长",
                                               "通话时长", "保持时长", "话后处理", "首次解决率", "座席占用率", "排班遵从度"]),
    "呼叫中心质检": ("call-centre-qa", ["评分表", "致命错误", "抽样", "校准", "智能质检", "辅导", "闭环"]),
    "话务量与爱尔兰": ("call-centre-forecast", ["历史数据", "日内分布", "话务量 = 呼叫量 × 平均处理时长", "爱尔兰", "3 600 秒"]),
    "爱尔兰C与人员损耗": ("call-centre-staffing", ["泊松", "排队等待", "不会放弃", "29 名座席", "人员损耗率", "1 − 人员损耗率", "向上取整"]),
    # service blueprint and process design
    "服务蓝图的五个组成部分": ("blueprint-components", ["有形展示", "顾客行为", "前台员工行为", "后台员工行为", "支持过程"]),
    "服务蓝图的分界线": ("blueprint-components", ["外部互动线", "可视线", "内部互动线", "管理线"]),
    "绘制服务蓝图的步骤": ("blueprint-drawing", ["识别", "顾客的角度", "前台员工行为", "后台员工行为", "支持", "有形展示"]),
    "失败点与等待点": ("blueprint-failure", ["失败点", "等待点"]),
    "服务流程设计方法": ("blueprint-design", ["标准化", "定制化", "顾客参与", "前后台分离", "生产线方法", "顾客参与方法", "顾客接触方法"]),
    "服务防误设计": ("blueprint-pokayoke", ["防误", "员工的差错", "顾客的差错"]),
    "等待心理与排队": ("blueprint-waiting", ["无所事事", "服务开始前", "焦虑", "不确定", "没有解释", "不公平", "独自", "单队多窗口", "利用率"]),
    "SOP的写法": ("blueprint-sop", ["可衡量", "可执行", "异常处理", "硬标准", "软标准"]),
    "流程指标": ("blueprint-measure", ["周期时间", "瓶颈", "一次通过率", "乘积"]),
    "流程再造与PDCA": ("blueprint-improve", ["根本性", "彻底性", "计划", "执行", "检查", "处理", "标准化"]),
    # customer information and CRM; survey design
    "客户信息的四类内容": ("crm-info", ["基本信息", "交易信息", "服务信息", "行为偏好"]),
    "CRM的三种类型": ("crm-concept", ["运营型", "分析型", "协作型"]),
    "ABC分类、客户金字塔与客户终身价值": ("crm-tiers", ["A类", "B类", "C类", "客户金字塔", "客户终身价值"]),
    "RFM的三个指标与八类客户": ("crm-rfm", ["最近一次消费", "消费频率", "消费金额", "重要价值客户", "重要保持客户",
                                          "重要发展客户", "重要挽留客户", "一般价值客户", "一般保持客户",
                                          "一般发展客户", "一般挽留客户"]),
    "客户生命周期的四个阶段": ("crm-lifecycle", ["考察期", "形成期", "稳定期", "退化期"]),
    "客户流失预警与挽回": ("crm-churn", ["流失率", "保持率", "预警", "挽回率"]),
    "CRM中的数据保护": ("crm-security", ["最小必要", "角色", "脱敏", "日志", "保存期限", "去标识化", "匿名化"]),
    "调查方法": ("survey-design", ["问卷", "访谈", "焦点小组", "观察", "神秘顾客"]),
    "抽样方法": ("survey-sampling", ["总体", "样本", "抽样框", "简单随机抽样", "系统抽样", "分层抽样", "整群抽样",
                                   "方便抽样", "判断抽样", "配额抽样", "滚雪球抽样"]),
    "样本量与误差": ("survey-sample-size", ["置信", "精度", "抽样误差", "非抽样误差"]),
    "问卷设计": ("survey-questionnaire", ["李克特量表", "双重问题", "诱导性问题", "模糊", "预调查"]),
    "信度与效度": ("survey-reliability", ["重测信度", "内部一致性", "0.7", "内容效度", "结构效度", "效标效度", "必要条件"]),
    # communication and crisis
    "沟通过程的六个要素": ("communication-process", ["发送者", "信息", "渠道", "接收者", "反馈", "噪音", "编码", "解码"]),
    "倾听的五个层次": ("communication-listening", ["忽视地听", "假装地听", "选择性地听", "专注地听", "同理心倾听", "复述", "确认"]),
    "提问的类型与探询顺序": ("communication-questioning", ["开放式", "封闭式", "引导式", "先开放、后封闭"]),
    "同理心与同情": ("communication-empathy", ["同理心", "共情", "同情"]),
    "梅拉比安的适用范围": ("communication-nonverbal", ["梅拉比安", "感情和态度", "不能推广到所有沟通"]),
    "电话沟通规范": ("communication-phone", ["开场白", "结束语", "保持", "转接"]),
    "文明用语十个字": ("communication-language", ["您好", "请", "谢谢", "对不起", "再见", "禁忌语", "替代方案"]),
    "先处理情绪再处理事情": ("communication-emotional", ["先处理情绪，再处理事情"]),
    "特殊群体沟通": ("communication-special", ["高语境", "低语境", "适老化", "残障"]),
    "危机的四个特征": ("crisis-meaning", ["突发性", "破坏性", "紧迫性", "公众性"]),
    "危机的四个阶段": ("crisis-stages", ["潜伏期", "爆发期", "持续期", "解决期", "恢复期"]),
    "危机的预防与预警": ("crisis-prevention", ["舆情监测", "预警", "预案", "演练"]),
    "5S原则": ("crisis-principles", ["承担责任", "真诚沟通", "速度第一", "系统运行", "权威证实", "黄金24小时"]),
    "回应的三要素与禁忌": ("crisis-response", ["事实", "态度", "行动", "沉默", "推诿", "删帖", "对抗"]),
    "次生舆情": ("crisis-opinion", ["发酵", "扩散", "次生舆情"]),
    "客服团队的危机职责": ("crisis-service-team", ["统一口径", "话术", "升级", "补救"]),
    "复盘": ("crisis-recovery", ["复盘"]),
}


@pytest.fixture(scope="module")
def content():
    found = load_content(ROOT / "content", ROOT / "cases")
    assert found.problems == [], "\n".join(map(str, found.problems))
    return found


def section_text(content, anchor: str) -> str:
    """The section with its subsections: everything up to the next `##`."""
    for chapter in content.chapters:
        anchors = [s.anchor for s in chapter.sections]
        if anchor in anchors:
            start = anchors.index(anchor)
            end = next((i for i in range(start + 1, len(chapter.sections)) if chapter.sections[i].level == 2), len(chapter.sections))
            return "\n".join(s.title + "\n" + s.text for s in chapter.sections[start:end])
    raise AssertionError(f"no section {anchor}")


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_syllabus_item_is_taught(content, item):
    anchor, words = ITEMS[item]
    text = section_text(content, anchor)
    missing = [w for w in words if w not in text]
    assert not missing, f"{item}: section {anchor} does not teach {missing}"


def test_one_chapter_per_syllabus_topic(content):
    covered = {t for c in content.chapters for t in c.topics}
    assert covered == set(TOPICS)
    assert len(content.chapters) >= 14


def test_every_chapter_has_objectives_summary_and_review(content):
    for chapter in content.chapters:
        anchors = {s.anchor for s in chapter.sections}
        assert {f"{chapter.slug}-summary", f"{chapter.slug}-review"} <= anchors
        assert chapter.objectives["knowledge"] and chapter.objectives["skills"]


def test_required_figures_are_drawn_and_used(content):
    used = {name for c in content.chapters for name, _ in c.figures}
    for name in ("gap-model", "gronroos", "scsb", "acsi", "ecsi", "loyalty-ladder", "disappointment-curve", "measurement-process"):
        assert name in content.figures and name in used, name
        svg = content.figures[name]
        assert "<title" in svg and "<desc" in svg and "viewBox" in svg


def test_at_least_eight_cases_with_key_points(content):
    slugs = {c.slug for c in content.cases}
    assert {"swallowed-card", "late-night-diner", "haidilao-staff", "skyworth-president"} <= slugs
    assert len(content.cases) >= 8
    for case in content.cases:
        assert case.questions and all(q.payload["key_points"] for q in case.questions)
