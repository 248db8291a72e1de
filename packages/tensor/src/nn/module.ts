// Module: the base class of layers. Parameters are found by walking a module's own properties,
// so a layer just assigns `this.weight = ...` and it shows up in parameters().
import { Tensor } from "../tensor.ts";

export class Module {
  /** Training mode changes what some layers do (Dropout drops only in training). */
  training = true;

  /** The computation; subclasses override it. Call as model.forward(x). */
  forward(..._inputs: Tensor[]): Tensor {
    throw new Error(`${this.constructor.name}: forward() is not implemented; override it in your subclass`);
  }

  /** Every parameter (a tensor with requiresGrad) with a dotted name: ["blocks.0.attn.weight", t]. */
  namedParameters(prefix = ""): [string, Tensor][] {
    const found: [string, Tensor][] = [];
    const seen = new Set<Tensor>(); // a tensor shared by two layers (weight tying) counts once
    const visit = (value: unknown, name: string) => {
      if (value instanceof Tensor) {
        if (value.requiresGrad && !seen.has(value)) {
          seen.add(value);
          found.push([name, value]);
        }
      } else if (value instanceof Module) {
        for (const [key, child] of Object.entries(value)) visit(child, name ? `${name}.${key}` : key);
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => {
          visit(item, `${name}.${i}`);
        });
      }
    };
    visit(this, prefix);
    return found;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Submodules, including those held in arrays. */
  modules(): Module[] {
    const found: Module[] = [this];
    const visit = (value: unknown) => {
      if (value instanceof Module) found.push(...value.modules());
      else if (Array.isArray(value)) value.forEach(visit);
    };
    for (const child of Object.values(this)) visit(child);
    return found;
  }

  /** Switch this module and every submodule to training (or evaluation) mode. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }
}
