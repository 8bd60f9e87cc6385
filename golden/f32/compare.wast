;;! profiles = ["O0-explicit"]
;; f32 comparisons: every comparison with a NaN is false except ne.
(module
  (func (export "eq") (param f32 f32) (result i32) (f32.eq (local.get 0) (local.get 1)))
  (func (export "ne") (param f32 f32) (result i32) (f32.ne (local.get 0) (local.get 1)))
  (func (export "lt") (param f32 f32) (result i32) (f32.lt (local.get 0) (local.get 1)))
  (func (export "gt") (param f32 f32) (result i32) (f32.gt (local.get 0) (local.get 1)))
  (func (export "le") (param f32 f32) (result i32) (f32.le (local.get 0) (local.get 1)))
  (func (export "ge") (param f32 f32) (result i32) (f32.ge (local.get 0) (local.get 1))))
(assert_return (invoke "eq" (f32.const 0) (f32.const -0)) (i32.const 1))
(assert_return (invoke "eq" (f32.const nan) (f32.const nan)) (i32.const 0))
(assert_return (invoke "ne" (f32.const nan) (f32.const nan)) (i32.const 1))
(assert_return (invoke "lt" (f32.const 1) (f32.const 2)) (i32.const 1))
(assert_return (invoke "lt" (f32.const nan) (f32.const 2)) (i32.const 0))
(assert_return (invoke "gt" (f32.const 2) (f32.const nan)) (i32.const 0))
(assert_return (invoke "le" (f32.const 2) (f32.const 2)) (i32.const 1))
(assert_return (invoke "ge" (f32.const 1) (f32.const 2)) (i32.const 0))
