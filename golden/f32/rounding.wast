;;! profiles = ["O0-explicit", "O0-explicit-nosse41"]
;; ceil, floor, trunc and nearest: roundss with SSE4.1, a fallback without.
(module
  (func (export "ceil") (param f32) (result f32) (f32.ceil (local.get 0)))
  (func (export "floor") (param f32) (result f32) (f32.floor (local.get 0)))
  (func (export "trunc") (param f32) (result f32) (f32.trunc (local.get 0)))
  (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0))))
(assert_return (invoke "ceil" (f32.const -1.5)) (f32.const -1))
(assert_return (invoke "ceil" (f32.const -0.5)) (f32.const -0))
(assert_return (invoke "floor" (f32.const -1.5)) (f32.const -2))
(assert_return (invoke "trunc" (f32.const -1.5)) (f32.const -1))
(assert_return (invoke "nearest" (f32.const 2.5)) (f32.const 2))
(assert_return (invoke "nearest" (f32.const 3.5)) (f32.const 4))
(assert_return (invoke "floor" (f32.const inf)) (f32.const inf))
