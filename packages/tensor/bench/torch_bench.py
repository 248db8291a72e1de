"""PyTorch side of `npm run bench`: the same workloads as bench/*.ts, timed the same way.

Called by bench/torch.ts with one JSON argument (what to run); prints one JSON object on stdout.
Runs on one thread (torch.set_num_threads(1)) so it is compared with our single-threaded kernels.
"""

import json
import math
import os
import resource
import sys
import time

# One thread for BLAS too, whichever threading library it uses: read when the library loads.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def best_ms(fn, min_runs=5, min_ms=300.0, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    total = 0.0
    while len(times) < min_runs or total < min_ms:
        t0 = time.perf_counter()
        fn()
        dt = (time.perf_counter() - t0) * 1000.0
        times.append(dt)
        total += dt
        if len(times) >= 1000:
            break
    times.sort()
    return times[0]  # the best run, as in bench/measure.ts


def blas_library():
    """The BLAS shared object torch actually loaded (Debian's torch links whatever libblas.so.3 is)."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    found = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.strip().split(" ")[-1]
            name = path.rsplit("/", 1)[-1]
            if "blas" in name or "mkl" in name:
                found.add(path)
    return sorted(found)


def matmul_gflops(case):
    batch, m, k, n, layout = case["batch"], case["m"], case["k"], case["n"], case["layout"]
    a = torch.randn(*batch, *((k, m) if layout == "A^T@B" else (m, k)))
    b = torch.randn(*batch, *((n, k) if layout == "A@B^T" else (k, n)))
    a_view = a.transpose(-1, -2) if layout == "A^T@B" else a
    b_view = b.transpose(-1, -2) if layout == "A@B^T" else b
    ms = best_ms(lambda: torch.matmul(a_view, b_view))
    flops = 2 * math.prod(batch) * m * k * n
    return flops / ms / 1e6


def mlp_step_ms():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 256), nn.Tanh(), nn.Linear(256, 10))
    x = torch.randn(64, 784)
    y = torch.randint(0, 10, (64,))

    def step():
        model.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()

    return best_ms(step, min_runs=20)


class Block(nn.Module):
    def __init__(self, c, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(c)
        self.qkv = nn.Linear(c, 3 * c)
        self.proj = nn.Linear(c, c)
        self.ln2 = nn.LayerNorm(c)
        self.fc = nn.Linear(c, 4 * c)
        self.fc_proj = nn.Linear(4 * c, c)

    def forward(self, x):  # (B, T, C)
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q = q.view(B, T, self.heads, C // self.heads).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        v = v.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // self.heads)  # (B, nh, T, T)
        mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
        att = att.masked_fill(~mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + self.proj(y)
        return x + self.fc_proj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, vocab, context, c, layers, heads):
        super().__init__()
        self.tok = nn.Embedding(vocab, c)
        self.pos = nn.Embedding(context, c)
        self.blocks = nn.Sequential(*[Block(c, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(c)
        self.head = nn.Linear(c, vocab, bias=False)

    def forward(self, idx, targets):  # idx (B, T)
        T = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(T))
        logits = self.head(self.ln_f(self.blocks(x)))  # (B, T, vocab)
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.view(-1))


def gpt_setup(cfg):
    torch.manual_seed(0)
    model = GPT(cfg["vocab"], cfg["context"], cfg["channels"], cfg["layers"], cfg["heads"])
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
    idx = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["context"]))
    targets = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["context"]))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = model(idx, targets)
        loss.backward()
        opt.step()

    return step


def current_rss_kib():
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() // 1024


def gpt_memory_mib(cfg):
    """Peak RSS growth over a few GPT steps, from just before the first (fresh process)."""
    step = gpt_setup(cfg)
    before = current_rss_kib()
    for _ in range(3):
        step()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(0, peak - before) / 1024


def overhead_us(recorded):
    a = torch.randn(2, 2, requires_grad=recorded)
    b = torch.randn(2, 2)
    n = 20000

    def run():
        for _ in range(n):
            a + b

    return best_ms(run, min_runs=3) * 1000 / n


def main():
    job = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    out = {"version": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_library()}
    if "matmul" in job:
        out["matmul"] = [matmul_gflops(c) for c in job["matmul"]]
    if job.get("mlp"):
        out["mlp_ms"] = mlp_step_ms()
    if "gpt" in job:
        out["gpt_ms"] = best_ms(gpt_setup(job["gpt"]), min_runs=5, min_ms=1000)
    if "gpt_memory" in job:
        out["gpt_memory_mib"] = gpt_memory_mib(job["gpt_memory"])
    if job.get("overhead"):
        out["overhead_us"] = overhead_us(False)
        out["overhead_recorded_us"] = overhead_us(True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
