;;! profiles = ["O0-explicit"]
;; Unbounded recursion hits the prologue's stack-limit check.
(module
  (func $loop (export "loop") (param i32) (result i32)
    (call $loop (i32.add (local.get 0) (i32.const 1)))))
(assert_exhaustion (invoke "loop" (i32.const 0)) "call stack exhausted")
