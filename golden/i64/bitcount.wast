;;! profiles = ["O0-explicit", "O0-explicit-bmi"]
;; 64-bit clz, ctz and popcnt.
(module
  (func (export "clz") (param i64) (result i64) (i64.clz (local.get 0)))
  (func (export "ctz") (param i64) (result i64) (i64.ctz (local.get 0)))
  (func (export "popcnt") (param i64) (result i64) (i64.popcnt (local.get 0))))
(assert_return (invoke "clz" (i64.const 0)) (i64.const 64))
(assert_return (invoke "clz" (i64.const 1)) (i64.const 63))
(assert_return (invoke "ctz" (i64.const 0)) (i64.const 64))
(assert_return (invoke "ctz" (i64.const 0x100000000)) (i64.const 32))
(assert_return (invoke "popcnt" (i64.const -1)) (i64.const 64))
