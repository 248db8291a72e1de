#!/usr/bin/python3
"""Write PyTorch's values for a fixed set of cases to src/fixtures/golden.json.

Run from packages/tensor with Debian's python3 and python3-torch:
    /usr/bin/python3 scripts/make-golden.py
The tests (src/golden.test.ts) read the JSON and run the same cases through our tensors, so
they need no Python. Each case has a name; the test file maps the same name to our code.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
g = torch.Generator().manual_seed(1234)


def rnd(*shape, lo=None):
    x = torch.randn(*shape, generator=g)
    return x.abs() + lo if lo is not None else x


def ints(*values):
    return torch.tensor(values, dtype=torch.int32)


cases = []


def case(name, fn, *inputs, grad=True):
    """Record inputs, output and (for float inputs) d(sum(out * w))/d(input) for fixed weights w."""
    xs = [x.clone().requires_grad_(grad and x.dtype == torch.float32) for x in inputs]
    out = fn(*xs)
    entry = {
        "name": name,
        "inputs": [{"shape": list(x.shape), "dtype": "int32" if x.dtype == torch.int32 else "float32",
                    "data": x.detach().flatten().tolist()} for x in xs],
        "output": {"shape": list(out.shape), "data": out.detach().float().flatten().tolist()},
    }
    if grad and out.dtype == torch.float32 and any(x.requires_grad for x in xs):
        # weights 1, 2, 3, ... scaled down: a fixed, non-uniform upstream gradient
        w = torch.arange(1, out.numel() + 1, dtype=torch.float32).reshape(out.shape) / out.numel()
        entry["weights"] = "ramp"
        (out * w).sum().backward()
        entry["grads"] = [x.grad.flatten().tolist() if x.grad is not None else None for x in xs]
    cases.append(entry)


def gelu_tanh(x):
    return F.gelu(x, approximate="tanh")


# elementwise
case("add_broadcast", lambda a, b: a + b, rnd(3, 1, 4), rnd(2, 4))
case("sub", lambda a, b: a - b, rnd(2, 3), rnd(3))
case("mul_broadcast", lambda a, b: a * b, rnd(4, 1), rnd(1, 5))
case("div", lambda a, b: a / b, rnd(2, 3), rnd(2, 3, lo=0.5))
case("pow", lambda a, b: a ** b, rnd(2, 3, lo=0.5), rnd(2, 3))
case("pow_scalar", lambda a: a ** 3, rnd(5))
case("neg", lambda a: -a, rnd(4))
case("exp", torch.exp, rnd(2, 3))
case("log", torch.log, rnd(2, 3, lo=0.1))
case("sqrt", torch.sqrt, rnd(2, 3, lo=0.1))
case("tanh", torch.tanh, rnd(2, 3))
case("sigmoid", torch.sigmoid, rnd(2, 3))
case("relu", torch.relu, rnd(2, 5))
case("gelu", gelu_tanh, rnd(2, 5))
case("abs", torch.abs, rnd(2, 5))
case("maximum", torch.maximum, rnd(3, 4), rnd(4))
case("minimum", torch.minimum, rnd(3, 4), rnd(3, 1))
case("clamp", lambda a: a.clamp(-0.5, 0.5), rnd(3, 4))
case("gt_mask", lambda a, b: (a > b).float(), rnd(3, 4), rnd(4), grad=False)
# reductions
case("sum_dim_keepdim", lambda a: a.sum(1, keepdim=True), rnd(2, 3, 4))
case("sum_all", lambda a: a.sum(), rnd(2, 3, 4))
case("mean_dims", lambda a: a.mean((0, 2)), rnd(2, 3, 4))
case("var", lambda a: a.var(1), rnd(3, 5))
case("std_keepdim", lambda a: a.std(-1, keepdim=True), rnd(3, 5))
case("amax", lambda a: a.amax(-1), rnd(3, 5))
case("max_dim_values", lambda a: a.max(0).values, rnd(4, 3))
case("min_all", lambda a: a.min(), rnd(4, 3))
case("argmax", lambda a: a.argmax(1).float(), rnd(4, 6), grad=False)
case("logsumexp", lambda a: a.logsumexp(1), rnd(3, 5))
case("topk_values", lambda a: a.topk(3, dim=1).values, rnd(3, 5))
case("softmax_dim0", lambda a: a.softmax(0), rnd(3, 4))
case("log_softmax", lambda a: a.log_softmax(-1), rnd(2, 3, 5))
# matmul
case("matmul_2d", lambda a, b: a @ b, rnd(3, 4), rnd(4, 5))
case("matmul_1d_2d", lambda a, b: a @ b, rnd(4), rnd(4, 3))
case("matmul_batched_broadcast", lambda a, b: a @ b, rnd(2, 1, 3, 4), rnd(3, 4, 5))
case("matmul_3d_2d", lambda a, b: a @ b, rnd(2, 3, 4), rnd(4, 2))
case("matmul_transposed", lambda a, b: a.T @ b.T, rnd(4, 3), rnd(5, 4))
# views and indexing
case("permute_reshape", lambda a: a.permute(2, 0, 1).reshape(4, 6), rnd(2, 3, 4))
case("slice_steps", lambda a: a[:, 1:, 0:4:2], rnd(2, 3, 4))
case("gather", lambda a, i: a.gather(1, i.long()), rnd(3, 4), ints([0, 3], [1, 1], [2, 0]))
case("index_select", lambda a, i: a.index_select(0, i.long()), rnd(5, 3), ints(4, 0, 4, 2))
case("embedding", lambda w, i: w[i.long()], rnd(5, 3), ints([1, 2, 1], [4, 0, 1]))
case("cat", lambda a, b: torch.cat([a, b, a], 1), rnd(2, 3), rnd(2, 2))
case("stack", lambda a, b: torch.stack([a, b], 1), rnd(2, 3), rnd(2, 3))
case("tril", lambda a: a.tril(), rnd(2, 3, 3))
case("triu_diag1", lambda a: a.triu(1), rnd(3, 4))
case("masked_fill", lambda a, m: a.masked_fill(m > 0, -1.0), rnd(3, 4), rnd(3, 4))
case("where", lambda c, a, b: torch.where(c > 0, a, b), rnd(3, 1), rnd(3, 4), rnd(4))
# nn
case("cross_entropy", lambda z, t: F.cross_entropy(z, t.long()), rnd(4, 5), ints(1, 0, 4, 2))
case("cross_entropy_ignore", lambda z, t: F.cross_entropy(z, t.long(), ignore_index=-100), rnd(4, 5), ints(1, -100, 4, 2))
case("mse_loss", F.mse_loss, rnd(3, 4), rnd(3, 4))
case("layer_norm", lambda x, w, b: F.layer_norm(x, (5,), w, b), rnd(2, 3, 5), rnd(5), rnd(5))
case("layer_norm_composite", lambda x, w, b: F.layer_norm(x, (5,), w, b), rnd(2, 3, 5), rnd(5), rnd(5))
def causal_attention(q, k, v):
    # torch 1.13 (Debian's) predates F.scaled_dot_product_attention: spell it out.
    T = q.shape[-2]
    att = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
    att = att.masked_fill(torch.tril(torch.ones(T, T)) == 0, float("-inf"))
    return att.softmax(-1) @ v


case("sdpa_causal", causal_attention,
     rnd(1, 2, 4, 3), rnd(1, 2, 4, 3), rnd(1, 2, 4, 3))


# optimizers: a few steps on loss = sum((p - target)^2 * c)
def optimizer_case(name, make_opt, steps=5):
    p0 = rnd(2, 3)
    target = rnd(2, 3)
    p = p0.clone().requires_grad_(True)
    opt = make_opt([p])
    for _ in range(steps):
        opt.zero_grad()
        ((p - target) ** 2 * 3).sum().backward()
        opt.step()
    cases.append({
        "name": name,
        "inputs": [{"shape": [2, 3], "dtype": "float32", "data": p0.flatten().tolist()},
                   {"shape": [2, 3], "dtype": "float32", "data": target.flatten().tolist()}],
        "output": {"shape": [2, 3], "data": p.detach().flatten().tolist()},
    })


optimizer_case("sgd_momentum", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9))
optimizer_case("adamw", lambda ps: torch.optim.AdamW(ps, lr=0.1, betas=(0.9, 0.99), weight_decay=0.1))


def rounded(v):
    if isinstance(v, float):
        return float(f"{v:.7g}") if math.isfinite(v) else str(v)
    if isinstance(v, list):
        return [rounded(x) for x in v]
    if isinstance(v, dict):
        return {k: rounded(x) for k, x in v.items()}
    return v


out_path = os.path.join(os.path.dirname(__file__), "..", "src", "fixtures", "golden.json")
with open(out_path, "w") as f:
    json.dump({"torch": torch.__version__, "cases": rounded(cases)}, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(out_path)} (torch {torch.__version__})")
