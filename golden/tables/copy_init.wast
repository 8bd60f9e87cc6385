;;! profiles = ["O0-explicit"]
;; table.copy, table.init from a passive element segment, and elem.drop.
(module
  (table $t 4 funcref)
  (elem $p funcref (ref.func $one) (ref.func $two))
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (func (export "init") (param i32 i32 i32) (table.init $t $p (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (elem.drop $p))
  (func (export "call") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0))))
(invoke "init" (i32.const 0) (i32.const 0) (i32.const 2))
(assert_return (invoke "call" (i32.const 1)) (i32.const 2))
(invoke "copy" (i32.const 2) (i32.const 0) (i32.const 2))
(assert_return (invoke "call" (i32.const 2)) (i32.const 1))
(assert_return (invoke "call" (i32.const 3)) (i32.const 2))
(assert_trap (invoke "copy" (i32.const 3) (i32.const 0) (i32.const 2)) "out of bounds table access")
(invoke "drop")
(assert_trap (invoke "init" (i32.const 0) (i32.const 0) (i32.const 1)) "out of bounds table access")
