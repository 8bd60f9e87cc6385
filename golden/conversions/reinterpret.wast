;;! profiles = ["O0-explicit"]
;; Reinterpretations move bits between register files unchanged (NaN payloads included).
(module
  (func (export "i32_f32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "f32_i32") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  (func (export "i64_f64") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
  (func (export "f64_i64") (param i64) (result f64) (f64.reinterpret_i64 (local.get 0))))
(assert_return (invoke "i32_f32" (f32.const -0)) (i32.const 0x80000000))
(assert_return (invoke "f32_i32" (i32.const 0x7fe00000)) (f32.const nan:0x600000))
(assert_return (invoke "i64_f64" (f64.const 1)) (i64.const 0x3ff0000000000000))
(assert_return (invoke "f64_i64" (i64.const 0xfff0000000000001)) (f64.const -nan:0x1))
