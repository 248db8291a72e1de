// @nanoschool/tensor/optim: optimizers, gradient clipping and the learning-rate schedule.
export { AdamW, clipGradNorm, cosineLr, SGD } from "./optimizers.ts";
