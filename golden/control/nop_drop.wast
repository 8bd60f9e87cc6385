;;! profiles = ["O0-explicit"]
;; nop emits nothing and drop discards a value.
(module
  (func (export "f") (param i32) (result i32)
    (nop)
    (drop (i32.const 5))
    (nop)
    (local.get 0)))
(assert_return (invoke "f" (i32.const 9)) (i32.const 9))
