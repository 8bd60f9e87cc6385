;;! profiles = ["O0-explicit"]
;; abs, neg and copysign touch only the sign bit (NaN payloads pass through).
(module
  (func (export "abs") (param f32) (result f32) (f32.abs (local.get 0)))
  (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1))))
(assert_return (invoke "abs" (f32.const -2)) (f32.const 2))
(assert_return (invoke "abs" (f32.const -nan:0x600000)) (f32.const nan:0x600000))
(assert_return (invoke "neg" (f32.const 0)) (f32.const -0))
(assert_return (invoke "neg" (f32.const nan:0x600000)) (f32.const -nan:0x600000))
(assert_return (invoke "copysign" (f32.const 3) (f32.const -0)) (f32.const -3))
