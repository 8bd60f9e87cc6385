;;! profiles = ["O0-explicit", "O0-explicit-bmi"]
;; Logic, shifts (count taken modulo 32) and rotates.
(module
  (func (export "and") (param i32 i32) (result i32) (i32.and (local.get 0) (local.get 1)))
  (func (export "or") (param i32 i32) (result i32) (i32.or (local.get 0) (local.get 1)))
  (func (export "xor") (param i32 i32) (result i32) (i32.xor (local.get 0) (local.get 1)))
  (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
  (func (export "shr_s") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
  (func (export "shr_u") (param i32 i32) (result i32) (i32.shr_u (local.get 0) (local.get 1)))
  (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
  (func (export "rotr") (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1))))
(assert_return (invoke "and" (i32.const 0xff00) (i32.const 0x0ff0)) (i32.const 0x0f00))
(assert_return (invoke "or" (i32.const 0xff00) (i32.const 0x0ff0)) (i32.const 0xfff0))
(assert_return (invoke "xor" (i32.const 0xff00) (i32.const 0x0ff0)) (i32.const 0xf0f0))
(assert_return (invoke "shl" (i32.const 1) (i32.const 33)) (i32.const 2))
(assert_return (invoke "shr_s" (i32.const 0x80000000) (i32.const 31)) (i32.const -1))
(assert_return (invoke "shr_u" (i32.const 0x80000000) (i32.const 31)) (i32.const 1))
(assert_return (invoke "rotl" (i32.const 0x80000001) (i32.const 1)) (i32.const 3))
(assert_return (invoke "rotr" (i32.const 0x80000001) (i32.const 1)) (i32.const 0xc0000000))
