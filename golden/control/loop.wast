;;! profiles = ["O0-explicit"]
;; A counting loop: a backward branch to the loop header.
(module
  (func (export "sum") (param $n i32) (result i32) (local $acc i32)
    (block $done
      (loop $top
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top)))
    (local.get $acc)))
(assert_return (invoke "sum" (i32.const 0)) (i32.const 0))
(assert_return (invoke "sum" (i32.const 10)) (i32.const 55))
(assert_return (invoke "sum" (i32.const 1000)) (i32.const 500500))
