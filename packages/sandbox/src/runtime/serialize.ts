// biome-ignore-all lint/suspicious/noExplicitAny: this file runs inside the sandbox on values of any shape.
/**
 * Turns a value made by untrusted code into a JSON string, inside the sandbox, before the host
 * ever sees it. The host then reads only a string: no getter, proxy or toJSON of the student's
 * runs on the host's side of the wall.
 *
 * Self-contained on purpose (no imports, no outer variables): the server reads this file's source
 * and evaluates it in the isolate; the browser runner embeds `createSerializer.toString()`.
 *
 * Encoding (decoded by the host in src/compare/decode.ts):
 *   numbers, strings, booleans, null        as JSON
 *   NaN, Infinity, -Infinity, undefined     {"$": "num", "v": "NaN"} / {"$": "undefined"}
 *   typed arrays                            {"$": "typed", "type": "Float32Array", "data": [...]}
 *   tensors                                 {"$": "tensor", "shape": [...], "dtype": "float32", "data": [...]}
 *   Map / Set                               {"$": "map", "entries": [[k, v], ...]} / {"$": "set", "values": [...]}
 *   plain objects                           {"$": "object", "entries": [[key, value], ...]}
 */
export function createSerializer(intrinsics: {
  isTensor: (value: unknown) => boolean;
  tensorParts: (value: any) => { shape: number[]; dtype: string; data: ArrayLike<number> };
}) {
  const jsonString = JSON.stringify;
  const isArray = Array.isArray;
  const ownKeys = Object.keys;
  const getPrototypeOf = Object.getPrototypeOf;
  const isView = ArrayBuffer.isView as (value: unknown) => boolean;
  const objectToString = Object.prototype.toString;
  const call = Function.prototype.call.bind(Function.prototype.call) as (
    fn: any,
    self: any,
    ...args: any[]
  ) => any;
  const mapEntries = Map.prototype.entries;
  const setValues = Set.prototype.values;
  const MapProto = Map.prototype;
  const SetProto = Set.prototype;
  const ObjectProto = Object.prototype;
  const isFiniteNumber = Number.isFinite;
  const toText = String;
  const toNumber = Number;
  const stringSlice = String.prototype.slice;
  const SetCtor = Set;
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const setDelete = Set.prototype.delete;

  class TooLarge extends Error {}

  /** Serialize `value`; throws an Error with a readable message when it is cyclic, too deep or too large. */
  function serialize(value: unknown, maxBytes: number): string {
    // A string, not an array of parts: an array's writes could meet a setter student code put on a prototype.
    let out = "";
    let bytes = 0;
    const seen = new SetCtor<unknown>();
    const push = (text: string) => {
      bytes += text.length;
      if (bytes > maxBytes) throw new TooLarge(`the result is larger than ${maxBytes} bytes`);
      out += text;
    };
    const numberText = (n: number) => (isFiniteNumber(n) ? jsonString(n) : `{"$":"num","v":"${toText(n)}"}`);
    const walk = (v: any, depth: number) => {
      if (depth > 64) throw new Error("the result is nested more than 64 levels deep");
      if (v === null) return push("null");
      switch (typeof v) {
        case "number":
          return push(numberText(v));
        case "string":
          return push(jsonString(v));
        case "boolean":
          return push(v ? "true" : "false");
        case "undefined":
          return push('{"$":"undefined"}');
        case "bigint":
          return push(`{"$":"bigint","v":"${toText(v)}"}`);
        case "function":
        case "symbol":
          throw new Error(
            `a ${typeof v} cannot be returned; return plain data (numbers, arrays, objects, tensors)`,
          );
      }
      if (call(setHas, seen, v)) throw new Error("the result refers to itself (a cycle); return plain data");
      call(setAdd, seen, v);
      if (intrinsics.isTensor(v)) {
        const t = intrinsics.tensorParts(v);
        push(`{"$":"tensor","dtype":${jsonString(toText(t.dtype))},"shape":[`);
        for (let i = 0; i < t.shape.length; i++) push((i ? "," : "") + numberText(toNumber(t.shape[i])));
        push('],"data":[');
        for (let i = 0; i < t.data.length; i++) push((i ? "," : "") + numberText(toNumber(t.data[i])));
        push("]}");
      } else if (isView(v)) {
        const tag = call(stringSlice, call(objectToString, v), 8, -1);
        if (tag === "DataView") throw new Error("a DataView cannot be returned; return a typed array");
        push(`{"$":"typed","type":${jsonString(tag)},"data":[`);
        const n = v.length;
        for (let i = 0; i < n; i++) push((i ? "," : "") + numberText(toNumber(v[i])));
        push("]}");
      } else if (isArray(v)) {
        push("[");
        const n = v.length;
        for (let i = 0; i < n; i++) {
          if (i) push(",");
          walk(v[i], depth + 1);
        }
        push("]");
      } else if (getPrototypeOf(v) === MapProto) {
        push('{"$":"map","entries":[');
        let first = true;
        for (const entry of { [Symbol.iterator]: () => call(mapEntries, v) }) {
          push(first ? "[" : ",[");
          first = false;
          walk(entry[0], depth + 1);
          push(",");
          walk(entry[1], depth + 1);
          push("]");
        }
        push("]}");
      } else if (getPrototypeOf(v) === SetProto) {
        push('{"$":"set","values":[');
        let first = true;
        for (const item of { [Symbol.iterator]: () => call(setValues, v) }) {
          if (!first) push(",");
          first = false;
          walk(item, depth + 1);
        }
        push("]}");
      } else {
        const proto = getPrototypeOf(v);
        if (proto !== ObjectProto && proto !== null) {
          throw new Error("only plain objects, arrays, typed arrays, Maps, Sets and tensors can be returned");
        }
        push('{"$":"object","entries":[');
        const keys = ownKeys(v);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          push((i ? ",[" : "[") + jsonString(key) + ",");
          walk(v[key], depth + 1);
          push("]");
        }
        push("]}");
      }
      call(setDelete, seen, v);
    };
    walk(value, 0);
    return out;
  }

  return { serialize, TooLarge };
}
