;;! profiles = ["O0-explicit"]
;; Int-to-float conversion (the unsigned 64-bit case has no single instruction), demote, promote.
(module
  (func (export "f32_i32_s") (param i32) (result f32) (f32.convert_i32_s (local.get 0)))
  (func (export "f32_i32_u") (param i32) (result f32) (f32.convert_i32_u (local.get 0)))
  (func (export "f64_i64_s") (param i64) (result f64) (f64.convert_i64_s (local.get 0)))
  (func (export "f64_i64_u") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
  (func (export "f32_i64_u") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
  (func (export "demote") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
  (func (export "promote") (param f32) (result f64) (f64.promote_f32 (local.get 0))))
(assert_return (invoke "f32_i32_s" (i32.const -1)) (f32.const -1))
(assert_return (invoke "f32_i32_u" (i32.const -1)) (f32.const 4294967296))
(assert_return (invoke "f64_i64_s" (i64.const -1)) (f64.const -1))
(assert_return (invoke "f64_i64_u" (i64.const -1)) (f64.const 18446744073709551616))
(assert_return (invoke "f32_i64_u" (i64.const 0x8000008000000001)) (f32.const 0x1.000002p+63))
(assert_return (invoke "demote" (f64.const 0x1.fffffffp+127)) (f32.const inf))
(assert_return (invoke "promote" (f32.const 1.5)) (f64.const 1.5))
