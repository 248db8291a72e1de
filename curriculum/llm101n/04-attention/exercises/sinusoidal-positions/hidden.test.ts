import { probe } from "@nanoschool/harness";
import { sinusoidalPositions } from "@submission";

type Rng = { int(lo: number, hi: number): number; seed: number };
const pick = (rng: Rng, lo: number, hi: number) => lo + (rng.int(0, 1000) % (hi - lo + 1));

// Implementations may compute the angles in float64 (Math.sin) or with float32 tensor ops;
// the tolerance allows for float32 rounding of angles up to a few hundred radians.
const tolerance = { atol: 2e-4, rtol: 1e-3 };

probe("random sizes", {
  input: (rng: Rng) => ({ T: pick(rng, 1, 40), C: 2 * pick(rng, 1, 16) }),
  run: ({ T, C }: { T: number; C: number }) => sinusoidalPositions(T, C),
  tolerance,
});

probe("position zero", {
  input: (rng: Rng) => ({ C: 2 * pick(rng, 1, 12) }),
  run: ({ C }: { C: number }) => sinusoidalPositions(1, C),
  tolerance,
});

probe("two channels", {
  input: (rng: Rng) => ({ T: pick(rng, 2, 30) }),
  run: ({ T }: { T: number }) => sinusoidalPositions(T, 2),
  tolerance,
});

probe("long sequences", {
  input: (rng: Rng) => ({ T: pick(rng, 300, 600), C: 2 * pick(rng, 2, 8) }),
  run: ({ T, C }: { T: number; C: number }) => sinusoidalPositions(T, C),
  tolerance: { atol: 2e-3, rtol: 1e-3 },
});

probe("shape and dtype", {
  input: (rng: Rng) => ({ T: pick(rng, 1, 20), C: 2 * pick(rng, 1, 10) }),
  run: ({ T, C }: { T: number; C: number }) => {
    const P = sinusoidalPositions(T, C);
    return { shape: [...P.shape], dtype: P.dtype };
  },
  tolerance: { atol: 0, rtol: 0 },
});
