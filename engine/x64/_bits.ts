/**
 * Bigint-free access to a value's two's complement bits, for the immediates the assembler and
 * the macro-assembler write (every bigint test, shift or `Number()` is a runtime call).
 *
 * @module
 */

/** `split64`'s scratch: a 64-bit slot and its two 32-bit halves (little-endian). */
const WIDE = new BigUint64Array(1);
const HALVES = new Int32Array(WIDE.buffer);

/**
 * The low 64 bits of `value` (two's complement) as two signed 32-bit numbers, `[0]` the low
 * half and `[1]` the high half, valid until the next call: one typed-array store instead of
 * bigint arithmetic, which costs about ten times as much.
 */
export function split64(value: bigint): Int32Array {
  WIDE[0] = value;
  return HALVES;
}
