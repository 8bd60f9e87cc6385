;;! profiles = ["O0-explicit"]
;; Imported globals: an immutable host global and a mutable global shared with another module.
(module $lib
  (global (export "counter") (mut i32) (i32.const 10))
  (func (export "read") (result i32) (global.get 0)))
(register "lib" $lib)
(module
  (import "spectest" "global_i32" (global $g i32))
  (import "lib" "counter" (global $c (mut i32)))
  (global $derived i32 (global.get $g))
  (func (export "g") (result i32) (global.get $g))
  (func (export "derived") (result i32) (global.get $derived))
  (func (export "bump") (global.set $c (i32.add (global.get $c) (i32.const 1)))))
(assert_return (invoke "g") (i32.const 666))
(assert_return (invoke "derived") (i32.const 666))
(invoke "bump")
(assert_return (invoke $lib "read") (i32.const 11))
