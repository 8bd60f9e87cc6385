;;! profiles = ["O0-explicit", "O0-guard"]
;; SIMD memory accesses: a splat load, a lane load and a lane store, each bounds-checked for the
;; bytes it touches (or a guard-page trap site).
(module
  (memory 1)
  (func (export "splat") (param i32) (result i32)
    (i16x8.extract_lane_u 7 (v128.load16_splat (local.get 0))))
  (func (export "lane") (param i32) (result i64)
    (i64x2.extract_lane 1 (v128.load64_lane 1 (local.get 0) (v128.const i64x2 0 0))))
  (func (export "store") (param i32 i32)
    (v128.store8_lane 15 (local.get 0) (i8x16.splat (local.get 1)))))
(assert_return (invoke "store" (i32.const 7) (i32.const 0x5a)))
(assert_return (invoke "splat" (i32.const 6)) (i32.const 0x5a00))
(assert_return (invoke "lane" (i32.const 0)) (i64.const 0x5a00000000000000))
(assert_trap (invoke "splat" (i32.const 65535)) "out of bounds memory access")
(assert_trap (invoke "store" (i32.const 65536) (i32.const 0)) "out of bounds memory access")
