;;! profiles = ["O0-explicit", "O0-guard"]
;; v128 load, store and constants, and lane-wise i32x4 arithmetic.
(module
  (memory 1)
  (func (export "add") (param i32) (result i32)
    (v128.store (i32.const 32)
      (i32x4.add (v128.load (local.get 0)) (v128.const i32x4 1 2 3 4)))
    (i32.load offset=32 (local.get 0)))
  (func (export "splat_extract") (param i32) (result i32)
    (i32x4.extract_lane 3 (i32x4.mul (i32x4.splat (local.get 0)) (v128.const i32x4 0 0 0 3)))))
(assert_return (invoke "add" (i32.const 0)) (i32.const 1))
(assert_return (invoke "splat_extract" (i32.const 5)) (i32.const 15))
(assert_trap (invoke "add" (i32.const 65530)) "out of bounds memory access")
