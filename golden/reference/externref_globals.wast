;;! profiles = ["O0-explicit"]
;; Reference-typed globals and locals round-trip host references.
(module
  (global $g (mut externref) (ref.null extern))
  (global $h funcref (ref.func $f))
  (func $f)
  (func (export "swap") (param externref) (result externref) (local externref)
    (local.set 1 (global.get $g))
    (global.set $g (local.get 0))
    (local.get 1))
  (func (export "h_is_null") (result i32) (ref.is_null (global.get $h))))
(assert_return (invoke "swap" (ref.extern 1)) (ref.null extern))
(assert_return (invoke "swap" (ref.extern 2)) (ref.extern 1))
(assert_return (invoke "h_is_null") (i32.const 0))
