;;! profiles = ["O0-explicit"]
;; Element segments: active (function indices and expressions), passive and declarative.
(module
  (table 5 funcref)
  (func $a (result i32) (i32.const 10))
  (func $b (result i32) (i32.const 20))
  (elem (i32.const 0) func $a $b)
  (elem (i32.const 3) funcref (ref.func $b) (ref.null func))
  (elem $passive func $a)
  (elem declare func $b)
  (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
  (func (export "ref") (result funcref) (ref.func $b)))
(assert_return (invoke "call" (i32.const 0)) (i32.const 10))
(assert_return (invoke "call" (i32.const 1)) (i32.const 20))
(assert_return (invoke "call" (i32.const 3)) (i32.const 20))
(assert_trap (invoke "call" (i32.const 4)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element")
(assert_return (invoke "ref") (ref.func))
