// The tensor frontend: every user-facing op, built on the backend's few primitives.
//
// A Tensor is storage + shape + strides + offset (see backend/backend.ts). Ops here check their
// inputs and say what is wrong in the user's terms, work out shapes and dtypes, call one backend
// primitive, and record how the output was made (its `ctx`) so backward() can apply the chain rule
// with the table in autograd/gradients.ts.

import { type GradOp, gradients, type OpArgs, slicePieces } from "./autograd/gradients.ts";
import type { BinaryOp, DType, Storage, StridedArray, UnaryOp } from "./backend/backend.ts";
import { contiguousStrides, isContiguous, numelOf } from "./backend/backend.ts";
import { getBackend } from "./backend/registry.ts";
import { formatTensor } from "./print.ts";
import { defaultGenerator, type Generator } from "./random.ts";
import { broadcastShapes, fmt, inferShape, normalizeDim, normalizeDims } from "./shape.ts";

export type { DType } from "./backend/backend.ts";

/** How a tensor was made: the op, its inputs and whatever the gradient rule needs. */
export interface Ctx {
  readonly op: GradOp;
  readonly inputs: Tensor[];
  readonly args: OpArgs;
}

/** Nested arrays of numbers, as tensor() accepts and tolist() returns. */
export type NestedArray = number | NestedArray[];

/** One entry of slice(): an index (drops the dim), null or ":" (all), "a:b:c" or [a, b, c]. */
export type SliceSpec = number | null | string | readonly [number?, number?, number?];

// ---------------------------------------------------------------------------------------------
// Grad mode: noGrad() turns recording off, e.g. for evaluation and optimizer updates.
// ---------------------------------------------------------------------------------------------

let gradEnabled = true;

/** Run fn without recording ops for autograd (torch.no_grad()). Returns fn's result. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

function storageFor(dtype: DType, n: number): Storage {
  return dtype === "int32" ? new Int32Array(n) : new Float32Array(n);
}

/** Attach the autograd record to `out` when any input needs a gradient. */
function record(out: Tensor, op: GradOp, inputs: Tensor[], args: OpArgs = {}): Tensor {
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.ctx = { op, inputs, args };
  }
  return out;
}

function checkFloat(op: string, t: Tensor): void {
  if (t.dtype !== "float32") {
    throw new Error(
      `${op}: expected a float32 tensor, got int32 with shape ${fmt(t.shape)}; convert it with .float()`,
    );
  }
}

function checkIndex(op: string, index: Tensor, input: Tensor, dim: number): void {
  const size = input.shape[dim]!;
  if (index.dtype !== "int32") {
    throw new Error(
      `${op}: indices must be an int32 tensor, got float32 with shape ${fmt(index.shape)}; convert with .int()`,
    );
  }
  for (const k of index.toArray()) {
    if (k < 0 || k >= size) {
      throw new Error(
        `${op}: index ${k} is out of range for dim ${dim} of size ${size} (input shape ${fmt(input.shape)}, ` +
          `valid indices 0..${size - 1})`,
      );
    }
  }
}

export class Tensor {
  readonly data: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  requiresGrad = false;
  /** The accumulated gradient d(loss)/d(this), filled by backward() for leaves. */
  grad: Tensor | null = null;
  /** How this tensor was made (null for leaves and anything made under noGrad). */
  ctx: Ctx | null = null;
  /** Keep .grad on a non-leaf too (torch's retain_grad), e.g. to inspect activations' gradients. */
  retainsGrad = false;

  constructor(data: Storage, shape: readonly number[], strides?: readonly number[], offset = 0) {
    this.data = data;
    this.shape = shape;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
  }

  // -------------------------------------------------------------------------------------------
  // Properties
  // -------------------------------------------------------------------------------------------

  get dtype(): DType {
    return this.data instanceof Int32Array ? "int32" : "float32";
  }
  get ndim(): number {
    return this.shape.length;
  }
  get numel(): number {
    return numelOf(this.shape);
  }
  /** Size of one dim (negative counts from the end), or the whole shape. */
  size(): readonly number[];
  size(dim: number): number;
  size(dim?: number): number | readonly number[] {
    return dim === undefined ? this.shape : this.shape[normalizeDim("size", dim, this.ndim)]!;
  }
  /** The transpose of a 2-D tensor, as in torch's x.T. */
  get T(): Tensor {
    return this.ndim < 2 ? this : this.permute([...this.shape.keys()].reverse());
  }

  /** The value of a one-element tensor as a number. */
  item(): number {
    if (this.numel !== 1) {
      throw new Error(`item: only a tensor with one element has an item, got shape ${fmt(this.shape)}`);
    }
    return this.data[this.offset]!;
  }

  /** The values as nested arrays (a number for a 0-d tensor). */
  tolist(): NestedArray {
    const c = this.contiguous();
    const build = (dim: number, base: number): NestedArray => {
      if (dim === this.ndim) return c.data[base]!;
      const stride = c.strides[dim]!;
      return Array.from({ length: this.shape[dim]! }, (_, i) => build(dim + 1, base + i * stride));
    };
    return build(0, c.offset);
  }

  /** The values in row-major order, as a new typed array. */
  toArray(): Storage {
    const c = this.contiguous();
    return c.data.slice(c.offset, c.offset + c.numel);
  }

  toString(): string {
    const c = this.contiguous();
    const op = this.ctx?.op;
    const gradFn = op ? `, grad_fn=<${op[0]!.toUpperCase()}${op.slice(1)}Backward>` : "";
    const suffix = this.requiresGrad ? gradFn || ", requires_grad=True" : "";
    return formatTensor({ shape: c.shape, dtype: c.dtype, get: (i) => c.data[c.offset + i]! }, suffix);
  }

