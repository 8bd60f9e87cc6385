;;! profiles = ["O0-explicit"]
;; Exports of every kind, one function under two names, and re-exports of imports.
(module $m
  (import "spectest" "global_i32" (global $imported i32))
  (func $f (result i32) (i32.const 1))
  (table $t (export "table") 1 funcref)
  (memory $mem (export "memory") 1)
  (global $g (export "global") (mut i64) (i64.const 77))
  (export "f" (func $f))
  (export "f_again" (func $f))
  (export "imported" (global $imported)))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f_again") (i32.const 1))
(assert_return (get "global") (i64.const 77))
(assert_return (get "imported") (i32.const 666))
(register "m" $m)
(module
  (import "m" "table" (table 1 funcref))
  (import "m" "memory" (memory 1))
  (import "m" "global" (global (mut i64)))
  (import "m" "f" (func (result i32)))
  (func (export "g") (result i64) (global.get 0)))
(assert_return (invoke "g") (i64.const 77))
