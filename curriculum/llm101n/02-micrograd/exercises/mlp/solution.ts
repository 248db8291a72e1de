import { Value } from "@exercise/02-micrograd/value";

export { Value };

type Input = (Value | number)[];

export class Neuron {
  w: Value[];
  b: Value;
  nonlin: boolean;

  constructor(nin: number, random: () => number, nonlin = true) {
    this.w = Array.from({ length: nin }, () => new Value(random() * 2 - 1)); // uniform in [-1, 1)
    this.b = new Value(0);
    this.nonlin = nonlin;
  }

  /** tanh(sum_i w_i x_i + b), or the sum alone when nonlin is false. */
  forward(x: Input): Value {
    let act = this.b;
    this.w.forEach((wi, i) => {
      act = act.add(wi.mul(x[i] ?? 0));
    });
    return this.nonlin ? act.tanh() : act;
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
    return this.neurons.map((neuron) => neuron.forward(x));
  }

  parameters(): Value[] {
    return this.neurons.flatMap((neuron) => neuron.parameters());
  }
}

export class MLP {
  layers: Layer[];

  constructor(nin: number, nouts: number[], random: () => number) {
    const sizes = [nin, ...nouts];
    // The last layer stays linear, so the network's outputs can be any number.
    this.layers = nouts.map((nout, i) => new Layer(sizes[i] ?? nin, nout, random, i < nouts.length - 1));
  }

  forward(x: Input): Value[] {
    let out: Input = x;
    for (const layer of this.layers) out = layer.forward(out);
    return out as Value[];
  }

  parameters(): Value[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }
}
