"""How often the default mocks repeat questions, on the real bank (prints its figures; not a test).

  .venv/bin/python bench/paper_overlap.py [--trainees 40] [--papers 6]

For one trainee sitting a mock again and again: how many questions each paper shares with that
trainee's earlier papers. For two trainees each sitting it once: the mean and the largest overlap
of their papers. Both for the theory mock (90 questions) and the case mock (4 case questions).
"""
import argparse
import itertools
import statistics

from _setup import bench_app

from app.exams.defaults import PRACTICE_SKILLS, THEORY
from app.exams.paper import draw


def successive(blueprint, papers: int, seed: int) -> list[int]:
    seen: frozenset[int] = frozenset()
    overlaps = []
    for n in range(papers):
        drawn = {d.question.id for d in draw(blueprint, seed * 100 + n, True, True, seen)}
        overlaps.append(len(drawn & seen))
        seen |= drawn
    return overlaps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=40)
    parser.add_argument("--papers", type=int, default=6)
    args = parser.parse_args()
    app = bench_app()
    with app.app_context():
        for name, mock in (("theory", THEORY), ("case", PRACTICE_SKILLS)):
            size = sum(row["count"] for row in mock["blueprint"])
            runs = [successive(mock["blueprint"], args.papers, seed) for seed in range(1, 11)]
            per_paper = [max(run[n] for run in runs) for n in range(args.papers)]
            print(f"{name} mock ({size} questions): one trainee's papers 1..{args.papers} repeat at most {per_paper} "
                  f"questions of their earlier papers (10 trainees)")
            firsts = [{d.question.id for d in draw(mock["blueprint"], 5000 + t, True, True)} for t in range(args.trainees)]
            pairs = [len(a & b) for a, b in itertools.combinations(firsts, 2)]
            print(f"{name} mock: two trainees' first papers share {statistics.mean(pairs):.1f} questions on average, "
                  f"at most {max(pairs)} ({len(pairs)} pairs)")


if __name__ == "__main__":
    main()
