;;! profiles = ["O0-explicit", "O0-explicit-nosse41"]
;; f32x4.min/max with the spec's NaN and -0 rules, and rounding (ROUNDPS, or the SSE2 sequence).
(module
  (func (export "min") (param f32 f32) (result f32)
    (f32x4.extract_lane 0 (f32x4.min (f32x4.splat (local.get 0)) (f32x4.splat (local.get 1)))))
  (func (export "max") (param f32 f32) (result f32)
    (f32x4.extract_lane 0 (f32x4.max (f32x4.splat (local.get 0)) (f32x4.splat (local.get 1)))))
  (func (export "floor") (param f64) (result f64)
    (f64x2.extract_lane 1 (f64x2.floor (f64x2.splat (local.get 0))))))
(assert_return (invoke "min" (f32.const 0) (f32.const -0)) (f32.const -0))
(assert_return (invoke "max" (f32.const -0) (f32.const 0)) (f32.const 0))
(assert_return (invoke "min" (f32.const nan) (f32.const 1)) (f32.const nan:canonical))
(assert_return (invoke "floor" (f64.const -0.5)) (f64.const -1))
(assert_return (invoke "floor" (f64.const -0)) (f64.const -0))
