;;! profiles = ["O0-explicit"]
;; f32x4 and f64x2 lane-wise arithmetic on constants.
(module
  (func (export "f32x4") (param f32) (result f32)
    (f32x4.extract_lane 1 (f32x4.add (f32x4.splat (local.get 0)) (v128.const f32x4 0 1 2 3))))
  (func (export "f64x2") (param f64) (result f64)
    (f64x2.extract_lane 0 (f64x2.mul (f64x2.splat (local.get 0)) (v128.const f64x2 2 3)))))
(assert_return (invoke "f32x4" (f32.const 1.5)) (f32.const 2.5))
(assert_return (invoke "f64x2" (f64.const 1.5)) (f64.const 3))
