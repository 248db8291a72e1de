// @nanoschool/tensor/nn: layers, Module, and the functional losses.
export { crossEntropy, layerNorm, mseLoss, oneHot, scaledDotProductAttention } from "./functional.ts";
export { Dropout, Embedding, GELU, LayerNorm, Linear, ReLU, Sequential, Tanh } from "./layers.ts";
export { Module } from "./module.ts";
