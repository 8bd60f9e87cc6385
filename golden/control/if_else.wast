;;! profiles = ["O0-explicit"]
;; if with and without else, with a result.
(module
  (func (export "select_like") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "side") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 7))
    (if (local.get 0) (then (local.set 1 (i32.const 8))))
    (local.get 1)))
(assert_return (invoke "select_like" (i32.const 0)) (i32.const 2))
(assert_return (invoke "select_like" (i32.const -1)) (i32.const 1))
(assert_return (invoke "side" (i32.const 0)) (i32.const 7))
(assert_return (invoke "side" (i32.const 3)) (i32.const 8))
