;;! profiles = ["O0-explicit"]
;; 64-bit sign-extension operators.
(module
  (func (export "extend8_s") (param i64) (result i64) (i64.extend8_s (local.get 0)))
  (func (export "extend16_s") (param i64) (result i64) (i64.extend16_s (local.get 0)))
  (func (export "extend32_s") (param i64) (result i64) (i64.extend32_s (local.get 0))))
(assert_return (invoke "extend8_s" (i64.const 0xff)) (i64.const -1))
(assert_return (invoke "extend16_s" (i64.const 0x7fff)) (i64.const 0x7fff))
(assert_return (invoke "extend32_s" (i64.const 0x80000000)) (i64.const 0xffffffff80000000))
