;;! profiles = ["O0-explicit"]
;; Float constants: zero, negative zero, a NaN with a payload, and an ordinary value.
(module
  (func (export "zero") (result f64) (f64.const 0))
  (func (export "negzero") (result f64) (f64.const -0))
  (func (export "nan") (result f64) (f64.const nan:0x4000000000001))
  (func (export "pi") (result f64) (f64.const 3.141592653589793))
  (func (export "f32") (result f32) (f32.const 1.5)))
(assert_return (invoke "zero") (f64.const 0))
(assert_return (invoke "negzero") (f64.const -0))
(assert_return (invoke "nan") (f64.const nan:0x4000000000001))
(assert_return (invoke "pi") (f64.const 3.141592653589793))
(assert_return (invoke "f32") (f32.const 1.5))
