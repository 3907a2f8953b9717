#!/usr/bin/env python3
"""Renders benchmarks/results/routing-quality.md from the `tierwise eval --json` files that
routing-quality.sh leaves in its work directory (python3 standard library only).

Every number comes from those JSON files; the only constants are RouteLLM's published figures,
quoted for comparison with their source.

    render_report.py WORK_DIR OUT.md
"""
import json
import os
import sys

# RouteLLM (Ong et al., 2024, arXiv:2406.18665): its matrix-factorisation router trained on Arena data with
# the paper's augmentation, GPT-4 vs Mixtral-8x7B, as quoted in issue 2 §7.
PUBLISHED_MF = {
    "routellm-mt_bench": {"apgr": 0.802, "cpt50": 0.134},
    "routellm-mmlu": {"apgr": 0.55},
}

RUNS = [
    ("routerbench-11", "RouterBench-train, 5-fold, all 11 models as tiers"),
    ("routerbench-3", "RouterBench-train, 5-fold, 3-tier cut (Mistral-7B / Mixtral-8x7B / GPT-4)"),
    ("routerbench-2", "RouterBench-train, 5-fold, 2-tier cut (Mixtral-8x7B / GPT-4)"),
    ("routellm-mmlu", "RouteLLM MMLU, trained on GSM8K + MT-Bench + Arena-Bench (MMLU held out)"),
    ("routellm-gsm8k", "RouteLLM GSM8K, trained on MMLU + MT-Bench + Arena-Bench (GSM8K held out)"),
    ("routellm-mt_bench", "RouteLLM MT-Bench, trained on MMLU + GSM8K + Arena-Bench (MT-Bench held out)"),
]

REFERENCE_MODEL = "gpt-4"  # the acceptance criterion is stated against GPT-4


def fmt(x, digits=4):
    return "–" if x is None else f"{x:.{digits}f}"


def pct(x, digits=1):
    return "–" if x is None else f"{100 * x:.{digits}f}%"


def usd(x):
    return "–" if x is None else f"{x:.6f}"


def reference_tier(report):
    """The GPT-4 tier if there is one, else the best single tier."""
    for t in report["singleTiers"]:
        if t["tier"].startswith(REFERENCE_MODEL):
            return t
    return max(report["singleTiers"], key=lambda t: t["quality"] or 0)


def cheapest_reaching(points, quality):
    """The cheapest measured point whose quality is at least `quality` (no interpolation)."""
    ok = [p for p in points if p["quality"] is not None and p["quality"] >= quality]
    return min(ok, key=lambda p: p["cost"]) if ok else None


MAX_CURVE_ROWS = 30


def fmt_g(x):
    return "–" if x is None else f"{x:.4g}"


def frontier(points):
    """Points sorted by cost that each raise quality over every cheaper point."""
    out, best = [], float("-inf")
    for p in sorted(points, key=lambda p: (p["cost"], -p["quality"])):
        if p["quality"] is not None and p["quality"] > best:
            out.append(p)
            best = p["quality"]
    return out


def thin(points, n):
    """At most n points, evenly spaced by index, always keeping the first and last."""
    if len(points) <= n:
        return points
    idx = sorted({round(i * (len(points) - 1) / (n - 1)) for i in range(n)})
    return [points[i] for i in idx]


def best_within(points, cost):
    """The best-quality measured point costing at most `cost`."""
    ok = [p for p in points if p["cost"] is not None and p["cost"] <= cost]
    return max(ok, key=lambda p: p["quality"]) if ok else None


def acceptance(report, ref):
    """Issue 2 §7: >= 97% of GPT-4's quality at <= 25% of its cost; AIQ above static per-task and TF-IDF."""
    pts = report["router"]["points"]
    p97 = cheapest_reaching(pts, 0.97 * ref["quality"])
    at25 = best_within(pts, 0.25 * ref["cost"])
    m = report["metrics"]
    aiq = m["router"]["aiq"]
    rivals = {k: m[k]["aiq"] for k in ("staticPerTask", "tfidfLogReg") if k in m}
    met_cost = p97 is not None and p97["cost"] <= 0.25 * ref["cost"]
    met_aiq = bool(rivals) and all(aiq is not None and v is not None and aiq > v for v in rivals.values())
    out = ["### Acceptance criterion (issue 2 §7)", ""]
    out.append(
        f"- ≥ 97% of {ref['tier']}'s quality at ≤ 25% of its cost: **{'met' if met_cost else 'not met'}** — "
        + (f"the cheapest router point at ≥ 97% costs {pct(p97['cost'] / ref['cost'])} of {ref['tier']}" if p97 else "the router never reaches 97%")
        + (f"; at ≤ 25% of the cost the router reaches {pct(at25['quality'] / ref['quality'])} of its quality." if at25 else ".")
    )
    out.append(
        f"- AIQ above static per-task and TF-IDF: **{'met' if met_aiq else 'not met'}** — router {fmt(aiq)}, "
        + ", ".join(f"{k} {fmt(v)}" for k, v in rivals.items()) + "."
    )
    out.append("")
    return out


