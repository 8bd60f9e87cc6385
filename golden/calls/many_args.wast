;;! profiles = ["O0-explicit"]
;; More arguments than argument registers: the rest go on the stack.
(module
  (func $sum (param i32 i32 i32 i32 i32 i32 i32 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64) (result f64)
    (f64.add
      (f64.convert_i32_s
        (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))
                 (i32.add (i32.add (local.get 4) (local.get 5)) (local.get 6))))
      (f64.add
        (f64.add (f64.add (local.get 7) (local.get 8)) (f64.add (local.get 9) (local.get 10)))
        (f64.add
          (f64.add (f64.add (local.get 11) (local.get 12)) (f64.add (local.get 13) (local.get 14)))
          (f64.add (local.get 15) (local.get 16))))))
  (func (export "call") (result f64)
    (call $sum (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6)
      (i32.const 7) (f64.const 1) (f64.const 2) (f64.const 3) (f64.const 4) (f64.const 5)
      (f64.const 6) (f64.const 7) (f64.const 8) (f64.const 9) (f64.const 10))))
(assert_return (invoke "call") (f64.const 83))
