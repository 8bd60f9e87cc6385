;;! profiles = ["O0-explicit"]
;; table.size, table.grow (with its init value and the failure result) and table.fill.
(module
  (table $t 1 3 externref)
  (func (export "size") (result i32) (table.size $t))
  (func (export "grow") (param i32 externref) (result i32) (table.grow $t (local.get 1) (local.get 0)))
  (func (export "fill") (param i32 externref i32) (table.fill $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "get") (param i32) (result externref) (table.get $t (local.get 0))))
(assert_return (invoke "size") (i32.const 1))
(assert_return (invoke "grow" (i32.const 1) (ref.extern 5)) (i32.const 1))
(assert_return (invoke "get" (i32.const 1)) (ref.extern 5))
(assert_return (invoke "grow" (i32.const 5) (ref.null extern)) (i32.const -1))
(invoke "fill" (i32.const 0) (ref.extern 9) (i32.const 2))
(assert_return (invoke "get" (i32.const 0)) (ref.extern 9))
(assert_return (invoke "size") (i32.const 2))
(assert_trap (invoke "fill" (i32.const 1) (ref.null extern) (i32.const 2)) "out of bounds table access")
