;;! profiles = ["O0-explicit"]
;; i32.add, i32.sub and i32.mul wrap around modulo 2^32.
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "sub") (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (func (export "mul") (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1))))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const 0x7fffffff) (i32.const 1)) (i32.const 0x80000000))
(assert_return (invoke "sub" (i32.const 0) (i32.const 1)) (i32.const -1))
(assert_return (invoke "mul" (i32.const 0x10000) (i32.const 0x10000)) (i32.const 0))
(assert_return (invoke "mul" (i32.const -3) (i32.const 7)) (i32.const -21))
