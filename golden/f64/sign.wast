;;! profiles = ["O0-explicit"]
;; f64 abs, neg and copysign.
(module
  (func (export "abs") (param f64) (result f64) (f64.abs (local.get 0)))
  (func (export "neg") (param f64) (result f64) (f64.neg (local.get 0)))
  (func (export "copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1))))
(assert_return (invoke "abs" (f64.const -0)) (f64.const 0))
(assert_return (invoke "neg" (f64.const -nan:0x8000000000000)) (f64.const nan:0x8000000000000))
(assert_return (invoke "copysign" (f64.const -3) (f64.const 1)) (f64.const 3))
