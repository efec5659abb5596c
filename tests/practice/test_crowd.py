"""全体正确率 after answering, once at least 20 distinct trainees answered the question."""
from datetime import datetime

from app.practice import services
from app.practice.crowd import crowd_statistics
from tests.factories import make_user
from tests.practice.conftest import question, start

T = datetime(2026, 11, 20, 8, 0)


def answers(q, picks):
    for pick in picks:
        services.answer_question(make_user().id, q, [pick], "random", T, None)


def test_nineteen_trainees_answering_many_times_show_no_statistics(client, login_as, content_tree, clock):
    q = question("alpha-001")
    one = make_user()
    for _ in range(30):   # thirty answers from one trainee are one trainee
        services.answer_question(one.id, q, ["C"], "random", T, None)
    answers(q, ["B"] * 17)
    assert crowd_statistics(q) is None
    login_as()   # the nineteenth
    html = client.post(start(client), data={"answer": "A"}).get_data(as_text=True)
    assert "全体正确率" not in html


def test_twenty_trainees_show_accuracy_and_the_common_trap(client, login_as, content_tree, clock):
    q = question("alpha-001")
    answers(q, ["B"] * 11 + ["C"] * 6 + ["A"] * 2)
    login_as()   # the twentieth, answering A
    html = client.post(start(client), data={"answer": "A"}).get_data(as_text=True)
    # 20 trainees, 20 answers: 11 right (55%); C is 6 of the 9 wrong ones (67%)
    assert "全体正确率 <strong>55%</strong>（20 名学员作答）" in html
    assert "最多人选错的答案：<strong>C</strong>（占答错的 67%）" in html


def test_statistics_never_appear_before_answering(client, login_as, content_tree, clock):
    q = question("alpha-001")
    answers(q, ["C"] * 25)
    login_as()
    assert "全体正确率" not in client.get(start(client)).get_data(as_text=True)


def test_true_false_trap_is_named_in_words(app, content_tree):
    q = question("alpha-002")
    answers(q, ["true"] * 15 + ["false"] * 5)
    crowd = crowd_statistics(q)
    assert crowd.common_wrong == "对" and crowd.trainees == 20 and crowd.accuracy == 0.25
