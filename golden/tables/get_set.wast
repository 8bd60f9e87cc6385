;;! profiles = ["O0-explicit"]
;; table.get and table.set on funcref and externref tables, with bounds traps.
(module
  (table $f 2 funcref)
  (table $e 2 externref)
  (func $g)
  (elem declare func $g)
  (func (export "set_func") (param i32) (table.set $f (local.get 0) (ref.func $g)))
  (func (export "is_null_func") (param i32) (result i32) (ref.is_null (table.get $f (local.get 0))))
  (func (export "set_ext") (param i32 externref) (table.set $e (local.get 0) (local.get 1)))
  (func (export "get_ext") (param i32) (result externref) (table.get $e (local.get 0))))
(assert_return (invoke "is_null_func" (i32.const 1)) (i32.const 1))
(invoke "set_func" (i32.const 1))
(assert_return (invoke "is_null_func" (i32.const 1)) (i32.const 0))
(invoke "set_ext" (i32.const 0) (ref.extern 7))
(assert_return (invoke "get_ext" (i32.const 0)) (ref.extern 7))
(assert_return (invoke "get_ext" (i32.const 1)) (ref.null extern))
(assert_trap (invoke "get_ext" (i32.const 2)) "out of bounds table access")
(assert_trap (invoke "set_func" (i32.const 2)) "out of bounds table access")
