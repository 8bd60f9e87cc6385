;;! profiles = ["O0-explicit"]
;; Functions with several results, called directly and through the host.
(module
  (func $divmod (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1)))
  (func (export "divmod") (param i32 i32) (result i32 i32)
    (call $divmod (local.get 0) (local.get 1)))
  (func (export "mixed") (result i64 f32 i32 f64)
    (i64.const 1) (f32.const 2) (i32.const 3) (f64.const 4))
  (func (export "sub_swapped") (param i32 i32) (result i32)
    (call $swap (local.get 0) (local.get 1))
    (i32.sub))
  (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0)))
(assert_return (invoke "divmod" (i32.const 17) (i32.const 5)) (i32.const 3) (i32.const 2))
(assert_return (invoke "mixed") (i64.const 1) (f32.const 2) (i32.const 3) (f64.const 4))
(assert_return (invoke "sub_swapped" (i32.const 3) (i32.const 10)) (i32.const 7))
