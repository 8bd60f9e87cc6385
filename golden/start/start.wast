;;! profiles = ["O0-explicit"]
;; The start function runs once, at instantiation.
(module
  (global $g (mut i32) (i32.const 0))
  (func $init (global.set $g (i32.add (global.get $g) (i32.const 41))))
  (start $init)
  (func (export "get") (result i32) (global.get $g)))
(assert_return (invoke "get") (i32.const 41))
