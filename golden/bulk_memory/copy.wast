;;! profiles = ["O0-explicit", "O0-guard"]
;; memory.copy with overlapping ranges in both directions.
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05")
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0))))
(invoke "copy" (i32.const 1) (i32.const 0) (i32.const 4))
(assert_return (invoke "load8" (i32.const 1)) (i32.const 1))
(assert_return (invoke "load8" (i32.const 4)) (i32.const 4))
(invoke "copy" (i32.const 0) (i32.const 2) (i32.const 3))
(assert_return (invoke "load8" (i32.const 0)) (i32.const 2))
(assert_return (invoke "load8" (i32.const 2)) (i32.const 4))
(assert_trap (invoke "copy" (i32.const 0) (i32.const 65535) (i32.const 2)) "out of bounds memory access")
