;;! profiles = ["O0-explicit"]
;; br_table: a jump table, with the default for every out-of-range index.
(module
  (func (export "switch") (param i32) (result i32)
    (block $d
      (block $c
        (block $b
          (block $a
            (br_table $a $b $c $d (local.get 0)))
          (return (i32.const 100)))
        (return (i32.const 101)))
      (return (i32.const 102)))
    (i32.const 103)))
(assert_return (invoke "switch" (i32.const 0)) (i32.const 100))
(assert_return (invoke "switch" (i32.const 1)) (i32.const 101))
(assert_return (invoke "switch" (i32.const 2)) (i32.const 102))
(assert_return (invoke "switch" (i32.const 3)) (i32.const 103))
(assert_return (invoke "switch" (i32.const -1)) (i32.const 103))