  /** console.log in Node prints the PyTorch-style text too (a well-known symbol, not a Node API). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  // -------------------------------------------------------------------------------------------
  // Autograd
  // -------------------------------------------------------------------------------------------

  /** Mark this (leaf, float32) tensor as a parameter whose gradient backward() computes. */
  requiresGrad_(flag = true): this {
    if (flag) checkFloat("requiresGrad", this);
    this.requiresGrad = flag;
    return this;
  }

  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** A tensor sharing this one's data but cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.strides, this.offset);
  }

  /**
   * Backpropagation. Visits the graph that produced this tensor in reverse topological order and
   * applies each op's gradient rule. `gradient` defaults to 1 for a scalar. Gradients add up in
   * .grad of every leaf (call zeroGrad between steps).
   */
  backward(gradient?: Tensor): void {
    if (!this.requiresGrad) {
      throw new Error(
        "backward: this tensor does not require grad; create the inputs with requiresGrad: true (and not inside noGrad)",
      );
    }
    if (!gradient && this.numel !== 1) {
      throw new Error(
        `backward: the output has shape ${fmt(this.shape)}; backward() without an argument needs one element, ` +
          "so reduce it first (.sum() or .mean()) or pass the gradient",
      );
    }
    const seed = gradient ?? onesLike(this);
    if (gradient && fmt(gradient.shape) !== fmt(this.shape)) {
      throw new Error(
        `backward: gradient of shape ${fmt(gradient.shape)} given for a tensor of shape ${fmt(this.shape)}`,
      );
    }
    // Topological order, by an iterative depth-first search (deep graphs would overflow recursion).
    const order: Tensor[] = [];
    const visited = new Set<Tensor>([this]);
    const stack: [Tensor, number][] = [[this, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      const inputs = node.ctx?.inputs ?? [];
      if (i < inputs.length) {
        top[1]++;
        const child = inputs[i]!;
        if (child.requiresGrad && !visited.has(child)) {
          visited.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
    const grads = new Map<Tensor, Tensor>([[this, seed]]);
    // A leaf may keep its gradient's storage as .grad instead of copying it (a weight's gradient is
    // its biggest tensor) when a rule made that storage in this pass and no other pending gradient
    // holds it: never the seed's, never a forward tensor's, never one shared by two gradients.
    // (Counts drop to nothing as gradients are used, so the map never keeps a finished one alive.)
    const holders = new Map<Storage, number>([[seed.data, 1]]);
    const hold = (t: Tensor, n: number) => {
      const count = (holders.get(t.data) ?? 0) + n;
      if (count === 0) holders.delete(t.data);
      else holders.set(t.data, count);
    };
    const forward = new Set<Storage>([seed.data]);
    for (const node of order) for (const t of [node, ...(node.ctx?.inputs ?? [])]) forward.add(t.data);
    // A pending gradient that only this pass holds, laid out plainly: rules and sums may write into it.
    const owned = (t?: Tensor) =>
      t && holders.get(t.data) === 1 && !forward.has(t.data) && t.data.length === t.numel && isContiguous(t)
        ? t
        : null;
    noGrad(() => {
      for (let k = order.length - 1; k >= 0; k--) {
        const node = order[k]!;
        const g = grads.get(node);
        if (!g) continue;
        grads.delete(node); // done with it: free memory as we go
        hold(g, -1);
        if (!node.ctx) node.accumulateGrad(g, !forward.has(g.data) && !holders.has(g.data));
        if (!node.ctx) continue;
        if (node.retainsGrad) node.accumulateGrad(g, false);
        const { op, inputs, args } = node.ctx;
        const spare =
          !holders.has(g.data) && !forward.has(g.data) && isContiguous(g) && g.data.length === g.numel;
        const inputGrads = gradients[op](
          g,
          inputs,
          node,
          args,
          owned(grads.get(inputs[0]!)),
          spare ? g : null,
        );
        inputs.forEach((input, j) => {
          const gi = inputGrads[j];
          if (!gi || !input.requiresGrad) return;
          const prev = grads.get(input);
          if (op === "slice" && gi === prev) return; // the rule wrote into the pending gradient
          let sum = gi;
          if (prev && owned(prev) && prev.data !== gi.data && prev.data !== g.data) {
            // add in place: no other gradient holds prev's storage (a residual stream's gradient)
            getBackend().binary("add", prev, gi, prev.data);
            slicePieces.delete(prev);
            sum = prev;
          } else if (prev) sum = prev.add(gi);
          if (prev) hold(prev, -1);
          hold(sum, 1);
          grads.set(input, sum);
        });
      }
    });
  }

  private accumulateGrad(g: Tensor, mayKeep: boolean): void {
    if (!this.grad && mayKeep && g.offset === 0 && g.data.length === this.numel && isContiguous(g)) {
      this.grad = new Tensor(g.data, this.shape); // nothing else holds g's storage: take it, no copy
    } else if (!this.grad) {
      // A fresh contiguous copy: g may be a view shared with other tensors' gradients.
      const owned = new Float32Array(this.numel);
      getBackend().copy(g.expand(this.shape), new Tensor(owned, this.shape));
      this.grad = new Tensor(owned, this.shape);
    } else {
      const sum = this.grad.add(g);
      this.grad = sum;
    }
  }

  /** Forget the gradient (set .grad to null). */
  zeroGrad(): void {
    this.grad = null;
  }

  // -------------------------------------------------------------------------------------------
  // Views: new shape and strides over the same storage, no copy
  // -------------------------------------------------------------------------------------------

  /** Same data, new shape; one dim may be -1. Copies only when the strides make a view impossible. */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    const requested = (Array.isArray(shape[0]) ? shape[0] : shape) as readonly number[];
    const target = inferShape("reshape", this.shape, requested, this.numel);
    const strides = isContiguous(this)
      ? contiguousStrides(target)
      : viewStrides(this.shape, this.strides, target);
    if (strides) return record(new Tensor(this.data, target, strides, this.offset), "reshape", [this]);
    const src = this.contiguous(); // e.g. merging dims that a transpose separated
    return record(new Tensor(src.data, target, contiguousStrides(target), src.offset), "reshape", [src]);
  }

  /** PyTorch's view: like reshape (here it never fails for lack of contiguity). */
  view(...shape: number[] | [readonly number[]]): Tensor {
    return this.reshape(...shape);
  }

  flatten(): Tensor {
    return this.reshape(-1);
  }

  /** Reorder dims: x.permute([0, 2, 1, 3]) turns (B, T, nh, hs) into (B, nh, T, hs). */
  permute(...dims: number[] | [readonly number[]]): Tensor {
    const perm = ((Array.isArray(dims[0]) ? dims[0] : dims) as readonly number[]).map((d) =>
      normalizeDim("permute", d, this.ndim),
    );
    if (perm.length !== this.ndim || new Set(perm).size !== perm.length) {
      throw new Error(
        `permute: [${perm}] is not a permutation of the ${this.ndim} dims of ${fmt(this.shape)}`,
      );
    }
    const out = new Tensor(
      this.data,
      perm.map((d) => this.shape[d]!),
      perm.map((d) => this.strides[d]!),
      this.offset,
    );
    return record(out, "permute", [this], { perm });
  }

  /** Swap two dims (default: the last two). */
  transpose(dim0 = -2, dim1 = -1): Tensor {
    const a = normalizeDim("transpose", dim0, this.ndim);
    const b = normalizeDim("transpose", dim1, this.ndim);
    const perm = [...this.shape.keys()];
    [perm[a], perm[b]] = [b, a];
    return this.permute(perm);
  }

  /** Insert a dim of size 1: (T, C).unsqueeze(0) is (1, T, C). */
  unsqueeze(dim: number): Tensor {
    const d = normalizeDim("unsqueeze", dim, this.ndim + 1);
    const shape = [...this.shape];
    shape.splice(d, 0, 1);
    return this.reshape(shape);
  }

  /** Remove dims of size 1 (all of them, or the ones given). */
  squeeze(dim?: number | number[]): Tensor {
    const dims = normalizeDims("squeeze", dim, this.ndim);
    return this.reshape(this.shape.filter((s, i) => !(s === 1 && dims.includes(i))));
  }

  /** Repeat size-1 dims without copying (stride 0); -1 keeps a size. (3, 1) -> (2, 3, 4). */
  expand(...shape: number[] | [readonly number[]]): Tensor {
    const target = (Array.isArray(shape[0]) ? shape[0] : shape) as readonly number[];
    const extra = target.length - this.ndim;
    const err = () =>
      new Error(`expand: cannot expand ${fmt(this.shape)} to ${fmt(target)}; only size-1 dims can grow`);
    if (extra < 0) throw err();
    const outShape: number[] = [];
    const strides: number[] = [];
    target.forEach((size, i) => {
      const own = i < extra ? 1 : this.shape[i - extra]!;
      const wanted = size === -1 ? own : size;
      if (own !== wanted && own !== 1) throw err();
      outShape.push(wanted);
      strides.push(i < extra || own !== wanted ? 0 : this.strides[i - extra]!);
    });
    if (fmt(outShape) === fmt(this.shape)) return this;
    return record(new Tensor(this.data, outShape, strides, this.offset), "expand", [this]);
  }

  /**
   * Basic indexing, one spec per leading dim: x.slice(0) is x[0], x.slice(null, "1:3") is x[:, 1:3],
   * x.slice(":", [0, 10, 2]) is x[:, 0:10:2], x.slice("-1") is x[-1]. Returns a view.
   */
  slice(...specs: SliceSpec[]): Tensor {
    if (specs.length > this.ndim) {
      throw new Error(
        `slice: ${specs.length} indices given for a tensor with ${this.ndim} dims ${fmt(this.shape)}`,
      );
    }
    const starts: number[] = [];
    const steps: number[] = [];
    const shape: number[] = [];
    const drop: boolean[] = [];
    this.shape.forEach((size, d) => {
      let spec = specs[d] ?? null;
      if (typeof spec === "string" && !spec.includes(":")) spec = Number(spec);
      if (typeof spec === "number") {
        const i = spec < 0 ? spec + size : spec;
        if (!Number.isInteger(i) || i < 0 || i >= size) {
          throw new Error(
            `slice: index ${spec} is out of range for dim ${d} of size ${size} (shape ${fmt(this.shape)})`,
          );
        }
        starts.push(i);
        steps.push(1);
        drop.push(true);
        return;
      }
      const parts =
        spec === null
          ? []
          : typeof spec === "string"
            ? spec.split(":").map((s) => (s.trim() === "" ? undefined : Number(s)))
            : spec;
      const step = parts[2] ?? 1;
      if (!Number.isInteger(step) || step <= 0)
        throw new Error(`slice: step must be a positive integer, got ${step}`);
      const clampIndex = (v: number | undefined, dflt: number) =>
        v === undefined ? dflt : Math.min(Math.max(v < 0 ? v + size : v, 0), size);
      const start = clampIndex(parts[0], 0);
      const stop = clampIndex(parts[1], size);
      starts.push(start);
      steps.push(step);
      drop.push(false);
      shape.push(Math.max(0, Math.ceil((stop - start) / step)));
    });
    return record(sliceView(this, starts, steps, drop, shape), "slice", [this], {
      starts,
      steps,
      drop,
      shape,
    });
  }

  /** The `length` entries from `start` along `dim` (a view). */
  narrow(dim: number, start: number, length: number): Tensor {
    const d = normalizeDim("narrow", dim, this.ndim);
    if (start < 0 || length < 0 || start + length > this.shape[d]!) {
      throw new Error(`narrow: [${start}, ${start + length}) is outside dim ${d} of size ${this.shape[d]}`);
    }
    return this.slice(...this.shape.map((_, i) => (i === d ? ([start, start + length] as const) : null)));
  }

  /** A contiguous (row-major) tensor with the same values: this one if already contiguous. */
  contiguous(): Tensor {
    if (isContiguous(this)) return this;
    const out = new Tensor(storageFor(this.dtype, this.numel), this.shape);
    getBackend().copy(this, out);
    return record(out, "contiguous", [this]);
  }

  // -------------------------------------------------------------------------------------------
  // In place: change this tensor's storage (a parameter update, a count), outside the graph
  // -------------------------------------------------------------------------------------------

  /** Overwrite this tensor's values with src's (broadcast to this shape): p.copy_(q), N.slice(i, j).copy_(...). */
  copy_(src: Tensor | number): this {
    if (this.ctx) {
      throw new Error(
        `copy_: cannot change a tensor of shape ${fmt(this.shape)} in place: it is the recorded result of ` +
          `an op (${this.ctx.op}) that backward() will need; change a .detach() of it, or make it inside noGrad`,
      );
    }
    if (this.requiresGrad && gradEnabled) {
      throw new Error(
        `copy_: cannot change a tensor of shape ${fmt(this.shape)} in place while autograd tracks it; ` +
          "wrap the update in noGrad(() => ...)",
      );
    }
    const values = asTensor(src, this);
    getBackend().copy(broadcastTo(values, this.shape), this);
    return this;
  }
  /** this += other, in place: for p in params: noGrad(() => p.add_(p.grad!.mul(-lr))). */
  add_(other: Tensor | number): this {
    return this.copy_(noGrad(() => this.add(other)));
  }
  mul_(other: Tensor | number): this {
    return this.copy_(noGrad(() => this.mul(other)));
  }
  zero_(): this {
    return this.copy_(0);
  }

  // -------------------------------------------------------------------------------------------
  // Dtypes
  // -------------------------------------------------------------------------------------------

  to(dtype: DType): Tensor {
    if (dtype === this.dtype) return this;
    const out = new Tensor(storageFor(dtype, this.numel), this.shape);
    getBackend().copy(this, out); // float -> int truncates toward zero, like a C cast
    return out;
  }
  float(): Tensor {
    return this.to("float32");
  }
  int(): Tensor {
    return this.to("int32");
  }

  // -------------------------------------------------------------------------------------------
  // Elementwise: unary
  // -------------------------------------------------------------------------------------------

  private unary(op: UnaryOp & GradOp, keepInt = false): Tensor {
    const dtype: DType = keepInt && this.dtype === "int32" ? "int32" : "float32";
    const out = new Tensor(storageFor(dtype, this.numel), this.shape);
    getBackend().unary(op, this, out.data);
    return record(out, op, [this]);
  }

  neg(): Tensor {
    return this.unary("neg", true);
  }
  exp(): Tensor {
    return this.unary("exp");
  }
  log(): Tensor {
    return this.unary("log");
  }
  sqrt(): Tensor {
    return this.unary("sqrt");
  }
  tanh(): Tensor {
    return this.unary("tanh");
  }
  sigmoid(): Tensor {
    return this.unary("sigmoid");
  }
  relu(): Tensor {
    return this.unary("relu", true);
  }
  /** GPT-2's gelu (tanh approximation). */
  gelu(): Tensor {
    return this.unary("gelu");
  }
  abs(): Tensor {
    return this.unary("abs", true);
  }
  /** -1, 0 or 1 (no gradient flows through it). */
  sign(): Tensor {
    const out = new Tensor(storageFor(this.dtype, this.numel), this.shape);
    getBackend().unary("sign", this, out.data);
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Elementwise: binary, with broadcasting
  // -------------------------------------------------------------------------------------------

  private binary(op: BinaryOp, other: Tensor | number, outDtype?: DType): Tensor {
    const b = asTensor(other, this);
    const shape = broadcastShapes(op, this.shape, b.shape);
    const intOut = this.dtype === "int32" && b.dtype === "int32";
    const dtype = outDtype ?? (intOut ? "int32" : "float32");
    const out = new Tensor(storageFor(dtype, numelOf(shape)), shape);
    getBackend().binary(op, broadcastTo(this, shape), broadcastTo(b, shape), out.data);
    return out;
  }

  /** A differentiable binary op: record the op with both inputs for backward. */
  private arith(op: BinaryOp & GradOp, other: Tensor | number, outDtype?: DType): Tensor {
    const b = asTensor(other, this);
    return record(this.binary(op, b, outDtype), op, [this, b]);
  }

  add(other: Tensor | number): Tensor {
    return this.arith("add", other);
  }
  sub(other: Tensor | number): Tensor {
    return this.arith("sub", other);
  }
  mul(other: Tensor | number): Tensor {
    return this.arith("mul", other);
  }
  /** True division: the result is float32 even for int32 inputs. */
  div(other: Tensor | number): Tensor {
    return this.arith("div", other, "float32");
  }
  pow(exponent: Tensor | number): Tensor {
    return this.arith("pow", exponent, "float32");
  }
  maximum(other: Tensor | number): Tensor {
    return this.arith("maximum", other);
  }
  minimum(other: Tensor | number): Tensor {
    return this.arith("minimum", other);
  }
  /** Limit values to [min, max]; the gradient is 1 inside the range and 0 outside. */
  clamp(min?: number, max?: number): Tensor {
    let out: Tensor = this;
    if (min !== undefined) out = out.maximum(min);
    if (max !== undefined) out = out.minimum(max);
    return out;
  }

  // Comparisons give float32 masks of 0 and 1 (torch gives bool): masks multiply and feed where().
  eq(other: Tensor | number): Tensor {
    return this.binary("eq", other, "float32");
  }
  ne(other: Tensor | number): Tensor {
    return this.binary("ne", other, "float32");
  }
  lt(other: Tensor | number): Tensor {
    return this.binary("lt", other, "float32");
  }
  le(other: Tensor | number): Tensor {
    return this.binary("le", other, "float32");
  }
  gt(other: Tensor | number): Tensor {
    return this.binary("gt", other, "float32");
  }
  ge(other: Tensor | number): Tensor {
    return this.binary("ge", other, "float32");
  }

  /** Replace entries where mask is nonzero by value: scores.maskedFill(causal.eq(0), -Infinity). */
  maskedFill(mask: Tensor, value: number): Tensor {
    return where(mask, scalarLike(value, this), this);
  }

  /** Lower triangle of the last two dims (entries with col <= row + diagonal), zeros elsewhere. */
  tril(diagonal = 0): Tensor {
    return where(triangleMask(this.shape, diagonal, true), this, scalarLike(0, this));
  }
  /** Upper triangle of the last two dims (entries with col >= row + diagonal), zeros elsewhere. */
  triu(diagonal = 0): Tensor {
    return where(triangleMask(this.shape, diagonal, false), this, scalarLike(0, this));
  }

  // -------------------------------------------------------------------------------------------
  // Reductions over dims (all dims by default), with keepdim
  // -------------------------------------------------------------------------------------------

  private reduce(
    op: "sum" | "amax" | "amin",
    name: string,
    dim?: number | number[],
    keepdim = false,
  ): Tensor {
    const dims = normalizeDims(name, dim, this.ndim);
    const keptShape = this.shape.map((d, i) => (dims.includes(i) ? 1 : d));
    const outShape = keepdim ? keptShape : this.shape.filter((_, i) => !dims.includes(i));
    if (op !== "sum" && dims.some((d) => this.shape[d] === 0)) {
      throw new Error(`${name}: cannot take the ${op.slice(1)} over an empty dim of ${fmt(this.shape)}`);
    }
    const out = new Tensor(storageFor(this.dtype, numelOf(outShape)), outShape);
    if (dims.length === 0) getBackend().copy(this, out);
    else getBackend().reduce(op === "sum" ? "sum" : op === "amax" ? "max" : "min", this, dims, out.data);
    return record(out, op, [this], { dims, keptShape });
  }

  sum(dim?: number | number[], keepdim = false): Tensor {
    return this.reduce("sum", "sum", dim, keepdim);
  }
  mean(dim?: number | number[], keepdim = false): Tensor {
    const dims = normalizeDims("mean", dim, this.ndim);
    const count = dims.reduce((p, d) => p * this.shape[d]!, 1);
    return this.float().sum(dims, keepdim).div(count);
  }
  /** Variance; correction 1 (the default, as in PyTorch) divides by n - 1. */
  var(dim?: number | number[], keepdim = false, correction = 1): Tensor {
    const dims = normalizeDims("var", dim, this.ndim);
    const count = dims.reduce((p, d) => p * this.shape[d]!, 1);
    const centered = this.sub(this.mean(dims, true));
    return centered
      .mul(centered)
      .sum(dims, keepdim)
      .div(Math.max(count - correction, 0));
  }
  std(dim?: number | number[], keepdim = false, correction = 1): Tensor {
    return this.var(dim, keepdim, correction).sqrt();
  }
  /** Largest value over dims (torch.amax); ties share the gradient. */
  amax(dim?: number | number[], keepdim = false): Tensor {
    return this.reduce("amax", "amax", dim, keepdim);
  }
  amin(dim?: number | number[], keepdim = false): Tensor {
    return this.reduce("amin", "amin", dim, keepdim);
  }

  /** x.max() is the largest value; x.max(dim) gives {values, indices} along dim, like PyTorch. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): { values: Tensor; indices: Tensor };
  max(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    return dim === undefined ? this.amax() : this.extreme("max", dim, keepdim);
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): { values: Tensor; indices: Tensor };
  min(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    return dim === undefined ? this.amin() : this.extreme("min", dim, keepdim);
  }

  private extreme(op: "max" | "min", dim: number, keepdim: boolean): { values: Tensor; indices: Tensor } {
    const d = normalizeDim(op, dim, this.ndim);
    if (this.shape[d] === 0)
      throw new Error(`${op}: cannot take the ${op} over an empty dim of ${fmt(this.shape)}`);
    const keptShape = this.shape.map((s, i) => (i === d ? 1 : s));
    const scratch = storageFor(this.dtype, numelOf(keptShape));
    const idx = new Int32Array(numelOf(keptShape));
    getBackend().reduce(op, this, [d], scratch, idx);
    const indices = new Tensor(idx, keptShape);
    // The values are gathered at the indices, so the gradient flows to the chosen entries only.
    const values = this.gatherChecked(d, indices);
    return keepdim ? { values, indices } : { values: values.squeeze(d), indices: indices.squeeze(d) };
  }

  /** Index of the largest value (over all elements, flattened, when dim is not given). */
  argmax(dim?: number, keepdim = false): Tensor {
    return dim === undefined ? this.reshape(-1).max(0).indices : this.max(dim, keepdim).indices;
  }
  argmin(dim?: number, keepdim = false): Tensor {
    return dim === undefined ? this.reshape(-1).min(0).indices : this.min(dim, keepdim).indices;
  }

  /**
   * The k largest (or smallest) entries along dim, sorted, with their indices: top-k sampling keeps
   * logits >= topk(logits, k).values.slice(null, -1). The values carry gradients; ties keep index order.
   */
  topk(k: number, dim = -1, largest = true): { values: Tensor; indices: Tensor } {
    const d = normalizeDim("topk", dim, this.ndim);
    const n = this.shape[d] ?? 1;
    if (!Number.isInteger(k) || k < 1 || k > n) {
      throw new Error(
        `topk: k = ${k} must be an integer from 1 to ${n}, the size of dim ${d} of ${fmt(this.shape)}`,
      );
    }
    const rows = this.transpose(d, -1).contiguous(); // (..., n): dim moved last
    const values = rows.toArray();
    const picked = new Int32Array((values.length / n) * k);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let r = 0; r < values.length / n; r++) {
      const base = r * n;
      const key = (i: number) => (largest ? -values[base + i]! : values[base + i]!);
      order.sort((a, b) => key(a) - key(b) || a - b); // sorting indices by value, stable by index
      for (let j = 0; j < k; j++) picked[r * k + j] = order[j]!;
      order.sort((a, b) => a - b);
    }
    const indices = new Tensor(picked, [...rows.shape.slice(0, -1), k]);
    const back = indices.transpose(d, -1).contiguous(); // dim back in its place
    return { values: this.gatherChecked(d, back), indices: back };
  }

  /** log(sum(exp(x))) computed stably: m + log(sum(exp(x - m))) with m the max. */
  logsumexp(dim?: number | number[], keepdim = false): Tensor {
    const m = this.amax(dim, true).detach();
    const out = this.sub(m).exp().sum(dim, true).log().add(m);
    return keepdim ? out : out.squeeze(normalizeDims("logsumexp", dim, this.ndim));
  }

  /** exp(x_i) / sum_j exp(x_j) along dim: rows of probabilities. */
  softmax(dim = -1): Tensor {
    return this.softmaxAlong(dim, false);
  }
  /** log(softmax(x)), computed directly (more accurate than softmax().log()). */
  logSoftmax(dim = -1): Tensor {
    return this.softmaxAlong(dim, true);
  }

  private softmaxAlong(dim: number, log: boolean): Tensor {
    const name = log ? "logSoftmax" : "softmax";
    checkFloat(name, this);
    const d = normalizeDim(name, dim, this.ndim);
    // The backend's kernel works on the last dim; move dim there and back (both are free views).
    if (d !== this.ndim - 1 && this.ndim > 0)
      return this.transpose(d, -1).softmaxAlong(-1, log).transpose(d, -1);
    return log ? attentionSoftmax(this, 1, false, true) : attentionSoftmax(this, 1, false);
  }

  // -------------------------------------------------------------------------------------------
  // Matrix product
  // -------------------------------------------------------------------------------------------

  /**
   * Matrix product with PyTorch's rules: 1-D operands become a row/column vector (and that dim is
   * dropped again); dims before the last two are batch dims and broadcast.
   * Attention: (B, nh, T, hs) @ (B, nh, hs, T) -> (B, nh, T, T).
   */
  matmul(other: Tensor): Tensor {
    const b = other;
    const what = `${fmt(this.shape)} @ ${fmt(b.shape)}`;
    if (this.ndim === 0 || b.ndim === 0)
      throw new Error(`matmul: ${what}: both operands need at least 1 dim`);
    if (this.dtype !== "float32" || b.dtype !== "float32") {
      throw new Error(`matmul: ${what}: int32 operands are not supported; convert them with .float()`);
    }
    const k1 = this.shape[this.ndim - 1]!;
    const k2 = b.shape[b.ndim === 1 ? 0 : b.ndim - 2]!;
    if (k1 !== k2) throw new Error(`matmul: ${what}: inner dimensions ${k1} and ${k2} differ`);
    if (this.ndim === 1 && b.ndim === 1) return this.unsqueeze(0).matmul(b.unsqueeze(1)).reshape([]); // dot
    if (this.ndim === 1) return this.unsqueeze(0).matmul(b).squeeze(-2);
    if (b.ndim === 1) return this.matmul(b.unsqueeze(-1)).squeeze(-1);
    // (B, T, C) @ (C, D): fold the batch into the rows, one big product instead of B small ones.
    if (b.ndim === 2 && this.ndim > 2) {
      const rows = this.reshape(-1, k1).matmul(b);
      return rows.reshape([...this.shape.slice(0, -1), b.shape[1]!]);
    }
    const batch = broadcastShapes(
      `matmul: ${what}: batch dims`,
      this.shape.slice(0, -2),
      b.shape.slice(0, -2),
    );
    const ae = this.expand([...batch, ...this.shape.slice(-2)]);
    const be = b.expand([...batch, ...b.shape.slice(-2)]);
    const outShape = [...batch, this.shape[this.ndim - 2]!, b.shape[b.ndim - 1]!];
    const out = new Tensor(new Float32Array(numelOf(outShape)), outShape);
    getBackend().matmul(ae, be, out.data as Float32Array);
    return record(out, "matmul", [ae, be]);
  }

  // -------------------------------------------------------------------------------------------
  // Indexing with int32 tensors
  // -------------------------------------------------------------------------------------------

  /** torch.gather: out[i][j] = x[i][index[i][j]] for dim 1. index is int32 with x's number of dims. */
  gather(dim: number, index: Tensor): Tensor {
    const d = normalizeDim("gather", dim, this.ndim);
    if (index.ndim !== this.ndim || index.shape.some((s, i) => i !== d && s > this.shape[i]!)) {
      throw new Error(
        `gather: index of shape ${fmt(index.shape)} does not fit input ${fmt(this.shape)} along dim ${d}: ` +
          "it needs the same number of dims and no larger size in the other dims",
      );
    }
    checkIndex("gather", index, this, d);
    return this.gatherChecked(d, index);
  }

  /** gather with an index already known to be in range (our own indices, or checked by the caller). */
  private gatherChecked(d: number, index: Tensor): Tensor {
    const out = new Tensor(storageFor(this.dtype, index.numel), index.shape);
    getBackend().gather(this, d, index, out.data);
    return record(out, "gather", [this], { dim: d, index });
  }

  /** Rows (or entries along dim) picked by a 1-D int32 index: weight.indexSelect(0, ids). */
  indexSelect(dim: number, index: Tensor): Tensor {
    const d = normalizeDim("indexSelect", dim, this.ndim);
    if (index.ndim !== 1) throw new Error(`indexSelect: index must be 1-D, got shape ${fmt(index.shape)}`);
    checkIndex("indexSelect", index, this, d);
    const shape = this.shape.map((s, i) => (i === d ? index.shape[0]! : s));
    // Spread the index over the other dims with stride 0: a gather, without copying the index.
    const spread = new Tensor(
      index.data,
      shape,
      shape.map((_, i) => (i === d ? index.strides[0]! : 0)),
      index.offset,
    );
    return this.gatherChecked(d, spread); // checked above: the 1-D index, not its spread copy
  }

  /** The embedding lookup: x.index(ids) with ids of shape (B, T) and x (V, C) gives (B, T, C). */
  index(ids: Tensor): Tensor {
    const rows = this.indexSelect(0, ids.reshape(-1));
    return rows.reshape([...ids.shape, ...this.shape.slice(1)]);
  }

  // -------------------------------------------------------------------------------------------
  // Splitting
  // -------------------------------------------------------------------------------------------

  /** Pieces of `size` along dim (the last may be smaller), or pieces of the given sizes. */
  split(size: number | number[], dim = 0): Tensor[] {
    const d = normalizeDim("split", dim, this.ndim);
    const total = this.shape[d]!;
    const sizes =
      typeof size === "number"
        ? Array.from({ length: Math.ceil(total / size) }, (_, i) => Math.min(size, total - i * size))
        : size;
    if (sizes.reduce((p, s) => p + s, 0) !== total) {
      throw new Error(
        `split: sizes [${sizes}] do not add up to ${total}, the size of dim ${d} of ${fmt(this.shape)}`,
      );
    }
    let start = 0;
    return sizes.map((s) => {
      const piece = this.narrow(d, start, s);
      start += s;
      return piece;
    });
  }

  /** `chunks` nearly equal pieces along dim: qkv.chunk(3, -1) gives q, k, v. */
  chunk(chunks: number, dim = 0): Tensor[] {
    const d = normalizeDim("chunk", dim, this.ndim);
    return this.split(Math.ceil(this.shape[d]! / chunks), d);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers for the frontend
// ---------------------------------------------------------------------------------------------

/** A 0-d tensor holding a scalar, int32 only when both the number and `like` are integers. */
function scalarLike(value: number, like: Tensor): Tensor {
  const int = like.dtype === "int32" && Number.isInteger(value);
  return new Tensor(int ? Int32Array.of(value) : Float32Array.of(value), []);
}

function asTensor(x: Tensor | number, like: Tensor): Tensor {
  return x instanceof Tensor ? x : scalarLike(x, like);
}

/** The strided description of t seen at a larger, broadcast shape: new dims and size-1 dims get stride 0. */
function broadcastTo(t: Tensor, shape: readonly number[]): StridedArray {
  if (t.shape.length === shape.length && t.shape.every((s, i) => s === shape[i])) return t;
  const extra = shape.length - t.ndim;
  const strides = shape.map((_, i) => (i < extra || t.shape[i - extra] === 1 ? 0 : t.strides[i - extra]!));
  return { data: t.data, shape, strides, offset: t.offset };
}

/**
 * Strides that show a strided array as `target` without copying, or null if there are none.
 * Old dims fall into runs that are contiguous among themselves (each stride = next stride * next size);
 * a run can be split or merged freely, so each run of old dims must match a run of target dims of the
 * same size. Splitting C into (nh, hs), as attention does, always works.
 */
function viewStrides(
  shape: readonly number[],
  strides: readonly number[],
  target: readonly number[],
): number[] | null {
  if (numelOf(shape) === 0 || shape.length === 0) return contiguousStrides(target);
  const out = new Array<number>(target.length);
  let t = target.length - 1; // next target dim to place, from the right
  let runSize = 1; // elements in the current run of old dims
  let placed = 1; // elements covered by target dims placed for this run
  let base = strides[shape.length - 1]!; // stride of the run's innermost dim
  for (let d = shape.length - 1; d >= 0; d--) {
    runSize *= shape[d]!;
    const runEnds = d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== runSize * base);
    if (!runEnds) continue;
    while (t >= 0 && (placed < runSize || target[t] === 1)) {
      out[t] = placed * base;
      placed *= target[t]!;
      t--;
    }
    if (placed !== runSize) return null; // a target dim straddles two runs
    if (d > 0) {
      base = strides[d - 1]!;
      runSize = 1;
      placed = 1;
    }
  }
  return t === -1 ? out : null;
}

/** The view of t selected by per-dim starts and steps; dims marked `drop` are indexed away. */
export function sliceView(
  t: Tensor,
  starts: number[],
  steps: number[],
  drop: boolean[],
  shape: number[],
): Tensor {
  let offset = t.offset;
  const strides: number[] = [];
  t.strides.forEach((s, d) => {
    offset += starts[d]! * s;
    if (!drop[d]) strides.push(s * steps[d]!);
  });
  return new Tensor(t.data, shape, strides, offset);
}

/** 1 where (row, col) of the last two dims is in the triangle, else 0; shape (rows, cols). */
function triangleMask(shape: readonly number[], diagonal: number, lower: boolean): Tensor {
  if (shape.length < 2)
    throw new Error(`${lower ? "tril" : "triu"}: needs at least 2 dims, got ${fmt(shape)}`);
  const rows = shape[shape.length - 2]!;
  const cols = shape[shape.length - 1]!;
  const mask = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++)
      mask[i * cols + j] = (lower ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
  }
  return new Tensor(mask, [rows, cols]);
}

// ---------------------------------------------------------------------------------------------
// Functions that combine several tensors
// ---------------------------------------------------------------------------------------------

/** Pick from a where cond is nonzero, else from b; all three broadcast. */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const like = a instanceof Tensor ? a : b instanceof Tensor ? b : cond;
  const ta = asTensor(a, like);
  const tb = asTensor(b, like);
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, ta.shape), tb.shape);
  const dtype: DType = ta.dtype === "int32" && tb.dtype === "int32" ? "int32" : "float32";
  const out = new Tensor(storageFor(dtype, numelOf(shape)), shape);
  getBackend().where(broadcastTo(cond, shape), broadcastTo(ta, shape), broadcastTo(tb, shape), out.data);
  return record(out, "where", [ta, tb], { mask: cond });
}

