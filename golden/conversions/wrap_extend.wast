;;! profiles = ["O0-explicit"]
;; i32.wrap_i64 and i64.extend_i32_s/u.
(module
  (func (export "wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
  (func (export "extend_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
  (func (export "extend_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0))))
(assert_return (invoke "wrap" (i64.const 0x123456789)) (i32.const 0x23456789))
(assert_return (invoke "extend_s" (i32.const -1)) (i64.const -1))
(assert_return (invoke "extend_u" (i32.const -1)) (i64.const 0xffffffff))
