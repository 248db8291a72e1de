// biome-ignore-all lint/suspicious/noExplicitAny: this file runs inside the sandbox on values of any shape.
/**
 * Short, safe text for any value: used for console lines and for assertion messages.
 * Runs inside the sandbox; self-contained (see serialize.ts). Every method it calls was captured
 * before student code ran, so a polluted prototype can change what a student sees of their own
 * values but cannot break the harness.
 */
export function createFormatter(intrinsics: {
  isTensor: (value: unknown) => boolean;
  tensorText: (value: any) => string;
}) {
  const call = Function.prototype.call.bind(Function.prototype.call) as (
    fn: any,
    self: any,
    ...args: any[]
  ) => any;
  const jsonString = JSON.stringify;
  const isArray = Array.isArray;
  const ownKeys = Object.keys;
  const getPrototypeOf = Object.getPrototypeOf;
  const isView = ArrayBuffer.isView as (value: unknown) => boolean;
  const objectToString = Object.prototype.toString;
  const stringSlice = String.prototype.slice;
  const toText = String;
  const ErrorProto = Error.prototype;
  const MapProto = Map.prototype;
  const SetProto = Set.prototype;
  const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")!.get!;
  const setSize = Object.getOwnPropertyDescriptor(Set.prototype, "size")!.get!;

  const clip = (text: string, max: number) =>
    text.length > max ? call(stringSlice, text, 0, max) + `… (${text.length - max} more characters)` : text;

  function isErrorLike(v: any): boolean {
    let p = v;
    for (let i = 0; i < 16 && p !== null; i++) {
      if (p === ErrorProto) return true;
      p = getPrototypeOf(p);
    }
    return false;
  }

  /** The message of a thrown value, never throwing itself (a thrown getter or proxy gives a fallback). */
  function errorMessage(error: unknown): string {
    try {
      if (error !== null && typeof error === "object" && isErrorLike(error)) {
        const e = error as any;
        const name = typeof e.name === "string" ? e.name : "Error";
        const message = typeof e.message === "string" ? e.message : "";
        return clip(message ? `${name}: ${message}` : name, 2000);
      }
      return clip(`thrown value: ${format(error)}`, 2000);
    } catch {
      return "an error whose message could not be read";
    }
  }

  function format(value: unknown, depth = 0): string {
    try {
      return clip(formatInner(value, depth), 4000);
    } catch {
      return "[value that could not be printed]";
    }
  }

  function formatInner(v: any, depth: number): string {
    if (v === null) return "null";
    switch (typeof v) {
      case "string":
        return depth === 0 ? v : jsonString(v);
      case "number":
        return v === 0 && 1 / v < 0 ? "-0" : toText(v);
      case "bigint":
        return `${toText(v)}n`;
      case "boolean":
      case "undefined":
        return toText(v);
      case "symbol":
        return "Symbol()";
      case "function":
        return `[Function ${typeof v.name === "string" && v.name ? v.name : "(anonymous)"}]`;
    }
    if (intrinsics.isTensor(v)) return intrinsics.tensorText(v);
    if (isErrorLike(v)) return errorMessage(v);
    if (depth > 3) return isArray(v) ? "[Array]" : "[Object]";
    if (isView(v)) {
      const tag = call(stringSlice, call(objectToString, v), 8, -1);
      const n = v.length as number;
      let out = `${tag}(${n}) [`;
      for (let i = 0; i < n && i < 20; i++) out += (i ? ", " : "") + formatInner(v[i], depth + 1);
      return out + (n > 20 ? ", …]" : "]");
    }
    if (isArray(v)) {
      const n = v.length;
      let out = "[";
      for (let i = 0; i < n && i < 50; i++) out += (i ? ", " : "") + formatInner(v[i], depth + 1);
      return out + (n > 50 ? `, … ${n - 50} more]` : "]");
    }
    const proto = getPrototypeOf(v);
    if (proto === MapProto) return `Map(${call(mapSize, v)})`;
    if (proto === SetProto) return `Set(${call(setSize, v)})`;
    const keys = ownKeys(v);
    let out = "{";
    for (let i = 0; i < keys.length && i < 30; i++) {
      const key = keys[i] as string;
      out += (i ? ", " : " ") + key + ": " + formatInner(v[key], depth + 1);
    }
    if (keys.length > 30) out += `, … ${keys.length - 30} more`;
    return out + (keys.length ? " }" : "}");
  }

  return { format, errorMessage, clip };
}
