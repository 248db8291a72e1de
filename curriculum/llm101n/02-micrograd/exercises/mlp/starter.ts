import { Value } from "@exercise/02-micrograd/value";

export { Value };

type Input = (Value | number)[];

export class Neuron {
  w: Value[];
  b: Value;
  nonlin: boolean;

  constructor(nin: number, random: () => number, nonlin = true) {
    // TODO: nin weights, each new Value(random() * 2 - 1), in order.
    this.w = [];
    this.b = new Value(0);
    this.nonlin = nonlin;
    void nin;
    void random;
  }

  /** tanh(sum_i w_i x_i + b), or the sum alone when nonlin is false. */
  forward(x: Input): Value {
    throw new Error(`TODO: Neuron.forward on ${x.length} inputs`);
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

export class Layer {
  neurons: Neuron[];

  constructor(nin: number, nout: number, random: () => number, nonlin = true) {
    this.neurons = Array.from({ length: nout }, () => new Neuron(nin, random, nonlin));
  }

  forward(x: Input): Value[] {
    throw new Error(`TODO: Layer.forward on ${x.length} inputs`);
  }

  parameters(): Value[] {
    throw new Error("TODO: Layer.parameters");
  }
}

export class MLP {
  layers: Layer[];

  constructor(nin: number, nouts: number[], random: () => number) {
    // TODO: one Layer per entry of nouts; every layer but the last uses tanh.
    this.layers = [];
    void nin;
    void nouts;
    void random;
  }

  forward(x: Input): Value[] {
    throw new Error(`TODO: MLP.forward on ${x.length} inputs`);
  }

  parameters(): Value[] {
    throw new Error("TODO: MLP.parameters");
  }
}
