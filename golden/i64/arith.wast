;;! profiles = ["O0-explicit"]
;; i64.add, i64.sub and i64.mul, and 64-bit constants that need movabs.
(module
  (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "sub") (param i64 i64) (result i64) (i64.sub (local.get 0) (local.get 1)))
  (func (export "mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func (export "big") (result i64) (i64.const 0x123456789abcdef0)))
(assert_return (invoke "add" (i64.const 0x7fffffffffffffff) (i64.const 1)) (i64.const 0x8000000000000000))
(assert_return (invoke "sub" (i64.const 0) (i64.const 1)) (i64.const -1))
(assert_return (invoke "mul" (i64.const 0x100000000) (i64.const 0x100000000)) (i64.const 0))
(assert_return (invoke "mul" (i64.const -3) (i64.const 7)) (i64.const -21))
(assert_return (invoke "big") (i64.const 0x123456789abcdef0))
