;;! profiles = ["O0-explicit", "O0-guard"]
;; memory.init from a passive segment, and data.drop (a dropped segment has length 0).
(module
  (memory 1)
  (data $d "\aa\bb\cc\dd")
  (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (data.drop $d))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0))))
(invoke "init" (i32.const 100) (i32.const 1) (i32.const 2))
(assert_return (invoke "load8" (i32.const 100)) (i32.const 0xbb))
(assert_return (invoke "load8" (i32.const 101)) (i32.const 0xcc))
(assert_trap (invoke "init" (i32.const 0) (i32.const 3) (i32.const 2)) "out of bounds memory access")
(invoke "drop")
(assert_return (invoke "init" (i32.const 0) (i32.const 0) (i32.const 0)))
(assert_trap (invoke "init" (i32.const 0) (i32.const 0) (i32.const 1)) "out of bounds memory access")
