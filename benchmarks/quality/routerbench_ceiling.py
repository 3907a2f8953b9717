#!/usr/bin/env python3
"""How far can any prompt-only router get on RouterBench-train with all 11 models as tiers?

Issue 2 asks for >= 97% of GPT-4's quality at <= 25% of its cost. This script bounds that from the
data alone (no embeddings, no Tierwise code), so the bound does not depend on our router:

1. Task-level ceiling: the best a router can do if it knows only which task (ARC, MBPP, Winogrande)
   a prompt belongs to, with every model's per-task accuracy and cost known exactly (fitted on the
   very prompts it is scored on, so optimistic), and free to mix models within a task. A linear
   programme over per-task model shares.
2. Per-prompt signal needed: a simulated router whose per-model predictions rank a task's prompts
   with a given within-task ROC AUC (task mean in logit space + beta * label + N(0, 1) noise),
   swept the way `tierwise eval` sweeps lambda. It shows how good per-prompt prediction must be.

Needs python3 with numpy and scipy. Usage: benchmarks/quality/routerbench_ceiling.py [DATA_DIR]
"""
import ast
import csv
import os
import sys

import numpy as np
from scipy.optimize import linprog

MODELS = [
    "mistralai/mistral-7b-chat", "WizardLM/WizardLM-13B-V1.2", "mistralai/mixtral-8x7b-chat",
    "meta/code-llama-instruct-34b-chat", "zero-one-ai/Yi-34B-Chat", "claude-instant-v1",
    "meta/llama-2-70b-chat", "gpt-3.5-turbo-1106", "claude-v1", "claude-v2", "gpt-4-1106-preview",
]
REF = MODELS.index("gpt-4-1106-preview")


def load(folder):
    """Rows labelled for every model, first occurrence of each prompt (as `tierwise eval` reads them)."""
    csv.field_size_limit(10**9)
    tasks, quality, cost, seen = [], [], [], set()
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), newline="") as f:
            for row in csv.DictReader(f):
                prompt = ast.literal_eval(row["prompt"])
                key = prompt[0] if isinstance(prompt, list) else prompt
                if key in seen or any(row[m] == "" for m in MODELS):
                    continue
                seen.add(key)
                tasks.append(name.split("_")[0])
                quality.append([float(row[m]) for m in MODELS])
                cost.append([float(row[m + "|total_cost"]) for m in MODELS])
    return np.array(tasks), np.array(quality), np.array(cost)


def task_ceiling(tasks, quality, cost):
    names = sorted(set(tasks))
    share = {t: (tasks == t).mean() for t in names}
    q = np.concatenate([share[t] * quality[tasks == t].mean(0) for t in names])
    c = np.concatenate([share[t] * cost[tasks == t].mean(0) for t in names])
    one_mix = np.zeros((len(names), len(q)))
    for i in range(len(names)):
        one_mix[i, i * len(MODELS):(i + 1) * len(MODELS)] = 1
    ref_q, ref_c = quality[:, REF].mean(), cost[:, REF].mean()
    bounds = dict(A_eq=one_mix, b_eq=np.ones(len(names)), bounds=(0, 1))
    for target in (0.95, 0.97):
        r = linprog(c, A_ub=[-q], b_ub=[-target * ref_q], **bounds)
        print(f"  {target:.0%} of GPT-4 quality needs at least {r.fun / ref_c:.1%} of GPT-4 cost")
    r = linprog(-q, A_ub=[c], b_ub=[0.25 * ref_c], **bounds)
    print(f"  at 25% of GPT-4 cost at most {-r.fun / ref_q:.1%} of GPT-4 quality")


def auc(score, label):
    order = np.argsort(score)
    rank = np.empty(len(score))
    rank[order] = np.arange(len(score))
    pos = label == 1
    n1, n0 = pos.sum(), len(label) - pos.sum()
    return (rank[pos].sum() - n1 * (n1 - 1) / 2) / (n1 * n0)


def simulated_router(tasks, quality, cost, beta, rng):
    mean_q, mean_c = np.zeros_like(quality), np.zeros_like(cost)
    for t in set(tasks):
        mean_q[tasks == t] = quality[tasks == t].mean(0)
        mean_c[tasks == t] = cost[tasks == t].mean(0)
    mean_q = mean_q.clip(1e-3, 1 - 1e-3)
    p = 1 / (1 + np.exp(-(np.log(mean_q / (1 - mean_q)) + beta * (2 * quality - 1)
                          + rng.normal(0, 1, quality.shape))))
    within = np.mean([auc(p[tasks == t][:, m], quality[tasks == t][:, m])
                      for t in set(tasks) for m in range(len(MODELS))])
    rows = np.arange(len(p))
    points = []
    for lam in np.concatenate([[0], np.geomspace(1e-1, 1e5, 400)]):
        choice = np.argmax(p - lam * mean_c, axis=1)
        points.append((cost[rows, choice].mean(), quality[rows, choice].mean()))
    points = np.array(points)
    ref_q, ref_c = quality[:, REF].mean(), cost[:, REF].mean()
    reach = points[points[:, 1] >= 0.97 * ref_q]
    at_97 = reach[:, 0].min() / ref_c if len(reach) else float("nan")
    at_25 = points[points[:, 0] <= 0.25 * ref_c][:, 1].max() / ref_q
    return within, at_97, at_25


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "..", "shared", "data", "routerbench-train", "routerbench_zs")
    folder = sys.argv[1] if len(sys.argv) > 1 else default
    tasks, quality, cost = load(folder)
    print(f"RouterBench-train: {len(tasks)} prompts labelled for all 11 models, tasks {sorted(set(tasks))}")
    print("1. Task-level ceiling (per-task accuracies known exactly, in-sample):")
    task_ceiling(tasks, quality, cost)
    print("2. Simulated router with per-prompt signal (3 seeds each):")
    print("  | within-task AUC | cost at 97% of GPT-4 quality | quality at 25% of GPT-4 cost |")
    print("  |---:|---:|---:|")
    rng = np.random.RandomState(1)
    for beta in (0.0, 0.25, 0.35, 0.5, 0.75):
        runs = np.array([simulated_router(tasks, quality, cost, beta, rng) for _ in range(3)])
        within, at_97, at_25 = runs.mean(0)
        print(f"  | {within:.3f} | {at_97:.1%} | {at_25:.1%} |")


if __name__ == "__main__":
    main()