/** A float32 tensor's values as one contiguous Float32Array (a view when possible). */
export function floatData(t: Tensor): Float32Array {
  const c = t.float().contiguous();
  const data = c.data as Float32Array;
  return c.offset === 0 && data.length === c.numel ? data : data.subarray(c.offset, c.offset + c.numel);
}

/**
 * Layer normalization over the last dim, fused into one backend op: (x - mean) / sqrt(var + eps) * weight
 * + bias, with mean and (biased) variance of each vector of C values. x (..., C), weight and bias (C).
 */
export function layerNorm(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const C = x.shape[x.ndim - 1] ?? 0;
  if (x.ndim === 0 || fmt(weight.shape) !== fmt([C]) || fmt(bias.shape) !== fmt([C])) {
    throw new Error(
      `layerNorm: input ${fmt(x.shape)}, weight ${fmt(weight.shape)}, bias ${fmt(bias.shape)}: ` +
        `weight and bias must have shape [${C}], the size of the input's last dim`,
    );
  }
  checkFloat("layerNorm", x);
  const input = x.contiguous();
  const rows = x.numel / Math.max(C, 1);
  const out = new Tensor(new Float32Array(x.numel), x.shape);
  const mean = new Tensor(new Float32Array(rows), [rows]);
  const rstd = new Tensor(new Float32Array(rows), [rows]);
  const [xs, ws, bs] = [floatData(input), floatData(weight), floatData(bias)];
  getBackend().layerNorm(
    xs,
    ws,
    bs,
    eps,
    out.data as Float32Array,
    mean.data as Float32Array,
    rstd.data as Float32Array,
  );
  return record(out, "layerNorm", [input, weight, bias], { mean, rstd });
}

