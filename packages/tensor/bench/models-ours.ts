// Our side of the model benchmarks: the MLP and the chapter-5 GPT, written with the library's own
// nn and optim, as a course notebook would write them.
import {
  type BackendName,
  manualSeed,
  randint,
  randn,
  setBackend,
  type Tensor,
  tensor,
} from "../src/index.ts";
import {
  crossEntropy,
  Embedding,
  LayerNorm,
  Linear,
  Module,
  scaledDotProductAttention,
} from "../src/nn/index.ts";
import { AdamW } from "../src/optim/index.ts";

export interface GptConfig {
  vocab: number;
  context: number;
  channels: number;
  layers: number;
  heads: number;
  batch: number;
}

/** One forward plus backward of a 784-256-10 tanh MLP on a batch of 64, with cross-entropy. */
export function mlpStep(backend: BackendName): () => void {
  setBackend(backend);
  manualSeed(0);
  const fc1 = new Linear(784, 256);
  const fc2 = new Linear(256, 10);
  const x = randn([64, 784]); // (B, 784)
  const y = randint(0, 10, [64]); // (B)
  return () => {
    setBackend(backend);
    fc1.zeroGrad();
    fc2.zeroGrad();
    const loss = crossEntropy(fc2.forward(fc1.forward(x).tanh()), y);
    loss.backward();
  };
}

class CausalSelfAttention extends Module {
  qkv: Linear;
  proj: Linear;
  heads: number;

  constructor(channels: number, heads: number) {
    super();
    this.qkv = new Linear(channels, 3 * channels);
    this.proj = new Linear(channels, channels);
    this.heads = heads;
  }

  override forward(x: Tensor): Tensor {
    const [B, T, C] = x.shape as [number, number, number];
    const hs = C / this.heads;
    const heads = (t: Tensor) => t.reshape(B, T, this.heads, hs).transpose(1, 2); // (B, nh, T, hs)
    const [q, k, v] = this.qkv.forward(x).split(C, 2) as [Tensor, Tensor, Tensor];
    const y = scaledDotProductAttention(heads(q), heads(k), heads(v), { isCausal: true }); // (B, nh, T, hs)
    return this.proj.forward(y.transpose(1, 2).reshape(B, T, C));
  }
}

class Block extends Module {
  ln1: LayerNorm;
  attn: CausalSelfAttention;
  ln2: LayerNorm;
  fc: Linear;
  fcProj: Linear;

  constructor(channels: number, heads: number) {
    super();
    this.ln1 = new LayerNorm(channels);
    this.attn = new CausalSelfAttention(channels, heads);
    this.ln2 = new LayerNorm(channels);
    this.fc = new Linear(channels, 4 * channels);
    this.fcProj = new Linear(4 * channels, channels);
  }

  override forward(x: Tensor): Tensor {
    const h = x.add(this.attn.forward(this.ln1.forward(x)));
    return h.add(this.fcProj.forward(this.fc.forward(this.ln2.forward(h)).gelu()));
  }
}

class Gpt extends Module {
  tok: Embedding;
  pos: Embedding;
  blocks: Block[];
  lnF: LayerNorm;
  head: Linear;
  positions: Tensor;

  constructor(cfg: GptConfig) {
    super();
    this.tok = new Embedding(cfg.vocab, cfg.channels);
    this.pos = new Embedding(cfg.context, cfg.channels);
    this.blocks = Array.from({ length: cfg.layers }, () => new Block(cfg.channels, cfg.heads));
    this.lnF = new LayerNorm(cfg.channels);
    this.head = new Linear(cfg.channels, cfg.vocab, { bias: false });
    this.positions = tensor(Int32Array.from({ length: cfg.context }, (_, i) => i));
  }

  loss(idx: Tensor, targets: Tensor): Tensor {
    let x = this.tok.forward(idx).add(this.pos.forward(this.positions)); // (B, T, C)
    for (const block of this.blocks) x = block.forward(x);
    const logits = this.head.forward(this.lnF.forward(x)); // (B, T, vocab)
    return crossEntropy(logits, targets);
  }
}

/** One AdamW training step of the chapter-5 GPT. */
export function gptStep(backend: BackendName, cfg: GptConfig): () => void {
  setBackend(backend);
  manualSeed(0);
  const model = new Gpt(cfg);
  const optimizer = new AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.1 });
  const idx = randint(0, cfg.vocab, [cfg.batch, cfg.context]);
  const targets = randint(0, cfg.vocab, [cfg.batch, cfg.context]);
  return () => {
    setBackend(backend);
    optimizer.zeroGrad();
    model.loss(idx, targets).backward();
    optimizer.step();
  };
}

/** 20,000 adds of 2 x 2 tensors: the cost of dispatch, not of arithmetic. */
export function tinyAdd(backend: BackendName, recorded = false): () => void {
  setBackend(backend);
  const a = randn([2, 2]).requiresGrad_(recorded); // recorded: every add also records its autograd node
  const b = randn([2, 2]);
  return () => {
    setBackend(backend);
    for (let i = 0; i < 20000; i++) a.add(b);
  };
}
