#!/usr/bin/env python3
"""Writes the synthetic positive control for fine-tuning: a `tables` data folder (ratings.tsv,
items.tsv) in which tastes follow a hidden cluster of each made-up word in the item titles.

Usage: bench/fine-tune-control.py OUT_DIR [SEED=7]

Why: on MovieLens latest-small, fine-tuning the encoder does not beat the frozen encoder on new
items (docs/benchmarks.md, "Fine-tuning"). The control tells "the data holds no item-level text
signal the frozen vectors miss" apart from "fine-tuning cannot learn such a signal". Here the
signal is entirely in the text and the pretrained encoder cannot know it: 1,200 made-up words of
three syllables each fall at random into 8 hidden clusters; each of 3,000 items is titled by
three words of one cluster and one word of any; each of 1,500 readers favours one or two clusters
and picks about 40 items with probability (0.05 + taste of the item's cluster) x a heavy-tailed
popularity that text does not predict. Every word appears in about 10 titles, so the words of new
items were seen in training. oracle-features.csv holds each item's hidden cluster (one-hot), for
`-p features=FILE`: what a perfect reader of the titles would know. Deterministic for a seed
(Python's random.Random).
"""
import bisect
import itertools
import os
import random
import sys

WORDS, CLUSTERS, ITEMS, USERS, MEAN_PER_USER = 1200, 8, 3000, 1500, 40
SYLLABLES = ["ka", "lo", "mir", "ven", "tu", "sar", "bel", "dok", "fi", "ren",
             "pol", "zu", "gar", "nim", "tes", "vor", "lu", "hap", "mek", "so"]


def main(out, seed):
    r = random.Random(seed)
    words = set()
    while len(words) < WORDS:
        words.add("".join(r.choice(SYLLABLES) for _ in range(3)))
    words = sorted(words)
    r.shuffle(words)
    by_cluster = [words[k::CLUSTERS] for k in range(CLUSTERS)]
    os.makedirs(out, exist_ok=True)
    items = []
    with open(os.path.join(out, "items.tsv"), "w", encoding="utf-8") as f, open(
        os.path.join(out, "oracle-features.csv"), "w", encoding="utf-8"
    ) as oracle:
        f.write("item\ttitle\n")
        for i in range(ITEMS):
            k = r.randrange(CLUSTERS)
            title = r.sample(by_cluster[k], 3) + [r.choice(words)]
            r.shuffle(title)
            items.append((k, (1 - r.random()) ** -0.6))
            f.write(f"{i + 1}\t{' '.join(w.capitalize() for w in title)}\n")
            oracle.write(f"{i + 1}," + ",".join("1" if c == k else "0" for c in range(CLUSTERS)) + "\n")
    with open(os.path.join(out, "ratings.tsv"), "w", encoding="utf-8") as f:
        f.write("user\titem\trating\ttimestamp\n")
        for u in range(USERS):
            taste = [0.05] * CLUSTERS
            for j in range(1 + r.randrange(2)):
                taste[r.randrange(CLUSTERS)] += 1.0 / (j + 1)
            cumulative = list(itertools.accumulate(taste[k] * pop for k, pop in items))
            total = cumulative[-1]
            wanted = min(max(3, int(r.expovariate(1 / MEAN_PER_USER))), ITEMS // 2)
            chosen = set()
            while len(chosen) < wanted:
                chosen.add(bisect.bisect_left(cumulative, r.random() * total))
            t = 1_600_000_000 + r.randrange(86400 * 30)
            for i in sorted(chosen, key=lambda _: r.random()):
                t += r.randrange(3600, 86400 * 3)
                f.write(f"{u + 1}\t{i + 1}\t{r.choice([4, 5, 5])}\t{t}\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7)
