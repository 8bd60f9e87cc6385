;;! profiles = ["O0-explicit"]
;; An imported table: spectest's funcref table, filled by an active segment and called through.
(module
  (import "spectest" "table" (table $t 10 funcref))
  (elem (i32.const 3) $nine)
  (func $nine (result i32) (i32.const 9))
  (func (export "size") (result i32) (table.size $t))
  (func (export "call") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0))))
(assert_return (invoke "size") (i32.const 10))
(assert_return (invoke "call" (i32.const 3)) (i32.const 9))
(assert_trap (invoke "call" (i32.const 4)) "uninitialized element")
