;;! profiles = ["O0-explicit"]
;; Constants of every size class: zero, imm8, imm32 and the extremes.
(module
  (func (export "zero") (result i32) (i32.const 0))
  (func (export "small") (result i32) (i32.const -5))
  (func (export "large") (result i32) (i32.const 0x12345678))
  (func (export "min") (result i32) (i32.const 0x80000000)))
(assert_return (invoke "zero") (i32.const 0))
(assert_return (invoke "small") (i32.const -5))
(assert_return (invoke "large") (i32.const 0x12345678))
(assert_return (invoke "min") (i32.const 0x80000000))
