;;! profiles = ["O0-explicit", "O0-guard"]
;; Active data segments at a constant and a global offset, and a passive one.
(module
  (import "spectest" "global_i32" (global $base i32))
  (memory 1)
  (data (i32.const 0) "abc")
  (data (global.get $base) "\ff\fe")
  (data "passive, never copied")
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0))))
(assert_return (invoke "load8" (i32.const 1)) (i32.const 98))
(assert_return (invoke "load8" (i32.const 666)) (i32.const 0xff))
(assert_return (invoke "load8" (i32.const 667)) (i32.const 0xfe))
(assert_return (invoke "load8" (i32.const 3)) (i32.const 0))
