;;! profiles = ["O0-explicit"]
;; 64-bit test and comparisons produce an i32 0 or 1.
(module
  (func (export "eqz") (param i64) (result i32) (i64.eqz (local.get 0)))
  (func (export "eq") (param i64 i64) (result i32) (i64.eq (local.get 0) (local.get 1)))
  (func (export "lt_s") (param i64 i64) (result i32) (i64.lt_s (local.get 0) (local.get 1)))
  (func (export "lt_u") (param i64 i64) (result i32) (i64.lt_u (local.get 0) (local.get 1)))
  (func (export "ge_s") (param i64 i64) (result i32) (i64.ge_s (local.get 0) (local.get 1))))
(assert_return (invoke "eqz" (i64.const 0x100000000)) (i32.const 0))
(assert_return (invoke "eq" (i64.const 0x100000000) (i64.const 0)) (i32.const 0))
(assert_return (invoke "lt_s" (i64.const -1) (i64.const 0)) (i32.const 1))
(assert_return (invoke "lt_u" (i64.const -1) (i64.const 0)) (i32.const 0))
(assert_return (invoke "ge_s" (i64.const 0) (i64.const -1)) (i32.const 1))