def curves(report):
    out = [("router", report["router"]["points"])]
    if report.get("staticPerTask"):
        out.append(("staticPerTask", report["staticPerTask"]["points"]))
    for name, c in report.get("baselines", {}).items():
        out.append((name, c["points"]))
    out.append(("random", report["random"]["points"]))
    return out


def section(name, title, report, run):
    lines = [f"## {title}", ""]
    lines.append(
        f"`{name}`: {report['prompts']} test prompts; tiers (cheapest first): "
        + ", ".join(f"`{t}`" for t in report["tiers"])
        + (f"; eval took {run['seconds']} s at load average {run['loadavg']}." if run else ".")
    )
    lines.append("")
    ref = reference_tier(report)
    lines.append(f"### Against {ref['tier']} (quality {fmt(ref['quality'])}, cost {usd(ref['cost'])} USD/prompt)")
    lines.append("")
    lines.append("| curve | cheapest point ≥ 97% of ref quality: quality (% of ref) | its cost (% of ref cost) | cheapest point ≥ ref quality: cost (% of ref) |")
    lines.append("|---|---|---|---|")
    for cname, pts in curves(report):
        p97 = cheapest_reaching(pts, 0.97 * ref["quality"])
        p100 = cheapest_reaching(pts, ref["quality"])
        lines.append(
            f"| {cname} | "
            + (f"{fmt(p97['quality'])} ({pct(p97['quality'] / ref['quality'])})" if p97 else "never")
            + " | "
            + (f"{usd(p97['cost'])} ({pct(p97['cost'] / ref['cost'])})" if p97 else "–")
            + " | "
            + (f"{usd(p100['cost'])} ({pct(p100['cost'] / ref['cost'])})" if p100 else "never")
            + " |"
        )
    o = report["oracle"]
    lines.append(f"| oracle | {fmt(o['quality'])} ({pct(o['quality'] / ref['quality'])}) | {usd(o['cost'])} ({pct(o['cost'] / ref['cost'])}) | |")
    lines.append("")
    if name == "routerbench-11":
        lines += acceptance(report, ref)
    lines.append("### Metrics reported by `eval` (relative to the best single tier)")
    lines.append("")
    two_tier = any(m.get("routeLlm") for m in report["metrics"].values())
    head = "| curve | best single tier | AIQ | cost to match best (fraction) | cost to reach 97% (fraction) |"
    sep = "|---|---|---|---|---|"
    if two_tier:
        head += " APGR | CPT(50%) | CPT(80%) |"
        sep += "---|---|---|"
    lines += [head, sep]
    for cname, m in report["metrics"].items():
        row = (
            f"| {cname} | {m['bestSingleTier']} | {fmt(m['aiq'])} | {usd(m['costToMatchBestUsd'])} ({pct(m['costToMatchBestFraction'])}) "
            f"| {usd(m['costToReach97Usd'])} ({pct(m['costToReach97Fraction'])}) |"
        )
        if two_tier:
            r = m.get("routeLlm") or {}
            row += f" {fmt(r.get('apgr'), 3)} | {pct(r.get('cpt50'))} | {pct(r.get('cpt80'))} |"
        lines.append(row)
    if two_tier:
        strong = report["tiers"][-1]
        pts = [p for p in report["router"]["points"] if p["tierShares"].get(strong) is not None]
        if pts:
            half = min(pts, key=lambda p: abs(p["tierShares"][strong] - 0.5))
            lines.append("")
            lines.append(
                f"APGR/CPT count calls, the cost axis counts USD: the router point sending {pct(half['tierShares'][strong])} "
                f"of calls to `{strong}` costs {pct(half['cost'] / ref['cost'])} of `{ref['tier']}`"
                + (
                    ": it spends strong calls on shorter, cheaper prompts, which the call-based metrics do not credit."
                    if half["cost"] / ref["cost"] < half["tierShares"][strong] - 0.02
                    else "."
                )
            )
    pub = PUBLISHED_MF.get(name)
    if pub:
        mine = report["metrics"]["router"].get("routeLlm") or {}
        lines.append("")
        lines.append(
            "RouteLLM's published matrix-factorisation router on this benchmark: "
            + ", ".join(
                f"{k.upper().replace('CPT50', 'CPT(50%)')} {pct(v) if k.startswith('cpt') else fmt(v, 3)}"
                for k, v in pub.items()
            )
            + f"; Tierwise router: APGR {fmt(mine.get('apgr'), 3)}, CPT(50%) {pct(mine.get('cpt50'))}."
        )
    lines.append("")
    lines.append("### Single tiers")
    lines.append("")
    lines.append("| tier | quality | cost USD/prompt |")
    lines.append("|---|---|---|")
    for t in report["singleTiers"]:
        lines.append(f"| {t['tier']} | {fmt(t['quality'])} | {usd(t['cost'])} |")
    lines.append(f"| oracle | {fmt(o['quality'])} | {usd(o['cost'])} |")
    lines.append("")
    lines.append("### Router curve (λ sweep)")
    lines.append("")
    points = frontier(report["router"]["points"])
    lines.append(
        f"{len(points)} of the {len(report['router']['points'])} swept points: those that raise quality over every cheaper point"
        + (f", thinned to {MAX_CURVE_ROWS}" if len(points) > MAX_CURVE_ROWS else "") + "."
    )
    lines.append("")
    points = thin(points, MAX_CURVE_ROWS)
    lines.append("| λ | cost USD/prompt | cost % of ref | quality | quality % of ref | tier shares |")
    lines.append("|---|---|---|---|---|---|")
    for p in points:
        shares = ", ".join(f"{k} {pct(v, 0)}" for k, v in p["tierShares"].items() if v and v >= 0.005)
        lines.append(
            f"| {fmt_g(p.get('parameter'))} | {usd(p['cost'])} | {pct(p['cost'] / ref['cost'])} "
            f"| {fmt(p['quality'])} | {pct(p['quality'] / ref['quality'])} | {shares} |"
        )
    lines.append("")
    return lines


