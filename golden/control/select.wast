;;! profiles = ["O0-explicit"]
;; select, untyped on numbers and typed on a reference.
(module
  (func (export "i32") (param i32 i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f64") (param f64 f64 i32) (result f64)
    (select (local.get 0) (local.get 1) (local.get 2)))
  (func (export "ref") (param externref externref i32) (result externref)
    (select (result externref) (local.get 0) (local.get 1) (local.get 2))))
(assert_return (invoke "i32" (i32.const 1) (i32.const 2) (i32.const 1)) (i32.const 1))
(assert_return (invoke "i32" (i32.const 1) (i32.const 2) (i32.const 0)) (i32.const 2))
(assert_return (invoke "f64" (f64.const 1) (f64.const 2) (i32.const 0)) (f64.const 2))
(assert_return (invoke "ref" (ref.extern 1) (ref.extern 2) (i32.const 1)) (ref.extern 1))
(assert_return (invoke "ref" (ref.extern 1) (ref.null extern) (i32.const 0)) (ref.null extern))
