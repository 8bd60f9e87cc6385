;;! profiles = ["O0-explicit", "O0-explicit-nosse41"]
;; ceil, floor, trunc and nearest on f64: roundsd with SSE4.1, a fallback without.
(module
  (func (export "ceil") (param f64) (result f64) (f64.ceil (local.get 0)))
  (func (export "floor") (param f64) (result f64) (f64.floor (local.get 0)))
  (func (export "trunc") (param f64) (result f64) (f64.trunc (local.get 0)))
  (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0))))
(assert_return (invoke "ceil" (f64.const 1.25)) (f64.const 2))
(assert_return (invoke "floor" (f64.const -0.5)) (f64.const -1))
(assert_return (invoke "trunc" (f64.const -0.5)) (f64.const -0))
(assert_return (invoke "nearest" (f64.const -2.5)) (f64.const -2))
(assert_return (invoke "nearest" (f64.const 0x1p52)) (f64.const 0x1p52))
