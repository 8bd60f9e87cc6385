;;! profiles = ["O0-explicit"]
;; return from inside nested blocks.
(module
  (func (export "ret") (param i32) (result i64)
    (block
      (block
        (br_if 1 (local.get 0))
        (return (i64.const 1))))
    (i64.const 2)))
(assert_return (invoke "ret" (i32.const 0)) (i64.const 1))
(assert_return (invoke "ret" (i32.const 1)) (i64.const 2))