/**
 * Mean cross-entropy of logits (N, C) against int32 targets (N), leaving out rows whose target is
 * ignoreIndex: -(1/count) sum_i logSoftmax(logits)[i, target_i]. Fused into one op (one logSoftmax
 * pass, one gradient rule) because gather, mask, sum and mean cost a dozen ops and temporaries.
 * Targets are checked by the caller (nn/functional.ts).
 */
export function crossEntropyRows(logits: Tensor, targets: Tensor, ignoreIndex: number): Tensor {
  const C = logits.shape[1]!;
  const logProbs = logits.detach().logSoftmax(-1); // (N, C), not recorded: the rule below is the gradient
  const [lp, t] = [floatData(logProbs), targets.contiguous().toArray()];
  let total = 0;
  let count = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === ignoreIndex) continue;
    total -= lp[i * C + t[i]!]!;
    count++;
  }
  const out = new Tensor(Float32Array.of(total / Math.max(count, 1)), []);
  return record(out, "crossEntropy", [logits], { logProbs, targets: t, ignoreIndex, count });
}

/**
 * softmax(scale * x) over the last dim; with `causal`, row t of each (T, S) matrix in the last two dims
 * sees columns 0..t only. One pass for attention's scale, mask and softmax (nn's scaledDotProductAttention).
 */
