/**
 * Decodes what the runtime's serializer produced inside the sandbox (src/runtime/serialize.ts)
 * into plain host values. The input is a string the host parses with its own JSON.parse; nothing
 * of the sandbox runs here. Objects come back with a null prototype so a key like "__proto__"
 * stays a key.
 */
export type Decoded =
  | null
  | boolean
  | number
  | string
  | Decoded[]
  | { [key: string]: Decoded }
  | DecodedTyped
  | DecodedTensor
  | DecodedSpecial;
export type DecodedTyped = { $: "typed"; type: string; data: number[] };
export type DecodedTensor = { $: "tensor"; shape: number[]; dtype: string; data: number[] };
export type DecodedSpecial =
  | { $: "undefined" }
  | { $: "bigint"; v: string }
  | { $: "map"; entries: [Decoded, Decoded][] }
  | { $: "set"; values: Decoded[] }
  | { $: "probe-output"; tolerance: Decoded; output: Decoded };

const special = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as { $?: unknown }).$ === "string";

function numberOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (special(value) && value.$ === "num") return Number(value.v);
  return Number.NaN;
}

function decodeValue(raw: unknown, depth: number): Decoded {
  if (depth > 70) throw new Error("result nested too deeply");
  if (raw === null || typeof raw === "boolean" || typeof raw === "number" || typeof raw === "string")
    return raw;
  if (Array.isArray(raw)) return raw.map((item) => decodeValue(item, depth + 1));
  if (!special(raw)) throw new Error("malformed result");
  switch (raw.$) {
    case "num":
      return Number(raw.v);
    case "undefined":
      return { $: "undefined" };
    case "bigint":
      return { $: "bigint", v: String(raw.v) };
    case "typed":
      return { $: "typed", type: String(raw.type), data: (raw.data as unknown[]).map(numberOf) };
    case "tensor":
      return {
        $: "tensor",
        dtype: String(raw.dtype),
        shape: (raw.shape as unknown[]).map(numberOf),
        data: (raw.data as unknown[]).map(numberOf),
      };
    case "map":
      return {
        $: "map",
        entries: (raw.entries as [unknown, unknown][]).map(
          ([k, v]) => [decodeValue(k, depth + 1), decodeValue(v, depth + 1)] as [Decoded, Decoded],
        ),
      };
    case "set":
      return { $: "set", values: (raw.values as unknown[]).map((v) => decodeValue(v, depth + 1)) };
    case "probe-output":
      return {
        $: "probe-output",
        tolerance: decodeValue(raw.tolerance, depth + 1),
        output: decodeValue(raw.output, depth + 1),
      };
    case "object": {
      const out: { [key: string]: Decoded } = Object.create(null);
      for (const [key, value] of raw.entries as [string, unknown][])
        out[String(key)] = decodeValue(value, depth + 1);
      return out;
    }
    default:
      throw new Error(`malformed result (tag ${String(raw.$)})`);
  }
}

/** Parse and decode a payload from the sandbox. Throws on anything malformed. */
export function decodePayload(payload: string): Decoded {
  return decodeValue(JSON.parse(payload), 0);
}
