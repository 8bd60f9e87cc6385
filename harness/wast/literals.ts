/**
 * Numeric literals of the text format (spec §6.3.1 "Integers", §6.3.2 "Floating-Point"), to
 * exact bit patterns.
 *
 * Floats are converted exactly with BigInt arithmetic and one round-to-nearest-even step
 * straight to the target format, so an f32 literal is never rounded through f64 first (double
 * rounding gives wrong bits on the suite's edge cases).
 *
 * @module
 */

/** An IEEE 754 binary interchange format. */
interface FloatFormat {
  /** Significand bits, with the implicit leading bit. */
  readonly precision: number;
  /** Exponent of the smallest normal number. */
  readonly minExponent: number;
  /** Exponent of the largest finite number. */
  readonly maxExponent: number;
}

const FORMATS: Readonly<Record<"f32" | "f64", FloatFormat>> = {
  f32: { precision: 24, minExponent: -126, maxExponent: 127 },
  f64: { precision: 53, minExponent: -1022, maxExponent: 1023 },
};

const DEC_NUM = String.raw`\d(?:_?\d)*`;
const HEX_NUM = String.raw`[0-9a-fA-F](?:_?[0-9a-fA-F])*`;
const INT_RE = new RegExp(String.raw`^([+-]?)(?:0x(${HEX_NUM})|(${DEC_NUM}))$`);
const DEC_FLOAT_RE = new RegExp(
  String.raw`^(${DEC_NUM})(?:\.(${DEC_NUM})?)?(?:[eE]([+-]?${DEC_NUM}))?$`,
);
const HEX_FLOAT_RE = new RegExp(
  String.raw`^0x(${HEX_NUM})(?:\.(${HEX_NUM})?)?(?:[pP]([+-]?${DEC_NUM}))?$`,
);
const NAN_PAYLOAD_RE = new RegExp(String.raw`^nan:0x(${HEX_NUM})$`);

/**
 * The bits of an integer literal of the given width, as an unsigned bigint, or `undefined` if
 * the text is not a literal in range. Unsigned forms take 0..2^N-1; signed forms (with `+` or
 * `-`) take -2^(N-1)..2^(N-1)-1; negative values wrap to two's complement.
 */
export function parseIntBits(text: string, width: number): bigint | undefined {
  const match = INT_RE.exec(text);
  if (match === null) return undefined;
  const [, sign, hex, dec] = match;
  const magnitude = hex === undefined
    ? BigInt(dec!.replaceAll("_", ""))
    : BigInt("0x" + hex.replaceAll("_", ""));
  const bits = BigInt(width);
  const half = 1n << (bits - 1n);
  if (sign === "") return magnitude < (half << 1n) ? magnitude : undefined;
  if (sign === "+") return magnitude < half ? magnitude : undefined;
  if (magnitude > half) return undefined;
  return BigInt.asUintN(width, -magnitude);
}

/** An unsigned integer literal (`nat`) below 2^32, or `undefined`. */
export function parseNat32(text: string): number | undefined {
  if (text.startsWith("+") || text.startsWith("-")) return undefined;
  const bits = parseIntBits(text, 32);
  return bits === undefined ? undefined : Number(bits);
}

/**
 * The bits of a float literal (decimal, hex, `inf`, `nan`, `nan:0x...`, with an optional
 * sign), or `undefined` if the text is not a literal of the format. A finite literal that
 * rounds to infinity is out of range (the spec makes it malformed), so it is `undefined` too.
 */
export function parseFloatBits(text: string, type: "f32" | "f64"): bigint | undefined {
  const format = FORMATS[type];
  const negative = text.startsWith("-");
  const body = negative || text.startsWith("+") ? text.slice(1) : text;
  const magnitude = floatMagnitudeBits(body, format);
  if (magnitude === undefined) return undefined;
  const signBit = negative ? 1n << BigInt(format.precision - 1 + exponentBits(format)) : 0n;
  return signBit | magnitude;
}

function exponentBits(format: FloatFormat): number {
  return Math.log2(format.maxExponent + 1) + 1;
}

