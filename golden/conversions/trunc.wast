;;! profiles = ["O0-explicit"]
;; Trapping float-to-int truncation: NaN and out-of-range inputs trap.
(module
  (func (export "i32_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "i32_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
  (func (export "i64_f64_s") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "i64_f32_u") (param f32) (result i64) (i64.trunc_f32_u (local.get 0))))
(assert_return (invoke "i32_f32_s" (f32.const -1.9)) (i32.const -1))
(assert_return (invoke "i32_f64_u" (f64.const 4294967295.5)) (i32.const -1))
(assert_return (invoke "i64_f64_s" (f64.const -0x1p63)) (i64.const 0x8000000000000000))
(assert_return (invoke "i64_f32_u" (f32.const 0x1p63)) (i64.const 0x8000000000000000))
(assert_trap (invoke "i32_f32_s" (f32.const nan)) "invalid conversion to integer")
(assert_trap (invoke "i32_f32_s" (f32.const 0x1p31)) "integer overflow")
(assert_trap (invoke "i32_f64_u" (f64.const -1)) "integer overflow")
(assert_trap (invoke "i64_f64_s" (f64.const 0x1p63)) "integer overflow")
(assert_trap (invoke "i64_f32_u" (f32.const -1)) "integer overflow")
