// Kubernetes resource.Quantity parsing and comparison, following apimachinery's ParseQuantity to the letter.
import type { Json } from "./object.js";

/** A parsed quantity: its exact value in nano-units (apimachinery rounds up to 1n, away from zero). */
export interface Quantity {
  ok: true;
  /** The value times 10^9, rounded up away from zero as ParseQuantity does. */
  nanos: bigint;
  /** The text as the API server reads it (numbers stringified, surrounding whitespace trimmed). */
  text: string;
  suffix: string;
}
export interface QuantityError {
  ok: false;
  text: string;
  /** Why the API server rejects it, in the words of apimachinery's errors. */
  reason: string;
}

/** The regular expression apimachinery quotes in its error message. */
export const QUANTITY_PATTERN = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = "eEinumkKMGTP";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * Reads a Quantity the way the API server does: JSON numbers by their text, strings trimmed
 * (Quantity.UnmarshalJSON), then ParseQuantity's scanner and suffix table.
 */
export function parseQuantity(v: Json | undefined): Quantity | QuantityError {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return { ok: false, text: String(v), reason: "not a finite number" };
    return parseQuantityString(String(v));
  }
  if (typeof v !== "string") return { ok: false, text: JSON.stringify(v) ?? "", reason: "a quantity must be a string or a number" };
  return parseQuantityString(v.trim());
}

export function parseQuantityString(str: string): Quantity | QuantityError {
  // The same few quantities ("100m", "128Mi") are read by every resource rule for every container; the BigInt
  // arithmetic below costs about a microsecond each time. Results are shared: callers never modify them.
  let q = parsed.get(str);
  if (!q) {
    if (parsed.size >= MAX_REMEMBERED) parsed.clear();
    parsed.set(str, (q = scanQuantity(str)));
  }
  return q;
}

const parsed = new Map<string, Quantity | QuantityError>();
const MAX_REMEMBERED = 4096;

function scanQuantity(str: string): Quantity | QuantityError {
  const wrong = (): QuantityError => ({ ok: false, text: str, reason: `quantities must match the regular expression '${QUANTITY_PATTERN}'` });
  if (str.length === 0) return wrong();
  if (str === "0") return { ok: true, nanos: 0n, text: str, suffix: "" };
  const end = str.length;
  let pos = 0;
  let positive = true;
  if (str[0] === "-") { positive = false; pos++; } else if (str[0] === "+") pos++;
  // Leading zeros; a string of only zeros (or only a sign) is 0, exactly as the Go scanner returns early.
  while (pos < end && str[pos] === "0") pos++;
  if (pos >= end) return { ok: true, nanos: 0n, text: str, suffix: "" };
  let numStart = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  let num = str.slice(numStart, pos);
  if (num.length === 0) num = "0";
  let denom = "";
  if (pos < end && str[pos] === ".") {
    pos++;
    numStart = pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(numStart, pos);
  }
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === "-" || str[pos] === "+")) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return wrong();
  const suffix = str.slice(suffixStart);

  let base: 2 | 10;
  let exponent: number;
  if (suffix in DECIMAL_SUFFIXES) { base = 10; exponent = DECIMAL_SUFFIXES[suffix]; }
  else if (suffix in BINARY_SUFFIXES) { base = 2; exponent = BINARY_SUFFIXES[suffix]; }
  else if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[+-]?\d+$/.test(suffix.slice(1))) {
    base = 10;
    // Go parses the exponent as int64; anything beyond this clamp is astronomically large or small either way.
    exponent = Math.max(-1000, Math.min(1000, Number(suffix.slice(1))));
  } else return { ok: false, text: str, reason: "unable to parse quantity's suffix" };

  // value = digits * 10^(exp10) * 2^(exp2); nanos = value * 10^9, rounded up away from zero.
  const digits = BigInt(num + denom);
  const exp10 = 9 - denom.length + (base === 10 ? exponent : 0);
  let n = base === 2 ? digits << BigInt(exponent) : digits;
  if (exp10 >= 0) n *= 10n ** BigInt(exp10);
  else {
    const d = 10n ** BigInt(-exp10);
    n = n % d === 0n ? n / d : n / d + 1n;
  }
  return { ok: true, nanos: positive ? n : -n, text: str, suffix };
}

/** -1, 0 or 1 as apimachinery's Quantity.Cmp. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** A parsed quantity, or undefined when absent or invalid (invalid ones are resources/invalid-quantity's business). */
export function quantityOf(v: Json | undefined): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  const q = parseQuantity(v);
  return q.ok ? q : undefined;
}

/** Whether the quantity is a whole number (memory in bytes, extended resources in units). */
export function isWholeNumber(q: Quantity): boolean {
  return q.nanos % 1_000_000_000n === 0n;
}

/** Renders a YAML value of a quantity for messages: `500m`, `1Gi`. */
export function quantityText(v: Json | undefined): string {
  return typeof v === "string" ? v : JSON.stringify(v) ?? "";
}

/** Resources the scheduler lets pods overcommit; extended resources and hugepages need requests equal to limits. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !name.startsWith("hugepages-");
}

/** Native resources have no domain or a kubernetes.io one (apimachinery's IsNativeResource). */
export function isNativeResource(name: string): boolean {
  return !name.includes("/") || name.includes("kubernetes.io/");
}

/** Extended resources (vendor.com/gpu) must be whole numbers (IsIntegerResourceName for container resources). */
export function isExtendedResource(name: string): boolean {
  return !isNativeResource(name) && !name.startsWith("requests.");
}

/**
 * Rendered edits quote `"500m"` because it starts with a digit; a quantity with a unit suffix is a plain
 * YAML string anyway, so the quotes only add noise. Digits-only values stay quoted (they would turn into numbers).
 */
export function unquoteQuantities(text: string): string {
  return text.replace(/"([+-]?[0-9]*\.?[0-9]+(?:[KMGTPE]i|[numkMGTPE]))"/g, "$1");
}
