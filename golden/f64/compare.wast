;;! profiles = ["O0-explicit"]
;; f64 comparisons, with NaN operands.
(module
  (func (export "eq") (param f64 f64) (result i32) (f64.eq (local.get 0) (local.get 1)))
  (func (export "ne") (param f64 f64) (result i32) (f64.ne (local.get 0) (local.get 1)))
  (func (export "lt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
  (func (export "ge") (param f64 f64) (result i32) (f64.ge (local.get 0) (local.get 1))))
(assert_return (invoke "eq" (f64.const nan) (f64.const 1)) (i32.const 0))
(assert_return (invoke "ne" (f64.const 1) (f64.const nan)) (i32.const 1))
(assert_return (invoke "lt" (f64.const -1) (f64.const 1)) (i32.const 1))
(assert_return (invoke "ge" (f64.const nan) (f64.const 1)) (i32.const 0))
