;;! profiles = ["O0-explicit"]
;; local.get, local.set and local.tee, over params and zero-initialised locals of every type.
(module
  (func (export "zeroes") (result i32 i64 f32 f64)
    (local i32 i64 f32 f64)
    (local.get 0) (local.get 1) (local.get 2) (local.get 3))
  (func (export "tee") (param i32) (result i32) (local i32)
    (i32.add (local.tee 1 (i32.mul (local.get 0) (i32.const 2))) (local.get 1)))
  (func (export "swap") (param i64 i64) (result i64) (local i64)
    (local.set 2 (local.get 0))
    (local.set 0 (local.get 1))
    (local.set 1 (local.get 2))
    (i64.sub (local.get 0) (local.get 1))))
(assert_return (invoke "zeroes") (i32.const 0) (i64.const 0) (f32.const 0) (f64.const 0))
(assert_return (invoke "tee" (i32.const 5)) (i32.const 20))
(assert_return (invoke "swap" (i64.const 1) (i64.const 10)) (i64.const 9))
