;;! profiles = ["O0-explicit", "O0-guard"]
;; memory.fill, including a zero-length fill at the end and an out-of-bounds fill.
(module
  (memory 1)
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0))))
(invoke "fill" (i32.const 10) (i32.const 0x1ab) (i32.const 3))
(assert_return (invoke "load8" (i32.const 9)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 10)) (i32.const 0xab))
(assert_return (invoke "load8" (i32.const 12)) (i32.const 0xab))
(assert_return (invoke "load8" (i32.const 13)) (i32.const 0))
(assert_return (invoke "fill" (i32.const 65536) (i32.const 0) (i32.const 0)))
(assert_trap (invoke "fill" (i32.const 65535) (i32.const 0) (i32.const 2)) "out of bounds memory access")
