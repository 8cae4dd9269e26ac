#!/usr/bin/env python3
"""Shrinks an ONNX BERT model's transfer size for the device run (bench/device/package.sh).

Every float initializer is rounded to bfloat16 precision (kept as float32, so the graph and the
arithmetic are unchanged) and the rows of the word-embedding matrix whose token ids are not in
USED_IDS (plus ids below 1000: special tokens and characters) are zeroed, so that xz compresses
the file to about a quarter. The speed of an epoch does not depend on the weights' values; the
results of a quality run with this model are not comparable to the full model's.

usage: compact-model.py IN.onnx USED_IDS.txt OUT.onnx
"""
import sys

import numpy as np


def varint(b, i):
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def fields(b, start, end):
    """Protocol-buffer fields of b[start:end]: (number, wire type, value or start, end)."""
    i = start
    while i < end:
        key, i = varint(b, i)
        f, w = key >> 3, key & 7
        if w == 0:
            v, i = varint(b, i)
            yield f, w, v, None
        elif w == 2:
            n, i = varint(b, i)
            yield f, w, i, i + n
            i += n
        elif w == 5:
            yield f, w, i, None
            i += 4
        elif w == 1:
            yield f, w, i, None
            i += 8
        else:
            raise ValueError(f"wire type {w}")


def main(src, used_ids, dst):
    buf = bytearray(open(src, "rb").read())
    graph = [(s, e) for f, w, s, e in fields(buf, 0, len(buf)) if f == 7][0]  # ModelProto.graph
    ids = [int(x) for x in open(used_ids)]
    rounded = 0
    for f, w, s, e in fields(buf, *graph):
        if f != 5:  # GraphProto.initializer
            continue
        name, dtype, raw, dims = None, None, None, []
        for tf, tw, ts, te in fields(buf, s, e):
            if tf == 1:  # dims, packed or not
                if tw == 0:
                    dims.append(ts)
                else:
                    j = ts
                    while j < te:
                        v, j = varint(buf, j)
                        dims.append(v)
            elif tf == 2:
                dtype = ts
            elif tf == 8:
                name = bytes(buf[ts:te]).decode()
            elif tf == 9:
                raw = (ts, te)
        if dtype != 1 or raw is None:  # float32 raw data only
            continue
        a = np.frombuffer(buf, dtype="<u4", count=(raw[1] - raw[0]) // 4, offset=raw[0]).copy()
        a = ((a + 0x7FFF + ((a >> 16) & 1)) & 0xFFFF0000).astype("<u4")
        if "word_embeddings" in name:
            used = np.zeros(dims[0], bool)
            used[:1000] = True
            used[[i for i in ids if i < dims[0]]] = True
            a.reshape(dims)[~used] = 0
            print(f"{name}: kept {used.sum()} of {dims[0]} rows")
        buf[raw[0]:raw[1]] = a.tobytes()
        rounded += a.size
    print(f"rounded {rounded} floats to bfloat16 precision")
    open(dst, "wb").write(buf)


if __name__ == "__main__":
    main(*sys.argv[1:4])
