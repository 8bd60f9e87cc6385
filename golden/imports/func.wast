;;! profiles = ["O0-explicit"]
;; Imported functions: a host function from spectest and a Wasm function from another module.
(module $lib
  (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
(register "lib" $lib)
(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "lib" "twice" (func $twice (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    (call $print (local.get 0))
    (call $twice (call $twice (local.get 0)))))
(assert_return (invoke "run" (i32.const 5)) (i32.const 20))