export function attentionSoftmax(x: Tensor, scale: number, causal: boolean, log = false): Tensor {
  const out = new Tensor(new Float32Array(x.numel), x.shape);
  getBackend().softmax(x, out.data as Float32Array, log, scale, causal);
  return record(out, log ? "logSoftmax" : "softmax", [x], { scale });
}

/** Join tensors along an existing dim: all shapes must agree except along dim. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const first = tensors[0];
  if (!first) throw new Error("cat: needs at least one tensor");
  const d = normalizeDim("cat", dim, first.ndim);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new Error(
        `cat: shapes ${tensors.map((x) => fmt(x.shape)).join(", ")} differ outside dim ${d}; they must match except there`,
      );
    }
  }
  const dtype: DType = tensors.every((t) => t.dtype === "int32") ? "int32" : "float32";
  const shape = first.shape.map((s, i) => (i === d ? tensors.reduce((p, t) => p + t.shape[d]!, 0) : s));
  const out = new Tensor(storageFor(dtype, numelOf(shape)), shape);
  const sizes: number[] = [];
  let start = 0;
  for (const t of tensors) {
    sizes.push(t.shape[d]!);
    // Copy t into its slot: the view of out from `start` along dim.
    const slot = sliceView(
      out,
      shape.map((_, i) => (i === d ? start : 0)),
      shape.map(() => 1),
      shape.map(() => false),
      [...t.shape],
    );
    getBackend().copy(t, slot);
    start += t.shape[d]!;
  }
  return record(out, "cat", [...tensors], { dim: d, sizes });
}

/** Join tensors along a new dim: stack of N tensors of shape (T, C) at dim 0 is (N, T, C). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const first = tensors[0];
  if (!first) throw new Error("stack: needs at least one tensor");
  const d = normalizeDim("stack", dim, first.ndim + 1);
  return cat(
    tensors.map((t) => t.unsqueeze(d)),
    d,
  );
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  return a.matmul(b);
}

// ---------------------------------------------------------------------------------------------
// Creation
// ---------------------------------------------------------------------------------------------

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

function make(data: Storage, shape: readonly number[], options: TensorOptions = {}): Tensor {
  const t = new Tensor(data, shape);
  return options.requiresGrad ? t.requiresGrad_() : t;
}

function shapeArg(shape: readonly number[], op: string): number[] {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${op}: a shape holds non-negative integers, got ${fmt(shape)}`);
  }
  return [...shape];
}

/**
 * A tensor from nested arrays (float32 unless dtype says otherwise) or a typed array (kept as is:
 * an Int32Array gives int32). tensor([[1, 2], [3, 4]]) has shape (2, 2).
 */