/** The bits of an unsigned float literal. */
function floatMagnitudeBits(body: string, format: FloatFormat): bigint | undefined {
  const fraction = BigInt(format.precision - 1);
  const infinity = BigInt(format.maxExponent * 2 + 1) << fraction;
  if (body === "inf") return infinity;
  if (body === "nan") return infinity | (1n << (fraction - 1n));
  const payload = NAN_PAYLOAD_RE.exec(body)?.[1];
  if (payload !== undefined) {
    const value = BigInt("0x" + payload.replaceAll("_", ""));
    return value >= 1n && value < (1n << fraction) ? infinity | value : undefined;
  }
  const hex = HEX_FLOAT_RE.exec(body);
  if (hex !== null) return hexFloatBits(hex[1]!, hex[2] ?? "", hex[3] ?? "0", format);
  const dec = DEC_FLOAT_RE.exec(body);
  if (dec !== null) return decFloatBits(dec[1]!, dec[2] ?? "", dec[3] ?? "0", format);
  return undefined;
}

/** Beyond these binary exponents every nonzero value is infinite, or rounds to zero. */
const HUGE_EXPONENT = 1100;
const TINY_EXPONENT = -1200;

/** `0x int.frac p exp` = int.frac (hex) * 2^exp. */
function hexFloatBits(
  intDigits: string,
  fracDigits: string,
  expText: string,
  format: FloatFormat,
): bigint | undefined {
  const frac = fracDigits.replaceAll("_", "");
  const mantissa = BigInt("0x" + intDigits.replaceAll("_", "") + frac);
  if (mantissa === 0n) return 0n;
  const exponent = BigInt(expText.replaceAll("_", "")) - BigInt(4 * frac.length);
  const top = BigInt(bitLength(mantissa) - 1) + exponent;
  if (top > HUGE_EXPONENT) return undefined;
  if (top < TINY_EXPONENT) return 0n;
  const shift = Number(exponent);
  return shift >= 0
    ? roundToFloat(mantissa << BigInt(shift), 1n, format)
    : roundToFloat(mantissa, 1n << BigInt(-shift), format);
}

/** `int.frac e exp` = int.frac (decimal) * 10^exp. */
function decFloatBits(
  intDigits: string,
  fracDigits: string,
  expText: string,
  format: FloatFormat,
): bigint | undefined {
  const frac = fracDigits.replaceAll("_", "");
  const digits = (intDigits.replaceAll("_", "") + frac).replace(/^0+/, "");
  if (digits === "") return 0n;
  const exponent = BigInt(expText.replaceAll("_", "")) - BigInt(frac.length);
  // The leading digit's decimal exponent bounds the value within a factor of ten.
  const top = BigInt(digits.length - 1) + exponent;
  if (top > 400n) return undefined;
  if (top < -400n) return 0n;
  const mantissa = BigInt(digits);
  const shift = Number(exponent);
  return shift >= 0
    ? roundToFloat(mantissa * 10n ** BigInt(shift), 1n, format)
    : roundToFloat(mantissa, 10n ** BigInt(-shift), format);
}

function bitLength(value: bigint): number {
  return value.toString(2).length;
}

/**
 * Rounds the positive rational `numerator / denominator` to the nearest float of the format
 * (ties to even) and returns its bits, or `undefined` if it rounds to infinity.
 */
function roundToFloat(
  numerator: bigint,
  denominator: bigint,
  format: FloatFormat,
): bigint | undefined {
  const { precision, minExponent, maxExponent } = format;
  // exponent = floor(log2(numerator / denominator)).
  let exponent = bitLength(numerator) - bitLength(denominator);
  const below = exponent >= 0
    ? numerator < denominator << BigInt(exponent)
    : numerator << BigInt(-exponent) < denominator;
  if (below) exponent--;
  exponent = Math.max(exponent, minExponent);
  // Scale so the significand's last bit is the units digit, then divide.
  const quantum = exponent - (precision - 1);
  const scaledNumerator = quantum < 0 ? numerator << BigInt(-quantum) : numerator;
  const scaledDenominator = quantum > 0 ? denominator << BigInt(quantum) : denominator;
  let significand = scaledNumerator / scaledDenominator;
  const twiceRemainder = 2n * (scaledNumerator - significand * scaledDenominator);
  if (
    twiceRemainder > scaledDenominator ||
    (twiceRemainder === scaledDenominator && (significand & 1n) === 1n)
  ) {
    significand++;
  }
  const hidden = 1n << BigInt(precision - 1);
  if (significand === hidden << 1n) {
    significand = hidden;
    exponent++;
  }
  if (exponent > maxExponent) return undefined;
  if (significand < hidden) return significand; // subnormal: biased exponent 0
  const biased = BigInt(exponent + maxExponent);
  return (biased << BigInt(precision - 1)) | (significand - hidden);
}
