;;! profiles = ["O0-explicit", "O0-guard"]
;; Out-of-bounds accesses trap: at the end of memory, straddling it, and through a large offset.
(module
  (memory 1)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_far") (param i32) (result i32) (i32.load offset=0xfffffff0 (local.get 0)))
  (func (export "store8") (param i32) (i32.store8 (local.get 0) (i32.const 1))))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0))
(assert_trap (invoke "load" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "load" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "load_far" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "store8" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "store8" (i32.const 65535)))