export function tensor(
  values: NestedArray | Storage | readonly number[],
  options: TensorOptions = {},
): Tensor {
  if (ArrayBuffer.isView(values)) {
    // Any typed array (also one from another realm, e.g. a worker's message) is copied.
    const dtype = options.dtype ?? (values.constructor.name === "Int32Array" ? "int32" : "float32");
    const data = storageFor(dtype, values.length);
    data.set(values);
    return make(data, [values.length], options);
  }
  const shape: number[] = [];
  for (let v: NestedArray = values as NestedArray; Array.isArray(v); v = v[0] ?? []) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const flat: number[] = [];
  const walk = (v: NestedArray, dim: number) => {
    if (Array.isArray(v) !== dim < shape.length || (Array.isArray(v) && v.length !== shape[dim])) {
      throw new Error(
        `tensor: nested arrays are ragged; every row along dim ${dim} must have ${shape[dim]} entries`,
      );
    }
    if (Array.isArray(v)) for (const x of v) walk(x, dim + 1);
    else if (typeof v !== "number") throw new Error(`tensor: expected numbers, got ${typeof v}`);
    else flat.push(v);
  };
  walk(values as NestedArray, 0);
  const data = storageFor(options.dtype ?? "float32", flat.length);
  data.set(flat);
  return make(data, shape, options);
}

