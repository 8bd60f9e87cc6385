;;! profiles = ["O0-explicit"]
;; unreachable traps, even in dead code after it.
(module
  (func (export "trap") (unreachable))
  (func (export "cond") (param i32) (result i32)
    (if (local.get 0) (then (unreachable)))
    (i32.const 0)))
(assert_trap (invoke "trap") "unreachable")
(assert_return (invoke "cond" (i32.const 0)) (i32.const 0))
(assert_trap (invoke "cond" (i32.const 1)) "unreachable")
