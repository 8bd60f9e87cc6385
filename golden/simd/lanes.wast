;;! profiles = ["O0-explicit", "O0-explicit-nosse41"]
;; Lanes: shuffle (PSHUFB with pooled masks), swizzle, i8 lane replace (PINSRB, or PINSRW of the
;; word) and extract, and i64x2 compares (PCMPGTQ, or the SSE2 dword sequence).
(module
  (func (export "shuffle") (param i32 i32) (result i32)
    (i8x16.extract_lane_u 3
      (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
        (i8x16.splat (local.get 0)) (i8x16.splat (local.get 1)))))
  (func (export "swizzle") (param i32) (result i32)
    (i8x16.extract_lane_s 0
      (i8x16.swizzle (v128.const i8x16 -1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
        (i8x16.splat (local.get 0)))))
  (func (export "replace") (param i32) (result i32)
    (i8x16.extract_lane_s 5 (i8x16.replace_lane 5 (v128.const i64x2 0 0) (local.get 0))))
  (func (export "gt") (param i64 i64) (result i32)
    (i8x16.bitmask (i64x2.gt_s (i64x2.splat (local.get 0)) (i64x2.splat (local.get 1))))))
(assert_return (invoke "shuffle" (i32.const 1) (i32.const 2)) (i32.const 2))
(assert_return (invoke "swizzle" (i32.const 0)) (i32.const -1))
(assert_return (invoke "swizzle" (i32.const 16)) (i32.const 0))
(assert_return (invoke "replace" (i32.const 0x1ff)) (i32.const -1))
(assert_return (invoke "gt" (i64.const -1) (i64.const -2)) (i32.const 0xffff))
(assert_return (invoke "gt" (i64.const 0x80000000) (i64.const 1)) (i32.const 0xffff))
