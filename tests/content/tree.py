"""A small content tree written into a temporary folder, for sync and page tests."""
from pathlib import Path

CHAPTER_ONE = """---
slug: alpha
title: 第一章测试
order: 1
topics: [service-basics]
objectives:
  knowledge: [知道服务的四个特性]
  skills: [能辨别服务特性]
---

## 服务的特性 {#alpha-traits}

服务具有非实体性、过程性、不可储存性和差异性。见[下一节](#alpha-more)。

![服务四特性示意图](figures/traits.svg)

### 非实体性 {#alpha-intangible}

最基本的特性。

## 更多内容 {#alpha-more}

另见[第二章](/chapters/beta#beta-intro)。

## 本章小结 {#alpha-summary}

小结。

## 思考题 {#alpha-review}

1. 服务有哪些特性？
"""

CHAPTER_TWO = """---
slug: beta
title: 第二章测试
order: 2
topics: [loyalty]
objectives:
  knowledge: [了解忠诚]
  skills: [会分析忠诚]
---

## 忠诚的价值 {#beta-intro}

忠诚客户带来稳定的利润。

## 本章小结 {#beta-summary}

小结。

## 思考题 {#beta-review}

1. 为什么忠诚重要？
"""

CASE = """---
slug: card
title: 吞卡测试案例
topics: [gap-model]
sections: [alpha-traits]
---

## 案例背景 {#card-background}

某银行的柜员机吞了客户的卡。

## 讨论与参考分析 {#card-analysis}

### case-card-1
类型：案例分析
小节：alpha-traits
难度：3
分值：10

题干：
分析这次服务失误的原因。

采分点：
- (6分) 指出员工培训不足 —— 关键词：培训、业务不熟
- (4分) 提出服务补救措施 —— 关键词：补救、道歉

解析：
参考答案：培训不足，需要补救。
"""

BANK = """---
chapter: alpha
topics: [service-basics]
---

### alpha-001
类型：单选
小节：alpha-traits
难度：2

题干：
服务最基本的特性是（　）。

A. 差异性
B. 非实体性
C. 不可储存性
D. 过程性

答案：B
解析：非实体性是最基本的特性。（见“服务的特性”）

### alpha-002
类型：判断
小节：alpha-intangible
难度：1

题干：
服务可以像商品一样储存起来。

答案：错
解析：服务不可储存。
"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><title>四特性</title><desc>示意</desc><text x="5" y="25">服务</text></svg>"""


def write_tree(root: Path, **replace) -> tuple[Path, Path]:
    """Write the tree; `replace` maps a path under content/ (or ../cases/) to new text, or None to remove it."""
    files = {
        "chapters/01-alpha.md": CHAPTER_ONE, "chapters/02-beta.md": CHAPTER_TWO,
        "figures/traits.svg": SVG, "questions/01-alpha.md": BANK, "../cases/card.md": CASE,
    }
    files.update(replace)
    content = root / "content"
    for name, text in files.items():
        path = (content / name).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")
    return content, root / "cases"
