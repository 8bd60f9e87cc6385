;;! profiles = ["O0-explicit"]
;; A block with a result, left early by br (the value travels with the branch).
(module
  (func (export "early") (param i32) (result i32)
    (block (result i32)
      (br 0 (i32.const 10))
      (drop)
      (i32.const 20)))
  (func (export "nested") (param i32) (result i32)
    (block $outer (result i32)
      (block $inner
        (br_if $inner (i32.eqz (local.get 0)))
        (br $outer (i32.const 1)))
      (i32.const 2))))
(assert_return (invoke "early" (i32.const 0)) (i32.const 10))
(assert_return (invoke "nested" (i32.const 0)) (i32.const 2))
(assert_return (invoke "nested" (i32.const 5)) (i32.const 1))