export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return make(storageFor(options.dtype ?? "float32", numelOf(shapeArg(shape, "zeros"))), shape, options);
}
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  const data = storageFor(options.dtype ?? "float32", numelOf(shapeArg(shape, "full")));
  data.fill(value);
  return make(data, shape, options);
}
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return zeros(t.shape, { dtype: t.dtype, ...options });
}
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return ones(t.shape, { dtype: t.dtype, ...options });
}

/**
 * start, start + step, ... up to (not including) end. arange(5) is [0, 1, 2, 3, 4]. Integer
 * arguments give int32 (positions for an embedding), like PyTorch.
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [from, to] = end === undefined ? [0, start] : [start, end];
  if (step === 0) throw new Error("arange: step must not be 0");
  const n = Math.max(0, Math.ceil((to - from) / step));
  const ints = [from, to, step].every(Number.isInteger);
  const data = storageFor(options.dtype ?? (ints ? "int32" : "float32"), n);
  for (let i = 0; i < n; i++) data[i] = from + i * step;
  return make(data, [n], options);
}

/** `steps` evenly spaced values from start to end, both included. */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  const data = storageFor(options.dtype ?? "float32", steps);
  for (let i = 0; i < steps; i++) data[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return make(data, [steps], options);
}

/** Identity matrix (n, m). */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  const data = storageFor(options.dtype ?? "float32", n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return make(data, [n, m], options);
}

