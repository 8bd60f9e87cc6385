;;! profiles = ["O0-explicit"]
;; Saturating float-to-int truncation: NaN gives 0, out-of-range clamps.
(module
  (func (export "i32_f32_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
  (func (export "i32_f64_u") (param f64) (result i32) (i32.trunc_sat_f64_u (local.get 0)))
  (func (export "i64_f64_s") (param f64) (result i64) (i64.trunc_sat_f64_s (local.get 0)))
  (func (export "i64_f32_u") (param f32) (result i64) (i64.trunc_sat_f32_u (local.get 0))))
(assert_return (invoke "i32_f32_s" (f32.const nan)) (i32.const 0))
(assert_return (invoke "i32_f32_s" (f32.const 0x1p40)) (i32.const 0x7fffffff))
(assert_return (invoke "i32_f32_s" (f32.const -0x1p40)) (i32.const 0x80000000))
(assert_return (invoke "i32_f64_u" (f64.const -5)) (i32.const 0))
(assert_return (invoke "i32_f64_u" (f64.const 1e10)) (i32.const -1))
(assert_return (invoke "i64_f64_s" (f64.const inf)) (i64.const 0x7fffffffffffffff))
(assert_return (invoke "i64_f32_u" (f32.const 0x1p64)) (i64.const -1))
(assert_return (invoke "i64_f32_u" (f32.const 1.5)) (i64.const 1))
