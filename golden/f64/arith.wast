;;! profiles = ["O0-explicit"]
;; f64 arithmetic, sqrt, and min/max.
(module
  (func (export "add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
  (func (export "sub") (param f64 f64) (result f64) (f64.sub (local.get 0) (local.get 1)))
  (func (export "mul") (param f64 f64) (result f64) (f64.mul (local.get 0) (local.get 1)))
  (func (export "div") (param f64 f64) (result f64) (f64.div (local.get 0) (local.get 1)))
  (func (export "sqrt") (param f64) (result f64) (f64.sqrt (local.get 0)))
  (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
  (func (export "max") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1))))
(assert_return (invoke "add" (f64.const 0.1) (f64.const 0.2)) (f64.const 0x1.3333333333334p-2))
(assert_return (invoke "sub" (f64.const 1) (f64.const 2)) (f64.const -1))
(assert_return (invoke "mul" (f64.const 1e200) (f64.const 1e200)) (f64.const inf))
(assert_return (invoke "div" (f64.const 0) (f64.const 0)) (f64.const nan:canonical))
(assert_return (invoke "sqrt" (f64.const 2)) (f64.const 0x1.6a09e667f3bcdp+0))
(assert_return (invoke "min" (f64.const -0) (f64.const 0)) (f64.const -0))
(assert_return (invoke "max" (f64.const nan) (f64.const 1)) (f64.const nan:canonical))