/** Standard normal samples. */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const gen = options.generator ?? defaultGenerator;
  const data = new Float32Array(numelOf(shapeArg(shape, "randn")));
  for (let i = 0; i < data.length; i++) data[i] = gen.normal();
  return make(data, shape, options);
}

/** Uniform samples in [0, 1). */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const gen = options.generator ?? defaultGenerator;
  const data = new Float32Array(numelOf(shapeArg(shape, "rand")));
  for (let i = 0; i < data.length; i++) data[i] = gen.random();
  return make(data, shape, options);
}

/** Uniform int32 samples in [low, high). */
export function randint(high: number, shape: readonly number[], options?: RandomOptions): Tensor;
export function randint(low: number, high: number, shape: readonly number[], options?: RandomOptions): Tensor;
export function randint(
  lowOrHigh: number,
  highOrShape: number | readonly number[],
  shapeOrOptions?: readonly number[] | RandomOptions,
  maybeOptions: RandomOptions = {},
): Tensor {
  // randint(high, shape) or randint(low, high, shape), as in PyTorch.
  const short = typeof highOrShape !== "number";
  const [low, high] = short ? [0, lowOrHigh] : [lowOrHigh, highOrShape];
  const shape = (short ? highOrShape : shapeOrOptions) as readonly number[];
  const options = ((short ? shapeOrOptions : maybeOptions) ?? {}) as RandomOptions;
  if (!(high > low)) throw new Error(`randint: high (${high}) must be greater than low (${low})`);
  const gen = options.generator ?? defaultGenerator;
  const data = new Int32Array(numelOf(shapeArg(shape, "randint")));
  for (let i = 0; i < data.length; i++) data[i] = gen.integer(low, high);
  return make(data, shape);
}

/** A random permutation of 0..n-1 (int32), by the Fisher-Yates shuffle: for shuffling a dataset. */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  const gen = options.generator ?? defaultGenerator;
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = gen.integer(0, i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return new Tensor(perm, [n]);
}

/**
 * Draw `numSamples` category indices from each row of probs (1-D or 2-D, any non-negative weights).
 * Without replacement, a drawn category cannot be drawn again in that row.
 */
export function multinomial(
  probs: Tensor,
  numSamples: number,
  options: { replacement?: boolean; generator?: Generator } = {},
): Tensor {
  if (probs.ndim !== 1 && probs.ndim !== 2) {
    throw new Error(`multinomial: probs must be 1-D or 2-D, got shape ${fmt(probs.shape)}`);
  }
  const gen = options.generator ?? defaultGenerator;
  const rows = probs.ndim === 2 ? probs.shape[0]! : 1;
  const k = probs.shape[probs.ndim - 1]!;
  if (!options.replacement && numSamples > k) {
    throw new Error(
      `multinomial: cannot draw ${numSamples} samples from ${k} categories without replacement`,
    );
  }
  const p = probs.float().contiguous();
  const out = new Int32Array(rows * numSamples);
  const weights = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < k; j++) {
      const w = p.data[p.offset + r * k + j]!;
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new Error(`multinomial: probabilities must be finite and non-negative, got ${w}`);
      }
      weights[j] = w;
    }
    for (let s = 0; s < numSamples; s++) {
      let total = 0;
      for (let j = 0; j < k; j++) total += weights[j]!;
      if (total <= 0) throw new Error("multinomial: the probabilities of a row sum to 0");
      // Walk the cumulative sum until it passes a uniform point in [0, total).
      const u = gen.random() * total;
      let j = 0;
      let acc = weights[0]!;
      while (acc <= u && j < k - 1) acc += weights[++j]!;
      while (weights[j] === 0 && j > 0) j--; // never land on a zero-weight category by rounding
      out[r * numSamples + s] = j;
      if (!options.replacement) weights[j] = 0;
    }
  }
  return new Tensor(out, probs.ndim === 2 ? [rows, numSamples] : [numSamples]);
}

/**
 * Apply a binary primitive to same-shaped float32 a and b without recording it (tanhGrad, geluBackward),
 * into `into` when given (contiguous, a's shape; it may be a itself: each entry is read before it is written).
 */
export function binaryPrimitive(op: BinaryOp, a: Tensor, b: Tensor, into?: Tensor | null): Tensor {
  const out = into ?? new Tensor(new Float32Array(a.numel), a.shape);
  getBackend().binary(op, a, b, out.data);
  return out;
}
