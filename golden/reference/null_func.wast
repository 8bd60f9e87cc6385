;;! profiles = ["O0-explicit"]
;; ref.null, ref.is_null and ref.func.
(module
  (func $f)
  (elem declare func $f)
  (func (export "null_func") (result funcref) (ref.null func))
  (func (export "null_extern") (result externref) (ref.null extern))
  (func (export "func") (result funcref) (ref.func $f))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))
  (func (export "func_is_null") (result i32) (ref.is_null (ref.func $f))))
(assert_return (invoke "null_func") (ref.null func))
(assert_return (invoke "null_extern") (ref.null extern))
(assert_return (invoke "func") (ref.func))
(assert_return (invoke "is_null" (ref.null extern)) (i32.const 1))
(assert_return (invoke "is_null" (ref.extern 3)) (i32.const 0))
(assert_return (invoke "func_is_null") (i32.const 0))
