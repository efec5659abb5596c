"""The syllabus topics every chapter, case and question is tagged with (PRODUCT.md).

The 14 professional topics, then the base knowledge every national occupational standard puts
first (基本要求): professional ethics and the laws a customer-service manager works under; then the
practice areas a training centre teaches beyond the seeds' outline (issue 17, item 2): call-centre
operations, customer information and CRM, survey design, communication skills, crises and public
opinion, service blueprints and process design.
"""
TOPICS: dict[str, str] = {
    "service-basics": "服务与客户服务概论",
    "consumer-behavior": "客户消费行为",
    "service-content": "客户服务内容",
    "service-strategy": "客户服务策略",
    "service-technology": "客户服务技术",
    "time-space": "客户服务时空管理",
    "staff": "客服人员管理",
    "quality": "服务质量管理",
    "gap-model": "服务质量差距模型",
    "satisfaction": "客户满意管理",
    "satisfaction-measurement": "客户满意度测评",
    "loyalty": "客户忠诚管理",
    "complaints": "客户投诉管理",
    "brand": "客户服务品牌管理",
    "ethics": "职业道德",
    "law": "法律法规",
    "call-centre": "呼叫中心运营管理",
    "crm": "客户信息与关系管理",
    "survey": "客户调查设计",
    "communication": "客户沟通技巧",
    "crisis": "危机与舆情管理",
    "blueprint": "服务蓝图与流程设计",
}


def topic_label(key: str) -> str:
    return TOPICS.get(key, key)