def main(work, out):
    body = [
        "# Routing quality",
        "",
        "Generated by `benchmarks/quality/routing-quality.sh` from `tierwise eval --json`; do not edit by hand.",
        "Costs are mean USD per prompt, qualities mean quality in [0, 1]. \"ref\" is GPT-4 (`gpt-4-1106-preview`).",
        "Curve points are measured points (no interpolation); `eval`'s own metrics interpolate along the curve.",
        "AIQ is the area under quality against normalised cost. APGR/CPT follow RouteLLM (x = share of calls to the strong tier).",
        "RouteLLM runs hold the benchmark out entirely (trained on the other two benchmarks plus Arena-Bench). Unlike RouteLLM's",
        "evaluation, `eval` does not drop the prompts listed in `contaminated_prompts.jsonl` (12 GSM8K, 8 MT-Bench prompts that",
        "also occur in Arena data), and the two RouteLLM tiers are priced by list prices (`benchmarks/quality/routellm-tiers.yaml`).",
        "RouteLLM's MF figures come from its router trained on Arena preference data with the paper's data augmentation,",
        "on its own prompt formatting, so they are a reference point, not a like-for-like comparison.",
        "",
    ]
    found = 0
    for name, title in RUNS:
        path = os.path.join(work, name + ".json")
        if not os.path.exists(path):
            body += [f"## {title}", "", f"Not run (no `{name}.json`).", ""]
            continue
        with open(path) as f:
            report = json.load(f)
        run = None
        run_path = os.path.join(work, name + ".run.json")
        if os.path.exists(run_path):
            with open(run_path) as f:
                run = json.load(f)
        body += section(name, title, report, run)
        found += 1
    if found == 0:
        sys.exit(f"render_report.py: no eval JSON in {work}")
    with open(out, "w") as f:
        f.write("\n".join(body))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: render_report.py WORK_DIR OUT.md")
    main(sys.argv[1], sys.argv[2])
