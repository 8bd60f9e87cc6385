;;! profiles = ["O0-explicit", "O0-guard"]
;; An imported memory, written by one module and read by another.
(module $lib
  (memory (export "mem") 1 2)
  (func (export "read") (param i32) (result i32) (i32.load (local.get 0))))
(register "lib" $lib)
(module
  (import "lib" "mem" (memory 1))
  (data (i32.const 8) "\2a")
  (func (export "write") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1))))
(assert_return (invoke $lib "read" (i32.const 8)) (i32.const 42))
(invoke "write" (i32.const 16) (i32.const 0x12345678))
(assert_return (invoke $lib "read" (i32.const 16)) (i32.const 0x12345678))
(assert_return (invoke "grow") (i32.const 1))
(assert_return (invoke $lib "read" (i32.const 65536)) (i32.const 0))
(assert_trap (invoke "write" (i32.const 131072) (i32.const 0)) "out of bounds memory access")
